import { describe, expect, it } from "vitest";
import { HttpClient } from "#tests/support/http-client.ts";
import { readZipEntry } from "#tests/support/read-zip.ts";

async function client(email: string) {
	const c = new HttpClient();
	await c.signIn(email);
	return c;
}

/** The city's 2024 meeting (issued minutes in the demo data). */
async function city2024() {
	const html = await (await (await client("viewer@smx.demo")).request("/t/smx/meetings")).text();
	const id = /\/t\/smx\/meetings\/([0-9a-f-]{36})"[^>]*>2024年度/.exec(html)?.[1];
	if (!id) throw new Error("no 2024 meeting");
	return id;
}

describe("minutes, matters and audit routes", () => {
	it("serve the issued minutes as an official-format .docx named with the number", async () => {
		const id = await city2024();
		const office = await client("gov_office@smx.demo");
		const page = await (await office.request(`/t/smx/meetings/${id}/minutes`)).text();
		expect(page).toContain("联席会议纪要〔2024〕1号");
		const href = /href="(\/t\/smx\/meetings\/[^"]+\.docx)"/.exec(page)?.[1];
		expect(href).toBeTruthy();
		const response = await office.request(href as string);
		expect(response.status).toBe(200);
		expect(response.headers.get("content-type")).toBe(
			"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
		);
		expect(decodeURIComponent(response.headers.get("content-disposition") ?? "")).toContain(
			"联席会议纪要〔2024〕1号.docx",
		);
		const xml = readZipEntry(new Uint8Array(await response.arrayBuffer()), "word/document.xml");
		expect(xml).toContain("联席会议纪要〔2024〕1号");
		expect(xml).toContain("在快递、外卖行业开展新就业形态劳动者职业伤害保障试点");
	});

	it("other tenants get 404 for the city's minutes, matters and .docx", async () => {
		const id = await city2024();
		const county = await client("admin@hubin.demo");
		for (const path of [
			`/t/smx/meetings/${id}/minutes`,
			`/t/smx/meetings/${id}/minutes/x.docx`,
			"/t/smx/matters",
			"/t/smx/audit",
		]) {
			expect({ path, status: (await county.request(path)).status }).toEqual({ path, status: 404 });
		}
		expect((await county.request(`/t/hubin/meetings/${id}/minutes`)).status).toBe(404);
	});

	it("refuses roles with 403 before validation", async () => {
		const id = await city2024();
		const viewer = await client("viewer@smx.demo");
		for (const intent of ["save", "submit", "union_approve", "gov_approve", "return", "issue"]) {
			expect({
				intent,
				status: (await viewer.request(`/t/smx/meetings/${id}/minutes`, { form: { intent } })).status,
			}).toEqual({ intent, status: 403 });
		}
		const board = await (await viewer.request("/t/smx/matters")).text();
		const matterId = /\/t\/smx\/matters\/([0-9a-f-]{36})/.exec(board)?.[1];
		for (const intent of ["progress", "done", "reminder", "supervision", "verify", "extend", "reopen"]) {
			expect({
				intent,
				status: (await viewer.request(`/t/smx/matters/${matterId}`, { form: { intent } })).status,
			}).toEqual({ intent, status: 403 });
		}
		expect((await viewer.request("/t/smx/audit")).status).toBe(403);
		const liaison = await client("department_liaison@smx.demo");
		expect((await liaison.request(`/t/smx/meetings/${id}/minutes`)).status).toBe(403);
	});

	it("the board shows overdue first and the leaders read the audit trail", async () => {
		const office = await client("gov_office@smx.demo");
		const board = (await (await office.request("/t/smx/matters")).text()).replaceAll("<!-- -->", "");
		const firstRow = board.split("<tbody")[1]?.split("</tr>")[0] ?? "";
		expect(firstRow).toContain("逾期");
		const chair = await client("union_chair@smx.demo");
		const audit = await chair.request("/t/smx/audit");
		expect(audit.status).toBe(200);
		expect(await audit.text()).toContain("操作记录");
	});
});
