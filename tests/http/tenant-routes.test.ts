import { describe, expect, it } from "vitest";
import { HttpClient } from "#tests/support/http-client.ts";

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
		const views = await Promise.all(
			Array.from({ length: 400 }, async (_, i) => {
				const [who, slug, other] = i % 2 === 0 ? [city, "lushi", "义马市"] : [county, "yima", "卢氏县"];
				const response = await who.request(`/t/${slug}${pages[i % pages.length]}`);
				const html = await response.text();
				return { status: response.status, leaked: html.includes(other) };
			}),
		);
		expect(views.filter((v) => v.status !== 200)).toEqual([]);
		expect(views.filter((v) => v.leaked)).toEqual([]);
	});
});

describe("security events and own sessions (ASVS V7)", () => {
	it("the admin reads the members' security events; other roles get 403", async () => {
		const admin = await client("admin@smx.demo");
		const page = await admin.request("/t/smx/security");
		expect(page.status).toBe(200);
		expect(await page.text()).toContain("登录成功");
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
