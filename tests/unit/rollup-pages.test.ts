import { describe, expect, it } from "vitest";
import type { UnitFigures } from "#app/domain/rollup/rollup-figures.server.ts";
import { rollupPage } from "#app/domain/rollup/rollup-pages.ts";

const unit = (name: string, over: Partial<UnitFigures> = {}) =>
	({ name, flags: [], mattersOverdue: 0, matters: 0, ...over }) as UnitFigures;

describe("statistics pages: ordered and paged in the domain", () => {
	it("keeps the tree's order when every unit fits one page", () => {
		const rows = [unit("乙"), unit("甲", { flags: ["noSystem"] })];
		expect(rollupPage(rows, 1)).toMatchObject({ shown: rows, page: { number: 1, pages: 1, units: 2 } });
	});

	it("a large tree: flags, then overdue, then matters, then name; 50 a page; the page clamped", () => {
		const rows = Array.from({ length: 120 }, (_, i) => unit(`单位${String(i).padStart(3, "0")}`));
		rows[110] = unit("逾期多", { mattersOverdue: 3 });
		rows[111] = unit("有标记", { flags: ["overdueMatters"] });
		rows[112] = unit("事项多", { matters: 9 });
		const first = rollupPage(rows, 1);
		expect(first.page).toEqual({ number: 1, pages: 3, units: 120 });
		expect(first.shown.slice(0, 4).map((r) => r.name)).toEqual(["有标记", "逾期多", "事项多", "单位000"]);
		expect(first.shown).toHaveLength(50);
		expect(rollupPage(rows, 3).shown).toHaveLength(20);
		expect(rollupPage(rows, 99).page.number).toBe(3);
		expect(rollupPage(rows, -4).page.number).toBe(1);
		expect(rollupPage(rows, Number.NaN).page.number).toBe(1);
	});
});
