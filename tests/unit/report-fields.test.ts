import { describe, expect, it } from "vitest";
import {
	changedFields,
	checkSubmission,
	explanationMaxLength,
	formatFieldValue,
	parseFieldInput,
	parseSubmissionForm,
	type ReportField,
	type ReportFieldType,
	reportFieldListSchema,
	reportFieldSchema,
	reportFieldTypes,
} from "#app/domain/report-requests/report-fields.ts";
import { translator } from "#app/i18n/i18n.ts";

const t = translator("zh-CN");
const fields = reportFieldListSchema.parse([
	{
		key: "cases",
		label: "协调欠薪案件",
		type: "integer",
		required: true,
		min: 0,
		max: 10000,
		unit: "件",
		growthRatio: 2,
	},
	{ key: "amount", label: "追回金额", type: "decimal", required: false, min: 0, unit: "万元", scale: 2 },
	{ key: "note", label: "情况说明", type: "text", maxLength: 10 },
	{ key: "held", label: "召开日期", type: "date", min: "2026-01-01", max: "2026-12-31" },
	{ key: "level", label: "落实情况", type: "choice", required: true, choices: ["好", "较好", "一般"] },
	{ key: "system", label: "建立制度", type: "yes_no" },
	{ key: "proof", label: "佐证材料", type: "file" },
]) as ReportField[];
const field = (key: string) => fields.find((f) => f.key === key) as ReportField;

describe("a report request's field definitions", () => {
	it("fills the defaults and refuses duplicate keys, bad bounds and repeated choices", () => {
		expect(field("amount")).toEqual({
			key: "amount",
			label: "追回金额",
			type: "decimal",
			required: false,
			min: 0,
			max: null,
			unit: "万元",
			scale: 2,
			growthRatio: null,
		});
		expect(field("note")).toMatchObject({ required: false, maxLength: 10 });
		const twice = [
			{ key: "a", label: "甲", type: "yes_no" },
			{ key: "a", label: "乙", type: "yes_no" },
		];
		expect(reportFieldListSchema.safeParse(twice).error?.issues[0]?.message).toBe("reportRequests.check.keysUnique");
		const upsideDown = [{ key: "a", label: "甲", type: "integer", min: 5, max: 1 }];
		expect(reportFieldListSchema.safeParse(upsideDown).error?.issues[0]?.message).toBe(
			"reportRequests.check.boundsOrder",
		);
		const repeated = [{ key: "a", label: "甲", type: "choice", choices: ["是", "是"] }];
		expect(reportFieldListSchema.safeParse(repeated).success).toBe(false);
		expect(reportFieldListSchema.safeParse([]).success).toBe(false);
		expect(reportFieldListSchema.safeParse([{ key: "A b", label: "甲", type: "text" }]).success).toBe(false);
	});
});

describe("the field types", () => {
	it("are the issue's seven, each named in both languages", () => {
		const types: readonly ReportFieldType[] = reportFieldTypes;
		expect(
			types.map((type) => [
				type,
				t(`reportRequests.fieldType.${type}`),
				translator("en")(`reportRequests.fieldType.${type}`),
			]),
		).toEqual([
			["integer", "整数", "Whole number"],
			["decimal", "小数", "Decimal"],
			["text", "文字", "Text"],
			["date", "日期", "Date"],
			["choice", "单选", "Single choice"],
			["yes_no", "是/否", "Yes/no"],
			["file", "附件", "File"],
		]);
		expect(reportFieldSchema.parse({ key: "a", label: " 甲 ", type: "yes_no" })).toEqual({
			key: "a",
			label: "甲",
			type: "yes_no",
			required: false,
		});
		expect(reportFieldSchema.safeParse({ key: "a", label: "甲", type: "money" }).success).toBe(false);
	});
});

describe("parsing one input (a form field or an Excel cell)", () => {
	const cases: [key: string, raw: string, expected: unknown][] = [
		["cases", " 1,234 ", { value: 1234 }],
		["cases", "", { value: null }],
		["cases", "1,2,3", { error: { code: "integer", message: "reportRequests.check.integer" } }],
		["cases", "1 234", { error: { code: "integer", message: "reportRequests.check.integer" } }],
		["amount", "1,234.5", { value: 1234.5 }],
		["cases", "12.5", { error: { code: "integer", message: "reportRequests.check.integer" } }],
		["cases", "十二", { error: { code: "integer", message: "reportRequests.check.integer" } }],
		["cases", "-1", { error: { code: "min", message: "reportRequests.check.min", params: { min: 0 } } }],
		["cases", "10001", { error: { code: "max", message: "reportRequests.check.max", params: { max: 10000 } } }],
		["amount", "12.50", { value: 12.5 }],
		["amount", "12.505", { error: { code: "scale", message: "reportRequests.check.scale", params: { scale: 2 } } }],
		["amount", "1e3", { error: { code: "decimal", message: "reportRequests.check.decimal" } }],
		["note", "十个字以内的说明", { value: "十个字以内的说明" }],
		[
			"note",
			"这一段说明超过了十个字",
			{ error: { code: "maxLength", message: "reportRequests.check.maxLength", params: { max: 10 } } },
		],
		["held", "2026/3/5", { value: "2026-03-05" }],
		["held", "2026年11月20日", { value: "2026-11-20" }],
		["held", "2026-02-30", { error: { code: "date", message: "reportRequests.check.date" } }],
		[
			"held",
			"2025-12-31",
			{ error: { code: "dateMin", message: "reportRequests.check.dateMin", params: { min: "2026-01-01" } } },
		],
		["level", "较好", { value: "较好" }],
		["level", "很好", { error: { code: "choice", message: "reportRequests.check.choice" } }],
		["system", "是", { value: true }],
		["system", "否", { value: false }],
		["system", "TRUE", { value: true }],
		["system", "也许", { error: { code: "yesNo", message: "reportRequests.check.yesNo" } }],
	];
	it.each(cases)("%s ← %j", (key, raw, expected) => {
		expect(parseFieldInput(field(key), raw)).toEqual(expected);
	});
});

describe("checking a submission", () => {
	const complete = { cases: 30, amount: 12.5, note: null, held: null, level: "好", system: true, proof: null };

	it("blocks on a missing required field and a value of the wrong kind", () => {
		const check = checkSubmission(fields, { ...complete, cases: null, level: "很好" });
		expect(check.errors).toEqual({
			cases: { code: "required", message: "reportRequests.check.required" },
			level: { code: "choice", message: "reportRequests.check.choice" },
		});
		expect(check.ok).toBe(false);
	});

	it("asks for an explanation when a figure is more than twice last period's, or under half of it", () => {
		const up = checkSubmission(fields, { ...complete, cases: 61 }, { cases: 30 });
		expect(up.warnings).toEqual({
			cases: { code: "growthUp", message: "reportRequests.check.growthUp", params: { previous: 30, ratio: 2 } },
		});
		expect(up.unexplained).toEqual(["cases"]);
		expect(up.ok).toBe(false);
		expect(checkSubmission(fields, { ...complete, cases: 60 }, { cases: 30 }).ok).toBe(true);
		expect(checkSubmission(fields, { ...complete, cases: 14 }, { cases: 30 }).warnings.cases?.code).toBe("growthDown");
		expect(checkSubmission(fields, { ...complete, cases: 15 }, { cases: 30 }).ok).toBe(true);
		const explained = checkSubmission(fields, { ...complete, cases: 61 }, { cases: 30 }, { cases: "集中开展专项行动" });
		expect(explained.unexplained).toEqual([]);
		expect(explained.ok).toBe(true);
		// Without a last period there is nothing to compare with; a blank explanation explains nothing.
		expect(checkSubmission(fields, { ...complete, cases: 9000 }, null).ok).toBe(true);
		expect(checkSubmission(fields, { ...complete, cases: 61 }, { cases: 30 }, { cases: "  " }).ok).toBe(false);
		const long = checkSubmission(fields, complete, null, { cases: "说".repeat(explanationMaxLength + 1) });
		expect(long.errors).toEqual({
			cases: { code: "explanationLength", message: "reportRequests.check.explanationLength", params: { max: 500 } },
		});
	});
});

describe("a posted fill form", () => {
	it("parses every field, keeps what was typed and reports what does not parse", () => {
		const form = new URLSearchParams({
			"value.cases": "12a",
			"value.amount": "3.5",
			"value.note": "",
			"value.held": "2026-06-01",
			"value.level": "一般",
			"value.system": "否",
			"explain.cases": " 新增专项 ",
		});
		const parsed = parseSubmissionForm(fields, form, { proof: { fileId: "f-1", name: "纪要.pdf" } });
		expect(parsed.values).toEqual({
			amount: 3.5,
			note: null,
			held: "2026-06-01",
			level: "一般",
			system: false,
			proof: { fileId: "f-1", name: "纪要.pdf" },
		});
		expect(parsed.errors).toEqual({ cases: { code: "integer", message: "reportRequests.check.integer" } });
		expect(parsed.raw.cases).toBe("12a");
		expect(parsed.explanations).toEqual({ cases: "新增专项" });
	});
});

describe("values as text and the resubmission's difference", () => {
	it("formats with units, scale and 是/否", () => {
		expect(formatFieldValue(field("amount"), 12.5, t)).toBe("12.50 万元");
		expect(formatFieldValue(field("cases"), 30, t)).toBe("30 件");
		expect(formatFieldValue(field("system"), false, t)).toBe("否");
		expect(formatFieldValue(field("system"), true, translator("en"))).toBe("Yes");
		expect(formatFieldValue(field("proof"), { fileId: "f", name: "a.pdf" }, t)).toBe("a.pdf");
		expect(formatFieldValue(field("note"), null, t)).toBe("");
	});

	it("lists the fields that changed, in form order", () => {
		const before = { cases: 30, amount: 12.5, note: "", level: "好", proof: { fileId: "f-1", name: "a.pdf" } };
		const after = { cases: 31, amount: 12.5, note: null, level: "较好", proof: { fileId: "f-2", name: "a.pdf" } };
		expect(changedFields(fields, before, after)).toEqual(["cases", "level", "proof"]);
		expect(changedFields(fields, before, before)).toEqual([]);
	});
});
