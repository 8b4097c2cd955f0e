import { request as httpRequest } from "node:http";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { baseUrl, HttpClient } from "#tests/support/http-client.ts";

/** A GET that shows the bytes as sent (fetch would decode them): status, headers, body. */
function rawGet(path: string, headers: Record<string, string>) {
	return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }>(
		(resolve, reject) => {
			const req = httpRequest(`${baseUrl()}${path}`, { headers }, (res) => {
				const chunks: Buffer[] = [];
				res.on("data", (chunk: Buffer) => chunks.push(chunk));
				res.on("end", () =>
					resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
				);
			});
			req.on("error", reject);
			req.end();
		},
	);
}

describe("the running app", () => {
	it("answers /healthz with 200 when the database answers", async () => {
		const response = await new HttpClient().request("/healthz");
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ status: "ok", database: "postgres" });
	});

	it("sends security headers and a per-response CSP nonce that the scripts carry", async () => {
		const client = new HttpClient();
		const first = await client.request("/login");
		const second = await client.request("/login");
		const csp = first.headers.get("content-security-policy") ?? "";
		expect(csp).toMatch(/script-src 'self' 'nonce-[0-9a-f]{32}'/);
		expect(csp).toContain("frame-ancestors 'none'");
		expect(csp).not.toContain("unsafe-inline");
		expect(second.headers.get("content-security-policy")).not.toBe(csp);
		expect(first.headers.get("x-content-type-options")).toBe("nosniff");
		expect(first.headers.get("x-frame-options")).toBe("DENY");
		expect(first.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
		expect(first.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
		const nonce = /'nonce-([0-9a-f]+)'/.exec(csp)?.[1];
		const html = await first.text();
		const scripts = html.match(/<script[^>]*>/g) ?? [];
		expect(scripts.length).toBeGreaterThan(0);
		for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
	});

	it("serves the login page in Simplified Chinese", async () => {
		const html = await (await new HttpClient().request("/login")).text();
		expect(html).toContain('<html lang="zh-CN">');
		expect(html).toContain("登录联席通");
		expect(html).toContain('name="email"');
		expect(html).toContain('name="password"');
	});

	it("switches to English with a form post and keeps the choice", async () => {
		const client = new HttpClient();
		const switched = await client.request("/lang", { form: { lang: "en", redirectTo: "/login" } });
		expect(switched.status).toBe(302);
		expect(switched.headers.get("location")).toBe("/login");
		const html = await (await client.request("/login")).text();
		expect(html).toContain('<html lang="en">');
		expect(html).toContain("Sign in to Lianxitong");
	});

	it("never redirects off-site after a language switch or login", async () => {
		const client = new HttpClient();
		const switched = await client.request("/lang", { form: { lang: "en", redirectTo: "//evil.example/x" } });
		expect(switched.headers.get("location")).toBe("/");
	});

	it("serves the icon every page names, and sends the classic favicon.ico there", async () => {
		const html = await (await new HttpClient().request("/login")).text();
		expect(html).toContain('rel="icon" href="/favicon.svg"');
		const icon = await new HttpClient().request("/favicon.svg");
		expect(icon.status).toBe(200);
		expect(icon.headers.get("content-type")).toMatch(/^image\/svg\+xml/);
		const classic = await new HttpClient().request("/favicon.ico");
		expect({ status: classic.status, location: classic.headers.get("location") }).toEqual({
			status: 301,
			location: "/favicon.svg",
		});
	});

	it("answers an unknown path with a localised 404 page", async () => {
		const response = await new HttpClient().request("/no/such/page");
		expect(response.status).toBe(404);
		const html = await response.text();
		expect(html).toContain("页面不存在");
		expect(html).not.toMatch(/at \S+ \(.*:\d+:\d+\)/); // no stack trace
	});
});

describe("login over HTTP", () => {
	it("shows 邮箱或密码错误 and keeps the typed email on a wrong password", async () => {
		const response = await new HttpClient().request("/login", {
			form: { email: "viewer@smx.demo", password: "wrong-password" },
		});
		expect(response.status).toBe(200);
		const html = await response.text();
		expect(html).toContain("邮箱或密码错误");
		expect(html).toContain('value="viewer@smx.demo"');
		expect(html).not.toContain("wrong-password");
	});

	it("sets an HttpOnly, SameSite=Lax, Secure __Host- cookie and returns to where the user was going", async () => {
		const client = new HttpClient();
		const response = await client.request("/login", {
			form: { email: "union_staff@smx.demo", password: "lianxi-demo-2024", redirectTo: "/t/smx/settings" },
		});
		expect(response.status).toBe(302);
		expect(response.headers.get("location")).toBe("/t/smx/settings");
		const cookie = response.headers.getSetCookie().find((c) => c.startsWith("__Host-lxt_session=")) ?? "";
		expect(cookie).toMatch(/HttpOnly/);
		expect(cookie).toMatch(/SameSite=Lax/);
		expect(cookie).toMatch(/Secure/);
		expect(cookie).toMatch(/Path=\//);
		expect(cookie).toMatch(/^__Host-lxt_session=[a-z2-7]{32}\.[a-z2-7]{32};/);
	});

	it("sends anonymous users to /login with the way back", async () => {
		const response = await new HttpClient().request("/t/smx/settings?tab=1");
		expect(response.status).toBe(302);
		expect(response.headers.get("location")).toBe(`/login?redirectTo=${encodeURIComponent("/t/smx/settings?tab=1")}`);
	});

	it("logout kills the session: the old cookie no longer works", async () => {
		const client = new HttpClient();
		await client.signIn("gov_office@smx.demo");
		const stolen = new Map(client.cookies);
		expect((await client.request("/t/smx")).status).toBe(200);
		const out = await client.request("/logout", { form: {} });
		expect(out.status).toBe(302);
		expect(out.headers.get("location")).toBe("/login");
		const replay = new HttpClient();
		replay.cookies = stolen;
		expect((await replay.request("/t/smx")).status).toBe(302);
	});
});

describe("tenancy and roles over HTTP", () => {
	it("gives 404, never the page, for a tenant the user does not belong to", async () => {
		const county = new HttpClient();
		await county.signIn("gov_office@hubin.demo");
		expect((await county.request("/t/hubin")).status).toBe(200);
		for (const path of ["/t/smx", "/t/smx/settings", "/t/lushi", "/t/no-such-tenant"]) {
			const response = await county.request(path);
			expect({ path, status: response.status }).toEqual({ path, status: 404 });
			expect(await response.text()).not.toContain("三门峡市人民政府");
		}
		const post = await county.request("/t/smx/settings", { form: { name: "x", govName: "x", unionName: "x" } });
		expect(post.status).toBe(404);
	});

	it("lets a member of two tenants open both", async () => {
		const client = new HttpClient();
		await client.signIn("union_staff@smx.demo");
		expect((await client.request("/t/smx")).status).toBe(200);
		// A viewer in 湖滨区: their home there is the statistics page.
		expect((await client.request("/t/hubin")).headers.get("location")).toBe("/t/hubin/reports");
		const hubin = await client.request("/t/hubin/reports");
		expect(hubin.status).toBe(200);
		expect(await hubin.text()).toContain("湖滨区");
	});

	it("refuses a role's forbidden action with 403 before validating the input", async () => {
		const client = new HttpClient();
		await client.signIn("union_staff@smx.demo");
		// An invalid body: a validation error would be 200 with messages; the refusal comes first.
		const response = await client.request("/t/smx/settings", { form: { name: "" } });
		expect(response.status).toBe(403);
		expect(await response.text()).toContain("无权操作");
	});

	it("refuses a state-changing request from a foreign origin with 403", async () => {
		const client = new HttpClient();
		await client.signIn("admin@smx.demo");
		const foreign = await client.request("/t/smx/settings", {
			form: { name: "三门峡市", govName: "三门峡市人民政府", unionName: "三门峡市总工会" },
			origin: "https://evil.example",
		});
		expect(foreign.status).toBe(403);
		const missing = await client.request("/logout", { form: {}, origin: null });
		expect(missing.status).toBe(403);
		const crossSite = await client.request("/logout", { form: {}, headers: { "sec-fetch-site": "cross-site" } });
		expect(crossSite.status).toBe(403);
	});
});

describe("malformed requests answer 4xx, never 500 (hardening)", () => {
	it("a route id that is not a uuid is 404 before any query", async () => {
		const c = new HttpClient();
		await c.signIn("union_staff@smx.demo");
		for (const path of [
			"/t/smx/meetings/not-a-uuid",
			"/t/smx/meetings/xyz/calendar.ics",
			"/t/smx/meetings/1'or'1/minutes",
			"/t/smx/members/abc",
			"/t/smx/matters/%00",
			"/t/smx/departments/..%2f..",
		]) {
			expect({ path, status: (await c.request(path)).status }).toEqual({ path, status: 404 });
		}
	});

	it("redirect targets with control characters or backslashes go home instead", async () => {
		const c = new HttpClient();
		await c.signIn("union_staff@smx.demo");
		for (const target of ["/%09/evil.example", "/%0A/evil.example", "/%0D%0A/evil.example", "/%5Cevil.example"]) {
			const response = await c.request(`/login?redirectTo=${target}`);
			expect({ target, status: response.status, location: response.headers.get("location") }).toEqual({
				target,
				status: 302,
				location: "/",
			});
		}
		const anonymous = await new HttpClient().request("/login?redirectTo=/%0A/evil.example");
		expect(anonymous.status).toBe(200);
	});

	it("a body that is not a form is 400; a broken multipart body is 400", async () => {
		const c = new HttpClient();
		const json = await c.request("/login", {
			method: "POST",
			body: JSON.stringify({ email: "a@b.c", password: "x" }),
			headers: { "content-type": "application/json" },
		});
		expect(json.status).toBe(400);
		const broken = await c.request("/login", {
			method: "POST",
			body: '--XX\r\nContent-Disposition: form-data; name="email"\r\n\r\nabc',
			headers: { "content-type": "multipart/form-data; boundary=XX" },
		});
		expect(broken.status).toBe(400);
		expect(await broken.text()).toContain("请求无效");
	});

	it("403 and 404 pages have a title", async () => {
		const c = new HttpClient();
		await c.signIn("gov_office@smx.demo");
		const forbidden = await c.request("/t/smx/audit");
		expect(forbidden.status).toBe(403);
		expect(await forbidden.text()).toMatch(/<title>[^<]+<\/title>/);
		const missing = await c.request("/t/smx/meetings/00000000-0000-4000-8000-000000000000");
		expect(missing.status).toBe(404);
		expect(await missing.text()).toMatch(/<title>[^<]+<\/title>/);
	});

	it("compresses a page once: brotli where offered, else gzip, with its length; downloads go as they are", async () => {
		const br = await rawGet("/login", { "accept-encoding": "gzip, deflate, br, zstd" });
		expect(br.status).toBe(200);
		expect(br.headers["content-encoding"]).toBe("br");
		expect(br.headers["content-length"]).toBe(String(br.body.byteLength));
		expect(br.headers["transfer-encoding"]).toBeUndefined();
		expect(br.headers.vary).toMatch(/accept-encoding/i);
		expect(brotliDecompressSync(br.body).toString("utf8")).toContain("登录联席通");

		const gzip = await rawGet("/login", { "accept-encoding": "gzip, br;q=0" });
		expect(gzip.headers["content-encoding"]).toBe("gzip");
		expect(gunzipSync(gzip.body).toString("utf8")).toContain("登录联席通");

		const plain = await rawGet("/login", { "accept-encoding": "identity" });
		expect(plain.headers["content-encoding"]).toBeUndefined();
		expect(plain.headers["content-length"]).toBe(String(plain.body.byteLength));
		expect(plain.body.toString("utf8")).toContain("登录联席通");

		const c = new HttpClient();
		await c.signIn("gov_office@smx.demo");
		const cookie = [...c.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
		const xlsx = await rawGet("/t/smx/reports/export.xlsx?year=2024", { cookie, "accept-encoding": "gzip, br" });
		expect(xlsx.status).toBe(200);
		expect(xlsx.headers["content-encoding"]).toBeUndefined();
		// An .xlsx is a zip archive: it starts with PK.
		expect(xlsx.body.subarray(0, 2).toString("latin1")).toBe("PK");
	});
});
