import type { Chart } from "#app/domain/rollup/rollup-chart-data.server.ts";
import { categoryBars } from "#app/domain/rollup/rollup-charts.server.ts";
import type { Translate } from "#app/i18n/i18n.ts";
import { type TrackerStatus, trackerStatuses } from "./report-roles.ts";

/** The share reported, as the page and the chart's summary say it ("64%"). */
export const completionText = (rate: number) => `${Math.round(rate * 100)}%`;

/**
 * The tracker's chart (issue #22 §3): units per status as horizontal bars, drawn on the server by
 * ECharts as SVG like the statistics page's, with its one-sentence summary and its data table.
 */
export function trackerChart(
	t: Translate,
	input: { counts: Record<TrackerStatus, number>; total: number; reported: number; rate: number },
): Chart {
	const shown = trackerStatuses.filter((s) => input.counts[s] > 0);
	const labels = shown.map((s) => t(`reportRequests.status.${s}`));
	const data = shown.map((s) => input.counts[s]);
	return {
		id: "report-status",
		title: t("reportRequests.tracker.chart"),
		summary: t("reportRequests.tracker.chartSummary", {
			total: input.total,
			done: input.reported,
			rate: completionText(input.rate),
		}),
		svg: categoryBars(labels, data),
		table: {
			head: [t("reportRequests.filter.status"), t("reportRequests.col.units")],
			rows: shown.map((s, i) => [labels[i] ?? s, input.counts[s]]),
		},
	};
}
