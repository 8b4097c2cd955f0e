import { describe, expect, it } from "vitest";
import { HttpClient } from "#tests/support/http-client.ts";
import { docxAsText } from "#tests/support/libreoffice.ts";
import { openOfd } from "#tests/support/ofd-package.ts";
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
		expect(xml).toContain("三门峡市政府与工会联席会议纪要");
		expect(xml).toContain("〔2024〕1号");
		expect(xml).toContain("三门峡市人民政府办公室");
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

describe("issued minutes as OFD", () => {
	it("are offered beside the .docx and download as a valid OFD named with the number and the 印发 date", async () => {
		const id = await city2024();
		const office = await client("gov_office@smx.demo");
		const page = await (await office.request(`/t/smx/meetings/${id}/minutes`)).text();
		expect(page).toContain("下载 OFD");
		const href = /href="(\/t\/smx\/meetings\/[^"]+\.ofd)"/.exec(page)?.[1];
		expect(href).toBeTruthy();
		const response = await office.request(href as string);
		expect(response.status).toBe(200);
		expect(response.headers.get("content-type")).toBe("application/ofd");
		expect(response.headers.get("cache-control")).toBe("private, no-store");
		const disposition = response.headers.get("content-disposition") ?? "";
		// RFC 5987: an ASCII fallback and the UTF-8 name.
		expect(disposition).toMatch(/filename\*=UTF-8''/);
		expect(decodeURIComponent(disposition)).toMatch(/联席会议纪要〔2024〕1号（2024年\d{1,2}月\d{1,2}日印发）\.ofd/);
		const ofd = openOfd(new Uint8Array(await response.arrayBuffer()));
		expect(ofd.validate("OFD.xml", "OFD.xsd")).toBeNull();
		expect(ofd.validate("Doc_0/Document.xml", "Document.xsd")).toBeNull();
		expect(ofd.validate("Doc_0/PublicRes.xml", "Res.xsd")).toBeNull();
		const pages = ofd.names.filter((n) => n.endsWith("Content.xml"));
		expect(pages.length).toBeGreaterThan(0);
		for (const part of pages) expect(ofd.validate(part, "Page.xsd")).toBeNull();
		const text = pages
			.flatMap((part) => ofd.texts(part, "TextCode"))
			.join("")
			.replace(/\s+/g, "");
		expect(text.startsWith("三门峡市政府与工会联席会议纪要〔2024〕1号")).toBe(true);
		expect(text).toContain("在快递、外卖行业开展新就业形态劳动者职业伤害保障试点");
		expect(text).toContain("三门峡市人民政府办公室");
	});

	it("is refused to other tenants (404) and to an unknown extension", async () => {
		const id = await city2024();
		const county = await client("admin@hubin.demo");
		expect((await county.request(`/t/smx/meetings/${id}/minutes/x.ofd`)).status).toBe(404);
		const office = await client("gov_office@smx.demo");
		expect((await office.request(`/t/smx/meetings/${id}/minutes/x.pdf`)).status).toBe(404);
	});

	it("prints the same text in the same order as the Word file, which LibreOffice opens", async () => {
		const id = await city2024();
		const office = await client("gov_office@smx.demo");
		const page = await (await office.request(`/t/smx/meetings/${id}/minutes`)).text();
		const link = (ext: string) => new RegExp(`href="(/t/smx/meetings/[^"]+\\.${ext})"`).exec(page)?.[1] as string;
		const word = await docxAsText(await (await office.request(link("docx"))).arrayBuffer());
		const ofd = openOfd(new Uint8Array(await (await office.request(link("ofd"))).arrayBuffer()));
		const printed = ofd.names
			.filter((n) => n.endsWith("Content.xml"))
			.sort((a, b) => Number(/Page_(\d+)/.exec(a)?.[1]) - Number(/Page_(\d+)/.exec(b)?.[1]))
			.flatMap((part) => ofd.texts(part, "TextCode"))
			.filter((line) => !/^— \d+ —$/.test(line));
		// Lines break differently (Word flows, OFD is laid out); the characters and their order are the same.
		const squeeze = (s: string) => s.replace(/\s+/g, "");
		expect(squeeze(word).length).toBeGreaterThan(100);
		expect(squeeze(word)).toBe(squeeze(printed.join("")));
	});
});
