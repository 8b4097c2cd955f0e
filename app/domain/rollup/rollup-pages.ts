import type { UnitFigures } from "./rollup-figures.server.ts";

/** How many units one page of the statistics lists. */
const ROLLUP_PAGE_SIZE = 50;

/** Units that need attention first (more flags, more overdue matters, more matters), then by name. */
const byAttention = (a: UnitFigures, b: UnitFigures) =>
	b.flags.length - a.flags.length ||
	b.mattersOverdue - a.mattersOverdue ||
	b.matters - a.matters ||
	a.name.localeCompare(b.name);

/**
 * A large tree is read a page of units at a time, those that need attention first; a tree that fits
 * one page keeps the order of the tree. `requested` is the page asked for (clamped to the pages there are).
 */
export function rollupPage(rows: UnitFigures[], requested: number) {
	const ordered = rows.length > ROLLUP_PAGE_SIZE ? [...rows].sort(byAttention) : rows;
	const pages = Math.max(1, Math.ceil(ordered.length / ROLLUP_PAGE_SIZE));
	const number = Math.min(pages, Math.max(1, Number.isFinite(requested) ? Math.trunc(requested) : 1));
	return {
		ordered,
		shown: ordered.slice((number - 1) * ROLLUP_PAGE_SIZE, number * ROLLUP_PAGE_SIZE),
		page: { number, pages, units: ordered.length },
	};
}

/** How many years back the year selectors offer (the scale demo keeps ten years of history). */
const YEARS_OFFERED = 10;

/**
 * The statistics' years from what was asked and today (a China-time day): the year shown (this year
 * by default, never a later one), the trend's first year (three years before by default, never after
 * the year shown), and the years the selectors offer — newest first, ending at this year.
 */
export function reportYears(today: string, asked: { year?: number; from?: number }) {
	const current = Number(today.slice(0, 4));
	const year = Math.min(asked.year ?? current, current);
	const from = Math.min(asked.from ?? year - 3, year);
	const oldest = Math.min(from, current - YEARS_OFFERED + 1);
	return { year, from, options: Array.from({ length: current - oldest + 1 }, (_, i) => current - i) };
}
