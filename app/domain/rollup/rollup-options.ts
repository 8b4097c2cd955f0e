/** The units a page of the statistics may list; the first is the default. */
export const ROLLUP_PAGE_SIZES = [20, 50, 100] as const;

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
