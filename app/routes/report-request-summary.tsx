import { data, Link, useLoaderData } from "react-router";
import { buttonClass } from "#app/components/button.tsx";
import { PageHeader } from "#app/components/page-header.tsx";
import { Pager, pageAsked } from "#app/components/pager.tsx";
import { TrackerStatusTag } from "#app/components/report-requests/tracker-status.tsx";
import { ScrollBox, Th } from "#app/components/table.tsx";
import { readReportRequest } from "#app/domain/report-requests/read-report-requests.server.ts";
import { readSummaryPage } from "#app/domain/report-requests/read-summary-page.server.ts";
import type { ReportField } from "#app/domain/report-requests/report-fields.ts";
import type { FieldSummary } from "#app/domain/report-requests/report-summary.ts";
import { pageTitle, type Translate, usePunctuation, useT } from "#app/i18n/i18n.ts";
import { servicesContext } from "#app/lib/app-context.server.ts";
import { chinaToday } from "#app/lib/china-time.ts";
import { requirePermission } from "#app/lib/guards.server.ts";
import type { Route } from "./+types/report-request-summary";

export const handle = { wide: true };

export function meta({ matches }: Route.MetaArgs) {
	return pageTitle(matches, "reportRequests.tracker.summary");
}

/** The units not reported, a shorter list beside the figures: the tracker filters and pages all of them. */
const missingPerPage = 20;

export async function loader({ request, params, context }: Route.LoaderArgs) {
	const { user, membership } = requirePermission(context, "reportRequests.read");
	const db = context.get(servicesContext).db.app;
	const actor = { userId: user.id, tenantId: membership.tenant.id };
	const view = await readReportRequest(db, actor, params.requestId);
	if (!view || view.role === "target") throw data(null, { status: 404 });
	// The overall figures over every reported unit come from the database; the lines per group and
	// the units not reported a page at a time (issue #22 §9). The Excel export has every unit.
	const search = new URL(request.url).searchParams;
	const read = (groups: { limit: number; offset: number }, missing: { limit: number; offset: number }) =>
		readSummaryPage(db, actor, view.id, chinaToday(), { groups, missing });
	const askedGroups = pageAsked(search.get("page"), Number.MAX_SAFE_INTEGER);
	const askedMissing = pageAsked(search.get("missing"), Number.MAX_SAFE_INTEGER, missingPerPage);
	let summary = await read(askedGroups, askedMissing);
	if (!summary) throw data(null, { status: 404 });
	const groupPage = pageAsked(search.get("page"), summary.groupCount);
	const missingPage = pageAsked(search.get("missing"), summary.missingCount, missingPerPage);
	if (groupPage.offset !== askedGroups.offset || missingPage.offset !== askedMissing.offset) {
		summary = await read(groupPage, missingPage);
		if (!summary) throw data(null, { status: 404 });
	}
	return {
		slug: membership.tenant.slug,
		request: { id: view.id, title: view.title, kind: view.kind },
		fields: summary.fields,
		groups: summary.groups,
		overall: summary.overall,
		groupPage: { number: groupPage.number, pages: groupPage.pages, count: summary.groupCount },
		missingPage: { number: missingPage.number, pages: missingPage.pages, count: summary.missingCount },
		// The units a direct child reports through; a direct child's parent is this unit, not named again.
		missing: summary.missing.map((m) => ({
			...m,
			parentName: m.parentName === membership.tenant.name ? null : m.parentName,
		})),
	};
}

/** 汇总 (issue #22 §4): per direct child (with its subtree) and overall, from reported versions only. */
export default function ReportRequestSummary() {
	const t = useT();
	const p = usePunctuation();
	const { slug, request, fields, groups, overall, missing, groupPage, missingPage } = useLoaderData<typeof loader>();
	const base = `/t/${slug}/report-requests/${request.id}`;
	// Each list pages on its own; a link keeps the other list's page.
	const pageHref = (groupsAt: number, missingAt: number) => {
		const query = new URLSearchParams({
			...(groupsAt > 1 ? { page: String(groupsAt) } : {}),
			...(missingAt > 1 ? { missing: String(missingAt) } : {}),
		}).toString();
		return query ? `${base}/summary?${query}` : `${base}/summary`;
	};
	const cell = (field: ReportField, summary: FieldSummary | undefined, units: number) =>
		summaryText(t, p.list, field, summary, units);
	// Over every reported unit: when the lines run over several pages it leads, above this page's lines.
	const paged = groupPage.pages > 1;
	const totalRow = (
		<tr className="bg-slate-50 font-medium">
			<th scope="row" className="px-4 py-2">
				{t("reportRequests.summary.total")}
			</th>
			<td className="px-4 py-2 text-right tabular-nums">{overall.units}</td>
			{fields.map((f) => (
				<td key={f.key} className="px-4 py-2 tabular-nums">
					{cell(f, overall.fields[f.key], overall.units)}
				</td>
			))}
		</tr>
	);
	return (
		<div className="space-y-5">
			<p>
				<Link to={base} className="text-sm text-blue-800 underline underline-offset-2">
					{t("reportRequests.tracker.title")}
				</Link>
			</p>
			<div className="flex flex-wrap items-end justify-between gap-3">
				<PageHeader
					title={t("reportRequests.summary.title", { request: request.title })}
					intro={t("reportRequests.summary.intro")}
				/>
				<a href={`${base}/summary.xlsx`} className={buttonClass.secondary} download>
					{t("reportRequests.tracker.exportSummary")}
				</a>
			</div>
			<p className="text-sm text-slate-700">{t("reportRequests.summary.reported", { count: overall.units })}</p>
			{paged ? <p className="text-sm text-slate-700">{t("reportRequests.summary.groupsNote")}</p> : null}
			{fields.length === 0 ? (
				<p className="rounded border border-slate-200 bg-white p-4 text-sm text-slate-600">
					{t("reportRequests.summary.documentsOnly")}
				</p>
			) : (
				<ScrollBox label={t("reportRequests.tracker.summary")} className="rounded border border-slate-200 bg-white">
					<table className="w-full text-left text-sm">
						<thead className="border-b border-slate-200 bg-slate-50 text-slate-700">
							<tr>
								<Th className="min-w-32">{t("reportRequests.col.unit")}</Th>
								<Th className="whitespace-nowrap text-right">{t("reportRequests.col.units")}</Th>
								{fields.map((f) => (
									<Th key={f.key} className="min-w-32">
										{f.label}
										{"unit" in f && f.unit ? `${p.open}${f.unit}${p.close}` : ""}
									</Th>
								))}
							</tr>
						</thead>
						<tbody className="divide-y divide-slate-100">
							{paged ? totalRow : null}
							{groups.map((g) => (
								<tr key={g.groupId}>
									<th scope="row" className="min-w-32 px-4 py-2 font-normal">
										{g.groupName}
									</th>
									<td className="px-4 py-2 text-right tabular-nums">{g.units}</td>
									{fields.map((f) => (
										<td key={f.key} className="px-4 py-2 tabular-nums">
											{cell(f, g.fields[f.key], g.units)}
										</td>
									))}
								</tr>
							))}
							{paged ? null : totalRow}
						</tbody>
					</table>
				</ScrollBox>
			)}
			{fields.length === 0 ? null : (
				<Pager
					page={groupPage.number}
					pages={groupPage.pages}
					count={groupPage.count}
					href={(n) => pageHref(n, missingPage.number)}
				/>
			)}
			<section aria-labelledby="rr-missing" className="space-y-2">
				<h2 id="rr-missing" className="text-lg font-medium">
					{t("reportRequests.summary.missing")}
				</h2>
				{missingPage.count === 0 ? (
					<p className="text-sm text-slate-600">{t("reportRequests.summary.noneMissing")}</p>
				) : (
					<ul className="divide-y divide-slate-100 rounded border border-slate-200 bg-white">
						{missing.map((m) => (
							<li key={m.unitId} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2 text-sm">
								<span className="font-medium">{m.unitName}</span>
								{m.parentName ? <span className="text-slate-600">{m.parentName}</span> : null}
								<TrackerStatusTag status={m.status} />
							</li>
						))}
					</ul>
				)}
				<Pager
					page={missingPage.number}
					pages={missingPage.pages}
					count={missingPage.count}
					href={(n) => pageHref(groupPage.number, n)}
					label={t("reportRequests.summary.missing")}
				/>
			</section>
		</div>
	);
}

/** One summary cell: 合计 and 平均 for a number, the count of each choice otherwise. */
function summaryText(
	t: Translate,
	list: string,
	field: ReportField,
	summary: FieldSummary | undefined,
	units: number,
): string {
	if (!summary || summary.count === 0) return "—";
	if (summary.kind === "numeric") {
		const scale = field.type === "decimal" ? field.scale : 0;
		// One unit's figure is its own: an average of one says nothing more.
		if (units === 1) return summary.sum.toFixed(scale);
		const avg = summary.avg === null ? "—" : summary.avg.toFixed(scale + (scale === 0 ? 1 : 0));
		return `${t("reportRequests.summary.sum")} ${summary.sum.toFixed(scale)} · ${t("reportRequests.summary.avg")} ${avg}`;
	}
	if (summary.kind === "counts")
		return summary.counts
			.map((c) => `${field.type === "yes_no" ? t(`reportRequests.${c.option as "yes" | "no"}`) : c.option} ${c.count}`)
			.join(list);
	return String(summary.count);
}
