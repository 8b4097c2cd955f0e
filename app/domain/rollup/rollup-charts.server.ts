import * as echarts from "echarts";
import { compactSvg } from "./compact-svg.server.ts";

/**
 * Charts rendered on the server as SVG with Apache ECharts (no DOM, no script), made safe for our
 * CSP (style-src 'self') and compacted (compact-svg.server.ts: no <style>, no style="…", numbers to a
 * tenth of a pixel, nothing ECharts' own runtime reads), so the SVG sits in the HTML, shows without
 * JavaScript and prints.
 *
 * Each chart is drawn twice, for a phone and for a wider screen, and the page shows the one that
 * fits (rollup-sections.tsx): an SVG is never shrunk below its drawn width there, so its 13 px
 * text stays at least 12 px on the screen.
 */
function renderSvg(option: echarts.EChartsCoreOption, width: number, height: number): string {
	const key = JSON.stringify([width, height, option]);
	const kept = rendered.get(key);
	if (kept !== undefined) {
		// Most recently used goes last: the first key is the one to drop.
		rendered.delete(key);
		rendered.set(key, kept);
		return kept;
	}
	const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width, height });
	try {
		chart.setOption({ animation: false, aria: { enabled: false }, ...option });
		const svg = compactSvg(chart.renderToSVGString());
		if (key.length <= maxKeptKey) {
			rendered.set(key, svg);
			if (rendered.size > maxKept) rendered.delete(rendered.keys().next().value as string);
		}
		return svg;
	} finally {
		chart.dispose();
	}
}

/**
 * Charts already drawn, by everything that went into them (ADR 0009): a chart is a pure function of
 * its option, so the same figures give the same SVG without a new ECharts instance (most of the
 * statistics page's time and memory). The key is the whole option, labels and numbers included: an
 * entry is only ever found by a request that brings exactly the data it shows, so what is kept can
 * never show one unit's figures to another. Bounded in entries and key size.
 */
const rendered = new Map<string, string>();
const maxKept = 128;
const maxKeptKey = 64 * 1024;

/** The two drawings of a chart: for a phone (320 px wide) and for a wider screen (600 px wide). */
export interface ChartSvg {
	narrow: string;
	wide: string;
}

const widths = { narrow: 320, wide: 600 } as const;
type Size = keyof typeof widths;
const both = (draw: (size: Size) => string): ChartSvg => ({ narrow: draw("narrow"), wide: draw("wide") });

const palette = ["#1d4ed8", "#15803d", "#b45309", "#b91c1c", "#6d28d9", "#0f766e", "#475569"];
const FONT_SIZE = 13;
const font = { fontFamily: "sans-serif", fontSize: FONT_SIZE, color: "#1e293b" };
const axisLabel = { fontSize: FONT_SIZE, color: "#334155" };
const legend = { top: 4, left: "center", itemGap: 12, textStyle: { fontSize: FONT_SIZE, color: "#1e293b" } };
/** Room for a legend of one line (wide) or, on a phone, of up to two. */
const legendRoom = (size: Size) => (size === "narrow" ? 56 : 36);

/** A value over the years (trends). */
export function lineChart(categories: string[], series: { name: string; data: number[] }[]): ChartSvg {
	return both((size) =>
		renderSvg(
			{
				color: palette,
				textStyle: font,
				// Below the legend, with room for the value labels above the highest points.
				grid: { left: 8, right: 24, top: legendRoom(size) + 20, bottom: 8, containLabel: true },
				legend,
				xAxis: { type: "category", data: categories, axisLabel },
				yAxis: { type: "value", minInterval: 1, axisLabel },
				series: series.map((s) => ({ ...s, type: "line", label: { show: true, fontSize: FONT_SIZE } })),
			},
			widths[size],
			size === "narrow" ? 260 : 280,
		),
	);
}

/**
 * Horizontal stacked bars, one bar per unit with its full name beside it (names are read across,
 * never slanted; the chart grows in height with the number of units).
 */
export function unitBars(units: string[], series: { name: string; data: number[]; color: string }[]): ChartSvg {
	const rowHeight = 30;
	return both((size) =>
		renderSvg(
			{
				textStyle: font,
				grid: { left: 8, right: 24, top: legendRoom(size), bottom: 8, containLabel: true },
				legend: { ...legend, data: series.map((s) => s.name) },
				// The first unit on top, as in the table.
				yAxis: {
					type: "category",
					data: units,
					inverse: true,
					axisLabel: { ...axisLabel, interval: 0, width: size === "narrow" ? 120 : 220, overflow: "break" },
				},
				xAxis: { type: "value", minInterval: 1, axisLabel },
				series: series.map((s) => ({
					name: s.name,
					data: s.data,
					type: "bar",
					stack: "all",
					barMaxWidth: 20,
					itemStyle: { color: s.color },
				})),
			},
			widths[size],
			legendRoom(size) + 32 + Math.max(units.length, 1) * rowHeight,
		),
	);
}

/** Horizontal bars with their values, one per named category. */
export function categoryBars(categories: string[], data: number[]): ChartSvg {
	const rowHeight = 32;
	return both((size) =>
		renderSvg(
			{
				textStyle: font,
				grid: { left: 8, right: 32, top: 8, bottom: 8, containLabel: true },
				yAxis: {
					type: "category",
					data: categories,
					inverse: true,
					axisLabel: { ...axisLabel, interval: 0, width: size === "narrow" ? 140 : 260, overflow: "break" },
				},
				xAxis: { type: "value", minInterval: 1, axisLabel },
				series: [
					{
						type: "bar",
						data,
						barMaxWidth: 20,
						itemStyle: { color: palette[0] },
						label: { show: true, position: "right", fontSize: FONT_SIZE },
					},
				],
			},
			widths[size],
			40 + categories.length * rowHeight,
		),
	);
}
