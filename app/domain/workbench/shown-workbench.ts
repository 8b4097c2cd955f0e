import type { WorkbenchItem } from "./workbench-item.ts";
import { type WorkbenchGroup, workbenchGroups } from "./workbench-rules.ts";

/** How many items of a group the home lists; the group's own page lists them all. */
export const SHOWN_PER_GROUP = 8;

/** Where every item of a group can be found (relative to /t/<slug>/), for the home's "all N" link. */
export const groupListPath = {
	requests: "meetings",
	reportFill: "report-requests",
	reportApprove: "report-requests",
	reportReview: "report-requests",
	topics: "meetings",
	opinions: "opinions",
	minutes: "meetings",
	progress: "matters",
	verify: "matters",
	replies: "matters",
	extensions: "matters",
	meetings: "meetings",
	liaisons: "departments",
} as const satisfies Record<WorkbenchGroup, string>;

export type ShownWorkbench = Record<WorkbenchGroup, { items: WorkbenchItem[]; count: number } | null>;

/**
 * The 工作台 as the home shows it: each group's first items (its own order: oldest or most overdue
 * first) and how many it holds, so that a unit with hundreds of reports to review gets a short list
 * and a count, not a page of hundreds of rows (issue #25).
 */
export function shownWorkbench(
	bench: Record<WorkbenchGroup, WorkbenchItem[] | null>,
	/** Groups read only as far as the home lists them, with how many they hold. */
	totals: Partial<Record<WorkbenchGroup, number>> = {},
): ShownWorkbench {
	return Object.fromEntries(
		workbenchGroups.map((group) => {
			const items = bench[group];
			return [group, items ? { items: items.slice(0, SHOWN_PER_GROUP), count: totals[group] ?? items.length } : null];
		}),
	) as ShownWorkbench;
}
