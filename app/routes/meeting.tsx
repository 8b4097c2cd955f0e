import { data, redirect, useActionData, useLoaderData, useNavigation } from "react-router";
import { buttonClass } from "#app/components/button.tsx";
import { Decision, type DecisionProps } from "#app/components/decision.tsx";
import { formError, useErrorText } from "#app/components/form-field.tsx";
import { AgendaSection, HoldSection, ScheduleSection } from "#app/components/meeting/day-sections.tsx";
import { DraftForm } from "#app/components/meeting/draft-form.tsx";
import { PublicitySection } from "#app/components/meeting/publicity-section.tsx";
import { RosterSection } from "#app/components/meeting/roster-section.tsx";
import { TopicsSection } from "#app/components/meeting/topics-section.tsx";
import type { Refill } from "#app/components/meeting/ui.tsx";
import { MeetingStatusTag } from "#app/components/meeting-status.tsx";
import { NextStepText } from "#app/components/next-step-line.tsx";
import { Notice } from "#app/components/notice.tsx";
import { Form } from "#app/components/once-form.tsx";
import { meetingAbilities, type meetingStepActions } from "#app/domain/meetings/meeting-abilities.ts";
import { scheduledDay } from "#app/domain/meetings/meeting-dates.ts";
import { awaitedSides, cancelNeedsBothSides } from "#app/domain/meetings/meeting-rules.ts";
import { meetingTitle } from "#app/domain/meetings/meeting-title.ts";
import { readMeeting } from "#app/domain/meetings/read-meetings.server.ts";
import { readPreparation } from "#app/domain/meetings/read-preparation.server.ts";
import { agreeingSides } from "#app/domain/meetings/topic-rules.ts";
import { meetingNextStep, nextStepLine } from "#app/domain/workbench/next-step.ts";
import { pageTitle, usePunctuation, useT } from "#app/i18n/i18n.ts";
import { servicesContext } from "#app/lib/app-context.server.ts";
import { chinaDateTime, chinaToday } from "#app/lib/china-time.ts";
import { performPostedStep } from "#app/lib/form-step.server.ts";
import { requirePermission } from "#app/lib/guards.server.ts";
import type { Route } from "./+types/meeting";
import { meetingSteps } from "./meeting/steps.server.ts";

export function meta({ matches }: Route.MetaArgs) {
	return pageTitle(matches, "meetings.title");
}

/** The words each step of the "next step" box asks for (P: the positive act may carry 意见, the negative needs 理由). */
const wordsOf: Record<Exclude<(typeof meetingStepActions)[number], "submit">, DecisionProps["words"]> = {
	accept: "comment",
	consent: "comment",
	decline: "reason",
	cancel: "reason",
};

export async function loader({ params, context }: Route.LoaderArgs) {
	const { user, membership } = requirePermission(context, "meetings.read");
	const db = context.get(servicesContext).db.app;
	const actor = { userId: user.id, tenantId: membership.tenant.id };
	const today = chinaToday();
	// Side by side: both statements leave in one round trip (ADR 0009); an unknown id reads nothing.
	const [page, preparation] = await Promise.all([
		readMeeting(db, actor, params.meetingId),
		readPreparation(db, actor, params.meetingId, today),
	]);
	if (!page) throw data(null, { status: 404 });
	const { meeting } = page;
	const roles = membership.roles;
	const awaited = awaitedSides(page.consents);
	// The step the meeting waits for and who takes it (issue #21), from what the page has read.
	const nextStep = nextStepLine(
		meetingNextStep({ status: meeting.status, kind: meeting.kind, minutesStatus: page.minutesStatus }),
		preparation.stepMembers,
		{ userId: user.id, roles },
		awaited,
	);
	const onRoster = preparation.attendees.some((a) => a.userId === user.id);
	const abilities = meetingAbilities(
		roles,
		{ ...meeting, scheduledStart: meeting.scheduled_start },
		{ onRoster, today },
	);
	return {
		meeting: {
			id: meeting.id,
			title: meeting.title,
			kind: meeting.kind,
			status: meeting.status,
			reason: meeting.reason,
			windowFrom: meeting.window_from,
			windowTo: meeting.window_to,
			proposedPlace: meeting.proposed_place,
			declineReason: meeting.decline_reason,
			acceptComment: meeting.accept_comment,
			cancelReason: meeting.cancel_reason,
		},
		consents: page.consents.map((c) => ({ ...c, at: chinaDateTime(c.at) })),
		slug: membership.tenant.slug,
		tenant: { kind: membership.tenant.kind, name: membership.tenant.name },
		nextStep,
		mySides: agreeingSides(roles),
		myOffice: roles.includes("union_staff")
			? ("union" as const)
			: roles.includes("gov_office")
				? ("gov" as const)
				: null,
		// The page's data travels with it to the browser: what the page shows, and the pickers' lists
		// only when their forms are there.
		topics: preparation.topics.map(({ agreements, opinions, ...topic }) => ({
			...topic,
			agreements: agreements.map(({ topicId: _, ...a }) => ({ ...a, at: chinaDateTime(a.at) })),
			opinions: opinions.map(({ topicId: _, answeredAt: __, ...o }) => o),
		})),
		attendees: preparation.attendees.map(({ roles: _, ...a }) => a),
		missing: preparation.missing,
		leaders: abilities.recordLeave ? preparation.leaders : [],
		members:
			abilities.prepare || abilities.recordLeave
				? preparation.members.map(({ userId, name, title }) => ({ userId, name, title }))
				: [],
		departments: abilities.prepare || abilities.requestOpinion ? preparation.departments : [],
		can: abilities,
		scheduled:
			meeting.scheduled_start && meeting.scheduled_end
				? {
						start: chinaDateTime(meeting.scheduled_start),
						end: chinaDateTime(meeting.scheduled_end),
						place: meeting.place ?? "",
					}
				: null,
		heldOn: meeting.held_on,
		heldNote: meeting.held_note,
		scheduledDay: scheduledDay(meeting.scheduled_start),
		today,
		publicity: page.publicity,
		icsHref: abilities.calendar ? `/t/${membership.tenant.slug}/meetings/${meeting.id}/calendar.ics` : null,
		awaited,
		pending: page.pending.map((c) => ({ ...c, at: chinaDateTime(c.at) })),
		cancelNeedsBothSides: cancelNeedsBothSides(meeting.status),
		agenda: page.agenda.map(({ id, title, standardItem, number }) => ({ id, title, standardItem, number })),
		previous: page.previous,
	};
}

export async function action({ request, params, context }: Route.ActionArgs) {
	const answer = await performPostedStep(context, await request.formData(), meetingSteps, (options) => ({
		options,
		meetingId: params.meetingId,
	}));
	// A deleted draft has no page left: the list says it was done.
	if (answer.intent === "delete_draft" && answer.done) throw redirect(`/t/${params.slug}/meetings?deleted=1`);
	return answer;
}

export default function MeetingPage() {
	const t = useT();
	const p = usePunctuation();
	const page = useLoaderData<typeof loader>();
	const { meeting, consents, awaited, agenda } = page;
	const actions = page.can.steps;
	const result = useActionData<typeof action>();
	const errorText = useErrorText();
	// After a refused or invalid step, the form of that step shows what was typed.
	const refillFor = (intent: string): Refill => (result?.intent === intent ? result.result : null);
	const refused = formError(result?.result);
	const navigation = useNavigation();
	const busy = navigation.state !== "idle";
	const consentOf = (side: "gov" | "union") => consents.find((c) => c.side === side);
	const cancelPending = page.pending.find((c) => c.subjectType === "meeting_cancel");
	return (
		<div className="space-y-5">
			<div className="flex flex-wrap items-center gap-3">
				<h1 className="text-xl font-semibold">{meetingTitle(t, meeting.title)}</h1>
				<MeetingStatusTag status={meeting.status} />
				<span className="text-sm text-slate-600">{t(`meetings.kind.${meeting.kind}`)}</span>
				{page.can.audit ? (
					<a
						href={`/t/${page.slug}/audit?entity=${meeting.id}`}
						data-route=""
						className="text-sm text-blue-800 underline"
					>
						{t("audit.link")}
					</a>
				) : null}
			</div>
			{result?.done ? <Notice tone="success">{t(result.done.key, result.done.params)}</Notice> : null}
			{/* A refused record of the day shows at its own form, when the form is there. */}
			{refused && !(result?.intent === "hold" && page.can.hold) ? (
				<Notice tone="error">{errorText(refused)}</Notice>
			) : null}
			<section aria-labelledby="next" className="rounded border border-amber-200 bg-amber-50 p-4">
				<h2 id="next" className="font-medium text-amber-900">
					{t("meetings.page.next")}
				</h2>
				{page.nextStep ? (
					<p className="mt-1 text-sm text-amber-900">
						<NextStepText line={page.nextStep} tenant={page.tenant} />
					</p>
				) : null}
				{meeting.acceptComment ? (
					<p className="mt-1 text-sm">{t("meetings.page.acceptComment", { comment: meeting.acceptComment })}</p>
				) : null}
				{meeting.declineReason ? (
					<p className="mt-1 text-sm">{t("meetings.page.declineReason", { reason: meeting.declineReason })}</p>
				) : null}
				{meeting.cancelReason ? (
					<p className="mt-1 text-sm">{t("meetings.page.cancelReason", { reason: meeting.cancelReason })}</p>
				) : null}
				{cancelPending ? (
					<p className="mt-1 text-sm">
						{t("meetings.cancelPending", {
							side: t(cancelPending.side === "gov" ? "decision.side.gov" : "decision.side.union"),
							name: cancelPending.name,
							at: cancelPending.at,
							reason: cancelPending.reason ?? "",
						})}
					</p>
				) : null}
				{actions.length > 0 ? (
					<div className="mt-3 flex flex-wrap items-end gap-3">
						{actions.map((a) =>
							a === "submit" ? (
								<Form method="post" key={a}>
									<input type="hidden" name="intent" value={a} />
									<button type="submit" disabled={busy} className={buttonClass.primary}>
										{t(`meetings.action.${a}`)}
									</button>
								</Form>
							) : (
								<Decision
									key={a}
									intent={a}
									label={t(a === "cancel" && cancelPending ? "meetings.action.cancelBoth" : `meetings.action.${a}`)}
									words={wordsOf[a]}
									variant={a === "cancel" ? "danger" : a === "decline" ? "secondary" : "primary"}
									consequence={a === "cancel" && page.cancelNeedsBothSides ? t("meetings.cancelNeedsBoth") : undefined}
									open={result?.asking === a}
									refill={refillFor(a)}
									busy={busy}
								/>
							),
						)}
					</div>
				) : null}
			</section>
			{page.can.editRequest ? <DraftForm meeting={meeting} refill={refillFor("edit_request")} /> : null}
			<section aria-labelledby="request" className="rounded border border-slate-200 bg-white p-4">
				<h2 id="request" className="sr-only">
					{t("meetings.page.reason")}
				</h2>
				<dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[auto_1fr]">
					<dt className="text-slate-600">{t("meetings.page.reason")}</dt>
					<dd className="whitespace-pre-wrap">{meeting.reason}</dd>
					<dt className="text-slate-600">{t("meetings.page.window")}</dt>
					<dd className="tabular-nums">
						{meeting.windowFrom} – {meeting.windowTo}
					</dd>
					{meeting.proposedPlace ? (
						<>
							<dt className="text-slate-600">{t("meetings.page.place")}</dt>
							<dd>{meeting.proposedPlace}</dd>
						</>
					) : null}
				</dl>
			</section>
			{meeting.kind === "extraordinary" ? (
				<section aria-labelledby="consents" className="rounded border border-slate-200 bg-white p-4">
					<h2 id="consents" className="font-medium">
						{t("meetings.page.consents")}
					</h2>
					<ul className="mt-2 space-y-1 text-sm">
						{(["gov", "union"] as const).map((side) => {
							const c = consentOf(side);
							return (
								<li key={side}>
									<span className="text-slate-600">
										{t(side === "gov" ? "meetings.page.consentGov" : "meetings.page.consentUnion")}
										{p.colon}
									</span>
									{c
										? c.decision === "consent"
											? t("meetings.page.consented", { name: c.name, at: c.at })
											: t("meetings.page.declined", { name: c.name, at: c.at, reason: c.reason ?? "" })
										: awaited.includes(side)
											? t("meetings.page.awaiting")
											: null}
									{c?.decision === "consent" && c.reason ? (
										<span className="ml-1 text-slate-700">{t("decision.commentLine", { comment: c.reason })}</span>
									) : null}
								</li>
							);
						})}
					</ul>
				</section>
			) : null}
			{meeting.status !== "draft" && meeting.status !== "requested" && meeting.status !== "declined" ? (
				<>
					<TopicsSection
						slug={page.slug}
						topics={page.topics}
						mySides={page.mySides}
						myOffice={page.myOffice}
						pendingWithdrawals={page.pending.filter((c) => c.subjectType === "topic_withdraw")}
						asking={result?.asking ?? null}
						departments={page.departments}
						can={page.can}
						refill={{ intent: result?.intent ?? null, values: result?.result ?? null }}
					/>
					<RosterSection
						refill={{ intent: result?.intent ?? null, values: result?.result ?? null }}
						attendees={page.attendees}
						missing={page.missing}
						members={page.members}
						leaders={page.leaders}
						departments={page.departments}
						canEdit={page.can.prepare}
						canRecordLeave={page.can.recordLeave}
					/>
				</>
			) : null}
			<AgendaSection
				agenda={agenda}
				previous={page.previous}
				canEdit={page.can.prepare}
				refill={refillFor("add_agenda")}
			/>
			<ScheduleSection
				refill={refillFor("schedule")}
				scheduled={page.scheduled}
				icsHref={page.icsHref}
				canSchedule={page.can.schedule}
				defaultPlace={meeting.proposedPlace ?? ""}
			/>
			{page.can.hold ? (
				<HoldSection
					attendees={page.attendees}
					scheduledDay={page.scheduledDay}
					today={page.today}
					refill={refillFor("hold")}
					error={result?.intent === "hold" ? refused : null}
				/>
			) : page.can.holdOpensOn ? (
				<p className="rounded border border-slate-200 bg-white p-4 text-sm text-slate-700">
					{t("prep.holdOpensOn", { date: page.can.holdOpensOn })}
				</p>
			) : null}
			{page.heldOn ? (
				<p className="text-sm text-slate-700">
					{t("prep.heldSummary", { date: page.heldOn })}{" "}
					{page.heldNote && page.scheduledDay ? (
						<span>{t("prep.heldOtherDay", { day: page.scheduledDay, note: page.heldNote })} </span>
					) : null}
					<a
						href={`/t/${page.slug}/meetings/${meeting.id}/minutes`}
						data-route=""
						className="text-blue-800 underline underline-offset-2"
					>
						{t("minutes.link")}
					</a>
				</p>
			) : null}
			{page.heldOn ? (
				<PublicitySection items={page.publicity} canRecord={page.can.publicise} refill={refillFor("publicity")} />
			) : null}
		</div>
	);
}
