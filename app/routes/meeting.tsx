import { data, Form, Link, useActionData, useLoaderData, useNavigation } from "react-router";
import { AgendaSection, HoldSection, ScheduleSection } from "#app/components/meeting/day-sections.tsx";
import { DraftForm } from "#app/components/meeting/draft-form.tsx";
import { PublicitySection } from "#app/components/meeting/publicity-section.tsx";
import { RosterSection } from "#app/components/meeting/roster-section.tsx";
import { TopicsSection } from "#app/components/meeting/topics-section.tsx";
import { MeetingStatusTag } from "#app/components/meeting-status.tsx";
import { Notice } from "#app/components/notice.tsx";
import { AppError, httpStatusOf } from "#app/domain/app-error.ts";
import { type StoredUpload, storeUploads } from "#app/domain/files/stored-upload.ts";
import { MeetingRefusal } from "#app/domain/meetings/meeting-errors.ts";
import { awaitedSides, checkAction, type MeetingAction } from "#app/domain/meetings/meeting-rules.ts";
import { readMeeting } from "#app/domain/meetings/read-meetings.server.ts";
import { readPreparation } from "#app/domain/meetings/read-preparation.server.ts";
import { agreeingSides, topicProposers } from "#app/domain/meetings/topic-rules.ts";
import { can } from "#app/domain/tenancy/permissions.ts";
import { type MessageKey, pageTitle, usePunctuation, useT } from "#app/i18n/i18n.ts";
import { servicesContext } from "#app/lib/app-context.server.ts";
import { chinaDateTime, chinaToday } from "#app/lib/china-time.ts";
import { requestMeta, requireAnyRole, requirePermission } from "#app/lib/guards.server.ts";
import { formFields, isMeetingIntent, type MeetingIntent, meetingIntents } from "#app/lib/meeting-intents.server.ts";
import type { Route } from "./+types/meeting";

export function meta({ matches }: Route.MetaArgs) {
	return pageTitle(matches, "meetings.title");
}

const stepActions = ["submit", "accept", "consent", "decline", "cancel"] as const satisfies MeetingAction[];
const withReason = new Set<MeetingAction>(["decline", "cancel"]);

export async function loader({ params, context }: Route.LoaderArgs) {
	const { user, membership } = requirePermission(context, "meetings.read");
	const page = await readMeeting(
		context.get(servicesContext).db.app,
		{ userId: user.id, tenantId: membership.tenant.id },
		params.meetingId,
	);
	if (!page) throw data(null, { status: 404 });
	const { meeting } = page;
	const actions = stepActions.filter((action) => checkAction(action, membership.roles, meeting).ok);
	const roles = membership.roles;
	const may = (action: MeetingAction) => checkAction(action, roles, meeting).ok;
	const preparation = await readPreparation(
		context.get(servicesContext).db.app,
		{ userId: user.id, tenantId: membership.tenant.id },
		meeting.id,
		chinaToday(),
	);
	const onRoster = preparation.attendees.some((a) => a.userId === user.id);
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
			cancelReason: meeting.cancel_reason,
		},
		consents: page.consents.map((c) => ({ ...c, at: chinaDateTime(c.at) })),
		slug: membership.tenant.slug,
		mySides: agreeingSides(roles),
		canAudit: can(roles, "audit.read"),
		topics: preparation.topics.map((topic) => ({
			...topic,
			agreements: topic.agreements.map((a) => ({ ...a, at: chinaDateTime(a.at) })),
		})),
		attendees: preparation.attendees,
		missing: preparation.missing,
		members: preparation.members,
		departments: preparation.departments,
		can: {
			editRequest: may("edit_request"),
			propose: may("prepare") && roles.some((r) => topicProposers.includes(r)),
			agree: may("agree_topic"),
			requestOpinion: may("request_opinion"),
			prepare: may("prepare"),
			schedule: may("schedule"),
			hold: may("hold"),
		},
		scheduled:
			meeting.scheduled_start && meeting.scheduled_end
				? {
						start: chinaDateTime(meeting.scheduled_start),
						end: chinaDateTime(meeting.scheduled_end),
						place: meeting.place ?? "",
					}
				: null,
		heldOn: meeting.held_on,
		publicity: page.publicity,
		canPublicise:
			["held", "minutes_review", "minutes_issued"].includes(meeting.status) &&
			roles.some((r) => r === "union_staff" || r === "gov_office"),
		icsHref:
			meeting.scheduled_start &&
			meeting.status === "scheduled" &&
			(onRoster || roles.includes("union_staff") || roles.includes("gov_office"))
				? `/t/${membership.tenant.slug}/meetings/${meeting.id}/calendar.ics`
				: null,
		awaited: awaitedSides(page.consents),
		agenda: page.agenda,
		previous: page.previous,
		actions,
	};
}

export async function action({ request, params, context }: Route.ActionArgs) {
	const form = await request.formData();
	const name = form.get("intent");
	if (!isMeetingIntent(name)) throw data(null, { status: 400 });
	const step = meetingIntents[name];
	// The role check comes before any field is validated or the meeting is read.
	const { user, membership } = requireAnyRole(context, step.roles);
	const options = {
		db: context.get(servicesContext).db.app,
		actor: { userId: user.id, membership },
		meta: requestMeta(context),
	};
	const values = formFields(form);
	const parsed = step.schema.safeParse(values);
	if (!parsed.success) {
		const error: MessageKey = "reason" in step.schema.shape ? "meetings.error.reasonRequired" : "meetings.error.input";
		return { intent: name, error, done: null, values };
	}
	const attachments = await storeUploads(
		form.getAll("attachment").filter((f): f is File => f instanceof File),
		context.get(servicesContext).files,
	);
	if (!attachments.ok) return { intent: name, error: attachments.error as MessageKey, done: null, values };
	try {
		await (step.run as (o: typeof options, id: string, v: unknown, f: StoredUpload[]) => Promise<unknown>)(
			options,
			params.meetingId,
			parsed.data,
			attachments.uploads,
		);
	} catch (error) {
		if (error instanceof MeetingRefusal && error.code === "invalid_state") {
			return { intent: name, error: error.reason as MessageKey, done: null, values };
		}
		if (error instanceof AppError) throw data(null, { status: httpStatusOf[error.code] });
		throw error;
	}
	const done: MessageKey = name in doneMessages ? doneMessages[name as keyof typeof doneMessages] : "prep.done";
	return { intent: name, error: null, done, values: null };
}

const doneMessages = {
	submit: "meetings.done.submit",
	accept: "meetings.done.accept",
	consent: "meetings.done.consent",
	decline: "meetings.done.decline",
	cancel: "meetings.done.cancel",
} as const satisfies Partial<Record<MeetingIntent, MessageKey>>;

const buttonClass = {
	primary:
		"rounded bg-brand-700 px-4 py-2 text-sm font-medium text-white hover:bg-brand-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700 disabled:opacity-70",
	secondary:
		"rounded border border-slate-400 bg-white px-4 py-2 text-sm text-slate-800 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700 disabled:opacity-70",
};

export default function MeetingPage() {
	const t = useT();
	const p = usePunctuation();
	const page = useLoaderData<typeof loader>();
	const { meeting, consents, awaited, agenda, actions } = page;
	const result = useActionData<typeof action>();
	// After a refused or invalid step, the form of that step shows what was typed.
	const refillFor = (intent: string) => (result?.intent === intent ? (result.values ?? null) : null);
	const navigation = useNavigation();
	const busy = navigation.state !== "idle";
	const nextKey: MessageKey =
		meeting.status === "requested"
			? `meetings.next.requested.${meeting.kind}`
			: meeting.status === "declined" || meeting.status === "cancelled"
				? "meetings.next.closed"
				: `meetings.next.${meeting.status}`;
	const consentOf = (side: "gov" | "union") => consents.find((c) => c.side === side);
	return (
		<div className="space-y-5">
			<div className="flex flex-wrap items-center gap-3">
				<h1 className="text-xl font-semibold">{meeting.title}</h1>
				<MeetingStatusTag status={meeting.status} />
				<span className="text-sm text-slate-600">{t(`meetings.kind.${meeting.kind}`)}</span>
				{page.canAudit ? (
					<Link to={`/t/${page.slug}/audit?entity=${meeting.id}`} className="text-sm text-blue-800 underline">
						{t("audit.link")}
					</Link>
				) : null}
			</div>
			{result?.done ? <Notice tone="success">{t(result.done)}</Notice> : null}
			{result?.error ? <Notice tone="error">{t(result.error)}</Notice> : null}
			<section aria-labelledby="next" className="rounded border border-amber-200 bg-amber-50 p-4">
				<h2 id="next" className="font-medium text-amber-900">
					{t("meetings.page.next")}
				</h2>
				<p className="mt-1 text-sm text-amber-900">{t(nextKey)}</p>
				{meeting.declineReason ? (
					<p className="mt-1 text-sm">{t("meetings.page.declineReason", { reason: meeting.declineReason })}</p>
				) : null}
				{meeting.cancelReason ? (
					<p className="mt-1 text-sm">{t("meetings.page.cancelReason", { reason: meeting.cancelReason })}</p>
				) : null}
				{actions.length > 0 ? (
					<div className="mt-3 flex flex-wrap items-end gap-3">
						{actions
							.filter((a) => !withReason.has(a))
							.map((a) => (
								<Form method="post" key={a}>
									<input type="hidden" name="intent" value={a} />
									<button type="submit" disabled={busy} className={buttonClass.primary}>
										{t(`meetings.action.${a}`)}
									</button>
								</Form>
							))}
						{actions
							.filter((a) => withReason.has(a))
							.map((a) => (
								<Form method="post" key={a} className="flex flex-wrap items-end gap-2">
									<input type="hidden" name="intent" value={a} />
									<label className="text-sm">
										<span className="block text-slate-700">{t("meetings.action.reason")}</span>
										<input
											name="reason"
											required
											maxLength={2000}
											aria-label={`${t(`meetings.action.${a}`)}${p.colon}${t("meetings.action.reason")}`}
											className="mt-1 w-56 rounded border border-slate-400 bg-white px-2 py-1.5"
										/>
									</label>
									<button type="submit" disabled={busy} className={buttonClass.secondary}>
										{t(`meetings.action.${a}`)}
									</button>
								</Form>
							))}
					</div>
				) : null}
			</section>
			{page.can.editRequest ? (
				<DraftForm meeting={meeting} refill={result?.intent === "edit_request" ? result.values : null} />
			) : null}
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
						departments={page.departments}
						can={page.can}
						refill={{ intent: result?.intent ?? null, values: result?.values ?? null }}
					/>
					<RosterSection
						refill={{ intent: result?.intent ?? null, values: result?.values ?? null }}
						attendees={page.attendees}
						missing={page.missing}
						members={page.members}
						departments={page.departments}
						canEdit={page.can.prepare}
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
				<HoldSection attendees={page.attendees} defaultDate={page.scheduled?.start.slice(0, 10) ?? ""} />
			) : null}
			{page.heldOn ? (
				<p className="text-sm text-slate-700">
					{t("prep.heldSummary", { date: page.heldOn })}{" "}
					<Link
						to={`/t/${page.slug}/meetings/${meeting.id}/minutes`}
						className="text-blue-800 underline underline-offset-2"
					>
						{t("minutes.link")}
					</Link>
				</p>
			) : null}
			{page.heldOn ? (
				<PublicitySection items={page.publicity} canRecord={page.canPublicise} refill={refillFor("publicity")} />
			) : null}
		</div>
	);
}
