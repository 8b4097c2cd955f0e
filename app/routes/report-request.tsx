import { data, Link, redirect, useActionData, useLoaderData, useSearchParams } from "react-router";
import { buttonClass } from "#app/components/button.tsx";
import { Decision } from "#app/components/decision.tsx";
import { formError, useErrorText } from "#app/components/form-field.tsx";
import { Notice } from "#app/components/notice.tsx";
import { pageAsked } from "#app/components/pager.tsx";
import { ClosedNotice, MatterLink, RequestFacts } from "#app/components/report-requests/request-facts.tsx";
import { TrackerTable } from "#app/components/report-requests/tracker-table.tsx";
import { ChartFigure } from "#app/components/rollup-sections.tsx";
import { readReportRequest } from "#app/domain/report-requests/read-report-requests.server.ts";
import { readTrackerPage } from "#app/domain/report-requests/read-tracker-page.server.ts";
import { reportManagers, trackerStatuses } from "#app/domain/report-requests/report-roles.ts";
import { completionText, trackerChart } from "#app/domain/report-requests/tracker-chart.server.ts";
import { pageTitle, translator, useT } from "#app/i18n/i18n.ts";
import { langFromRequest } from "#app/i18n/lang-cookie.server.ts";
import { servicesContext } from "#app/lib/app-context.server.ts";
import { chinaDateTime, chinaToday } from "#app/lib/china-time.ts";
import { performPostedStep } from "#app/lib/form-step.server.ts";
import { requirePermission } from "#app/lib/guards.server.ts";
import type { Route } from "./+types/report-request";
import { trackerSteps } from "./report-requests/steps.server.ts";

export function meta({ matches }: Route.MetaArgs) {
	return pageTitle(matches, "reportRequests.tracker.title");
}

export async function loader({ request, params, context }: Route.LoaderArgs) {
	const { user, membership } = requirePermission(context, "reportRequests.read");
	const db = context.get(servicesContext).db.app;
	const actor = { userId: user.id, tenantId: membership.tenant.id };
	const view = await readReportRequest(db, actor, params.requestId);
	if (!view) throw data(null, { status: 404 });
	// A unit that only reports on it fills it in; the tracker is the requester's and an intermediate unit's.
	if (view.role === "target") throw redirect(`/t/${membership.tenant.slug}/report-requests/${view.id}/fill`);
	const today = chinaToday();
	const search = new URL(request.url).searchParams;
	const filter = trackerStatuses.find((s) => s === search.get("status")) ?? null;
	// One page of units (counts, completion and chart over all of them, from the database): the
	// page's cost does not grow with the number of units (issue #22 §9).
	const asked = pageAsked(search.get("page"), Number.MAX_SAFE_INTEGER);
	let tracker = await readTrackerPage(db, actor, view.id, today, { status: filter, ...asked });
	if (!tracker) throw data(null, { status: 404 });
	let page = pageAsked(search.get("page"), tracker.matching);
	if (page.offset !== asked.offset) {
		tracker = await readTrackerPage(db, actor, view.id, today, { status: filter, ...page });
		if (!tracker) throw data(null, { status: 404 });
		page = pageAsked(search.get("page"), tracker.matching);
	}
	const t = translator(await langFromRequest(request));
	const mayManage = membership.roles.some((r) => reportManagers.includes(r));
	return {
		slug: membership.tenant.slug,
		request: view,
		rows: tracker.rows.map((r) => ({
			...r,
			reportedAt: r.reportedAt ? chinaDateTime(new Date(r.reportedAt)) : null,
		})),
		counts: tracker.counts,
		total: tracker.total,
		reported: tracker.reported,
		rate: completionText(tracker.rate),
		chart: trackerChart(t, tracker),
		filter,
		page: { number: page.number, pages: page.pages, count: tracker.matching },
		urgeable: mayManage && view.status === "open" ? tracker.urgeable : 0,
		ownRequest: view.tenantId === membership.tenant.id,
		mayClose: mayManage && view.status === "open" && view.tenantId === membership.tenant.id,
		closedOn: view.closedAt ? chinaDateTime(new Date(view.closedAt)) : null,
	};
}

export async function action({ request, params, context }: Route.ActionArgs) {
	return performPostedStep(context, await request.formData(), trackerSteps, (options) => ({
		options,
		requestId: params.requestId,
		unitId: null,
		fields: [],
	}));
}

/** The requester's (or an intermediate unit's) tracker: who has reported, completion, chart, 一键催报. */
export default function ReportRequestTracker() {
	const t = useT();
	const errorText = useErrorText();
	const {
		slug,
		request,
		rows,
		counts,
		total,
		reported,
		rate,
		chart,
		filter,
		page,
		urgeable,
		ownRequest,
		mayClose,
		closedOn,
	} = useLoaderData<typeof loader>();
	const result = useActionData<typeof action>();
	const refused = formError(result?.result);
	const [params] = useSearchParams();
	const sent = params.get("sent");
	const base = `/t/${slug}/report-requests/${request.id}`;
	return (
		<div className="space-y-5">
			<p>
				<Link to={`/t/${slug}/report-requests`} className="text-sm text-blue-800 underline underline-offset-2">
					{t("reportRequests.back")}
				</Link>
			</p>
			<h1 className="text-xl font-semibold">{request.title}</h1>
			{sent ? <Notice tone="success">{t("reportRequests.form.sent", { count: sent })}</Notice> : null}
			{result?.done ? <Notice tone="success">{t(result.done.key, result.done.params)}</Notice> : null}
			{refused ? <Notice tone="error">{errorText(refused)}</Notice> : null}
			{closedOn ? <ClosedNotice at={closedOn} /> : null}
			<div className="grid gap-5 lg:grid-cols-[minmax(0,1fr)_minmax(0,1fr)]">
				<div className="space-y-3">
					<RequestFacts slug={slug} request={request} />
					{request.matterId && ownRequest ? <MatterLink slug={slug} matterId={request.matterId} /> : null}
				</div>
				<div className="space-y-3">
					<section aria-labelledby="rr-completion" className="rounded border border-slate-200 bg-white p-3">
						<h2 id="rr-completion" className="text-sm text-slate-700">
							{t("reportRequests.tracker.completion")}
						</h2>
						<p className="mt-1 text-2xl font-semibold tabular-nums">{rate}</p>
						<p className="text-sm text-slate-700">
							{t("reportRequests.tracker.completionOf", { done: reported, total })}
						</p>
						{counts.overdue_missing > 0 ? (
							<p className="mt-1 text-sm text-red-800">
								{t("reportRequests.tracker.overdue", { count: counts.overdue_missing })}
							</p>
						) : null}
					</section>
					<ChartFigure chart={chart} />
				</div>
			</div>
			<div className="flex flex-wrap items-end gap-3">
				{urgeable > 0 ? (
					<Decision
						intent="urge"
						label={t("reportRequests.tracker.remind")}
						words="confirm"
						consequence={t("reportRequests.tracker.remindConsequence", { count: urgeable })}
						open={result?.asking === "urge"}
						refill={result?.intent === "urge" ? result.result : null}
					/>
				) : null}
				{request.kind === "form" ? (
					<>
						<Link to={`${base}/summary`} className={buttonClass.secondary}>
							{t("reportRequests.tracker.summary")}
						</Link>
						<a href={`${base}/summary.xlsx`} className={buttonClass.secondary} download>
							{t("reportRequests.tracker.exportSummary")}
						</a>
					</>
				) : (
					<a href={`${base}/documents.zip`} className={buttonClass.secondary} download>
						{t("reportRequests.tracker.downloadDocuments")}
					</a>
				)}
				{mayClose ? (
					<Decision
						intent="close"
						label={t("reportRequests.tracker.close")}
						variant="danger"
						words="confirm"
						consequence={t("reportRequests.tracker.closeConsequence")}
						open={result?.asking === "close"}
						refill={result?.intent === "close" ? result.result : null}
					/>
				) : null}
			</div>
			<TrackerTable
				slug={slug}
				requestId={request.id}
				rows={rows}
				filter={filter}
				counts={counts}
				total={total}
				page={page}
			/>
		</div>
	);
}
