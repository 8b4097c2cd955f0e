import type { Writable } from "node:stream";
import ExcelJS from "exceljs";
import type { MessageKey, Translate } from "#app/i18n/i18n.ts";
import { chinaDateTime } from "#app/lib/china-time.ts";
import {
	type Explanations,
	type FieldProblem,
	fieldHeading,
	formatFieldValue,
	numericField,
	parseFieldInput,
	type ReportField,
	type ReportValue,
	type ReportValues,
} from "./report-fields.ts";
import type { TrackerStatus } from "./report-roles.ts";
import { type FieldSummary, type SummaryRow, summariseSubmissions } from "./report-summary.ts";

/**
 * The request's files in Excel (issue 22 §2 and §4): the template a unit downloads and fills in
 * (one row per field, values in column C), the import of a filled template with a problem per cell
 * ("单元格 C5：须为整数"), and the summary export (one row per reported unit, a total and an average row,
 * a 未报单位 sheet), streamed so that memory stays flat for a thousand units.
 */

export const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** Template layout: a heading, the unit, how to fill it in, the column headings, then one row per field. */
const FIRST_FIELD_ROW = 5;
const KEY_COLUMN = 5;

const fieldRule = (field: ReportField, t: Translate): string => {
	const parts = [t(field.required ? "reportRequests.xlsx.rule.required" : "reportRequests.xlsx.rule.optional")];
	parts.push(t(`reportRequests.fieldType.${field.type}`));
	switch (field.type) {
		case "integer":
		case "decimal":
			if (field.unit) parts.push(t("reportRequests.xlsx.rule.unit", { unit: field.unit }));
			if (field.min !== null && field.max !== null)
				parts.push(t("reportRequests.xlsx.rule.range", { min: field.min, max: field.max }));
			else if (field.min !== null) parts.push(t("reportRequests.xlsx.rule.atLeast", { min: field.min }));
			else if (field.max !== null) parts.push(t("reportRequests.xlsx.rule.atMost", { max: field.max }));
			if (field.type === "decimal") parts.push(t("reportRequests.xlsx.rule.scale", { scale: field.scale }));
			break;
		case "text":
			parts.push(t("reportRequests.xlsx.rule.maxLength", { max: field.maxLength }));
			break;
		case "date":
			parts.push(t("reportRequests.xlsx.rule.date"));
			break;
		case "choice":
			parts.push(t("reportRequests.xlsx.rule.choices", { choices: field.choices.join("、") }));
			break;
		case "yes_no":
			parts.push(t("reportRequests.xlsx.rule.yesNo"));
			break;
		case "file":
			parts.push(t("reportRequests.xlsx.rule.file"));
			break;
	}
	return parts.join("；");
};

/** Excel keeps at most 255 characters of a validation's message. */
const validationMessage = (field: ReportField, t: Translate) => [...fieldRule(field, t)].slice(0, 255).join("");

/** The value as the template's cell holds it: numbers as numbers, everything else as text. */
const templateCell = (field: ReportField, value: ReportValue | undefined, t: Translate) => {
	if (value === null || value === undefined || field.type === "file") return null;
	if (numericField(field) && typeof value === "number") return value;
	return formatFieldValue(field, value, t);
};

/**
 * The template of a form request for one unit, pre-filled with its draft when it has one. Column E
 * (hidden) holds each row's field key, which the import matches rows by; cells carry Excel's own
 * checks (whole number, decimal, list) so that most mistakes are caught while typing.
 */
export async function buildTemplateWorkbook(input: {
	t: Translate;
	title: string;
	periodLabel: string;
	unitName: string;
	fields: readonly ReportField[];
	values?: ReportValues | null;
	explanations?: Explanations | null;
}): Promise<Buffer> {
	const { t, fields } = input;
	const workbook = new ExcelJS.Workbook();
	const sheet = workbook.addWorksheet(t("reportRequests.xlsx.fillSheet"), {
		views: [{ state: "frozen", ySplit: FIRST_FIELD_ROW - 1 }],
	});
	sheet.columns = [{ width: 28 }, { width: 44 }, { width: 24 }, { width: 40 }, { width: 12, hidden: true }];
	sheet.getCell("A1").value = t("reportRequests.xlsx.heading", { title: input.title, period: input.periodLabel });
	sheet.getCell("A1").font = { bold: true, size: 14 };
	sheet.getCell("A2").value = t("reportRequests.xlsx.unitLine", { unit: input.unitName });
	sheet.getCell("A3").value = t("reportRequests.xlsx.howTo");
	const head = sheet.getRow(FIRST_FIELD_ROW - 1);
	head.values = [
		t("reportRequests.xlsx.col.field"),
		t("reportRequests.xlsx.col.rule"),
		t("reportRequests.xlsx.col.value"),
		t("reportRequests.xlsx.col.explanation"),
		"key",
	];
	head.font = { bold: true };
	fields.forEach((field, i) => {
		const row = sheet.getRow(FIRST_FIELD_ROW + i);
		row.getCell(1).value = fieldHeading(field);
		row.getCell(2).value = fieldRule(field, t);
		row.getCell(2).alignment = { wrapText: true, vertical: "top" };
		const cell = row.getCell(3);
		cell.value = templateCell(field, input.values?.[field.key], t);
		if (numericField(field)) {
			cell.numFmt = field.type === "decimal" ? (field.scale ? `0.${"0".repeat(field.scale)}` : "0") : "0";
			cell.dataValidation = {
				type: field.type === "integer" ? "whole" : "decimal",
				operator: "between",
				allowBlank: true,
				formulae: [field.min ?? -1e15, field.max ?? 1e15],
				showErrorMessage: true,
				error: validationMessage(field, t),
			};
		} else {
			// Text format: Excel keeps 2026-03-05 and 001 as typed instead of turning them into serials.
			cell.numFmt = "@";
			const list =
				field.type === "choice"
					? field.choices
					: field.type === "yes_no"
						? [t("reportRequests.value.yes"), t("reportRequests.value.no")]
						: null;
			// Excel's in-cell list is comma-separated and at most 255 characters: a longer one makes the
			// workbook "damaged" in Excel, so such a choice is checked at import only.
			const inline = list?.join(",") ?? "";
			if (list && inline.length <= 255 && !list.some((c) => c.includes(",") || c.includes('"')))
				cell.dataValidation = {
					type: "list",
					allowBlank: true,
					formulae: [`"${inline}"`],
					showErrorMessage: true,
					error: validationMessage(field, t),
				};
		}
		row.getCell(4).value = input.explanations?.[field.key] ?? null;
		row.getCell(KEY_COLUMN).value = field.key;
	});
	sheet.getCell(`A${FIRST_FIELD_ROW - 2}`).alignment = { wrapText: false };
	return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A cell's content as the text the form would have posted. */
function cellText(value: ExcelJS.CellValue): string {
	if (value === null || value === undefined) return "";
	if (value instanceof Date) return value.toISOString().slice(0, 10);
	if (typeof value === "number") return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(15)));
	if (typeof value === "boolean") return value ? "true" : "false";
	if (typeof value === "string") return value;
	if ("result" in value) return cellText((value.result ?? null) as ExcelJS.CellValue);
	if ("richText" in value) return value.richText.map((r) => r.text).join("");
	if ("text" in value) return String(value.text);
	return "";
}

/** Excel's day number (1900 date system, 1 = 1900-01-01 with its phantom 29 February) as 'YYYY-MM-DD'. */
const excelSerialDay = (serial: number) =>
	Number.isInteger(serial) && serial > 60 && serial < 2958466
		? new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000).toISOString().slice(0, 10)
		: String(serial);

interface CellError {
	/** "C5" */
	cell: string;
	key: string | null;
	problem: FieldProblem;
}

export class TemplateRefusal extends Error {
	constructor(readonly messageKey: MessageKey) {
		super(messageKey);
	}
}

/**
 * A filled template back to values: every field row found by its key in column E, its value read
 * from column C through the same parser as the form, its explanation from column D. Problems come
 * per cell; a workbook that is not this request's template (a key missing or unknown) is refused.
 */
export async function readFilledTemplate(bytes: ArrayBuffer | Uint8Array, fields: readonly ReportField[]) {
	const data = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
	// A template of at most 50 rows is a few KB: anything far larger (or inflating far larger) is not one.
	if (data.byteLength > TEMPLATE_MAX_BYTES || (expandedSize(data) ?? Number.POSITIVE_INFINITY) > TEMPLATE_MAX_EXPANDED)
		throw new TemplateRefusal("reportRequests.xlsx.unreadable");
	const workbook = new ExcelJS.Workbook();
	try {
		await workbook.xlsx.load(data as unknown as ArrayBuffer);
	} catch {
		throw new TemplateRefusal("reportRequests.xlsx.unreadable");
	}
	const sheet = workbook.worksheets[0];
	if (!sheet) throw new TemplateRefusal("reportRequests.xlsx.notTemplate");
	const byKey = new Map(fields.map((f) => [f.key, f]));
	const values: ReportValues = {};
	const explanations: Explanations = {};
	const errors: CellError[] = [];
	const seen = new Set<string>();
	for (let r = FIRST_FIELD_ROW; r <= sheet.rowCount; r++) {
		const row = sheet.getRow(r);
		const key = cellText(row.getCell(KEY_COLUMN).value).trim();
		if (!key) continue;
		const field = byKey.get(key);
		if (!field || seen.has(key)) throw new TemplateRefusal("reportRequests.xlsx.notTemplate");
		seen.add(key);
		const explanation = cellText(row.getCell(4).value).trim();
		if (explanation) explanations[key] = explanation;
		if (field.type === "file") continue;
		const cell = row.getCell(3).value;
		// A date typed where Excel formats it as a date arrives as a serial day number.
		const text = field.type === "date" && typeof cell === "number" ? excelSerialDay(cell) : cellText(cell);
		const parsed = parseFieldInput(field, text);
		if ("error" in parsed) errors.push({ cell: `C${r}`, key, problem: parsed.error });
		else values[key] = parsed.value;
	}
	if (seen.size !== fields.length) throw new TemplateRefusal("reportRequests.xlsx.notTemplate");
	return { values, explanations, errors };
}

const TEMPLATE_MAX_BYTES = 2 * 1024 * 1024;
const TEMPLATE_MAX_EXPANDED = 20 * 1024 * 1024;

/** The sum of a zip's uncompressed entry sizes, from its central directory; null when it is no zip. */
function expandedSize(bytes: Uint8Array): number | null {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	let eocd = bytes.length - 22;
	const lowest = Math.max(0, bytes.length - 22 - 0xffff);
	while (eocd >= lowest && view.getUint32(eocd, true) !== 0x06054b50) eocd--;
	if (eocd < lowest) return null;
	const count = view.getUint16(eocd + 10, true);
	let offset = view.getUint32(eocd + 16, true);
	let total = 0;
	for (let n = 0; n < count; n++) {
		if (offset + 46 > bytes.length || view.getUint32(offset, true) !== 0x02014b50) return null;
		total += view.getUint32(offset + 24, true);
		offset +=
			46 + view.getUint16(offset + 28, true) + view.getUint16(offset + 30, true) + view.getUint16(offset + 32, true);
	}
	return total;
}

/** "单元格 C5：须为整数" */
export function cellErrorText(error: CellError, t: Translate): string {
	return t("reportRequests.xlsx.cellError", {
		cell: error.cell,
		message: t(error.problem.message, error.problem.params),
	});
}

interface ReportedRow extends SummaryRow {
	status: TrackerStatus;
	reportedAt: Date | string | null;
}

interface MissingRow {
	unitName: string;
	parentName: string | null;
	status: TrackerStatus;
}

const statusLabels = {
	not_started: "reportRequests.status.not_started",
	draft: "reportRequests.status.draft",
	pending_approval: "reportRequests.status.pending_approval",
	submitted: "reportRequests.status.submitted",
	returned: "reportRequests.status.returned",
	accepted: "reportRequests.status.accepted",
	overdue_missing: "reportRequests.status.overdue_missing",
	overdue_submitted: "reportRequests.status.overdue_submitted",
	accepted_late: "reportRequests.status.accepted_late",
} as const satisfies Record<TrackerStatus, MessageKey>;

const statusText = (status: TrackerStatus, t: Translate) => t(statusLabels[status]);

/** A value as the summary's cell: numbers stay numbers, dates real dates, the rest text. */
function summaryCell(field: ReportField, value: ReportValue | undefined, t: Translate) {
	if (value === null || value === undefined || value === "") return null;
	if (numericField(field) && typeof value === "number") return value;
	if (field.type === "date" && typeof value === "string") return new Date(`${value}T00:00:00Z`);
	return formatFieldValue(field, value, t);
}

function totalCell(field: ReportField, summary: FieldSummary | undefined, t: Translate, average: boolean) {
	if (!summary) return null;
	if (summary.kind === "numeric") return average ? summary.avg : summary.sum;
	if (average) return null;
	if (summary.kind === "counts")
		return summary.counts
			.map((c) =>
				t("reportRequests.xlsx.count", {
					option: field.type === "yes_no" ? t(`reportRequests.value.${c.option as "yes" | "no"}`) : c.option,
					count: c.count,
				}),
			)
			.join("、");
	return summary.count;
}

const numberFormat = (field: ReportField, average: boolean) =>
	field.type === "decimal"
		? `#,##0.${"0".repeat(field.scale + (average ? 2 : 0)) || "0"}`
		: field.type === "integer"
			? average
				? "#,##0.00"
				: "#,##0"
			: field.type === "date"
				? "yyyy-mm-dd"
				: undefined;

/**
 * The summary workbook, streamed row by row: 汇总 (one row per reported unit in tree order, then
 * 合计 and 平均), 未报单位 (every unit that has not reported, with its status). The figures are
 * summariseSubmissions' — the same as the summary page.
 */
export async function writeSummaryWorkbook(
	stream: Writable,
	input: {
		t: Translate;
		title: string;
		periodLabel: string;
		fields: readonly ReportField[];
		reported: readonly ReportedRow[];
		missing: readonly MissingRow[];
	},
): Promise<void> {
	const { t, fields } = input;
	const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
	workbook.title = t("reportRequests.xlsx.heading", { title: input.title, period: input.periodLabel });
	const frozen = [{ state: "frozen" as const, ySplit: 1, xSplit: 1 }];
	const sheet = workbook.addWorksheet(t("reportRequests.xlsx.summarySheet"), { views: frozen });
	const fixed = 4;
	sheet.columns = [
		{ header: t("reportRequests.xlsx.col.unit"), width: 26 },
		{ header: t("reportRequests.xlsx.col.group"), width: 20 },
		{ header: t("reportRequests.xlsx.col.status"), width: 12 },
		{ header: t("reportRequests.xlsx.col.submittedAt"), width: 18 },
		...fields.map((f) => ({ header: fieldHeading(f), width: 16 })),
	];
	const head = sheet.getRow(1);
	head.font = { bold: true };
	head.commit();
	for (const unit of input.reported) {
		const row = sheet.addRow([
			unit.unitName,
			unit.groupId === unit.unitId ? null : unit.groupName,
			statusText(unit.status, t),
			unit.reportedAt === null ? null : chinaDateTime(new Date(unit.reportedAt)),
			...fields.map((f) => summaryCell(f, unit.values[f.key], t)),
		]);
		fields.forEach((f, i) => {
			const format = numberFormat(f, false);
			if (format) row.getCell(fixed + 1 + i).numFmt = format;
		});
		row.commit();
	}
	const { overall } = summariseSubmissions(fields, input.reported);
	for (const average of [false, true]) {
		const row = sheet.addRow([
			t(average ? "reportRequests.xlsx.average" : "reportRequests.xlsx.total"),
			null,
			null,
			null,
			...fields.map((f) => totalCell(f, overall.fields[f.key], t, average)),
		]);
		row.font = { bold: true };
		fields.forEach((f, i) => {
			const format = numericField(f) ? numberFormat(f, average) : undefined;
			if (format) row.getCell(fixed + 1 + i).numFmt = format;
		});
		row.commit();
	}
	sheet.commit();

	const missing = workbook.addWorksheet(t("reportRequests.xlsx.missingSheet"), {
		views: [{ state: "frozen", ySplit: 1 }],
	});
	missing.columns = [
		{ header: t("reportRequests.xlsx.col.unit"), width: 26 },
		{ header: t("reportRequests.xlsx.col.parent"), width: 26 },
		{ header: t("reportRequests.xlsx.col.status"), width: 14 },
	];
	const missingHead = missing.getRow(1);
	missingHead.font = { bold: true };
	missingHead.commit();
	if (input.missing.length === 0) missing.addRow([t("reportRequests.xlsx.noMissing")]).commit();
	for (const unit of input.missing)
		missing.addRow([unit.unitName, unit.parentName, statusText(unit.status, t)]).commit();
	missing.commit();
	await workbook.commit();
}
