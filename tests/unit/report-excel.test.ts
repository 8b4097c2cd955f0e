import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { promisify } from "node:util";
import ExcelJS from "exceljs";
import { zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import {
	buildTemplateWorkbook,
	cellErrorText,
	readFilledTemplate,
	TemplateRefusal,
	writeSummaryWorkbook,
} from "#app/domain/report-requests/report-excel.server.ts";
import { type ReportField, reportFieldListSchema } from "#app/domain/report-requests/report-fields.ts";
import { translator } from "#app/i18n/i18n.ts";
import { ensureLibreOffice, xlsxSheetsAsCsv } from "#tests/support/libreoffice.ts";

const t = translator("zh-CN");
const fields = reportFieldListSchema.parse([
	{ key: "cases", label: "协调欠薪案件", type: "integer", required: true, min: 0, unit: "件" },
	{ key: "amount", label: "追回金额", type: "decimal", unit: "万元", scale: 2 },
	{ key: "held", label: "召开日期", type: "date" },
	{ key: "level", label: "落实情况", type: "choice", choices: ["好", "较好", "一般"] },
	{ key: "system", label: "建立制度", type: "yes_no", required: true },
	{ key: "proof", label: "佐证材料", type: "file" },
]) as ReportField[];

const template = () =>
	buildTemplateWorkbook({
		t,
		title: "欠薪治理情况",
		periodLabel: "2026年第3季度",
		unitName: "灵宝市",
		fields,
		values: { cases: 12, held: "2026-08-01" },
	});

/** What a user does in Excel: type into column C (and D), save. */
async function fill(bytes: Buffer, cells: Record<string, ExcelJS.CellValue>): Promise<Buffer> {
	const workbook = new ExcelJS.Workbook();
	await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
	const sheet = workbook.worksheets[0] as ExcelJS.Worksheet;
	for (const [address, value] of Object.entries(cells)) sheet.getCell(address).value = value;
	return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Opens and saves the workbook in LibreOffice (as a user of WPS or LibreOffice would), back to .xlsx. */
async function resaveInLibreOffice(bytes: Buffer): Promise<Buffer> {
	const soffice = ensureLibreOffice();
	const dir = mkdtempSync(path.join(tmpdir(), "lianxi-lo-"));
	try {
		writeFileSync(path.join(dir, "in.xlsx"), bytes);
		await promisify(execFile)(
			soffice,
			[
				`-env:UserInstallation=file://${dir}/profile`,
				"--headless",
				"--convert-to",
				"xlsx:Calc MS Excel 2007 XML",
				"--outdir",
				path.join(dir, "out"),
				path.join(dir, "in.xlsx"),
			],
			{ timeout: 120_000 },
		);
		return readFileSync(path.join(dir, "out", "in.xlsx"));
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

describe("the Excel template", () => {
	it("opens in LibreOffice with one row per field, the draft pre-filled and the keys in column E", async () => {
		const sheets = await xlsxSheetsAsCsv(new Uint8Array(await template()).buffer);
		expect([...sheets.keys()]).toEqual(["填报"]);
		const lines = (sheets.get("填报") ?? "").trim().split("\n");
		expect(lines[0]).toBe("欠薪治理情况（报告期：2026年第3季度）,,,,");
		expect(lines[1]).toBe("填报单位：灵宝市,,,,");
		expect(lines[3]).toBe("项目,类型与要求,填报值,核实说明（数值变化较大时填写）,key");
		expect(lines.slice(4)).toEqual([
			"协调欠薪案件（件）,必填；整数；计量单位：件；不小于 0,12,,cases",
			"追回金额（万元）,选填；小数；计量单位：万元；最多 2 位小数,,,amount",
			"召开日期,选填；日期；格式 2026-03-05,2026-08-01,,held",
			"落实情况,选填；单选；可选：好、较好、一般,,,level",
			"建立制度,必填；是/否；填“是”或“否”,,,system",
			"佐证材料,选填；附件；附件请在页面上传，本表不填,,,proof",
		]);
	}, 120_000);

	it("imports a filled template, with a problem per cell", async () => {
		const filled = await fill(await template(), {
			C5: "12件",
			C6: 3.456,
			C7: new Date("2026-09-30T00:00:00Z"),
			C8: "很好",
			C9: "是",
			D5: "多出专项行动",
		});
		const read = await readFilledTemplate(filled, fields);
		expect(read.values).toEqual({ held: "2026-09-30", system: true });
		expect(read.explanations).toEqual({ cases: "多出专项行动" });
		expect(read.errors.map((e) => cellErrorText(e, t))).toEqual([
			"单元格 C5：须为整数",
			"单元格 C6：最多 2 位小数",
			"单元格 C8：须为所列选项之一",
		]);
		expect(read.errors.map((e) => e.key)).toEqual(["cases", "amount", "level"]);
		expect(cellErrorText(read.errors[0] as never, translator("en"))).toBe("Cell C5: Must be a whole number");
	});

	it("reads a template saved again by LibreOffice", async () => {
		const filled = await fill(await template(), { C5: 30, C6: 12.5, C8: "较好", C9: "否" });
		const read = await readFilledTemplate(await resaveInLibreOffice(filled), fields);
		expect(read.errors).toEqual([]);
		expect(read.values).toEqual({ cases: 30, amount: 12.5, held: "2026-08-01", level: "较好", system: false });
	}, 120_000);

	it("checks long choice lists at import only (Excel refuses an in-cell list over 255 characters)", async () => {
		const many = reportFieldListSchema.parse([
			{
				key: "place",
				label: "地点",
				type: "choice",
				choices: Array.from({ length: 20 }, (_, i) => `第${i}号会议室（主楼东侧）`),
			},
			{ key: "short", label: "评价", type: "choice", choices: ["好", "一般"] },
		]) as ReportField[];
		const bytes = await buildTemplateWorkbook({
			t,
			title: "测试",
			periodLabel: "一次性",
			unitName: "灵宝市",
			fields: many,
		});
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
		const sheet = workbook.worksheets[0] as ExcelJS.Worksheet;
		expect(sheet.getCell("C5").dataValidation?.type).toBeUndefined();
		expect(sheet.getCell("C6").dataValidation).toMatchObject({ type: "list", formulae: ['"好,一般"'] });
		const read = await readFilledTemplate(await fill(bytes, { C5: "第3号会议室（主楼东侧）", C6: "差" }), many);
		expect(read.values).toEqual({ place: "第3号会议室（主楼东侧）" });
		expect(read.errors.map((e) => e.cell)).toEqual(["C6"]);
	});

	it("refuses a workbook that is not this request's template", async () => {
		const other = reportFieldListSchema.parse([{ key: "cases", label: "案件", type: "integer" }]) as ReportField[];
		await expect(readFilledTemplate(await template(), other)).rejects.toThrow(TemplateRefusal);
		await expect(readFilledTemplate(new TextEncoder().encode("not a workbook"), fields)).rejects.toMatchObject({
			messageKey: "reportRequests.xlsx.unreadable",
		});
		// A small file that inflates to 30 MB is refused before it is parsed.
		const bomb = zipSync({ "xl/worksheets/sheet1.xml": new Uint8Array(30 * 1024 * 1024) });
		expect(bomb.byteLength).toBeLessThan(100_000);
		await expect(readFilledTemplate(bomb, fields)).rejects.toMatchObject({
			messageKey: "reportRequests.xlsx.unreadable",
		});
		const blank = new ExcelJS.Workbook();
		blank.addWorksheet("Sheet1").getCell("A1").value = "x";
		const bytes = Buffer.from(await blank.xlsx.writeBuffer());
		await expect(readFilledTemplate(bytes, fields)).rejects.toMatchObject({
			messageKey: "reportRequests.xlsx.notTemplate",
		});
	});
});

describe("the summary export", () => {
	it("streams one row per unit, a total and an average row, and a 未报单位 sheet that LibreOffice opens", async () => {
		const body = new PassThrough();
		const chunks: Buffer[] = [];
		body.on("data", (c: Buffer) => chunks.push(c));
		const ended = new Promise((resolve) => body.on("end", resolve));
		await writeSummaryWorkbook(body, {
			t,
			title: "欠薪治理情况",
			periodLabel: "2026年第3季度",
			fields,
			reported: [
				{
					unitId: "lb",
					unitName: "灵宝市",
					groupId: "lb",
					groupName: "灵宝市",
					status: "accepted",
					reportedAt: "2026-10-09T02:30:00Z",
					values: { cases: 12, amount: 3.5, held: "2026-08-01", level: "好", system: true, proof: null },
				},
				{
					unitId: "lb-a",
					unitName: "灵宝市总工会协会",
					groupId: "lb",
					groupName: "灵宝市",
					status: "submitted",
					reportedAt: "2026-10-10T08:00:00Z",
					values: { cases: 5, amount: 0.25, level: "一般", system: false, proof: { fileId: "f", name: "说明.pdf" } },
				},
			],
			missing: [
				{ unitName: "陕州区", parentName: "三门峡市", status: "overdue_missing" },
				{ unitName: "义马市", parentName: "三门峡市", status: "returned" },
			],
		});
		await ended;
		const sheets = await xlsxSheetsAsCsv(new Uint8Array(Buffer.concat(chunks)).buffer);
		expect([...sheets.keys()]).toEqual(["未报单位", "汇总"]);
		expect((sheets.get("汇总") ?? "").trim().split("\n")).toEqual([
			"单位,所属,状态,上报时间,协调欠薪案件（件）,追回金额（万元）,召开日期,落实情况,建立制度,佐证材料",
			"灵宝市,,已通过,2026-10-09 10:30,12,3.5,2026-08-01,好,是,",
			"灵宝市总工会协会,灵宝市,已报,2026-10-10 16:00,5,0.25,,一般,否,说明.pdf",
			"合计,,,,17,3.75,1,好 1 家、较好 0 家、一般 1 家,是 1 家、否 1 家,1",
			"平均,,,,8.5,1.875,,,,",
		]);
		// Numbers stay numbers, shown with the field's decimals (two more for the average).
		const book = new ExcelJS.Workbook();
		await book.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
		const summary = book.getWorksheet("汇总") as ExcelJS.Worksheet;
		expect([summary.getCell("F2").value, summary.getCell("F2").numFmt]).toEqual([3.5, "#,##0.00"]);
		expect([summary.getCell("F5").value, summary.getCell("F5").numFmt]).toEqual([1.875, "#,##0.0000"]);
		expect([summary.getCell("E5").value, summary.getCell("E5").numFmt]).toEqual([8.5, "#,##0.00"]);
		expect(summary.getCell("G2").numFmt).toBe("yyyy-mm-dd");
		expect((sheets.get("未报单位") ?? "").trim().split("\n")).toEqual([
			"单位,上级单位,状态",
			"陕州区,三门峡市,逾期未报",
			"义马市,三门峡市,已退回",
		]);
	}, 120_000);
});
