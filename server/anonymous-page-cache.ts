// The sign-in form, rendered once per language and served again to anonymous visitors (issue 25,
// ADR 0009 "since then"). React Router's fixed cost per document (request conversion, matching,
// loaders, rendering the shell and its hydration data) was four times what the form itself costs
// to write; the form reads nothing from the database and depends only on the build and the
// language. What differs per response is kept per response: the CSP nonce (new with every answer,
// set in the headers by server/app.ts) and the seed of the page's one-time form keys (the root
// loader's `once`) are substituted afresh into the kept document, so no two answers share either.
import { randomUUID } from "node:crypto";
import type { Request, Response } from "express";
import { bodyText, keepRenderedDocument } from "#app/lib/rendered-document.server.ts";

interface KeptPage {
	status: number;
	headers: [string, string][];
	body: string;
	/** The nonce and the once seed the kept document was rendered with. */
	nonce: string;
	once: string;
	keptAt: number;
}

/** The per-response values a document is rendered with (server/app.ts puts them in the load context). */
export interface ResponseTokens {
	nonce: string;
	once: string;
}

interface Options {
	/** The exact paths kept (no query string): pages that read nothing per person. */
	paths: readonly string[];
	/** True when the request carries no session: whoever sends a session cookie is answered afresh. */
	isAnonymous(req: Request): boolean;
	/** How long a kept document serves (anything the build renders from the clock turns over). */
	ttlMs?: number;
}

const nonceShape = /^[0-9a-f]{32}$/;
const onceShape = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The value of the `lang` cookie as sent (the only cookie the kept pages depend on), or "". */
function langCookieOf(req: Request): string {
	for (const part of (req.headers.cookie ?? "").split(";")) {
		const [key, ...rest] = part.trim().split("=");
		if (key === "lang") return rest.join("=");
	}
	return "";
}

export function anonymousPageCache({ paths, isAnonymous, ttlMs = 60_000 }: Options) {
	const kept = new Map<string, KeptPage>();
	const keyOf = (req: Request): string | null => {
		if (req.method !== "GET" || !paths.includes(req.originalUrl) || !isAnonymous(req)) return null;
		const lang = langCookieOf(req);
		// Two languages, a few spellings of the cookie: anything odd is rendered, never kept.
		if (lang.length > 64) return null;
		return `${req.originalUrl}\n${lang}`;
	};
	return {
		/** The kept document for this request with this response's nonce and a new once seed, or null. */
		find(req: Request, res: Response): globalThis.Response | null {
			const key = keyOf(req);
			const page = key === null ? undefined : kept.get(key);
			if (!page) return null;
			if (Date.now() - page.keptAt > ttlMs) {
				kept.delete(key as string);
				return null;
			}
			const nonce = String(res.locals.nonce);
			const body = page.body.replaceAll(page.nonce, nonce).replaceAll(page.once, randomUUID());
			return keepRenderedDocument(
				new Response(null, { status: page.status, headers: page.headers }),
				Buffer.from(body),
			);
		},
		/**
		 * Keeps a freshly rendered answer when it may serve others (a 200 HTML document with no cookie
		 * set), and gives back an equivalent one to send.
		 */
		async keep(req: Request, tokens: ResponseTokens, response: globalThis.Response): Promise<globalThis.Response> {
			const key = keyOf(req);
			const type = response.headers.get("Content-Type") ?? "";
			if (
				key === null ||
				response.status !== 200 ||
				!/^text\/html/i.test(type) ||
				response.headers.getSetCookie().length > 0 ||
				!nonceShape.test(tokens.nonce) ||
				!onceShape.test(tokens.once) ||
				kept.size >= 16
			) {
				return response;
			}
			const body = await bodyText(response);
			const headers = [...response.headers];
			kept.set(key, { status: 200, headers, body, ...tokens, keptAt: Date.now() });
			return keepRenderedDocument(new Response(null, { status: 200, headers }), Buffer.from(body));
		},
	};
}

export type AnonymousPageCache = ReturnType<typeof anonymousPageCache>;
