// The express handler in front of React Router: the adapter's request conversion, and a response
// path that costs one compression call and one socket write per page (ADR 0009, 2026-12-01).
//
// @react-router/express pipes every Response through a web stream into `res`, and the `compression`
// middleware then ran a zlib stream per response: a new compressor's state, a chunked transfer and
// several writes per page. Our documents are rendered whole (app/entry.server.tsx) and no loader
// streams deferred data, so a compressible answer is read whole, compressed once (in place, or in
// libuv's thread pool when it is large), and sent with its Content-Length in one write. Anything
// else (file downloads, exports) is streamed as it comes, uncompressed.
import { promisify } from "node:util";
import zlib from "node:zlib";
import { createReadableStreamFromReadable, writeReadableStreamToWritable } from "@react-router/node";
import type { NextFunction, Request, Response } from "express";
import {
	createRequestHandler as createRouterHandler,
	type RouterContextProvider,
	type ServerBuild,
} from "react-router";
import { renderedDocument } from "#app/lib/rendered-document.server.ts";
import type { AnonymousPageCache, ResponseTokens } from "./anonymous-page-cache.ts";

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** Below this, compressing costs more than the bytes it saves. */
const minimumCompressed = 1024;
/** What is worth compressing: documents, single-fetch data, JSON, feeds, calendars, CSV. */
const compressibleType = /^(text\/|application\/(json|xml|atom\+xml|rss\+xml|javascript|manifest\+json))/i;

type Encoding = "br" | "gzip" | null;

/** The encoding to answer with for this Accept-Encoding: brotli where offered, else gzip, else none. */
function chooseEncoding(acceptEncoding: string | undefined): Encoding {
	if (!acceptEncoding) return null;
	const offered = new Map<string, number>();
	for (const part of acceptEncoding.split(",")) {
		const [name = "", ...params] = part.trim().toLowerCase().split(";");
		const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
		offered.set(name.trim(), q === undefined ? 1 : Number(q));
	}
	const weight = (name: string) => offered.get(name) ?? (offered.has("*") ? (offered.get("*") as number) : 0);
	if (weight("br") > 0) return "br";
	if (weight("gzip") > 0) return "gzip";
	return null;
}

/**
 * Bodies up to this size compress on the main thread: a zlib call handed to the thread pool costs
 * more main-thread time in its stream machinery than compressing a page outright (measured: a 37 KB
 * page, gzip level 4, 0.86 ms of CPU through the pool against 0.48 ms in place). Larger ones
 * (exports, long feeds) go to the pool, so that one big answer does not hold up the others.
 */
const compressedInPlace = 128 * 1024;

/**
 * Compresses a whole body, at the levels a server uses for pages made per request: brotli quality 2
 * (smaller than gzip and faster), gzip level 1 (nginx's default).
 */
function compressBody(body: Buffer, encoding: "br" | "gzip"): Buffer | Promise<Buffer> {
	const small = body.byteLength <= compressedInPlace;
	if (encoding === "br") {
		const options = {
			params: {
				[zlib.constants.BROTLI_PARAM_QUALITY]: 2,
				[zlib.constants.BROTLI_PARAM_LGWIN]: 18,
				[zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength,
			},
		};
		return small ? zlib.brotliCompressSync(body, options) : brotli(body, options);
	}
	return small ? zlib.gzipSync(body, { level: 1 }) : gzip(body, { level: 1 });
}

function toWebHeaders(incoming: Request["headers"]): Headers {
	const headers = new Headers();
	for (const [key, values] of Object.entries(incoming)) {
		if (values === undefined) continue;
		if (Array.isArray(values)) for (const value of values) headers.append(key, value);
		else headers.set(key, values);
	}
	return headers;
}

/** The web Request React Router reads, as @react-router/express builds it (host, port, body, abort). */
function toWebRequest(req: Request, res: Response): globalThis.Request {
	const [, forwardedPort] = req.app.enabled("trust proxy") ? (req.get("X-Forwarded-Host")?.split(":") ?? []) : [];
	const [, hostPort] = req.get("host")?.split(":") ?? [];
	const port = [forwardedPort, hostPort].map((p) => Number.parseInt(p ?? "", 10)).find(Number.isSafeInteger);
	const host = `${req.hostname.split(/[\\/?#@]/)[0] || "localhost"}${port ? `:${port}` : ""}`;
	let controller: AbortController | null = new AbortController();
	res.on("finish", () => {
		controller = null;
	});
	res.on("close", () => controller?.abort());
	const init: RequestInit & { duplex?: "half" } = {
		method: req.method,
		headers: toWebHeaders(req.headers),
		signal: controller.signal,
	};
	if (req.method !== "GET" && req.method !== "HEAD") {
		init.body = createReadableStreamFromReadable(req);
		init.duplex = "half";
	}
	return new Request(new URL(`${req.protocol}://${host}${req.originalUrl}`).href, init);
}

/**
 * What a browser or a proxy may keep, decided here for every answer of React Router — pages, data
 * requests, downloads (.docx, .xlsx, .ics, stored files), redirects and error pages: `private,
 * no-store`, since any of them may show a unit's records and a stored copy (a shared cache, the
 * back button after sign-out, a shared computer's disk) would outlive the session. Only an answer
 * whose route declares itself public keeps its own policy: the public page and its feed
 * (`public, no-cache` with an ETag). Static files never reach this handler (server.js serves them).
 */
function cacheControlOf(declared: string | null): string {
	return declared !== null && /^\s*public\s*(,|$)/i.test(declared) ? declared : "private, no-store";
}

function isCompressible(response: globalThis.Response): boolean {
	if (response.headers.has("Content-Encoding")) return false;
	const type = response.headers.get("Content-Type") ?? "";
	if (!compressibleType.test(type) || /text\/event-stream/i.test(type)) return false;
	return !/no-transform/i.test(response.headers.get("Cache-Control") ?? "");
}

async function send(req: Request, res: Response, response: globalThis.Response): Promise<void> {
	if (res.destroyed || res.writableEnded) {
		await response.body?.cancel();
		return;
	}
	res.statusMessage = response.statusText;
	res.status(response.status);
	for (const [key, value] of response.headers)
		if (key !== "set-cookie" && key !== "cache-control") res.append(key, value);
	res.setHeader("Cache-Control", cacheControlOf(response.headers.get("Cache-Control")));
	const cookies = response.headers.getSetCookie();
	if (cookies.length > 0) res.append("Set-Cookie", cookies);

	const rendered = renderedDocument(response);
	if (!response.body && !rendered) {
		res.end();
		return;
	}
	if (!isCompressible(response)) {
		if (rendered) res.end(rendered);
		else if (response.body) await writeReadableStreamToWritable(response.body, res);
		return;
	}
	let body: Buffer = rendered ?? Buffer.from(await response.arrayBuffer());
	res.append("Vary", "Accept-Encoding");
	const encoding = req.method === "HEAD" ? null : chooseEncoding(req.get("accept-encoding"));
	if (encoding && body.byteLength >= minimumCompressed) {
		body = await compressBody(body, encoding);
		res.setHeader("Content-Encoding", encoding);
	}
	res.setHeader("Content-Length", String(body.byteLength));
	res.end(body);
}

/** React Router for express, with the response path above. */
export function reactRouterHandler({
	build,
	mode,
	getLoadContext,
	pageCache,
}: {
	build: ServerBuild | (() => Promise<ServerBuild>);
	mode: "development" | "production";
	getLoadContext(req: Request, res: Response): RouterContextProvider;
	/** Documents kept for anonymous visitors (the sign-in form), with the tokens each was rendered with. */
	pageCache?: { cache: AnonymousPageCache; tokensOf(context: RouterContextProvider): ResponseTokens };
}) {
	const handle = createRouterHandler(build, mode);
	return async (req: Request, res: Response, next: NextFunction) => {
		try {
			const kept = pageCache?.cache.find(req, res);
			if (kept) return await send(req, res, kept);
			const context = getLoadContext(req, res);
			const response = await handle(toWebRequest(req, res), context);
			await send(
				req,
				res,
				pageCache ? await pageCache.cache.keep(req, pageCache.tokensOf(context), response) : response,
			);
		} catch (error) {
			if (res.destroyed || res.writableEnded) return;
			next(error);
		}
	};
}
