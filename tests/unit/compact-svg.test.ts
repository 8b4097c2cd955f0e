import { describe, expect, it } from "vitest";
import { compactSvg } from "#app/domain/rollup/compact-svg.server.ts";
import { categoryBars, lineChart, unitBars } from "#app/domain/rollup/rollup-charts.server.ts";

/** What ECharts' SSR writes, cut down to one of each kind of element the charts draw. */
const echartsOutput = `<svg width="320" height="260" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1" baseProfile="full" viewBox="0 0 320 260">
<style>.zr0-cls-0:hover { cursor:pointer; }</style>
<rect width="320" height="260" x="0" y="0" fill="none"></rect>
<path d="M30.6 231.5L296 231.5" fill="none" pointer-events="visible" stroke="#dbdee4" class="zr0-cls-0"></path>
<path d="M30.6 205.5L296 205.5" fill="none" pointer-events="visible" stroke="#dbdee4" class="zr0-cls-0"></path>
<path d="M-1 0.4l70 0l0 13.2l-70 0Z" transform="translate(72 8.6)" fill="none" pointer-events="visible" ecmeta_ssr_type="legend" class="zr0-cls-4"></path>
<path d="M-5 -5l188 0l0 23.2l-188 0Z" transform="translate(71 9)" fill="rgb(0,0,0)" fill-opacity="0" stroke="#b7b9be" stroke-width="0" class="zr0-cls-0"></path>
<path d="M133 41.1l0 0l0 20l0 0Z" fill="#15803d" ecmeta_series_index="0" ecmeta_data_index="0" class="zr3-cls-17"></path>
<path d="M133 71.4l29.54 0l0 20l-29.54 0Z" fill="#15803d" ecmeta_series_index="0" ecmeta_data_index="1" class="zr3-cls-17"></path>
<path d="M1 0A1 1 0 1 1 1 -0.0001A1 1 0 0 1 1 0" transform="matrix(3,0,0,3,130.1,88.9167)" fill="#fff" stroke="#1d4ed8" stroke-width="0.6666666666666666" class="zr0-cls-3"></path>
<text dominant-baseline="central" text-anchor="end" font-size="13px" font-family="sans-serif" transform="translate(22.56 101.8333)" fill="#334155">10</text>
<text dominant-baseline="central" text-anchor="end" font-size="13px" font-family="sans-serif" transform="translate(22.56 127.6667)" fill="#334155">8</text>
<text dominant-baseline="central" text-anchor="start" font-size="13px" font-family="sans-serif" x="30" y="7" style="fill: #1e293b; font-weight: bold" transform="translate(72 8.6)">单位数</text>
</svg>`;

describe("compact chart SVG", () => {
	it("draws the same with less: no style, no hit areas, numbers to a tenth, runs of paths and texts shared", () => {
		expect(compactSvg(echartsOutput)).toBe(
			'<svg role="img" aria-hidden="true" focusable="false" font-family="sans-serif" width="320" height="260" viewBox="0 0 320 260">' +
				// The two grid lines as one path; the hit area, the background and the invisible legend box gone.
				'<path d="M30.6 231.5L296 231.5M30.6 205.5L296 205.5" fill="none" stroke="#dbdee4"/>' +
				// One series' bars as one path, without the bar of zero length; 29.54 drawn at 29.5.
				'<path d="M133 71.4l29.5 0l0 20l-29.5 0Z" fill="#15803d"/>' +
				// A scaled symbol keeps its own path (-0.0001 rounded would close the circle); its scale to a thousandth.
				'<path d="M1 0A1 1 0 1 1 1 -0.0001A1 1 0 0 1 1 0" transform="matrix(3,0,0,3,130.1,88.9)" fill="#fff" stroke="#1d4ed8" stroke-width="0.667"/>' +
				'<g text-anchor="end" fill="#334155">' +
				// Placed by x and y rather than moved by a translation.
				'<text dominant-baseline="central" font-size="13px" x="22.6" y="101.8">10</text>' +
				'<text dominant-baseline="central" font-size="13px" x="22.6" y="127.7">8</text>' +
				"</g>" +
				// style="…" becomes presentation attributes (our CSP has no inline style).
				'<text dominant-baseline="central" font-size="13px" x="102" y="15.6" font-weight="bold" fill="#1e293b">单位数</text>' +
				"</svg>",
		);
	});

	it("leaves the charts with every coordinate to a tenth of a pixel and nothing for ECharts' runtime", () => {
		const units = ["城乡一体化示范区", "市住房和城乡建设局", "湖滨区", "陕州区", "渑池县", "卢氏县", "义马市"];
		const charts = [
			lineChart(
				["2023", "2024", "2025", "2026"],
				[
					{ name: "单位数", data: [11, 11, 12, 12] },
					{ name: "已建立制度", data: [3, 7, 9, 11] },
				],
			),
			unitBars(units, [
				{ name: "已办结", color: "#15803d", data: [1, 2, 3, 4, 5, 6, 7] },
				{ name: "逾期", color: "#b91c1c", data: [0, 1, 0, 1, 0, 1, 0] },
			]),
			categoryBars(["通报事项", "上次议定事项落实情况", "其他"], [2, 1, 7]),
		];
		for (const svg of charts.flatMap((c) => [c.narrow, c.wide])) {
			expect(svg).not.toMatch(/<style|\sstyle=|\sclass=|ecmeta_|pointer-events|xmlns|\n/);
			// Outside a scaled symbol, no number with two decimals in a coordinate.
			for (const [, key, value] of svg
				.replace(/<path d="[^"]*"(?= transform="matrix)/g, "")
				.matchAll(/\s(d|x|y|transform)="([^"]*)"/g)) {
				if (value?.startsWith("matrix("))
					expect(value).toMatch(/^matrix\((-?\d+(\.\d{1,3})?,){4}-?\d+(\.\d)?,-?\d+(\.\d)?\)$/);
				else expect(`${key}=${value}`).not.toMatch(/\d\.\d\d/);
			}
			expect(svg).not.toMatch(/<text[^>]*(font-family|transform)/);
			expect(svg).toMatch(/^<svg [^>]*font-family="sans-serif"/);
		}
		// About half what ECharts writes (the line chart was 9.2 KB per drawing, the bars 9.5 KB).
		expect(charts[0]?.wide.length).toBeLessThan(5_000);
		expect(charts[1]?.wide.length).toBeLessThan(4_000);
	});
});
