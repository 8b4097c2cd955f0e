import { describe, expect, it } from "vitest";
import { shownWorkbench } from "#app/domain/workbench/shown-workbench.ts";
import { item } from "#app/domain/workbench/workbench-item.ts";
import { type WorkbenchGroup, workbenchGroups } from "#app/domain/workbench/workbench-rules.ts";

const items = (n: number) =>
	Array.from({ length: n }, (_, i) => item(`r${i}`, `report-requests/${i}`, `报送${i}`, "", {}));
const empty = () => Object.fromEntries(workbenchGroups.map((g) => [g, null])) as Record<WorkbenchGroup, null>;

describe("the 工作台 as the home shows it", () => {
	it("a group's first eight items in its own order, and how many it holds", () => {
		const shown = shownWorkbench({ ...empty(), reportReview: items(312), opinions: items(3), topics: [] });
		expect(shown.reportReview?.count).toBe(312);
		expect(shown.reportReview?.items.map((i) => i.id)).toEqual(["r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7"]);
		expect(shown.opinions).toEqual({ items: items(3), count: 3 });
		expect(shown.topics).toEqual({ items: [], count: 0 });
		// A group the person's roles do not act on stays absent.
		expect(shown.meetings).toBeNull();
	});
});
