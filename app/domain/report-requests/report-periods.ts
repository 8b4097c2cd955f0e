import type { Translate } from "#app/i18n/i18n.ts";

/**
 * Report periods (报告期, issue 22 §1 and §6): a one-off request, or the year, quarter or month it
 * reports on. Days are China days, 'YYYY-MM-DD'. Pure.
 */
export const periodKinds = ["once", "year", "quarter", "month"] as const;
export type PeriodKind = (typeof periodKinds)[number];
type RecurringKind = Exclude<PeriodKind, "once">;

/** once: year and index null; year: index null; quarter: index 1–4; month: index 1–12. */
export interface ReportPeriod {
	kind: PeriodKind;
	year: number | null;
	index: number | null;
}

const pad = (n: number) => String(n).padStart(2, "0");
const DAY_MS = 86_400_000;
const addDays = (day: string, days: number) =>
	new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
const lastDayOfMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** The period as stored and keyed (reminder keys, one request per period): once | 2026 | 2026-Q3 | 2026-11. */
export function periodKey(p: ReportPeriod): string {
	switch (p.kind) {
		case "once":
			return "once";
		case "year":
			return String(p.year);
		case "quarter":
			return `${p.year}-Q${p.index}`;
		case "month":
			return `${p.year}-${pad(p.index ?? 0)}`;
	}
}

export function parsePeriodKey(key: string): ReportPeriod | null {
	if (key === "once") return { kind: "once", year: null, index: null };
	let m = /^(\d{4})$/.exec(key);
	if (m) return { kind: "year", year: Number(m[1]), index: null };
	m = /^(\d{4})-Q([1-4])$/.exec(key);
	if (m) return { kind: "quarter", year: Number(m[1]), index: Number(m[2]) };
	m = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(key);
	if (m) return { kind: "month", year: Number(m[1]), index: Number(m[2]) };
	return null;
}

/** 一次性 | 2026年 | 2026年第3季度 | 2026年11月 (English: One-off | 2026 | Q3 2026 | November 2026). */
export function periodLabel(p: ReportPeriod, t: Translate): string {
	switch (p.kind) {
		case "once":
			return t("reportRequests.period.once");
		case "year":
			return t("reportRequests.period.year", { year: p.year ?? 0 });
		case "quarter":
			return t("reportRequests.period.quarter", { year: p.year ?? 0, quarter: p.index ?? 0 });
		case "month":
			return t("reportRequests.period.month", {
				year: p.year ?? 0,
				month: p.index ?? 0,
				monthName: t(`reportRequests.period.monthName.${p.index ?? 1}` as never),
			});
	}
}

/** First and last day (inclusive); null for a one-off request. */
export function periodRange(p: ReportPeriod): { start: string; end: string } | null {
	const year = p.year ?? 0;
	const index = p.index ?? 1;
	switch (p.kind) {
		case "once":
			return null;
		case "year":
			return { start: `${year}-01-01`, end: `${year}-12-31` };
		case "quarter": {
			const first = (index - 1) * 3 + 1;
			return { start: `${year}-${pad(first)}-01`, end: `${year}-${pad(first + 2)}-${lastDayOfMonth(year, first + 2)}` };
		}
		case "month":
			return { start: `${year}-${pad(index)}-01`, end: `${year}-${pad(index)}-${lastDayOfMonth(year, index)}` };
	}
}

export function periodContaining(kind: RecurringKind, day: string): ReportPeriod {
	const year = Number(day.slice(0, 4));
	const month = Number(day.slice(5, 7));
	if (kind === "year") return { kind, year, index: null };
	if (kind === "quarter") return { kind, year, index: Math.ceil(month / 3) };
	return { kind, year, index: month };
}

const step = (p: ReportPeriod, by: 1 | -1): ReportPeriod | null => {
	if (p.kind === "once" || p.year === null) return null;
	if (p.kind === "year") return { kind: "year", year: p.year + by, index: null };
	const count = p.kind === "quarter" ? 4 : 12;
	const zeroBased = (p.index ?? 1) - 1 + by;
	return {
		kind: p.kind,
		year: p.year + Math.floor(zeroBased / count),
		index: (((zeroBased % count) + count) % count) + 1,
	};
};

export function previousPeriod(p: ReportPeriod): ReportPeriod | null {
	return step(p, -1);
}

export function nextPeriod(p: ReportPeriod): ReportPeriod | null {
	return step(p, 1);
}

/** The day after the period ends: the recurring job sends that period's request then. Null for once. */
export function releaseOn(p: ReportPeriod): string | null {
	const range = periodRange(p);
	return range ? addDays(range.end, 1) : null;
}

/**
 * The usual deadline (统计报表 practice): a month by the 10th of the next month, a quarter by the
 * 15th of the month after it, a year by 31 January; a one-off request two weeks from today.
 */
export function defaultDueOn(p: ReportPeriod, today: string): string {
	const range = periodRange(p);
	if (!range) return addDays(today, 14);
	const after = addDays(range.end, 1);
	if (p.kind === "year") return `${after.slice(0, 4)}-01-31`;
	return `${after.slice(0, 8)}${p.kind === "month" ? "10" : "15"}`;
}

/**
 * The recurring job: given the last period a request was made for, the next period whose release
 * day has come (≤ today), or null. One period at a time: a job that was down for months catches up
 * one period per run rather than sending a burst.
 */
export function recurringPeriodDue(last: ReportPeriod, today: string): ReportPeriod | null {
	const next = nextPeriod(last);
	if (!next) return null;
	const release = releaseOn(next);
	return release !== null && release <= today ? next : null;
}

/** Choices for the new-request form: the period containing today and the four before it (newest first). */
export function periodOptions(kind: PeriodKind, today: string): ReportPeriod[] {
	if (kind === "once") return [{ kind: "once", year: null, index: null }];
	let period = periodContaining(kind, today);
	const options = [period];
	for (let i = 0; i < 4; i++) {
		period = step(period, -1) as ReportPeriod;
		options.push(period);
	}
	return options;
}
