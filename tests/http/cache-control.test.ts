import { describe, expect, it } from "vitest";
import { HttpClient } from "#tests/support/http-client.ts";

/**
 * What browsers and proxies may keep: nothing of a signed-in page or a download (private,
 * no-store, from the one response path in server/react-router-handler.ts); the public page and its
 * feed, and the static files, keep their own caching.
 */
async function client(email: string) {
	const c = new HttpClient();
	await c.signIn(email);
	return c;
}

/** The first link on a page that matches (an href), resolved by the page's own HTML. */
async function linkOn(c: HttpClient, page: string, pattern: RegExp) {
	const html = await (await c.request(page)).text();
	return pattern.exec(html)?.[0].replaceAll("&amp;", "&") ?? null;
}

const noStore = "private, no-store";

describe("Cache-Control", () => {
	it("signed-in pages, their data requests and redirects are private, no-store", async () => {
		const staff = await client("union_staff@smx.demo");
		for (const path of ["/t/smx", "/t/smx/meetings", "/account", "/invitations", "/t/smx/meetings.data", "/"]) {
			const response = await staff.request(path);
			await response.arrayBuffer();
			expect({ path, status: response.status < 400, cache: response.headers.get("cache-control") }).toEqual({
				path,
				status: true,
				cache: noStore,
			});
		}
		// Error pages of signed-in areas too.
		const missing = await staff.request("/t/smx/meetings/00000000-0000-4000-8000-000000000000");
		expect(missing.status).toBe(404);
		expect(missing.headers.get("cache-control")).toBe(noStore);
	});

	it("every download is private, no-store: a stored file, the .docx, the .xlsx and the .ics", async () => {
		const office = await client("gov_office@smx.demo");
		const staff = await client("union_staff@smx.demo");
		const file = await linkOn(office, "/t/smx/register", /\/t\/smx\/files\/[0-9a-f-]{36}\/[^"]+/);
		const meetings = await (await staff.request("/t/smx/meetings")).text();
		const ids = [...meetings.matchAll(/\/t\/smx\/meetings\/([0-9a-f-]{36})"/g)].map((m) => m[1]);
		let docx: string | null = null;
		let ics: string | null = null;
		for (const id of ids) {
			docx ??= await linkOn(office, `/t/smx/meetings/${id}/minutes`, /\/t\/smx\/meetings\/[^"]+\.docx/);
			ics ??= await linkOn(staff, `/t/smx/meetings/${id}`, /\/t\/smx\/meetings\/[0-9a-f-]{36}\/calendar\.ics/);
		}
		const downloads: [HttpClient, string | null, RegExp][] = [
			[office, file, /./],
			[office, docx, /wordprocessingml/],
			[office, "/t/smx/reports/export.xlsx?year=2024", /spreadsheetml/],
			[staff, ics, /text\/calendar/],
		];
		for (const [c, path, type] of downloads) {
			expect(path).toBeTruthy();
			const response = await c.request(path as string);
			await response.arrayBuffer();
			expect(response.status).toBe(200);
			expect(response.headers.get("content-type")).toMatch(type);
			expect({ path, cache: response.headers.get("cache-control") }).toEqual({ path, cache: noStore });
		}
	});

	it("the public page and its feed keep their public caching, also for a signed-in visitor", async () => {
		for (const visitor of [new HttpClient(), await client("admin@smx.demo")]) {
			for (const path of ["/p/smx", "/p/smx/feed.atom"]) {
				const response = await visitor.request(path);
				await response.arrayBuffer();
				expect(response.status).toBe(200);
				expect(response.headers.get("cache-control")).toBe("public, no-cache");
			}
		}
	});

	it("the sign-in page is not stored; static files keep their long-lived caching", async () => {
		const visitor = new HttpClient();
		const login = await visitor.request("/login");
		const html = await login.text();
		expect(login.headers.get("cache-control")).toBe(noStore);
		const asset = /\/assets\/[^"]+\.js/.exec(html)?.[0];
		expect(asset).toBeTruthy();
		const script = await visitor.request(asset as string);
		await script.arrayBuffer();
		expect(script.status).toBe(200);
		expect(script.headers.get("cache-control")).toMatch(/public, max-age=31536000, immutable/);
	});
});
