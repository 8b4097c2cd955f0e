import { describe, expect, it } from "vitest";
import { type ReportField, reportFieldListSchema } from "#app/domain/report-requests/report-fields.ts";
import { summariseSubmissions } from "#app/domain/report-requests/report-summary.ts";

const fields = reportFieldListSchema.parse([
	{ key: "cases", label: "案件", type: "integer" },
	{ key: "amount", label: "金额", type: "decimal", scale: 1 },
	{ key: "level", label: "落实情况", type: "choice", choices: ["好", "一般"] },
	{ key: "system", label: "建立制度", type: "yes_no" },
	{ key: "note", label: "说明", type: "text" },
]) as ReportField[];

// 灵宝市 reports for itself and its association (grouped under 灵宝市); 陕州区 alone.
const rows = [
	{
		unitId: "lb",
		unitName: "灵宝市",
		groupId: "lb",
		groupName: "灵宝市",
		values: { cases: 3, amount: 0.1, level: "好", system: true, note: "有" },
	},
	{
		unitId: "lb-a",
		unitName: "灵宝市总工会协会",
		groupId: "lb",
		groupName: "灵宝市",
		values: { cases: 4, amount: 0.2, level: "一般", system: false, note: null },
	},
	{
		unitId: "sz",
		unitName: "陕州区",
		groupId: "sz",
		groupName: "陕州区",
		values: { cases: null, amount: 1.4, level: "好", system: true, note: "" },
	},
];

describe("summing up submissions", () => {
	it("sums and averages numbers (without float drift), counts choices and yes/no, per group and overall", () => {
		const { groups, overall } = summariseSubmissions(fields, rows);
		expect(groups.map((g) => [g.groupName, g.units])).toEqual([
			["灵宝市", 2],
			["陕州区", 1],
		]);
		expect(groups[0]?.fields).toEqual({
			cases: { kind: "numeric", sum: 7, avg: 3.5, count: 2 },
			amount: { kind: "numeric", sum: 0.3, avg: 0.15, count: 2 },
			level: {
				kind: "counts",
				counts: [
					{ option: "好", count: 1 },
					{ option: "一般", count: 1 },
				],
				count: 2,
			},
			system: {
				kind: "counts",
				counts: [
					{ option: "yes", count: 1 },
					{ option: "no", count: 1 },
				],
				count: 2,
			},
			note: { kind: "none", count: 1 },
		});
		expect(overall.units).toBe(3);
		expect(overall.fields.cases).toEqual({ kind: "numeric", sum: 7, avg: 3.5, count: 2 });
		expect(overall.fields.amount).toEqual({ kind: "numeric", sum: 1.7, avg: 0.567, count: 3 });
		expect(overall.fields.system).toEqual({
			kind: "counts",
			counts: [
				{ option: "yes", count: 2 },
				{ option: "no", count: 1 },
			],
			count: 3,
		});
	});

	it("has nothing to average when nobody answered", () => {
		const { groups, overall } = summariseSubmissions(fields, []);
		expect(groups).toEqual([]);
		expect(overall.fields.cases).toEqual({ kind: "numeric", sum: 0, avg: null, count: 0 });
	});
});
