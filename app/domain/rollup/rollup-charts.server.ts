import * as echarts from "echarts";

/**
 * Charts rendered on the server as SVG with Apache ECharts (no DOM, no script), made safe for our
 * CSP (style-src 'self'): the <style> element (hover rules only, useless in a static chart) is
 * dropped and style="…" attributes become presentation attributes, so the SVG sits in the HTML,
 * shows without JavaScript and prints.
 */
function renderSvg(option: echarts.EChartsCoreOption, width = 640, height = 300): string {
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
		const svg = cspSafe(chart.renderToSVGString());
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
const maxKept = 64;
const maxKeptKey = 64 * 1024;

function cspSafe(svg: string): string {
	return svg
		.replace(/<style[^>]*>[\s\S]*?<\/style>/g, "")
		.replace(/\sstyle="([^"]*)"/g, (_, declarations: string) =>
			declarations
				.split(";")
				.map((d) => d.trim())
				.filter(Boolean)
				.map((d) => {
					const [name, ...value] = d.split(":");
					return ` ${name?.trim()}="${value.join(":").trim().replaceAll('"', "&quot;")}"`;
				})
				.join(""),
		)
		.replace("<svg ", '<svg role="img" aria-hidden="true" focusable="false" ');
}

const palette = ["#1d4ed8", "#15803d", "#b45309", "#b91c1c", "#6d28d9", "#0f766e", "#475569"];
const font = { fontFamily: "sans-serif", fontSize: 12 };

export function lineChart(categories: string[], series: { name: string; data: number[] }[]): string {
	return renderSvg({
		color: palette,
		textStyle: font,
		grid: { left: 48, right: 16, top: 40, bottom: 32 },
		legend: { top: 4 },
		xAxis: { type: "category", data: categories },
		yAxis: { type: "value", minInterval: 1 },
		series: series.map((s) => ({ ...s, type: "line", label: { show: true } })),
	});
}

export function stackedBars(categories: string[], series: { name: string; data: number[]; color: string }[]): string {
	return renderSvg(
		{
			textStyle: font,
			grid: { left: 48, right: 16, top: 40, bottom: 64 },
			legend: { top: 4 },
			xAxis: { type: "category", data: categories, axisLabel: { interval: 0, rotate: categories.length > 6 ? 30 : 0 } },
			yAxis: { type: "value", minInterval: 1 },
			series: series.map((s) => ({
				name: s.name,
				data: s.data,
				type: "bar",
				stack: "all",
				itemStyle: { color: s.color },
			})),
		},
		720,
		320,
	);
}

export function bars(categories: string[], data: number[]): string {
	return renderSvg({
		textStyle: font,
		grid: { left: 48, right: 16, top: 24, bottom: 32 },
		xAxis: { type: "category", data: categories },
		yAxis: { type: "value", minInterval: 1 },
		series: [{ type: "bar", data, itemStyle: { color: palette[0] }, label: { show: true, position: "top" } }],
	});
}
