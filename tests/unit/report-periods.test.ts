import { describe, expect, it } from "vitest";
import {
	defaultDueOn,
	nextPeriod,
	type PeriodKind,
	parsePeriodKey,
	periodContaining,
	periodKey,
	periodKinds,
	periodLabel,
	periodOptions,
	periodRange,
	previousPeriod,
	type ReportPeriod,
	recurringPeriodDue,
	releaseOn,
} from "#app/domain/report-requests/report-periods.ts";
import { reportReminderDue, reportReminderKey } from "#app/domain/report-requests/report-reminder-days.ts";
import { translator } from "#app/i18n/i18n.ts";

const zh = translator("zh-CN");
const en = translator("en");
const once: ReportPeriod = { kind: "once", year: null, index: null };
const y2026: ReportPeriod = { kind: "year", year: 2026, index: null };
const q3: ReportPeriod = { kind: "quarter", year: 2026, index: 3 };
const q4: ReportPeriod = { kind: "quarter", year: 2026, index: 4 };
const nov: ReportPeriod = { kind: "month", year: 2026, index: 11 };
const dec: ReportPeriod = { kind: "month", year: 2026, index: 12 };

describe("report periods", () => {
	it("are one-off, yearly, quarterly or monthly", () => {
		const kinds: readonly PeriodKind[] = periodKinds;
		expect(kinds).toEqual(["once", "year", "quarter", "month"]);
	});

	it("keys, labels and ranges", () => {
		const rows: [ReportPeriod, string, string, string, { start: string; end: string } | null][] = [
			[once, "once", "一次性", "One-off", null],
			[y2026, "2026", "2026年", "2026", { start: "2026-01-01", end: "2026-12-31" }],
			[q3, "2026-Q3", "2026年第3季度", "Q3 2026", { start: "2026-07-01", end: "2026-09-30" }],
			[
				{ kind: "quarter", year: 2028, index: 1 },
				"2028-Q1",
				"2028年第1季度",
				"Q1 2028",
				{ start: "2028-01-01", end: "2028-03-31" },
			],
			[nov, "2026-11", "2026年11月", "November 2026", { start: "2026-11-01", end: "2026-11-30" }],
			[
				{ kind: "month", year: 2028, index: 2 },
				"2028-02",
				"2028年2月",
				"February 2028",
				{ start: "2028-02-01", end: "2028-02-29" },
			],
		];
		for (const [period, key, zhLabel, enLabel, range] of rows) {
			expect(periodKey(period)).toBe(key);
			expect(parsePeriodKey(key)).toEqual(period);
			expect(periodLabel(period, zh)).toBe(zhLabel);
			expect(periodLabel(period, en)).toBe(enLabel);
			expect(periodRange(period)).toEqual(range);
		}
		expect(parsePeriodKey("2026-Q5")).toBeNull();
		expect(parsePeriodKey("2026-13")).toBeNull();
		expect(parsePeriodKey("")).toBeNull();
	});

	it("steps across year ends", () => {
		expect(nextPeriod(q4)).toEqual({ kind: "quarter", year: 2027, index: 1 });
		expect(previousPeriod({ kind: "quarter", year: 2027, index: 1 })).toEqual(q4);
		expect(nextPeriod(dec)).toEqual({ kind: "month", year: 2027, index: 1 });
		expect(previousPeriod({ kind: "month", year: 2027, index: 1 })).toEqual(dec);
		expect(nextPeriod(y2026)).toEqual({ kind: "year", year: 2027, index: null });
		expect(nextPeriod(once)).toBeNull();
		expect(periodContaining("quarter", "2026-12-05")).toEqual(q4);
		expect(periodContaining("month", "2026-12-05")).toEqual(dec);
		expect(periodContaining("year", "2026-12-05")).toEqual(y2026);
	});

	it("release days and default deadlines", () => {
		expect(releaseOn(q3)).toBe("2026-10-01");
		expect(releaseOn(dec)).toBe("2027-01-01");
		expect(releaseOn(once)).toBeNull();
		expect(defaultDueOn(q3, "2026-10-01")).toBe("2026-10-15");
		expect(defaultDueOn(q4, "2026-12-05")).toBe("2027-01-15");
		expect(defaultDueOn(nov, "2026-12-01")).toBe("2026-12-10");
		expect(defaultDueOn(y2026, "2026-12-05")).toBe("2027-01-31");
		expect(defaultDueOn(once, "2026-12-25")).toBe("2027-01-08");
	});

	it("the recurring job makes the next period's request once that period has ended", () => {
		expect(recurringPeriodDue(q3, "2026-12-31")).toBeNull();
		expect(recurringPeriodDue(q3, "2027-01-01")).toEqual(q4);
		// A job down for months catches up one period per run.
		expect(recurringPeriodDue(q3, "2027-09-01")).toEqual(q4);
		expect(recurringPeriodDue(nov, "2026-12-31")).toBeNull();
		expect(recurringPeriodDue(nov, "2027-01-01")).toEqual(dec);
		expect(recurringPeriodDue(once, "2030-01-01")).toBeNull();
	});

	it("offers the current period and the four before it", () => {
		expect(periodOptions("quarter", "2026-02-10").map(periodKey)).toEqual([
			"2026-Q1",
			"2025-Q4",
			"2025-Q3",
			"2025-Q2",
			"2025-Q1",
		]);
		expect(periodOptions("once", "2026-02-10").map(periodKey)).toEqual(["once"]);
	});
});

describe("report reminder days", () => {
	it("3 days and 1 day before, on the day, then every 7 days after (China days)", () => {
		const due = "2026-12-15";
		const days: [string, string | null][] = [
			["2026-12-11", null],
			["2026-12-12", "d-3"],
			["2026-12-13", null],
			["2026-12-14", "d-1"],
			["2026-12-15", "d0"],
			["2026-12-16", null],
			["2026-12-21", null],
			["2026-12-22", "d+7"],
			["2026-12-29", "d+14"],
			["2027-01-05", "d+21"],
			["2027-01-06", null],
		];
		expect(days.map(([today]) => [today, reportReminderDue(due, today)?.key ?? null])).toEqual(days);
		expect(reportReminderDue(due, "2026-12-29")).toEqual({ step: "overdue", daysLate: 14, key: "d+14" });
		expect(reportReminderDue(due, "2026-12-12")).toEqual({ step: "before3", daysLate: 0, key: "d-3" });
		expect(reportReminderDue("2027-03-01", "2027-02-26")?.step).toBe("before3");
	});

	it("keys one reminder per request, unit, period and step", () => {
		const due = reportReminderDue("2026-12-15", "2026-12-14");
		expect(due && reportReminderKey("req-1", "unit-2", "2026-Q4", due)).toBe("report:req-1:unit-2:2026-Q4:d-1");
	});
});
