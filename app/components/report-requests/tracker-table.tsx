import { Form, Link } from "react-router";
import { ScrollBox, Th } from "#app/components/table.tsx";
import { isShownReported, trackerStatuses } from "#app/domain/report-requests/report-roles.ts";
import { useT } from "#app/i18n/i18n.ts";
import { Pager } from "../pager.tsx";
import { isTrackerStatus, TrackerStatusTag } from "./tracker-status.tsx";

/** A unit's reported version opens from its row: reported, accepted, or returned (the version returned). */
const readable = (status: string) => status === "returned" || (isTrackerStatus(status) && isShownReported(status));

interface TrackerRowView {
	unitId: string;
	unitName: string;
	parentName: string | null;
	depth: number;
	status: string;
	version: number;
	reportedAt: string | null;
	canReview: boolean;
}

/**
 * Units × status (issue #22 §3), filtered by status, one page at a time (the pager's links keep the
 * filter); a unit below a direct child says which unit it reports through. From 640 px a table; on
 * a phone one line per unit, so nothing scrolls sideways.
 */
export function TrackerTable({
	slug,
	requestId,
	rows,
	filter,
	counts,
	total,
	page,
}: {
	slug: string;
	requestId: string;
	rows: TrackerRowView[];
	filter: string | null;
	counts: Record<string, number>;
	total: number;
	page: { number: number; pages: number; count: number };
}) {
	const t = useT();
	const base = `/t/${slug}/report-requests/${requestId}`;
	// Only what a unit has reported is the parent's to read (drafts stay in the unit).
	const pageHref = (n: number) => {
		const query = new URLSearchParams({
			...(filter ? { status: filter } : {}),
			...(n > 1 ? { page: String(n) } : {}),
		}).toString();
		return query ? `${base}?${query}` : base;
	};
	const pager = <Pager page={page.number} pages={page.pages} count={page.count} href={pageHref} />;
	const unitLink = (r: TrackerRowView) => (readable(r.status) ? `${base}/units/${r.unitId}` : null);
	const level = (r: TrackerRowView) =>
		r.depth <= 1
			? t("reportRequests.tracker.levelDirect")
			: `${t("reportRequests.tracker.levelDeeper", { depth: r.depth })}${r.parentName ? ` · ${t("reportRequests.tracker.via", { unit: r.parentName })}` : ""}`;
	return (
		<section aria-labelledby="rr-units" className="space-y-2">
			<div className="flex flex-wrap items-end justify-between gap-3">
				<h2 id="rr-units" className="text-lg font-medium">
					{t("reportRequests.tracker.title")}
				</h2>
				<Form method="get" className="flex flex-wrap items-end gap-2 text-sm">
					<label>
						<span className="block text-slate-700">{t("reportRequests.filter.status")}</span>
						<select
							name="status"
							defaultValue={filter ?? ""}
							className="mt-1 rounded border border-slate-400 bg-white px-2 py-1.5"
						>
							<option value="">
								{t("reportRequests.filter.all")} ({total})
							</option>
							{trackerStatuses.map((s) => (
								<option key={s} value={s}>
									{t(`reportRequests.status.${s}`)} ({counts[s] ?? 0})
								</option>
							))}
						</select>
					</label>
					<button type="submit" className="rounded border border-slate-400 bg-white px-3 py-1.5 hover:bg-slate-50">
						{t("reportRequests.filter.apply")}
					</button>
				</Form>
			</div>
			{rows.length === 0 ? (
				<p className="rounded border border-slate-200 bg-white p-4 text-sm text-slate-600">
					{t("reportRequests.tracker.none")}
				</p>
			) : (
				<>
					<ul className="divide-y divide-slate-100 rounded border border-slate-200 bg-white sm:hidden">
						{rows.map((r) => {
							const to = unitLink(r);
							return (
								<li key={r.unitId} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2 text-sm">
									{to ? (
										<Link to={to} className="font-medium text-blue-800 underline-offset-2 hover:underline">
											{r.unitName}
										</Link>
									) : (
										<span className="font-medium">{r.unitName}</span>
									)}
									<TrackerStatusTag status={r.status} />
									{r.reportedAt ? <span className="text-slate-600 tabular-nums">{r.reportedAt}</span> : null}
									{r.depth > 1 ? <span className="text-xs text-slate-600">{level(r)}</span> : null}
								</li>
							);
						})}
					</ul>
					<ScrollBox
						label={t("reportRequests.tracker.title")}
						className="hidden rounded border border-slate-200 bg-white sm:block"
					>
						<table className="w-full text-left text-sm">
							<thead className="border-b border-slate-200 bg-slate-50 text-slate-700">
								<tr>
									<Th>{t("reportRequests.col.unit")}</Th>
									<Th>{t("reportRequests.col.level")}</Th>
									<Th>{t("reportRequests.filter.status")}</Th>
									<Th className="whitespace-nowrap">{t("reportRequests.col.submittedAt")}</Th>
									<Th>{t("reportRequests.col.actions")}</Th>
								</tr>
							</thead>
							<tbody className="divide-y divide-slate-100">
								{rows.map((r) => {
									const to = unitLink(r);
									return (
										<tr key={r.unitId}>
											<td className="px-4 py-2">{r.unitName}</td>
											<td className="px-4 py-2 text-slate-700">{level(r)}</td>
											<td className="px-4 py-2">
												<TrackerStatusTag status={r.status} />
											</td>
											<td className="px-4 py-2 whitespace-nowrap tabular-nums">{r.reportedAt ?? "—"}</td>
											<td className="px-4 py-2">
												{to ? (
													<Link to={to} className="text-blue-800 underline underline-offset-2">
														{t("reportRequests.tracker.view")}
														<span className="sr-only"> {r.unitName}</span>
													</Link>
												) : null}
											</td>
										</tr>
									);
								})}
							</tbody>
						</table>
					</ScrollBox>
					{pager}
				</>
			)}
		</section>
	);
}
