import { describe, expect, it } from "vitest";
import { bars, lineChart } from "#app/domain/rollup/rollup-charts.server.ts";

/** The charts' SVG is kept by everything that went into it (ADR 0009): same data, same chart; other data, its own. */
describe("kept charts", () => {
	it("draw the same figures once and other figures anew", () => {
		const first = bars(["渑池县", "卢氏县"], [3, 5]);
		expect(bars(["渑池县", "卢氏县"], [3, 5])).toBe(first);
		const otherNumbers = bars(["渑池县", "卢氏县"], [3, 6]);
		const otherUnits = bars(["湖滨区", "陕州区"], [3, 5]);
		expect(otherNumbers).not.toBe(first);
		expect(otherUnits).not.toBe(first);
		// Each shows its own labels and never another's.
		expect(otherUnits).toContain("湖滨区");
		expect(otherUnits).not.toContain("渑池县");
		expect(first).toContain("渑池县");
		expect(first).not.toContain("湖滨区");
	});

	it("stay bounded: many different charts still each show their own data", () => {
		const drawn = Array.from(
			{ length: 200 },
			(_, i) => [i, lineChart(["2024", "2025"], [{ name: `单位${i}`, data: [i, i + 1] }])] as const,
		);
		for (const [i, svg] of drawn) expect(svg).toContain(`单位${i}`);
		expect(lineChart(["2024", "2025"], [{ name: "单位7", data: [7, 8] }])).toContain("单位7");
	});
});
