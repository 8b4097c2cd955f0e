import { data, Link, useActionData, useLoaderData } from "react-router";
import { Decision } from "#app/components/decision.tsx";
import { formError, LimitedInput, useErrorText } from "#app/components/form-field.tsx";
import { inputClass, refillError } from "#app/components/meeting/ui.tsx";
import { Notice } from "#app/components/notice.tsx";
import { SubmissionValues } from "#app/components/report-requests/submission-values.tsx";
import { TrackerStatusTag } from "#app/components/report-requests/tracker-status.tsx";
import { readReportRequest, readUnitSubmission } from "#app/domain/report-requests/read-report-requests.server.ts";
import { fieldCommentMaxLength } from "#app/domain/report-requests/report-fields.ts";
import { markReportOpened } from "#app/domain/report-requests/report-review-actions.server.ts";
import { reportManagers } from "#app/domain/report-requests/report-roles.ts";
import { pageTitle, usePunctuation, useT } from "#app/i18n/i18n.ts";
import { servicesContext } from "#app/lib/app-context.server.ts";
import { chinaDateTime } from "#app/lib/china-time.ts";
import { performPostedStep } from "#app/lib/form-step.server.ts";
import { caseOptions, requirePermission } from "#app/lib/guards.server.ts";
import type { Route } from "./+types/report-request-unit";
import { reviewSteps } from "./report-requests/steps.server.ts";

export function meta({ matches }: Route.MetaArgs) {
	return pageTitle(matches, "reportRequests.tracker.title");
}

export async function loader({ params, context }: Route.LoaderArgs) {
	const { user, membership } = requirePermission(context, "reportRequests.read");
	const db = context.get(servicesContext).db.app;
	const actor = { userId: user.id, tenantId: membership.tenant.id };
	const view = await readReportRequest(db, actor, params.requestId);
	if (!view || view.role === "target") throw data(null, { status: 404 });
	let unit = await readUnitSubmission(db, actor, view.id, params.unitId);
	if (!unit?.current) throw data(null, { status: 404 });
	const mayManage = membership.roles.some((r) => reportManagers.includes(r));
	// The reviewer's opening ends the unit's 撤回 (issue #22 §2); only a reviewer's own reading counts.
	if (mayManage && unit.canReview && unit.current.state === "submitted" && !unit.target.openedAt) {
		await markReportOpened(caseOptions(context), view.id, params.unitId);
		unit = (await readUnitSubmission(db, actor, view.id, params.unitId)) ?? unit;
	}
	const current = unit.current;
	if (!current) throw data(null, { status: 404 });
	return {
		slug: membership.tenant.slug,
		request: { id: view.id, title: view.title, kind: view.kind, fields: view.fields, status: view.status },
		unitName: unit.unitName,
		status: unit.trackerStatus,
		current: {
			version: current.version,
			state: current.state,
			values: current.values,
			explanations: current.explanations,
			reportedAt: current.reportedAt ? chinaDateTime(new Date(current.reportedAt)) : null,
			returnReason: current.returnReason,
			fieldComments: current.fieldComments,
		},
		previous: unit.returned?.values ?? null,
		files: unit.files,
		mayReview: mayManage && unit.canReview && current.state === "submitted" && view.status === "open",
	};
}

export async function action({ request, params, context }: Route.ActionArgs) {
	const { user, membership } = requirePermission(context, "reportRequests.read");
	const view = await readReportRequest(
		context.get(servicesContext).db.app,
		{ userId: user.id, tenantId: membership.tenant.id },
		params.requestId,
	);
	if (!view || view.role === "target") throw data(null, { status: 404 });
	return performPostedStep(context, await request.formData(), reviewSteps, (options) => ({
		options,
		requestId: view.id,
		unitId: params.unitId,
		fields: view.fields,
	}));
}

/** One unit's reported version, as its reviewer reads it: values, explanations, the diff; 退回 or 通过. */
export default function ReportRequestUnit() {
	const t = useT();
	const p = usePunctuation();
	const errorText = useErrorText();
	const { slug, request, unitName, status, current, previous, files, mayReview } = useLoaderData<typeof loader>();
	const result = useActionData<typeof action>();
	const refused = formError(result?.result);
	const refill = (a: string) => (result?.intent === a ? result.result : null);
	return (
		<div className="max-w-3xl space-y-4">
			<p>
				<Link
					to={`/t/${slug}/report-requests/${request.id}`}
					className="text-sm text-blue-800 underline underline-offset-2"
				>
					{t("reportRequests.tracker.title")}
				</Link>
			</p>
			<div className="flex flex-wrap items-center gap-2">
				<h1 className="text-xl font-semibold">
					{t("reportRequests.submission.title", { unit: unitName, request: request.title })}
				</h1>
				<TrackerStatusTag status={status} />
			</div>
			<p className="text-sm text-slate-700">
				{t("reportRequests.submission.version", { version: current.version })}
				{current.reportedAt ? `${p.open}${current.reportedAt}${p.close}` : null}
			</p>
			{result?.done ? <Notice tone="success">{t(result.done.key, result.done.params)}</Notice> : null}
			{refused ? <Notice tone="error">{errorText(refused)}</Notice> : null}
			{current.state === "returned" && current.returnReason ? (
				<p className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
					{t("reportRequests.submission.returnReason")}
					{p.colon}
					{current.returnReason}
				</p>
			) : null}
			{request.kind === "form" ? (
				<SubmissionValues
					slug={slug}
					fields={request.fields}
					values={current.values}
					explanations={current.explanations}
					previous={previous}
					comments={current.state === "returned" ? current.fieldComments : null}
				/>
			) : (
				<section aria-labelledby="rr-docs" className="rounded border border-slate-200 bg-white p-3">
					<h2 id="rr-docs" className="font-medium">
						{t("reportRequests.submission.documents")}
					</h2>
					<ul className="mt-2 list-inside list-disc text-sm">
						{files.map((f) => (
							<li key={f.fileId}>
								<a
									href={`/t/${slug}/files/${f.fileId}/${encodeURIComponent(f.name)}`}
									className="text-blue-800 underline underline-offset-2"
									download
								>
									{f.name}
								</a>
							</li>
						))}
					</ul>
				</section>
			)}
			{mayReview ? (
				<div className="flex flex-wrap items-end gap-3">
					<Decision
						intent="accept"
						label={t("reportRequests.submission.accept")}
						words="comment"
						open={result?.asking === "accept"}
						refill={refill("accept")}
					/>
					<Decision
						intent="return"
						label={t("reportRequests.submission.return")}
						variant="secondary"
						words="reason"
						consequence={t("reportRequests.submission.returnConsequence")}
						open={result?.asking === "return"}
						refill={refill("return")}
						extra={
							request.kind === "form" ? (
								<div className="max-h-72 space-y-2 overflow-y-auto">
									{request.fields.map((f) => {
										const error = refillError(refill("return"), `comment.${f.key}`);
										const inputId = `rr-comment-${f.key}`;
										const errorId = `${inputId}-error`;
										return (
											<div key={f.key} className="text-sm">
												<label htmlFor={inputId} className="block text-slate-700">
													{t("reportRequests.submission.fieldComment", { field: f.label })}
												</label>
												<LimitedInput
													id={inputId}
													type="text"
													name={`comment.${f.key}`}
													limit={fieldCommentMaxLength}
													defaultValue={commentOf(refill("return"), f.key)}
													aria-invalid={error ? true : undefined}
													aria-describedby={error ? errorId : undefined}
													className={inputClass}
												/>
												{error ? (
													<p id={errorId} className="mt-1 text-red-800">
														{errorText(error)}
													</p>
												) : null}
											</div>
										);
									})}
								</div>
							) : null
						}
					/>
				</div>
			) : null}
		</div>
	);
}

/** A refused 退回's comment at one field, as typed (conform gives `comment.<key>` back as one object). */
function commentOf(refill: { initialValue?: Record<string, unknown> | null } | null, key: string): string {
	const comments = refill?.initialValue?.comment;
	const value = typeof comments === "object" && comments !== null ? (comments as Record<string, unknown>)[key] : null;
	return typeof value === "string" ? value : "";
}
