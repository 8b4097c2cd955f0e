import { describe, expect, it } from "vitest";
import { pageGoesAsHtml, rollupCharts } from "#app/domain/rollup/rollup-chart-data.server.ts";
import { totalOf } from "#app/domain/rollup/rollup-figures.server.ts";
import { translator } from "#app/i18n/i18n.ts";

const input = {
	year: 2026,
	rows: [],
	total: totalOf([]),
	trends: [
		{ year: 2025, units: 7, withSystem: 4, regularHeld: 3 },
		{ year: 2026, units: 7, withSystem: 6, regularHeld: 5 },
	],
};

/** A chart's SVG goes out once: in the HTML of a page sent as HTML, in the data of a page the browser draws. */
describe("the statistics page's charts", () => {
	it("tell a page sent as HTML from the data React Router fetches for the browser to draw", () => {
		expect(pageGoesAsHtml(new Request("http://x/t/smx/reports?year=2024"))).toBe(true);
		expect(pageGoesAsHtml(new Request("http://x/t/smx/reports.data?year=2024&_routes=routes%2Freports"))).toBe(false);
	});

	it("in HTML: the server's render has the drawings, the data sent with the page does not", () => {
		const charts = rollupCharts(translator("zh-CN"), { ...input, inHtml: true });
		expect(charts.map((c) => c.id)).toEqual(["adoption", "meetings", "matters", "topics"]);
		for (const chart of charts) {
			expect(chart.svg?.wide).toMatch(/^<svg [^>]*width="600"/);
			expect(chart.svg?.narrow).toMatch(/^<svg [^>]*width="320"/);
		}
		// What turbo-stream (and JSON) write: own enumerable properties, so no drawing, but the rest.
		const sent = JSON.stringify(charts);
		expect(sent).not.toContain("<svg");
		expect(sent).toContain("议题类别分布");
		expect(Object.keys(charts[0] ?? {}).sort()).toEqual(["id", "summary", "table", "title"]);
	});

	it("as data: the drawings go with it", () => {
		const sent = JSON.stringify(rollupCharts(translator("zh-CN"), input));
		expect(sent.match(/<svg /g)).toHaveLength(8);
	});
});
