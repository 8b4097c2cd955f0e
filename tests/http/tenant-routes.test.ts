import { describe, expect, inject, it } from "vitest";
import { openDatabase } from "#db/client.ts";
import { parseDatabaseEnv } from "#db/database-env.ts";
import { HttpClient } from "#tests/support/http-client.ts";
import { fillRoute, routeIdsOf, tenantRoutePatterns } from "#tests/support/route-paths.ts";

const cityPages = [
	"/t/smx/meetings",
	"/t/smx/meetings/new",
	"/t/smx/system",
	"/t/smx/system/new",
	"/t/smx/register",
	"/t/smx/departments",
	"/t/smx/members",
	"/t/smx/children",
	"/t/smx/settings",
	"/t/smx/security",
	"/t/smx/reports",
	"/t/smx/reports/export.xlsx",
	"/t/smx/public-results",
	"/t/smx/search",
	"/t/smx/search?q=%E6%AC%A0%E8%96%AA",
];

async function client(email: string) {
	const c = new HttpClient();
	await c.signIn(email);
	return c;
}

/** The first document link on a tenant's register page (a child's published system document). */
async function firstDocumentLink(c: HttpClient, slug: string) {
	const html = await (await c.request(`/t/${slug}/register`)).text();
	const href = new RegExp(`/t/${slug}/files/[0-9a-f-]{36}/[^"]+`).exec(html)?.[0];
	if (!href) throw new Error("no document link on the register");
	return href;
}

describe("every tenant route refuses other tenants with 404", () => {
	// The list comes from app/routes.ts, filled with the city's real ids: a new route is covered at once.
	it("each route of app/routes.ts under /t/:slug, with the city's real ids, is 404 for a child and an industry body", async () => {
		const db = await openDatabase({ env: parseDatabaseEnv({ DATABASE_URL: inject("databaseUrl") }) });
		const ids = await routeIdsOf(db, "smx").finally(() => db.close());
		const targets = tenantRoutePatterns().map((p) => fillRoute(p, ids));
		expect(targets.length).toBeGreaterThan(25);
		for (const email of ["admin@hubin.demo", "union_staff@kuaidi.demo"]) {
			const c = await client(email);
			for (const path of targets) {
				expect({ path, status: (await c.request(path)).status }).toEqual({ path, status: 404 });
				const post = await c.request(path, { form: { intent: "x", name: "x" } });
				expect({ path, status: post.status }).toEqual({ path, status: 404 });
			}
		}
	});

	it.each([
		["a child (湖滨区)", "admin@hubin.demo"],
		["an industry body (快递)", "admin@kuaidi.demo"],
	])("%s gets 404 for each city page, GET and POST", async (_who, email) => {
		const c = await client(email);
		for (const path of cityPages) {
			expect({ path, status: (await c.request(path)).status }).toEqual({ path, status: 404 });
			expect({ path, status: (await c.request(path, { form: { name: "x" } })).status }).toEqual({ path, status: 404 });
		}
	});

	it("a sibling cannot download another county's document; the parent can", async () => {
		const city = await client("viewer@smx.demo");
		const href = await firstDocumentLink(city, "smx");
		const download = await city.request(href);
		expect(download.status).toBe(200);
		expect(download.headers.get("content-type")).toBe("application/pdf");
		expect(download.headers.get("content-disposition")).toMatch(/^attachment; filename="[^"]*"; filename\*=UTF-8''/);
		const fileId = href.split("/")[4];
		const sibling = await client("viewer@lushi.demo");
		expect((await sibling.request(`/t/lushi/files/${fileId}/x.pdf`)).status).toBe(404);
		expect((await sibling.request(`/t/smx/files/${fileId}/x.pdf`)).status).toBe(404);
	});

	it("a county cannot read the city's own document through its own tenant", async () => {
		const cityOffice = await client("gov_office@smx.demo");
		const html = await (await cityOffice.request("/t/smx/system")).text();
		const fileId = /\/t\/smx\/files\/([0-9a-f-]{36})\//.exec(html)?.[1];
		expect(fileId).toBeTruthy();
		const county = await client("gov_office@hubin.demo");
		expect((await county.request(`/t/hubin/files/${fileId}/x.pdf`)).status).toBe(404);
	});

	it("the register shows what children publish upward: last meeting and decided matters", async () => {
		const city = await client("viewer@smx.demo");
		const html = (await (await city.request("/t/smx/register")).text()).replaceAll("<!-- -->", "");
		const hubin = html.split("<tr").find((row) => row.includes("湖滨区人民政府")) ?? "";
		expect(hubin).toContain("2025-04-08");
		expect(hubin).toContain("2 项，已办结 1 项");
	});

	it("the register shows a county only its own subtree (nothing)", async () => {
		const county = await client("viewer@hubin.demo");
		const html = await (await county.request("/t/hubin/register")).text();
		expect(html).toContain("没有符合条件的下级单位");
		expect(html).not.toContain("卢氏县");
	});
});

describe("roles are refused with 403 before any validation", () => {
	it.each([
		["viewer@smx.demo", "/t/smx/members", { displayName: "" }],
		["union_staff@smx.demo", "/t/smx/members", { displayName: "" }],
		["viewer@smx.demo", "/t/smx/departments", { name: "" }],
		["gov_office@smx.demo", "/t/smx/departments", { name: "" }],
		["viewer@smx.demo", "/t/smx/children", { slug: "" }],
		["union_chair@smx.demo", "/t/smx/system/new", { title: "" }],
		["admin@smx.demo", "/t/smx/system/new", { title: "" }],
		["viewer@smx.demo", "/t/smx/meetings/new", { reason: "" }],
		["gov_office@smx.demo", "/t/smx/meetings/new", { reason: "" }],
		["viewer@smx.demo", "/t/smx/public-results", { intent: "agree", meetingId: "" }],
		["department_liaison@smx.demo", "/t/smx/public-results", { intent: "withdraw", meetingId: "" }],
		["union_chair@smx.demo", "/t/smx/public-results", { intent: "enable" }],
	])("%s POST %s → 403", async (email, path, form) => {
		const c = await client(email);
		expect((await c.request(path, { form })).status).toBe(403);
	});

	it("department liaisons do not see the adoption register", async () => {
		const c = await client("department_liaison@smx.demo");
		expect((await c.request("/t/smx/register")).status).toBe(403);
	});
});

describe("page views in one unit of work each (ADR 0009)", () => {
	it("400 interleaved page views of two tenants each show only their own tenant", async () => {
		const city = await client("union_staff@lushi.demo");
		const county = await client("union_staff@yima.demo");
		const pages = ["", "/meetings", "/matters", "/system"];
		// 16 in flight at a time, alternating tenants: more than the pool has connections, so units of
		// work of both tenants interleave on the same connections, without queueing past the 3 s
		// connection timeout on a loaded 2-core machine (that answers 503 by design).
		const view = async (i: number) => {
			const [who, slug, other] = i % 2 === 0 ? [city, "lushi", "义马市"] : [county, "yima", "卢氏县"];
			const response = await who.request(`/t/${slug}${pages[i % pages.length]}`);
			const html = await response.text();
			return { status: response.status, leaked: html.includes(other) };
		};
		const views: { status: number; leaked: boolean }[] = [];
		for (let start = 0; start < 400; start += 16) {
			views.push(...(await Promise.all(Array.from({ length: 16 }, (_, k) => view(start + k)))));
		}
		expect(views.filter((v) => v.status !== 200)).toEqual([]);
		expect(views.filter((v) => v.leaked)).toEqual([]);
	});
});

describe("security events and own sessions (ASVS V7)", () => {
	it("the admin reads the members' security events; other roles get 403", async () => {
		const admin = await client("admin@smx.demo");
		const page = await admin.request("/t/smx/security");
		expect(page.status).toBe(200);
		expect(await page.text()).toContain("登录后进入本单位");
		expect((await (await client("union_staff@smx.demo")).request("/t/smx/security")).status).toBe(403);
	});

	it("a person lists their sessions on /account and ends the others", async () => {
		const first = await client("viewer@smx.demo");
		const second = await client("viewer@smx.demo");
		const html = await (await first.request("/account")).text();
		expect(html).toContain("本设备");
		const ended = await first.request("/account", { form: { intent: "end-others" } });
		expect(ended.status).toBe(200);
		expect(await ended.text()).toMatch(/已结束 \d+ 个会话/);
		expect((await second.request("/t/smx/reports")).status).toBe(302);
		expect((await first.request("/t/smx/reports")).status).toBe(200);
	});
});
