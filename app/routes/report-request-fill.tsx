import { data, Link, useActionData, useLoaderData } from "react-router";
import { buttonClass } from "#app/components/button.tsx";
import { Decision } from "#app/components/decision.tsx";
import { formError, useErrorText } from "#app/components/form-field.tsx";
import { Notice } from "#app/components/notice.tsx";
import { Form } from "#app/components/once-form.tsx";
import { FillForm } from "#app/components/report-requests/fill-form.tsx";
import { DocumentsSection, ExcelSection } from "#app/components/report-requests/fill-sections.tsx";
import { ClosedNotice, RequestFacts } from "#app/components/report-requests/request-facts.tsx";
import { TrackerStatusTag } from "#app/components/report-requests/tracker-status.tsx";
import { listPickableUnits } from "#app/domain/report-requests/pickable-units.server.ts";
import {
	readForwardedCopy,
	readMySubmission,
	readReportRequest,
} from "#app/domain/report-requests/read-report-requests.server.ts";
import { checkSubmission } from "#app/domain/report-requests/report-fields.ts";
import {
	hasAny,
	isShownReported,
	reportApprovers,
	reportFillers,
	reportManagers,
	trackerStatus,
} from "#app/domain/report-requests/report-roles.ts";
import { pageTitle, usePunctuation, useT } from "#app/i18n/i18n.ts";
import { servicesContext } from "#app/lib/app-context.server.ts";
import { chinaDateTime, chinaToday } from "#app/lib/china-time.ts";
import { performPostedStep } from "#app/lib/form-step.server.ts";
import { requirePermission } from "#app/lib/guards.server.ts";
import type { Route } from "./+types/report-request-fill";
import { isFillWrite, performFillWrite } from "./report-requests/fill-actions.server.ts";
import { fillSteps } from "./report-requests/steps.server.ts";

export function meta({ matches }: Route.MetaArgs) {
	return pageTitle(matches, "reportRequests.title");
}

async function readPage(context: Route.LoaderArgs["context"], requestId: string) {
	const { user, membership } = requirePermission(context, "reportRequests.read");
	const db = context.get(servicesContext).db.app;
	const actor = { userId: user.id, tenantId: membership.tenant.id };
	const view = await readReportRequest(db, actor, requestId);
	if (!view?.myTarget) throw data(null, { status: 404 });
	const mine = await readMySubmission(db, actor, view.id);
	if (!mine) throw data(null, { status: 404 });
	return { membership, view, mine, db, actor };
}

export async function loader({ params, context }: Route.LoaderArgs) {
	const { membership, view, mine, db, actor } = await readPage(context, params.requestId);
	// 转发: a unit with units below passes a request on (level by level, the request already reaches them).
	const forwardedCopy = view.role !== "overseer" ? await readForwardedCopy(db, actor, view.id) : null;
	const mayForward =
		view.role !== "overseer" &&
		forwardedCopy === null &&
		view.status === "open" &&
		hasAny(membership.roles, reportManagers) &&
		(await listPickableUnits(db, actor)).length > 0;
	const roles = membership.roles;
	const status = mine.target.status;
	const open = view.status === "open";
	const current = mine.current;
	const values = current?.values ?? {};
	const explanations = current?.explanations ?? {};
	const check = checkSubmission(view.fields, values, mine.lastPeriodValues, explanations);
	const returned =
		mine.previous?.state === "returned" && status !== "submitted" && status !== "accepted" ? mine.previous : null;
	const today = chinaToday();
	// A returned report after the deadline is still missing for the unit itself (逾期未报).
	const overdue = view.dueOn < today && (status === "not_started" || status === "draft" || status === "returned");
	return {
		slug: membership.tenant.slug,
		request: view,
		status: overdue
			? "overdue_missing"
			: trackerStatus({ status, reported_on: mine.target.reportedOn }, view.dueOn, today),
		closedOn: view.closedAt ? chinaDateTime(new Date(view.closedAt)) : null,
		reportedAt: mine.target.reportedAt ? chinaDateTime(new Date(mine.target.reportedAt)) : null,
		opened: mine.target.openedAt !== null,
		values,
		explanations,
		files: mine.files.map((f) => ({ fileId: f.fileId, name: f.name })),
		warnings: current ? check.warnings : {},
		returned: returned
			? { reason: returned.returnReason ?? "", comments: returned.fieldComments ?? {}, by: view.requesterName }
			: null,
		editable: open && hasAny(roles, reportFillers) && ["not_started", "draft", "returned"].includes(status),
		mayApprove: open && hasAny(roles, reportApprovers) && status === "pending_approval",
		mayWithdraw:
			open &&
			hasAny(roles, [...reportFillers, ...reportApprovers]) &&
			status === "submitted" &&
			mine.target.openedAt === null,
		oversees: view.role === "overseer",
		mayForward,
		forwardedCopy,
	};
}

export async function action({ request, params, context }: Route.ActionArgs) {
	const form = await request.formData();
	const intent = form.get("intent");
	const { view, mine } = await readPage(context, params.requestId);
	if (isFillWrite(intent)) {
		const outcome = await performFillWrite(context, form, intent, {
			id: view.id,
			kind: view.kind,
			fields: view.fields,
			current: mine.current?.values ?? null,
		});
		return { write: outcome, step: null };
	}
	const step = await performPostedStep(context, form, fillSteps, (options) => ({
		options,
		requestId: view.id,
		unitId: null,
		fields: view.fields,
	}));
	return { write: null, step };
}

/** The receiving unit's page: fill in, import, upload; the leader's 上报; 撤回; the parent's comments after a 退回. */
export default function ReportRequestFill() {
	const t = useT();
	const p = usePunctuation();
	const errorText = useErrorText();
	const page = useLoaderData<typeof loader>();
	const { slug, request, status, returned, editable, mayApprove, mayWithdraw } = page;
	const result = useActionData<typeof action>();
	const write = result?.write ?? null;
	const step = result?.step ?? null;
	const done = write?.done ?? step?.done ?? null;
	const refused = write?.formError ?? formError(step?.result);
	const base = `/t/${slug}/report-requests/${request.id}`;
	return (
		<div className="max-w-3xl space-y-4">
			<p>
				<Link to={`/t/${slug}/report-requests`} className="text-sm text-blue-800 underline underline-offset-2">
					{t("reportRequests.back")}
				</Link>
			</p>
			<div className="flex flex-wrap items-center gap-2">
				<h1 className="text-xl font-semibold">{t("reportRequests.fill.title", { request: request.title })}</h1>
				<TrackerStatusTag status={status} />
			</div>
			<RequestFacts slug={slug} request={request} showFields={false} />
			{page.oversees ? (
				<p className="rounded border border-blue-200 bg-blue-50 p-3 text-sm text-blue-950">
					{t("reportRequests.fill.forward")}{" "}
					<Link to={base} className="font-medium underline underline-offset-2">
						{t("reportRequests.fill.tracker")}
					</Link>
				</p>
			) : null}
			{page.closedOn ? <ClosedNotice at={page.closedOn} /> : null}
			{page.forwardedCopy ? (
				<p className="text-sm">
					{t("reportRequests.fill.forwarded")}{" "}
					<Link
						to={`/t/${slug}/report-requests/${page.forwardedCopy}`}
						className="text-blue-800 underline underline-offset-2"
					>
						{t("reportRequests.fill.forwardedCopy")}
					</Link>
				</p>
			) : null}
			{page.mayForward ? (
				<p>
					<Link to={`/t/${slug}/report-requests/new?from=${request.id}`} className={buttonClass.secondary}>
						{t("reportRequests.fill.forwardTo")}
					</Link>
				</p>
			) : null}
			{done ? <Notice tone="success">{t(done.key, done.params)}</Notice> : null}
			{refused ? <Notice tone="error">{errorText(refused)}</Notice> : null}
			{write?.cellErrors.length ? (
				<div role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-sm text-red-900">
					<p>{t("reportRequests.fill.importErrors")}</p>
					<ul className="mt-1 list-inside list-disc">
						{write.cellErrors.map((e) => (
							<li key={e.cell}>
								{e.cell}
								{p.colon}
								{errorText(e.problem.message, e.problem.params)}
							</li>
						))}
					</ul>
				</div>
			) : null}
			{returned ? (
				<div className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
					<p className="font-medium">{t("reportRequests.fill.returnedBy", { unit: returned.by })}</p>
					<p className="mt-1 whitespace-pre-line">
						{t("reportRequests.fill.returnReason", { reason: returned.reason })}
					</p>
				</div>
			) : null}
			{status === "pending_approval" ? (
				<p className="text-sm text-slate-700">{t("reportRequests.fill.waitingApproval")}</p>
			) : null}
			{page.reportedAt && isShownReported(status) ? (
				<p className="text-sm text-slate-700">
					{t("reportRequests.fill.doneSubmitted", { at: `${p.open}${page.reportedAt}${p.close}` })}{" "}
					{page.opened ? t("reportRequests.fill.opened") : null}
				</p>
			) : null}
			{!page.closedOn && !editable && !mayApprove && !mayWithdraw && !isShownReported(status) ? (
				<p className="text-sm text-slate-600">{t("reportRequests.fill.noRole")}</p>
			) : null}
			{request.kind === "form" ? (
				<>
					<ExcelSection base={base} editable={editable} />
					<FillForm
						// Uncontrolled inputs: a new draft (saved, imported) or a refused save's text renders anew.
						key={JSON.stringify([write?.raw ?? null, page.values, page.explanations])}
						slug={slug}
						fields={request.fields}
						values={page.values}
						explanations={page.explanations}
						raw={write?.raw ?? null}
						errors={write?.errors ?? {}}
						warnings={write ? write.warnings : page.warnings}
						comments={returned?.comments ?? null}
						editable={editable}
					/>
				</>
			) : (
				<DocumentsSection slug={slug} files={page.files} editable={editable} />
			)}
			<div className="flex flex-wrap items-end gap-3">
				{mayApprove ? (
					<>
						<Decision
							intent="approve"
							label={t("reportRequests.fill.approve")}
							words="comment"
							consequence={t("reportRequests.fill.approveConsequence")}
							open={step?.asking === "approve"}
							refill={step?.intent === "approve" ? step.result : null}
						/>
						<Decision
							intent="send_back"
							label={t("reportRequests.fill.sendBack")}
							variant="secondary"
							words="reason"
							open={step?.asking === "send_back"}
							refill={step?.intent === "send_back" ? step.result : null}
						/>
					</>
				) : null}
				{mayWithdraw ? (
					<Decision
						intent="withdraw"
						label={t("reportRequests.fill.withdraw")}
						variant="secondary"
						words="confirm"
						consequence={t("reportRequests.fill.withdrawConsequence")}
						open={step?.asking === "withdraw"}
						refill={step?.intent === "withdraw" ? step.result : null}
					/>
				) : null}
				{editable && request.kind === "documents" ? <DocumentsSubmit /> : null}
			</div>
		</div>
	);
}

/** Documents need no values: 提交单位审核 alone. */
function DocumentsSubmit() {
	const t = useT();
	return (
		<Form method="post">
			<input type="hidden" name="intent" value="ask_approval" />
			<button type="submit" className={buttonClass.primary}>
				{t("reportRequests.fill.submitForApproval")}
			</button>
		</Form>
	);
}
