import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { HttpClient } from "#tests/support/http-client.ts";
import { xlsxSheetsAsCsv } from "#tests/support/libreoffice.ts";

/** W1–W3 over HTTP on the demo: the statistics page, its export, the viewer's home, the subtree. */
async function client(email: string) {
	const c = new HttpClient();
	await c.signIn(email);
	return c;
}

describe("statistics (统计分析)", () => {
	it("the city's government office reads the figures, charts as inline SVG without script, filters and exports", async () => {
		const office = await client("gov_office@smx.demo");
		const page = await office.request("/t/smx/reports?year=2024&kind=county");
		expect(page.status).toBe(200);
		const html = await page.text();
		expect(html).toContain("统计分析");
		expect(html).toContain("湖滨区");
		// The page's own content (the header's notifications may name any unit: the weekly digest).
		const main = html.slice(html.indexOf("<main"), html.indexOf("</main>"));
		expect(main).not.toContain("城乡一体化示范区");
		const svgs = html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];
		// Four charts, each drawn for a phone and for a wider screen.
		expect(svgs.length).toBe(8);
		for (const svg of svgs) {
			expect(svg).not.toMatch(/<script|<style|\sstyle="/);
		}
		const download = await office.request("/t/smx/reports/export.xlsx?year=2024");
		expect(download.status).toBe(200);
		expect(download.headers.get("content-disposition")).toMatch(
			/filename\*=UTF-8''%E4%B8%89%E9%97%A8%E5%B3%A1%E5%B8%82/,
		);
		const bytes = await download.arrayBuffer();
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load(bytes as never);
		expect(workbook.worksheets.map((w) => w.name)).toEqual(["汇总", "议定事项明细", "制度建立情况"]);
		// A header row, one per direct child (eleven in the demo; a journey may have opened more), the total.
		expect(workbook.getWorksheet("汇总")?.rowCount ?? 0).toBeGreaterThanOrEqual(13);

		// LibreOffice opens it: every sheet converts, and 汇总 holds the same cells exceljs read.
		const sheets = await xlsxSheetsAsCsv(bytes);
		expect([...sheets.keys()].sort()).toEqual(["制度建立情况", "汇总", "议定事项明细"].sort());
		const summary = workbook.getWorksheet("汇总");
		const csvRows = (sheets.get("汇总") ?? "")
			.trim()
			.split("\n")
			.map((line) => line.split(","));
		expect(csvRows).toHaveLength(summary?.rowCount ?? 0);
		const names = csvRows.map((r) => r[0]);
		const excelNames = (summary?.getSheetValues() ?? [])
			.slice(1)
			.map((r) => (Array.isArray(r) ? String(r[1] ?? "") : ""));
		expect(names.map((n) => n?.replaceAll('"', ""))).toEqual(excelNames);
	}, 120_000);

	it("a report viewer lands on the statistics and is shown no write control", async () => {
		const viewer = await client("viewer@smx.demo");
		const home = await viewer.request("/t/smx");
		expect(home.status).toBe(302);
		expect(home.headers.get("location")).toBe("/t/smx/reports");
		const html = await (await viewer.request("/t/smx/reports")).text();
		const postForms = (html.match(/<form[^>]*method="post"[^>]*>/gi) ?? []).filter(
			(f) => !/action="\/(logout|lang)"/.test(f),
		);
		expect(postForms).toEqual([]);
		expect(
			(await viewer.request("/t/smx/departments", { form: { name: "x", side: "gov", category: "functional" } })).status,
		).toBe(403);
	});

	it("a county sees its own figures only; the city and a sibling are not there for it", async () => {
		const county = await client("gov_office@lushi.demo");
		const html = await (await county.request("/t/lushi/reports")).text();
		expect(html).toContain("卢氏县");
		expect(html).not.toContain("湖滨区");
		const office = await client("gov_office@smx.demo");
		const cityPage = await (await office.request("/t/smx/reports")).text();
		const hubin = /\?[^"]*under=([0-9a-f-]{36})/.exec(cityPage)?.[1];
		for (const under of [hubin, "00000000-0000-4000-8000-000000000000"].filter(Boolean)) {
			expect((await county.request(`/t/lushi/reports?under=${under}`)).status).toBe(404);
		}
		expect((await (await client("department_liaison@smx.demo")).request("/t/smx/reports")).status).toBe(403);
	});
});

describe("a unit's published meetings and matters (会议与事项)", () => {
	it("the city reads 灵宝市's meetings, issued minutes and matters from the statistics, and nothing kept inside", async () => {
		const office = await client("gov_office@smx.demo");
		const cityPage = await (await office.request("/t/smx/reports")).text();
		const link =
			/href="(\/t\/smx\/reports\/units\/[0-9a-f-]{36})"[^>]*>会议与事项<span class="sr-only"> (?:<!-- -->)?灵宝市</.exec(
				cityPage,
			)?.[1];
		expect(link).toBeDefined();
		const response = await office.request(link as string);
		expect(response.status).toBe(200);
		const html = await response.text();
		const main = html.slice(html.indexOf("<main"), html.indexOf("</main>"));
		expect(main).toContain("灵宝市 · 会议与事项");
		expect(main).toContain("2025年度政府与工会联席会议");
		expect(main).toMatch(/联席会议纪要〔2025〕1号 · 2025-10-03/);
		expect(main).toContain("市人力资源和社会保障局");
		expect(main).toContain(">逾期<");
		// Topics stay inside the unit: their titles are not published upward.
		expect(main).not.toContain("职工技能提升和就业服务");
	});

	it("a meeting without issued minutes shows none; a sibling's or an unknown unit is not found; a liaison is refused", async () => {
		const office = await client("gov_office@smx.demo");
		const cityPage = await (await office.request("/t/smx/reports")).text();
		const hubin =
			/href="\/t\/smx\/reports\/units\/([0-9a-f-]{36})"[^>]*>会议与事项<span class="sr-only"> (?:<!-- -->)?湖滨区</.exec(
				cityPage,
			)?.[1];
		const html = await (await office.request(`/t/smx/reports/units/${hubin}`)).text();
		const row = html.split("<tr").find((r) => r.includes("2025年第1次临时联席会议")) ?? "";
		expect(row).toContain("—");
		expect(row).not.toContain("联席会议纪要");
		const county = await client("gov_office@lushi.demo");
		expect((await county.request(`/t/lushi/reports/units/${hubin}`)).status).toBe(404);
		expect((await county.request("/t/lushi/reports/units/00000000-0000-4000-8000-000000000000")).status).toBe(404);
		expect((await county.request("/t/lushi/reports/units/not-a-uuid")).status).toBe(404);
		const liaison = await client("department_liaison@smx.demo");
		expect((await liaison.request(`/t/smx/reports/units/${hubin}`)).status).toBe(403);
	});

	it("a draft meeting of 湖滨区 stays inside: the city's viewer does not find it on the unit's page", async () => {
		const staff = await client("union_staff@hubin.demo");
		const saved = await staff.request("/t/hubin/meetings/new", {
			form: { kind: "extraordinary", reason: "内部讨论：尚未提请", windowFrom: "2030-05-01", windowTo: "2030-05-31" },
		});
		expect(saved.status).toBe(302);
		const meetingPage = await (await staff.request(saved.headers.get("location") as string)).text();
		expect(meetingPage).toContain("内部讨论：尚未提请");
		const title = /<h1[^>]*>([^<]*临时联席会议)</.exec(meetingPage)?.[1];
		expect(title).toMatch(/^湖滨区人民政府与湖滨区总工会2030年第\d+次临时联席会议$/);
		const viewer = await client("viewer@smx.demo");
		const cityPage = await (await viewer.request("/t/smx/reports")).text();
		const hubin =
			/href="\/t\/smx\/reports\/units\/([0-9a-f-]{36})"[^>]*>会议与事项<span class="sr-only"> (?:<!-- -->)?湖滨区</.exec(
				cityPage,
			)?.[1];
		const response = await viewer.request(`/t/smx/reports/units/${hubin}`);
		expect(response.status).toBe(200);
		const html = await response.text();
		const main = html.slice(html.indexOf("<main"), html.indexOf("</main>"));
		// The unit's published meetings are there; its draft is not.
		expect(main).toContain("湖滨区 · 会议与事项");
		expect(main).toContain("联席会议");
		expect(main).not.toContain(title as string);
		expect(main).not.toContain("草稿");
	});
});
