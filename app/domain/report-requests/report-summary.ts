import { numericField, type ReportField, type ReportValues } from "./report-fields.ts";

/**
 * 汇总 (issue 22 §4): numeric fields summed and averaged, choices and yes/no counted, per group (a
 * direct child of the reading unit and everything under it, so a county's line sums its
 * associations too) and overall. Pure: the page, the Excel export and the bench use it; the
 * integration tests check its figures against independent SQL.
 */
export type FieldSummary =
	| { kind: "numeric"; sum: number; avg: number | null; count: number }
	| { kind: "counts"; counts: { option: string; count: number }[]; count: number }
	| { kind: "none"; count: number };

export interface SummaryRow {
	unitId: string;
	unitName: string;
	/** The direct child of the reading unit this unit sits under (the unit itself for a direct child). */
	groupId: string;
	groupName: string;
	values: ReportValues;
}

interface SummaryGroup {
	groupId: string;
	groupName: string;
	units: number;
	fields: Record<string, FieldSummary>;
}

/** yes_no counts under these two options, in this order. */
const yesNoOptions = ["yes", "no"] as const;

const scaleOf = (field: ReportField) => (field.type === "decimal" ? field.scale : 0);

/** Sums in whole units of the field's last decimal, so 0.1 + 0.2 is 0.3 and not 0.30000000000000004. */
function summariseField(field: ReportField, rows: readonly SummaryRow[]): FieldSummary {
	const answered = rows.map((r) => r.values[field.key]).filter((v) => v !== null && v !== undefined && v !== "");
	if (numericField(field)) {
		const scale = scaleOf(field);
		const factor = 10 ** scale;
		const numbers = answered.filter((v): v is number => typeof v === "number");
		const units = numbers.reduce((sum, n) => sum + Math.round(n * factor), 0);
		const sum = units / factor;
		const avg = numbers.length === 0 ? null : Number((units / factor / numbers.length).toFixed(scale + 2));
		return { kind: "numeric", sum, avg, count: numbers.length };
	}
	if (field.type === "choice" || field.type === "yes_no") {
		const options: readonly string[] = field.type === "choice" ? field.choices : yesNoOptions;
		const keyOf = (v: unknown) => (field.type === "yes_no" ? (v === true ? "yes" : v === false ? "no" : null) : v);
		const keys = answered.map(keyOf);
		return {
			kind: "counts",
			counts: options.map((option) => ({ option, count: keys.filter((k) => k === option).length })),
			count: keys.filter((k) => typeof k === "string" && options.includes(k)).length,
		};
	}
	return { kind: "none", count: answered.length };
}

const summariseFields = (fields: readonly ReportField[], rows: readonly SummaryRow[]) =>
	Object.fromEntries(fields.map((f) => [f.key, summariseField(f, rows)]));

/** Groups in the order they first appear in `rows` (pass rows in tree order). */
export function summariseSubmissions(fields: readonly ReportField[], rows: readonly SummaryRow[]) {
	const byGroup = new Map<string, SummaryRow[]>();
	for (const row of rows) {
		const list = byGroup.get(row.groupId);
		if (list) list.push(row);
		else byGroup.set(row.groupId, [row]);
	}
	const groups: SummaryGroup[] = [...byGroup.entries()].map(([groupId, list]) => ({
		groupId,
		groupName: list[0]?.groupName ?? "",
		units: list.length,
		fields: summariseFields(fields, list),
	}));
	return { groups, overall: { units: rows.length, fields: summariseFields(fields, rows) } };
}
