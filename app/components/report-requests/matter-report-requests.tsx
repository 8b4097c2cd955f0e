import { Link } from "react-router";
import { parsePeriodKey, periodLabel } from "#app/domain/report-requests/report-periods.ts";
import { usePunctuation, useT } from "#app/i18n/i18n.ts";

/** O6 督办 (issue #22 §7): the report requests attached to a decided matter, with how many units have reported. */
export function MatterReportRequests({
	slug,
	requests,
}: {
	slug: string;
	requests: { id: string; title: string; periodKey: string; dueOn: string; done: number; total: number }[];
}) {
	const t = useT();
	const p = usePunctuation();
	if (requests.length === 0) return null;
	return (
		<section aria-labelledby="matter-report-requests" className="rounded border border-slate-200 bg-white p-4">
			<h2 id="matter-report-requests" className="font-medium">
				{t("reportRequests.matter.heading")}
			</h2>
			<ul className="mt-2 divide-y divide-slate-100 text-sm">
				{requests.map((r) => {
					const period = parsePeriodKey(r.periodKey);
					return (
						<li key={r.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2">
							<Link
								to={`/t/${slug}/report-requests/${r.id}`}
								className="font-medium text-blue-800 underline-offset-2 hover:underline"
							>
								{r.title}
							</Link>
							<span className="text-slate-600">
								{period ? periodLabel(period, t) : r.periodKey}
								{p.list}
								{t("reportRequests.fill.due", { date: r.dueOn })}
							</span>
							<span className="tabular-nums">
								{t("reportRequests.matter.submissions", { done: r.done, total: r.total })}
							</span>
						</li>
					);
				})}
			</ul>
		</section>
	);
}
