import { describe, expect, it } from "vitest";
import { HttpClient } from "#tests/support/http-client.ts";
import { openOfd } from "#tests/support/ofd-package.ts";

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
});
