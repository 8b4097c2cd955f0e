import { data, Link, useActionData, useLoaderData } from "react-router";
import { Decision } from "#app/components/decision.tsx";
import { formError, useErrorText } from "#app/components/form-field.tsx";
import { Field, inputClass, type Refill, refillError, refillValue } from "#app/components/meeting/ui.tsx";
import { Notice } from "#app/components/notice.tsx";
import { MatterReportRequests } from "#app/components/report-requests/matter-report-requests.tsx";
import { StatusTag } from "#app/components/status-tag.tsx";
import { matterAbilities, mayReplyToSupervision, needsReason } from "#app/domain/matters/matter-rules.ts";
import { readMatter } from "#app/domain/matters/read-matters.server.ts";
import { meetingTitle } from "#app/domain/meetings/meeting-title.ts";
import { readMatterReportRequests } from "#app/domain/report-requests/read-report-requests.server.ts";
import { can } from "#app/domain/tenancy/permissions.ts";
import { pageTitle, usePunctuation, useT } from "#app/i18n/i18n.ts";
import { servicesContext } from "#app/lib/app-context.server.ts";
import { chinaDateTime, chinaToday } from "#app/lib/china-time.ts";
import { performPostedStep } from "#app/lib/form-step.server.ts";
import { requirePermission } from "#app/lib/guards.server.ts";
import type { Route } from "./+types/matter";
import { MatterRecord, StepForm, SupervisionReplies } from "./matter/matter-forms.tsx";
import { type MatterPageAction, matterSteps } from "./matter/steps.server.ts";

export function meta({ matches }: Route.MetaArgs) {
	return pageTitle(matches, "matters.title");
}

export async function loader({ params, context }: Route.LoaderArgs) {
	const { user, membership } = requirePermission(context, "matters.read");
	const today = chinaToday();
	const db = context.get(servicesContext).db.app;
	const actor = { userId: user.id, tenantId: membership.tenant.id };
	const page = await readMatter(db, actor, params.matterId, today);
	if (!page) throw data(null, { status: 404 });
	// Issue #22 §7: the report requests supervising this matter (督办), for those who read report requests.
	const reportRequests = can(membership.roles, "reportRequests.read")
		? await readMatterReportRequests(db, actor, page.matter.id)
		: [];
	const allowed = matterAbilities(membership.roles, page.matter.status, {
		isLead: page.isLead,
		extensionPending: page.extensionRequest !== null,
	});
	return {
		slug: membership.tenant.slug,
		matter: page.matter,
		updates: page.updates.map((u) => ({
			...u,
			at: chinaDateTime(u.at),
			reply: u.reply && { ...u.reply, at: chinaDateTime(u.reply.at) },
		})),
		canReply: mayReplyToSupervision(membership.roles, page.isLead),
		today,
		allowed,
		extensionRequest: page.extensionRequest,
		canAudit: can(membership.roles, "audit.read"),
		reportRequests,
	};
}

export async function action({ request, params, context }: Route.ActionArgs) {
	return performPostedStep(context, await request.formData(), matterSteps, (options) => ({
		options,
		matterId: params.matterId,
	}));
}

/** The acts decided by a person with their words, each in its own dialog (verify also confirms its consequence). */
const decisionActions = new Set<MatterPageAction>([
	"verify",
	"extend",
	"approve_extension",
	"refuse_extension",
	"reopen",
]);

export default function Matter() {
	const t = useT();
	const p = usePunctuation();
	const { slug, matter, updates, allowed, canAudit, extensionRequest, canReply, today, reportRequests } =
		useLoaderData<typeof loader>();
	const result = useActionData<typeof action>();
	const errorText = useErrorText();
	const refused = formError(result?.result);
	// The step that was refused gets back what was typed, with each message at its field.
	const refill = (a: string): Refill => (result?.intent === a ? result.result : null);
	const decisions = allowed.filter((a) => decisionActions.has(a));
	// O6: the 督办 still waiting for the lead department's written reply, oldest first.
	const pendingReplies = updates.filter((u) => u.kind === "supervision" && u.replyBy && !u.reply).reverse();
	return (
		<div className="max-w-3xl space-y-5">
			<p>
				<Link to={`/t/${slug}/matters`} className="text-sm text-blue-800 underline underline-offset-2">
					{t("matters.back")}
				</Link>
			</p>
			<div className="flex flex-wrap items-center gap-2">
				<h1 className="text-xl font-semibold">{matter.content}</h1>
				<StatusTag tone={matter.status === "done" || matter.status === "verified" ? "good" : "info"}>
					{t(`matters.status.${matter.status}`)}
				</StatusTag>
				{matter.overdue ? <StatusTag tone="bad">{t("matters.overdue")}</StatusTag> : null}
				{updates.some((u) => u.replyOverdue) ? (
					<StatusTag tone="bad">{t("matters.supervisionOverdue")}</StatusTag>
				) : null}
			</div>
			<dl className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
				<dt className="text-slate-600">{t("matters.col.lead")}</dt>
				<dd>{matter.department}</dd>
				{matter.co.length ? (
					<>
						<dt className="text-slate-600">{t("matters.co")}</dt>
						<dd>{matter.co.join(p.list)}</dd>
					</>
				) : null}
				<dt className="text-slate-600">{t("matters.col.deadline")}</dt>
				<dd className="tabular-nums">
					{matter.deadline}
					{matter.originalDeadline ? (
						<span className="ml-2 text-slate-600">
							{p.open}
							{t("matters.originalDeadline", { deadline: matter.originalDeadline })}
							{p.close}
						</span>
					) : null}
					{matter.extendedAfterOverdue ? (
						<span className="ml-2">
							<StatusTag tone="warn">{t("matters.extendedAfterOverdue")}</StatusTag>
						</span>
					) : null}
				</dd>
				<dt className="text-slate-600">{t("matters.col.source")}</dt>
				<dd>
					<Link to={`/t/${slug}/meetings/${matter.meetingId}`} className="text-blue-800 underline">
						{meetingTitle(t, matter.meeting)}
					</Link>
				</dd>
			</dl>
			{result?.done ? <Notice tone="success">{t(result.done.key, result.done.params)}</Notice> : null}
			{refused ? <Notice tone="error">{errorText(refused)}</Notice> : null}
			{extensionRequest ? (
				<p className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
					{t("matters.extensionPending", { deadline: extensionRequest.newDeadline })}
				</p>
			) : null}
			{decisions.length > 0 ? (
				<div className="flex flex-wrap items-end gap-3">
					{decisions.map((a) => (
						<Decision
							key={a}
							intent={a}
							label={t(`matters.action.${a}`)}
							field="text"
							words={needsReason(a) ? "reason" : "comment"}
							wordsLabel={a === "extend" || a === "reopen" ? t(`matters.text.${a}`) : undefined}
							variant={a === "refuse_extension" || a === "reopen" ? "secondary" : "primary"}
							consequence={
								a === "verify"
									? t("matters.verify.consequence")
									: a === "approve_extension" && extensionRequest
										? t("matters.extensionPending", { deadline: extensionRequest.newDeadline })
										: undefined
							}
							extra={
								a === "extend" ? (
									<Field label={t("matters.newDeadline")} error={refillError(refill(a), "newDeadline")}>
										<input
											type="date"
											name="newDeadline"
											required
											defaultValue={refillValue(refill(a), "newDeadline")}
											className={inputClass}
										/>
									</Field>
								) : null
							}
							open={result?.asking === a}
							refill={refill(a)}
						/>
					))}
				</div>
			) : null}
			{canReply && pendingReplies.length > 0 ? (
				<SupervisionReplies notices={pendingReplies} refill={refill("reply_supervision")} />
			) : null}
			{allowed
				.filter((a) => !decisionActions.has(a))
				.map((a) => (
					<StepForm key={a} action={a} refill={refill(a)} today={today} />
				))}
			{canAudit ? (
				<Link to={`/t/${slug}/audit?entity=${matter.id}`} className="text-sm text-blue-800 underline">
					{t("audit.link")}
				</Link>
			) : null}
			<MatterReportRequests slug={slug} requests={reportRequests} />
			<MatterRecord slug={slug} updates={updates} />
		</div>
	);
}
