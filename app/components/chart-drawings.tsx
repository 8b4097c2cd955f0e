import { useState } from "react";
import type { Chart } from "#app/domain/rollup/rollup-chart-data.server.ts";
import type { ChartSvg } from "#app/domain/rollup/rollup-charts.server.ts";

/**
 * A chart's two drawings, inline: the phone's below 768 px, the wider one above and in print (each
 * shown no smaller than drawn, so its text stays ≥ 12 px). The SVG comes from ECharts on the server
 * (our own figures), free of script and inline style.
 *
 * A page sent as HTML has the drawings in its markup only, not a second time in the data that
 * hydrates it (rollup-chart-data.server.ts): hydrating, the browser takes them from the page, where
 * the server put them under the chart's id. A page the browser draws itself gets them in its data.
 */
export function ChartDrawings({ chart }: { chart: Chart }) {
	// Only a hydrated page lacks the drawings; every page drawn after it has them in its data.
	const [onPage] = useState(() => (chart.svg ? null : drawnOnPage(chart.id)));
	const shown = chart.svg ?? onPage;
	const box = "mt-2 overflow-hidden [&_svg]:mx-auto [&_svg]:block [&_svg]:h-auto [&_svg]:max-w-full";
	return (
		<>
			<div
				className={`${box} md:hidden print:hidden`}
				data-chart={chart.id}
				data-chart-size="narrow"
				// biome-ignore lint/security/noDangerouslySetInnerHtml: server-rendered chart markup, no user HTML
				dangerouslySetInnerHTML={{ __html: shown?.narrow ?? "" }}
			/>
			<div
				className={`${box} hidden md:block print:block`}
				data-chart={chart.id}
				data-chart-size="wide"
				// biome-ignore lint/security/noDangerouslySetInnerHtml: server-rendered chart markup, no user HTML
				dangerouslySetInnerHTML={{ __html: shown?.wide ?? "" }}
			/>
		</>
	);
}

/** The drawings the server put in the page for this chart, read while the page is hydrated. */
function drawnOnPage(id: string): ChartSvg | null {
	if (typeof document === "undefined") return null;
	const narrow = document.querySelector(`[data-chart="${id}"][data-chart-size="narrow"]`)?.innerHTML;
	const wide = document.querySelector(`[data-chart="${id}"][data-chart-size="wide"]`)?.innerHTML;
	return narrow && wide ? { narrow, wide } : null;
}
