import { z } from "zod";
import type { MessageKey, Translate } from "#app/i18n/i18n.ts";
import { characterCount } from "../text-fields.ts";

/**
 * The typed fields of a report request's form (issue 22 §1): what a field may be, the checks that
 * block 上报 (required, type, bounds, length, choices) and the 核实性 checks that only ask for a
 * written explanation (a figure far from last period's). Pure: the form post, the Excel import and
 * the domain's submit all check through here, so a rule is written once.
 */
export const reportFieldTypes = ["integer", "decimal", "text", "date", "choice", "yes_no", "file"] as const;
export type ReportFieldType = (typeof reportFieldTypes)[number];

const isoDay = /^\d{4}-\d{2}-\d{2}$/;
const validDay = (v: string) => isoDay.test(v) && new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) === v;
// biome-ignore lint/suspicious/noControlCharactersInRegex: labels and choices are one line
const oneLine = /[\u0000-\u001f\u007f]/;
const label = (max: number) =>
	z
		.string()
		.trim()
		.min(1, "form.error.required")
		.refine((v) => !oneLine.test(v), "form.error.control")
		.refine((v) => characterCount(v) <= max, `form.error.tooLong#${max}`);
const bound = z.number().finite().nullable().default(null);
const base = {
	key: z.string().regex(/^[a-z][a-z0-9_]{0,31}$/),
	label: label(60),
	required: z.boolean().default(false),
};
const numeric = {
	...base,
	min: bound,
	max: bound,
	unit: label(10).nullable().default(null),
	/** 核实性: a value more than this many times last period's (or under its 1/ratio) needs an explanation. */
	growthRatio: z.number().min(1.1).max(100).nullable().default(null),
};

export const reportFieldSchema = z.discriminatedUnion("type", [
	z.object({ ...numeric, type: z.literal("integer") }),
	z.object({ ...numeric, type: z.literal("decimal"), scale: z.number().int().min(0).max(4).default(2) }),
	z.object({ ...base, type: z.literal("text"), maxLength: z.number().int().min(1).max(2000).default(500) }),
	z.object({
		...base,
		type: z.literal("date"),
		min: z.string().refine(validDay).nullable().default(null),
		max: z.string().refine(validDay).nullable().default(null),
	}),
	z.object({
		...base,
		type: z.literal("choice"),
		choices: z
			.array(label(40))
			.min(2)
			.max(20)
			.refine((c) => new Set(c).size === c.length, "reportRequests.check.choicesUnique"),
	}),
	z.object({ ...base, type: z.literal("yes_no") }),
	z.object({ ...base, type: z.literal("file") }),
]);
export type ReportField = z.infer<typeof reportFieldSchema>;
type NumericField = Extract<ReportField, { type: "integer" | "decimal" }>;

/** A request's form: 1–50 fields with distinct keys, bounds in order. Frozen once the request is sent. */
export const reportFieldListSchema = z
	.array(reportFieldSchema)
	.min(1)
	.max(50)
	.refine((fields) => new Set(fields.map((f) => f.key)).size === fields.length, "reportRequests.check.keysUnique")
	.refine(
		(fields) =>
			fields.every(
				(f) =>
					!("min" in f) ||
					f.min === null ||
					f.max === null ||
					(typeof f.min === "number" ? f.min <= (f.max as number) : f.min <= (f.max as string)),
			),
		"reportRequests.check.boundsOrder",
	);

export type FileValue = { fileId: string; name: string };
/** integer/decimal → number; text → string; date → 'YYYY-MM-DD'; choice → its text; yes_no → boolean; file → the stored file. */
export type ReportValue = number | string | boolean | FileValue | null;
export type ReportValues = Record<string, ReportValue>;
export type Explanations = Record<string, string>;

export interface FieldProblem {
	code: string;
	message: MessageKey;
	params?: Record<string, string | number>;
}

export interface SubmissionCheck {
	/** Hard checks: the unit cannot 上报 until they are fixed. */
	errors: Record<string, FieldProblem>;
	/** 核实性 checks: 上报 needs a written explanation of each. */
	warnings: Record<string, FieldProblem>;
	unexplained: string[];
	ok: boolean;
}

export const explanationMaxLength = 500;
/** The longest comment a reviewer may leave at one field when returning (退回) a report. */
export const fieldCommentMaxLength = 500;

export function numericField(field: ReportField): field is NumericField {
	return field.type === "integer" || field.type === "decimal";
}

/** The label of each check a value can fail: a code without one fails the typecheck. */
const checkMessages = {
	required: "reportRequests.check.required",
	integer: "reportRequests.check.integer",
	decimal: "reportRequests.check.decimal",
	scale: "reportRequests.check.scale",
	min: "reportRequests.check.min",
	max: "reportRequests.check.max",
	text: "reportRequests.check.text",
	control: "reportRequests.check.control",
	maxLength: "reportRequests.check.maxLength",
	date: "reportRequests.check.date",
	dateMin: "reportRequests.check.dateMin",
	dateMax: "reportRequests.check.dateMax",
	choice: "reportRequests.check.choice",
	yesNo: "reportRequests.check.yesNo",
	file: "reportRequests.check.file",
	explanationLength: "reportRequests.check.explanationLength",
	growthUp: "reportRequests.check.growthUp",
	growthDown: "reportRequests.check.growthDown",
} as const satisfies Record<string, MessageKey>;

const problem = (code: keyof typeof checkMessages, params?: Record<string, string | number>): FieldProblem => ({
	code,
	message: checkMessages[code],
	...(params ? { params } : {}),
});

const decimalsOf = (n: number) => {
	const text = String(n);
	if (text.includes("e")) return 20;
	const dot = text.indexOf(".");
	return dot < 0 ? 0 : text.length - dot - 1;
};

/** Whether a (parsed) value has the field's type and lies in its bounds: null when fine. */
function valueProblem(field: ReportField, value: ReportValue): FieldProblem | null {
	switch (field.type) {
		case "integer":
		case "decimal": {
			if (typeof value !== "number" || !Number.isFinite(value)) return problem(field.type);
			if (field.type === "integer" && !Number.isSafeInteger(value)) return problem("integer");
			if (field.type === "decimal" && decimalsOf(value) > field.scale) return problem("scale", { scale: field.scale });
			if (field.min !== null && value < field.min) return problem("min", { min: field.min });
			if (field.max !== null && value > field.max) return problem("max", { max: field.max });
			return null;
		}
		case "text":
			if (typeof value !== "string") return problem("text");
			if (oneLineControl.test(value)) return problem("control");
			return characterCount(value) > field.maxLength ? problem("maxLength", { max: field.maxLength }) : null;
		case "date":
			if (typeof value !== "string" || !validDay(value)) return problem("date");
			if (field.min !== null && value < field.min) return problem("dateMin", { min: field.min });
			if (field.max !== null && value > field.max) return problem("dateMax", { max: field.max });
			return null;
		case "choice":
			return typeof value === "string" && field.choices.includes(value) ? null : problem("choice");
		case "yes_no":
			return typeof value === "boolean" ? null : problem("yesNo");
		case "file":
			return typeof value === "object" && value !== null && typeof value.fileId === "string" ? null : problem("file");
	}
}
// biome-ignore lint/suspicious/noControlCharactersInRegex: text answers may hold line breaks and tabs only
const oneLineControl = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

const blank = (value: ReportValue | undefined) => value === null || value === undefined || value === "";

/** 核实性: far from last period's figure (more than ratio × it, or under 1/ratio of it). */
function growthWarning(field: ReportField, value: ReportValue, previous: ReportValue | undefined) {
	if (!numericField(field) || field.growthRatio === null) return null;
	if (typeof value !== "number" || typeof previous !== "number" || previous <= 0) return null;
	if (value > previous * field.growthRatio) return problem("growthUp", { previous, ratio: field.growthRatio });
	if (value * field.growthRatio < previous) return problem("growthDown", { previous, ratio: field.growthRatio });
	return null;
}

/**
 * Every check of a submission: hard errors per field (block 上报) and 核实性 warnings per field,
 * each needing a non-blank explanation. `previous` is the unit's submitted values of the last period.
 */
export function checkSubmission(
	fields: readonly ReportField[],
	values: ReportValues,
	previous?: ReportValues | null,
	explanations: Explanations = {},
): SubmissionCheck {
	const errors: Record<string, FieldProblem> = {};
	const warnings: Record<string, FieldProblem> = {};
	for (const field of fields) {
		const value = values[field.key];
		if (blank(value)) {
			if (field.required) errors[field.key] = problem("required");
			continue;
		}
		const hard = valueProblem(field, value as ReportValue);
		if (hard) {
			errors[field.key] = hard;
			continue;
		}
		const warning = growthWarning(field, value as ReportValue, previous?.[field.key]);
		if (warning) warnings[field.key] = warning;
	}
	for (const [key, text] of Object.entries(explanations)) {
		if (characterCount(text) > explanationMaxLength && !errors[key])
			errors[key] = problem("explanationLength", { max: explanationMaxLength });
	}
	const unexplained = Object.keys(warnings).filter((key) => !explanations[key]?.trim());
	return { errors, warnings, unexplained, ok: Object.keys(errors).length === 0 && unexplained.length === 0 };
}

const yesWords = new Set(["是", "yes", "y", "true", "1", "有", "√"]);
const noWords = new Set(["否", "no", "n", "false", "0", "无", "×"]);

/**
 * One raw text (a form input or an Excel cell's text) as the field's value; "" is null (unanswered).
 * Numbers may carry thousands separators ("1,234"); dates are YYYY-MM-DD (also 2026/3/5, 2026年3月5日).
 */
export function parseFieldInput(field: ReportField, raw: string): { value: ReportValue } | { error: FieldProblem } {
	const text = raw.trim();
	if (text === "") return { value: null };
	let value: ReportValue;
	switch (field.type) {
		case "integer":
		case "decimal": {
			// Thousands separators only where they belong: "1,234.5" yes, "1,2,3" no.
			if (/[,，]/.test(text) && !/^[-+]?\d{1,3}([,，]\d{3})+(\.\d*)?$/.test(text))
				return { error: problem(field.type) };
			const plain = text.replace(/[,，]/g, "");
			const pattern = field.type === "integer" ? /^[-+]?\d+$/ : /^[-+]?(\d+(\.\d*)?|\.\d+)$/;
			if (!pattern.test(plain)) return { error: problem(field.type) };
			value = Number(plain);
			break;
		}
		case "date": {
			const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text);
			if (!m) return { error: problem("date") };
			const [, year, month = "", day = ""] = m;
			value = `${year}-${month.padStart(2, "0")}-${day.padStart(2, "0")}`;
			break;
		}
		case "yes_no": {
			const word = text.toLowerCase();
			if (yesWords.has(word)) value = true;
			else if (noWords.has(word)) value = false;
			else return { error: problem("yesNo") };
			break;
		}
		case "file":
			return { error: problem("file") };
		default:
			value = field.type === "text" ? raw.replace(/\r\n?/g, "\n").trim() : text;
	}
	const hard = valueProblem(field, value);
	return hard ? { error: hard } : { value };
}

/**
 * A posted fill form: inputs `value.<key>`, explanations `explain.<key>`. File fields come already
 * stored (`files`), or keep their earlier value when the form carries `keep.<key>` with the draft's.
 * Values that do not parse are left out of `values` and reported in `errors`; `raw` refills the form.
 */
export function parseSubmissionForm(
	fields: readonly ReportField[],
	form: FormData | URLSearchParams,
	files: Record<string, FileValue> = {},
) {
	const values: ReportValues = {};
	const explanations: Explanations = {};
	const errors: Record<string, FieldProblem> = {};
	const raw: Record<string, string> = {};
	for (const field of fields) {
		const explanation = form.get(`explain.${field.key}`);
		if (typeof explanation === "string" && explanation.trim()) explanations[field.key] = explanation.trim();
		if (field.type === "file") {
			values[field.key] = files[field.key] ?? null;
			continue;
		}
		const input = form.get(`value.${field.key}`);
		const text = typeof input === "string" ? input : "";
		raw[field.key] = text;
		const parsed = parseFieldInput(field, text);
		if ("error" in parsed) errors[field.key] = parsed.error;
		else values[field.key] = parsed.value;
	}
	return { values, explanations, errors, raw };
}

/** A value as text for pages, diffs and the Excel summary: "12.50 万元", "是", "2026-03-05"; "" when unanswered. */
export function formatFieldValue(field: ReportField, value: ReportValue | undefined, t: Translate): string {
	if (blank(value)) return "";
	switch (field.type) {
		case "integer":
		case "decimal": {
			if (typeof value !== "number") return String(value);
			const figure = field.type === "decimal" ? value.toFixed(field.scale) : String(value);
			return field.unit ? `${figure} ${field.unit}` : figure;
		}
		case "yes_no":
			return t(value ? "reportRequests.value.yes" : "reportRequests.value.no");
		case "file":
			return typeof value === "object" && value !== null ? value.name : "";
		default:
			return String(value);
	}
}

const same = (a: ReportValue | undefined, b: ReportValue | undefined) => {
	if (blank(a) && blank(b)) return true;
	if (typeof a === "object" && a !== null && typeof b === "object" && b !== null) return a.fileId === b.fileId;
	return a === b;
};

/** The resubmission's difference from the returned version: the keys of fields whose value changed, in form order. */
export function changedFields(fields: readonly ReportField[], before: ReportValues, after: ReportValues): string[] {
	return fields.filter((f) => !same(before[f.key], after[f.key])).map((f) => f.key);
}

/** The field's label with its unit, as a column heading: "帮助追回欠薪（万元）". */
export function fieldHeading(field: ReportField): string {
	return numericField(field) && field.unit ? `${field.label}（${field.unit}）` : field.label;
}
