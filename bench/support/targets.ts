/** The targets (issue 25), printed beside each figure by `npm run bench`. */
export const targets = {
	/** A page's throughput against baseline B's for the same page, measured in the same rounds. */
	pageVsB: 0.5,
	/** The meeting page's statements as the app role under the policies against the owner. */
	rlsOnOff: 1.25,
	/** The embedded default's peak RSS after 1,000 page views, in MB. */
	pgliteMb: 400,
	/** The statistics page at 1,011 children against 11 (p50 at one connection). */
	rollupGrowth: 1.5,
} as const;

/** "0.52 (target ≥ 0.50: met)": a figure, its target and whether it holds; `unit` after each number. */
export function against(figure: number, comparison: "≥" | "≤", target: number, digits = 2, unit = ""): string {
	const met = comparison === "≥" ? figure >= target : figure <= target;
	return `${figure.toFixed(digits)}${unit} (target ${comparison} ${target.toFixed(digits)}${unit}: ${met ? "met" : "NOT met"})`;
}

export function median(values: number[]): number {
	const sorted = [...values].sort((x, y) => x - y);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** "0.41–0.52": the lowest and highest of a measure's rounds, printed beside their median. */
export function range(values: number[]): string {
	return `${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)}`;
}
