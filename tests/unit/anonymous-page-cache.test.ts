import type { Request, Response } from "express";
import { describe, expect, it } from "vitest";
import { bodyText } from "#app/lib/rendered-document.server.ts";
import { anonymousPageCache } from "../../server/anonymous-page-cache.ts";

const nonceA = "0123456789abcdef0123456789abcdef";
const onceA = "11111111-2222-4333-8444-555555555555";
const nonceB = "fedcba9876543210fedcba9876543210";

function request(url: string, cookie?: string, method = "GET") {
	return { method, originalUrl: url, headers: cookie ? { cookie } : {} } as unknown as Request;
}
const response = (nonce: string) => ({ locals: { nonce } }) as unknown as Response;
const page = (headers: Record<string, string> = {}) =>
	new Response(`<script nonce="${nonceA}">seed("${onceA}")</script><p>${onceA}</p>`, {
		status: 200,
		headers: { "Content-Type": "text/html; charset=utf-8", ...headers },
	});

const cache = () =>
	anonymousPageCache({ paths: ["/login"], isAnonymous: (req) => !(req.headers.cookie ?? "").includes("lxt_session=") });

describe("the kept sign-in form", () => {
	it("is served again with this response's nonce and a new once seed in every place", async () => {
		const kept = cache();
		expect(kept.find(request("/login"), response(nonceB))).toBeNull();
		const first = await kept.keep(request("/login"), { nonce: nonceA, once: onceA }, page());
		expect(await bodyText(first)).toBe(`<script nonce="${nonceA}">seed("${onceA}")</script><p>${onceA}</p>`);

		const again = kept.find(request("/login"), response(nonceB));
		const body = again ? await bodyText(again) : "";
		const seed = /seed\("([0-9a-f-]{36})"\)/.exec(body)?.[1] ?? "";
		expect(seed).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
		expect(seed).not.toBe(onceA);
		expect(body).toBe(`<script nonce="${nonceB}">seed("${seed}")</script><p>${seed}</p>`);
		expect(again?.headers.get("content-type")).toBe("text/html; charset=utf-8");

		const found = kept.find(request("/login"), response(nonceB));
		const third = found ? await bodyText(found) : undefined;
		expect(third).not.toBe(body);
	});

	it("keeps one document per language cookie", async () => {
		const kept = cache();
		await kept.keep(request("/login", "lang=ImVuIg%3D%3D"), { nonce: nonceA, once: onceA }, page());
		expect(kept.find(request("/login"), response(nonceB))).toBeNull();
		expect(kept.find(request("/login", "other=1; lang=ImVuIg%3D%3D"), response(nonceB))).not.toBeNull();
	});

	it("never serves or keeps for a session cookie, a query, another path, a POST or an answer that sets a cookie", async () => {
		const kept = cache();
		const tokens = { nonce: nonceA, once: onceA };
		for (const req of [
			request("/login", "lxt_session=abc"),
			request("/login", "__Host-lxt_session=abc"),
			request("/login?redirectTo=%2Ft%2Fsmx"),
			request("/t/smx"),
			request("/login", undefined, "POST"),
		]) {
			await kept.keep(req, tokens, page());
			expect(kept.find(req, response(nonceB))).toBeNull();
		}
		await kept.keep(request("/login"), tokens, page({ "Set-Cookie": "lang=x" }));
		await kept.keep(
			request("/login"),
			tokens,
			new Response("<p>gone</p>", { status: 404, headers: { "Content-Type": "text/html" } }),
		);
		expect(kept.find(request("/login"), response(nonceB))).toBeNull();
	});
});
