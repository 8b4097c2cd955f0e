import type { Translate } from "#app/i18n/i18n.ts";
import { topicCategories } from "../meetings/topic-rules.ts";
import { type ChartSvg, categoryBars, lineChart, unitBars } from "./rollup-charts.server.ts";
import type { totalOf, UnitFigures } from "./rollup-figures.server.ts";
import type { YearTrend } from "./rollup-trends.server.ts";

export interface Chart {
	id: string;
	title: string;
	/** One sentence a screen reader (and a printed page) reads instead of the picture. */
	summary: string;
	/**
	 * The drawings. For a page sent as HTML they are read by the server's render only and are not in
	 * the data that hydrates it (the HTML has them already); the browser finds them in the page by
	 * the chart's id (chart-drawings.tsx). For the data of a page the browser draws itself, they are sent.
	 */
	svg?: ChartSvg;
	table: { head: string[]; rows: (string | number)[][] };
}

/**
 * Whether this request's page goes out as HTML (a document request) rather than as data for the
 * browser to draw (React Router's single fetch asks for `<path>.data`; its loaders see that URL).
 */
export function pageGoesAsHtml(request: Request): boolean {
	return !new URL(request.url).pathname.endsWith(".data");
}

/**
 * The four charts of the statistics page, each with its title, summary and data table. `inHtml`
 * (pageGoesAsHtml): the drawings go in the HTML only, not in the data that hydrates it.
 */
export function rollupCharts(
	t: Translate,
	input: {
		year: number;
		rows: UnitFigures[];
		total: Omit<ReturnType<typeof totalOf>, "versions">;
		trends: YearTrend[];
		inHtml?: boolean;
	},
): Chart[] {
	const { year, rows, total, trends } = input;
	const charts = drawCharts(t, year, rows, total, trends);
	return input.inHtml ? charts.map(serverOnly) : charts;
}

/**
 * A chart whose drawings the server's render reads but the page's data does not carry: React
 * Router sends a loader's data to the browser as turbo-stream, which writes an object's own
 * enumerable properties only (tests/unit/rollup-chart-data.test.ts; over HTTP, the page's scripts).
 */
function serverOnly(chart: Chart): Chart {
	const { svg, ...sent } = chart;
	return Object.defineProperty(sent, "svg", { value: svg, enumerable: false });
}

function drawCharts(
	t: Translate,
	year: number,
	rows: UnitFigures[],
	total: Omit<ReturnType<typeof totalOf>, "versions">,
	trends: YearTrend[],
): Chart[] {
	const last = trends[trends.length - 1] ?? { year, units: 0, withSystem: 0, regularHeld: 0 };
	const years = trends.map((y) => String(y.year));
	const categories = topicCategories.map((n) => t(`topic.category.${n}`));
	const names = rows.map((r) => (r.own ? t("reports.own", { unit: r.name }) : r.name));
	const statuses = [
		{ key: "mattersClosed", name: t("reports.col.closed"), color: "#15803d" },
		{ key: "mattersDone", name: t("reports.col.done"), color: "#0f766e" },
		{ key: "mattersInProgress", name: t("reports.col.inProgress"), color: "#1d4ed8" },
		{ key: "mattersOverdue", name: t("reports.col.overdue"), color: "#b91c1c" },
	] as const;
	return [
		{
			id: "adoption",
			title: t("reports.chart.adoption"),
			summary: t("reports.chart.adoptionSummary", { year: last.year, count: last.withSystem, units: last.units }),
			svg: lineChart(years, [
				{ name: t("reports.chart.units"), data: trends.map((y) => y.units) },
				{ name: t("reports.chart.withSystem"), data: trends.map((y) => y.withSystem) },
			]),
			table: {
				head: [t("reports.year"), t("reports.chart.units"), t("reports.chart.withSystem")],
				rows: trends.map((y) => [y.year, y.units, y.withSystem]),
			},
		},
		{
			id: "meetings",
			title: t("reports.chart.meetings"),
			summary: t("reports.chart.meetingsSummary", { year: last.year, count: last.regularHeld, units: last.units }),
			svg: lineChart(years, [
				{ name: t("reports.chart.units"), data: trends.map((y) => y.units) },
				{ name: t("reports.chart.regularHeld"), data: trends.map((y) => y.regularHeld) },
			]),
			table: {
				head: [t("reports.year"), t("reports.chart.units"), t("reports.chart.regularHeld")],
				rows: trends.map((y) => [y.year, y.units, y.regularHeld]),
			},
		},
		{
			id: "matters",
			title: t("reports.chart.matters"),
			summary: t("reports.chart.mattersSummary", {
				year,
				total: total.matters,
				closed: total.mattersClosed,
				overdue: total.mattersOverdue,
			}),
			svg: unitBars(
				names,
				statuses.map((s) => ({ name: s.name, color: s.color, data: rows.map((r) => r[s.key]) })),
			),
			table: {
				head: [t("reports.col.unit"), ...statuses.map((s) => s.name)],
				rows: rows.map((r, i) => [names[i] ?? r.name, ...statuses.map((s) => r[s.key])]),
			},
		},
		{
			id: "topics",
			title: t("reports.chart.topics"),
			summary: t("reports.chart.topicsSummary", { year, total: total.topics.reduce((a, b) => a + b, 0) }),
			svg: categoryBars(categories, total.topics),
			table: {
				head: [t("reports.chart.category"), t("reports.col.topics")],
				rows: categories.map((c, i) => [c, total.topics[i] ?? 0]),
			},
		},
	];
}
