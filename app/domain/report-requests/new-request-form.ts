import { z } from "zod";
import { choiceList, rowList } from "../list-fields.ts";
import { line, optionalLine, optionalParagraphs } from "../text-fields.ts";
import type { ReportField } from "./report-fields.ts";

/**
 * The form that makes a report request (issue #22), as one conform form: what is asked, the period,
 * the deadline, who reports, and — for a form — its field rows. The field builder posts indexed rows
 * (`fields[i].label`, `.type`, …); rows are added and removed by conform's list intents, which work
 * without JavaScript too. A row without a label is left out, whatever else was chosen in it.
 *
 * This schema only checks what a person typed; the frozen field list (keys f1, f2 … and each type's
 * bounds) is built by `toFieldDefinitions` and checked again by report-fields.ts's own schema.
 */
const MAX_FIELDS = 50;
const MAX_UNITS = 2000;
/** A single choice's options (report-fields.ts allows as many). */
const MAX_CHOICES = 20;

export const fieldRowTypes = ["integer", "decimal", "text", "date", "choice", "yes_no", "file"] as const;
export const scopeKinds = ["children", "descendants", "kind", "picked"] as const;
export const requestKinds = ["form", "documents"] as const;
export const recurrences = ["none", "year", "quarter", "month"] as const;
export const periodKindsOfForm = ["once", "year", "quarter", "month"] as const;
export const unitKinds = ["county", "zone", "industry"] as const;

const optionalNumber = z.number().optional();

const fieldRow = z
	.object({
		label: optionalLine(60),
		type: z.enum(fieldRowTypes).default("integer"),
		unit: optionalLine(10),
		required: z.literal("on").optional(),
		min: optionalNumber,
		max: optionalNumber,
		// Choices of a single choice, separated by 、 , ， or new lines.
		choices: optionalLine(400),
	})
	.superRefine((row, ctx) => {
		if (!row.label) return;
		const choices = row.type === "choice" ? choiceTexts(row.choices).length : 0;
		if (row.type === "choice" && choices < 2)
			ctx.addIssue({ code: "custom", path: ["choices"], message: "reportRequests.form.error.choices" });
		// More options than a field may have are refused at the box, never cut to the first ones.
		if (choices > MAX_CHOICES)
			ctx.addIssue({
				code: "custom",
				path: ["choices"],
				message: `reportRequests.form.error.tooManyChoices#${MAX_CHOICES}`,
			});
		if (row.min !== undefined && row.max !== undefined && row.min > row.max)
			ctx.addIssue({ code: "custom", path: ["max"], message: "reportRequests.form.error.bounds" });
	});

type FieldRow = z.output<typeof fieldRow>;

const choiceTexts = (choices: string | undefined) => [
	...new Set(
		(choices ?? "")
			.split(/[、,，\n]/)
			.map((c) => c.trim())
			.filter(Boolean),
	),
];

export const newRequestSchema = z
	.object({
		title: line(100),
		instructions: optionalParagraphs(4000),
		periodKind: z.enum(periodKindsOfForm),
		periodYear: z.number().int().min(2000).max(2100).optional(),
		periodIndex: z.number().int().min(1).max(12).optional(),
		dueOn: z.iso.date({ error: "form.error.required" }),
		scope: z.enum(scopeKinds).default("children"),
		scopeKinds: choiceList(z.enum(unitKinds), unitKinds.length).default([]),
		unitIds: choiceList(z.uuid(), MAX_UNITS).default([]),
		kind: z.enum(requestKinds).default("form"),
		matterId: z.uuid().optional(),
		recurrence: z.enum(recurrences).default("none"),
		fields: rowList(fieldRow, MAX_FIELDS).default([]),
		// A request passed down (转发): the request this unit received, and the unit that made it.
		forwardedFromId: z.uuid().optional(),
		forwardedFromTenantId: z.uuid().optional(),
	})
	.superRefine((form, ctx) => {
		if (form.periodKind !== "once" && form.periodYear === undefined)
			ctx.addIssue({ code: "custom", path: ["periodYear"], message: "form.error.required" });
		if (form.periodKind === "quarter" && (form.periodIndex ?? 0) > 4)
			ctx.addIssue({ code: "custom", path: ["periodIndex"], message: "form.error.invalid" });
		if ((form.periodKind === "quarter" || form.periodKind === "month") && form.periodIndex === undefined)
			ctx.addIssue({ code: "custom", path: ["periodIndex"], message: "form.error.required" });
		if (form.recurrence !== "none" && form.recurrence !== form.periodKind)
			ctx.addIssue({ code: "custom", path: ["recurrence"], message: "reportRequests.form.error.recurrence" });
		if (form.scope === "kind" && form.scopeKinds.length === 0)
			ctx.addIssue({ code: "custom", path: ["scopeKinds"], message: "form.error.required" });
		if (form.scope === "picked" && form.unitIds.length === 0)
			ctx.addIssue({ code: "custom", path: ["unitIds"], message: "form.error.required" });
		if (form.kind === "form" && !form.fields.some((f) => f.label))
			ctx.addIssue({ code: "custom", path: ["fields"], message: "reportRequests.form.error.noFields" });
	});

type NewRequestForm = z.output<typeof newRequestSchema>;

/** The period the form names: a one-off has none; a year no index. */
export function periodOfForm(form: NewRequestForm) {
	if (form.periodKind === "once") return { kind: "once" as const, year: null, index: null };
	return {
		kind: form.periodKind,
		year: form.periodYear ?? null,
		index: form.periodKind === "year" ? null : (form.periodIndex ?? null),
	};
}

/** The rows with a label, as frozen field definitions (keys f1, f2 … in the order shown). */
export function toFieldDefinitions(rows: readonly FieldRow[]) {
	return rows
		.filter((row) => row.label)
		.map((row, index) => {
			const base = { key: `f${index + 1}`, label: row.label ?? "", required: row.required === "on" };
			switch (row.type) {
				case "integer":
					return {
						...base,
						type: row.type,
						min: row.min ?? null,
						max: row.max ?? null,
						unit: row.unit ?? null,
						growthRatio: 2,
					};
				case "decimal":
					return {
						...base,
						type: row.type,
						min: row.min ?? null,
						max: row.max ?? null,
						unit: row.unit ?? null,
						scale: 2,
						growthRatio: 2,
					};
				case "text":
					return { ...base, type: row.type, maxLength: 500 };
				case "date":
					return { ...base, type: row.type, min: null, max: null };
				case "choice":
					return { ...base, type: row.type, choices: choiceTexts(row.choices) };
				default:
					return { ...base, type: row.type };
			}
		});
}

/** A received request's form as the builder's rows, to pass it on to the units below (转发). */
export function toFieldRows(fields: readonly ReportField[]) {
	return fields.map((f) => ({
		label: f.label,
		type: f.type,
		unit: "unit" in f && f.unit ? f.unit : "",
		required: f.required ? "on" : "",
		min: "min" in f && typeof f.min === "number" ? String(f.min) : "",
		max: "max" in f && typeof f.max === "number" ? String(f.max) : "",
		choices: f.type === "choice" ? f.choices.join("、") : "",
	}));
}
