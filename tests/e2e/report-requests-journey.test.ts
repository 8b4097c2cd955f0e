import { readFile } from "node:fs/promises";
import ExcelJS from "exceljs";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { openBrowserForFile, screenshot, signIn, signOut } from "#tests/support/browser-session.ts";

const browser = openBrowserForFile();

/** A China day `days` after today, worked out here (not by the app). */
const chinaDay = (days: number) =>
	new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date(Date.now() + days * 86_400_000));

const documentFits = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= innerWidth);

/** The cells of a worksheet as text rows (first sheet unless named). */
async function sheetRows(bytes: Buffer, name?: string): Promise<string[][]> {
	const workbook = new ExcelJS.Workbook();
	await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
	const sheet = name ? workbook.getWorksheet(name) : workbook.worksheets[0];
	const rows: string[][] = [];
	sheet?.eachRow((row) => {
		const cells: string[] = [];
		row.eachCell({ includeEmpty: true }, (cell) => {
			cells[Number(cell.col) - 1] = cell.text;
		});
		rows.push(cells);
	});
	return rows;
}

/** The office staff ask for approval; the unit's leader approves and reports (单位审核, 上报). */
async function leaderReports(page: Page, leader: string, slug: string, title: string) {
	await signOut(page);
	await signIn(page, leader);
	// The leader finds it on the workbench.
	await page.goto(`/t/${slug}`);
	await page.getByRole("heading", { name: "待审核上报的报送任务" }).waitFor();
	await page.getByRole("link", { name: title }).first().click();
	await page.getByRole("button", { name: "审核通过并上报" }).click();
	const dialog = page.getByRole("dialog");
	await dialog.getByRole("button", { name: "确认审核通过并上报" }).click();
	await page.getByText("已上报。").waitFor();
}

describe("report requests (Chromium)", () => {
	it("the city asks two counties, one fills by Excel, one is returned and resubmitted, the city exports the summary", async () => {
		const page = await browser.newPage();
		await page.setViewportSize({ width: 1366, height: 900 });
		const title = `职工维权情况报送 ${Date.now().toString(36)}`;

		// The city's government office makes a one-off form request to 湖滨区 and 陕州区.
		await signIn(page, "gov_office@smx.demo");
		await page.getByRole("link", { name: "报送任务", exact: true }).click();
		await page.getByRole("link", { name: "布置报送任务" }).click();
		await page.getByLabel("任务名称").fill(title);
		await page.getByLabel("填报说明").fill("请如实填报本季度职工维权情况。");
		await page.getByLabel("报告期类型").selectOption("once");
		await page.getByLabel("截止日期").fill(chinaDay(10));
		await page.getByLabel("报送范围", { exact: true }).selectOption("picked");
		await page.getByText("指定单位（指定时）").click();
		await page.getByRole("checkbox", { name: "湖滨区" }).check();
		await page.getByRole("checkbox", { name: "陕州区" }).check();
		const rows = page.locator("[data-field-row]");
		await rows.nth(0).getByLabel("填报项名称").fill("职工维权案件数");
		await rows.nth(0).getByLabel("计量单位").fill("件");
		await rows.nth(0).getByLabel("必填").check();
		await rows.nth(1).getByLabel("填报项名称").fill("是否开展专项行动");
		await rows.nth(1).getByLabel("类型").selectOption("yes_no");
		// The builder adds a row in place (and, without JavaScript, by a round trip).
		await page.getByRole("button", { name: "增加一项" }).click();
		await rows.nth(2).waitFor();
		await rows.nth(2).getByLabel("填报项名称").fill("主要做法");
		await rows.nth(2).getByLabel("类型").selectOption("text");
		await page.getByRole("button", { name: "发出报送任务" }).click();
		await page.getByText("报送任务已发出，已通知 2 个单位。").waitFor();
		await page.getByRole("heading", { name: title }).waitFor();
		const tracker = page.url();
		expect(await page.getByText("0 / 2 个单位已报").isVisible()).toBe(true);
		expect(await documentFits(page)).toBe(true);
		await screenshot(page, "report-request-tracker-new");

		// 湖滨区's union staff find it on their workbench, fill it in and ask for approval.
		await signOut(page);
		await signIn(page, "union_staff@hubin.demo");
		await page.goto("/t/hubin");
		await page.getByRole("heading", { name: "待填报的报送任务" }).waitFor();
		await page.getByRole("link", { name: title }).click();
		await page.getByLabel("职工维权案件数").fill("12");
		await page.getByRole("radio", { name: "是" }).check();
		await page.getByRole("button", { name: "提交单位审核" }).click();
		await page.getByText("已提交单位审核。").waitFor();
		await leaderReports(page, "union_chair@hubin.demo", "hubin", title);

		// 陕州区's office downloads the Excel template, fills it, imports it and asks for approval.
		await signOut(page);
		await signIn(page, "gov_office@shanzhou.demo");
		await page.goto("/t/shanzhou/report-requests");
		await page.getByRole("link", { name: title }).click();
		const [template] = await Promise.all([
			page.waitForEvent("download"),
			page.getByRole("link", { name: "下载 Excel 模板" }).click(),
		]);
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load((await readFile(await template.path())) as unknown as ArrayBuffer);
		const sheet = workbook.worksheets[0];
		if (!sheet) throw new Error("the template has no sheet");
		sheet.eachRow((row) => {
			const key = row.getCell(5).text;
			if (key === "f1") row.getCell(3).value = 30;
			if (key === "f2") row.getCell(3).value = "否";
			if (key === "f3") row.getCell(3).value = "联合人社部门开展欠薪专项检查";
		});
		const filled = Buffer.from(await workbook.xlsx.writeBuffer());
		await page.getByLabel("导入填好的 Excel").setInputFiles({
			name: "陕州区.xlsx",
			mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
			buffer: filled,
		});
		await page.getByRole("button", { name: "导入", exact: true }).click();
		await page.getByText("已从 Excel 导入，请核对后保存。").waitFor();
		await expect.poll(() => page.getByLabel("职工维权案件数").inputValue()).toBe("30");
		await page.getByRole("button", { name: "提交单位审核" }).click();
		await page.getByText("已提交单位审核。").waitFor();
		await leaderReports(page, "gov_head@shanzhou.demo", "shanzhou", title);

		// The city sees both reported, opens 湖滨区's and returns it with a comment at the figure.
		await signOut(page);
		await signIn(page, "gov_office@smx.demo");
		await page.goto(tracker);
		await page.getByText("2 / 2 个单位已报").waitFor();
		await page.getByRole("link", { name: "查看 湖滨区" }).click();
		await page.getByRole("button", { name: "退回" }).click();
		const dialog = page.getByRole("dialog");
		await dialog.getByLabel("理由").fill("案件数与工会台账不符，请核实。");
		await dialog.getByLabel("对“职工维权案件数”的意见（可不填）").fill("台账为 15 件");
		await dialog.getByRole("button", { name: "确认退回" }).click();
		await page.getByText("已退回。").waitFor();

		// 湖滨区 reads the reason and the comment, corrects the figure and reports again.
		await signOut(page);
		await signIn(page, "union_staff@hubin.demo");
		await page.goto("/t/hubin/report-requests");
		await page.getByRole("link", { name: title }).click();
		await page.getByText("退回理由：案件数与工会台账不符，请核实。").waitFor();
		await page.getByText("上级意见：台账为 15 件").waitFor();
		await page.getByLabel("职工维权案件数").fill("15");
		await page.getByRole("button", { name: "提交单位审核" }).click();
		await page.getByText("已提交单位审核。").waitFor();
		await page.setViewportSize({ width: 390, height: 844 });
		expect(await documentFits(page)).toBe(true);
		await page.setViewportSize({ width: 1366, height: 900 });
		await leaderReports(page, "union_chair@hubin.demo", "hubin", title);

		// The city sees the difference from the returned version, accepts it and exports the summary.
		await signOut(page);
		await signIn(page, "gov_office@smx.demo");
		await page.goto(tracker);
		await page.getByRole("link", { name: "查看 湖滨区" }).click();
		await page.getByText("已修改").waitFor();
		await expect(page.getByRole("deletion").first().textContent()).resolves.toBe("12 件");
		await page.getByRole("button", { name: "通过" }).click();
		await page.getByRole("dialog").getByRole("button", { name: "确认通过" }).click();
		await page.getByText("已通过。").waitFor();
		await page.goto(tracker);
		await page.getByText("100%", { exact: true }).waitFor();
		await page.getByRole("link", { name: "汇总", exact: true }).click();
		await page.getByRole("rowheader", { name: "合计" }).waitFor();
		await expect(page.getByRole("row", { name: /合计/ }).textContent()).resolves.toContain("合计 45 · 平均 22.5");
		await page.setViewportSize({ width: 390, height: 844 });
		expect(await documentFits(page)).toBe(true);
		await screenshot(page, "report-request-summary-phone");
		await page.setViewportSize({ width: 1366, height: 900 });
		const [summary] = await Promise.all([
			page.waitForEvent("download"),
			page.getByRole("link", { name: "导出汇总 Excel" }).click(),
		]);
		const sheetText = await sheetRows(await readFile(await summary.path()), "汇总");
		const units = sheetText.slice(1, 3).map((r) => r[0]);
		expect(units.sort()).toEqual(["湖滨区", "陕州区"]);
		const total = sheetText.find((r) => r[0] === "合计");
		expect(total?.[4]).toBe("45");
		await page.close();
	});
});
