import { describe, expect, it } from "vitest";
import { categoryBars, lineChart, unitBars } from "#app/domain/rollup/rollup-charts.server.ts";

/** Every font size an SVG's text is drawn at. */
const fontSizes = (svg: string) =>
	[...svg.matchAll(/<text[^>]*font-size="(\d+(?:\.\d+)?)px"/g)].map((m) => Number(m[1]));
const widthOf = (svg: string) => Number(/<svg[^>]*\swidth="(\d+)"/.exec(svg)?.[1]);

/** The charts' SVG is kept by everything that went into it (ADR 0009): same data, same chart; other data, its own. */
describe("kept charts", () => {
	it("draw the same figures once and other figures anew", () => {
		const first = categoryBars(["渑池县", "卢氏县"], [3, 5]);
		expect(categoryBars(["渑池县", "卢氏县"], [3, 5])).toStrictEqual(first);
		expect(categoryBars(["渑池县", "卢氏县"], [3, 5]).wide).toBe(first.wide);
		const otherNumbers = categoryBars(["渑池县", "卢氏县"], [3, 6]);
		const otherUnits = categoryBars(["湖滨区", "陕州区"], [3, 5]);
		expect(otherNumbers.wide).not.toBe(first.wide);
		expect(otherUnits.narrow).not.toBe(first.narrow);
		// Each shows its own labels and never another's.
		expect(otherUnits.wide).toContain("湖滨区");
		expect(otherUnits.wide).not.toContain("渑池县");
		expect(first.narrow).toContain("渑池县");
		expect(first.narrow).not.toContain("湖滨区");
	});

	it("stay bounded: many different charts still each show their own data", () => {
		const drawn = Array.from(
			// Two drawings each: more than the 128 kept.
			{ length: 70 },
			(_, i) => [i, lineChart(["2024", "2025"], [{ name: `单位${i}`, data: [i, i + 1] }])] as const,
		);
		for (const [i, svg] of drawn) expect(svg.wide).toContain(`单位${i}`);
		expect(lineChart(["2024", "2025"], [{ name: "单位7", data: [7, 8] }]).narrow).toContain("单位7");
	}, 60_000);
});

describe("readable charts", () => {
	const units = [
		"城乡一体化示范区",
		"市住房和城乡建设局",
		"市快递行业协会",
		"灵宝市（本级）",
		"湖滨区",
		"陕州区",
		"渑池县",
	];
	const matters = unitBars(units, [
		{ name: "已办结", color: "#15803d", data: [1, 2, 3, 4, 5, 6, 7] },
		{ name: "逾期", color: "#b91c1c", data: [0, 1, 0, 1, 0, 1, 0] },
	]);

	it("draw their text at 13 px, for a phone 320 px wide and for a wider screen 600 px wide", () => {
		for (const svg of [matters.narrow, matters.wide, lineChart(["2025"], [{ name: "单位数", data: [3] }]).narrow]) {
			const sizes = fontSizes(svg);
			expect(sizes.length).toBeGreaterThan(5);
			expect(Math.min(...sizes)).toBe(13);
		}
		expect([widthOf(matters.narrow), widthOf(matters.wide)]).toEqual([320, 600]);
	});

	it("name every unit in full, read across (never slanted), one bar per unit", () => {
		for (const svg of [matters.narrow, matters.wide]) {
			const labels = [...svg.matchAll(/<text[^>]*>([^<]+)<\/text>/g)].map((m) => m[1]);
			for (const unit of ["城乡一体化示范区", "市快递行业协会", "灵宝市（本级）", "湖滨区"])
				expect(labels).toContain(unit);
			expect(svg).not.toMatch(/<text[^>]*rotate\(/);
		}
		// The chart grows with the units: more units, a taller drawing.
		const twice = unitBars([...units, ...units.map((u) => `${u}2`)], [{ name: "已办结", color: "#15803d", data: [] }]);
		const height = (svg: string) => Number(/<svg[^>]*\sheight="(\d+)"/.exec(svg)?.[1]);
		expect(height(twice.wide)).toBeGreaterThan(height(matters.wide));
	});

	it("categories by name", () => {
		const svg = categoryBars(["通报事项", "产业工人队伍建设改革"], [2, 1]).wide;
		expect(svg).toContain("通报事项");
		expect(svg).toContain("产业工人队伍建设改革");
		expect(svg).not.toContain("第1类");
	});
});
