import type { Selectable, Updateable } from "kysely";
import type { UseCaseOptions } from "#app/domain/actor.ts";
import { enforce, Refusal } from "#app/domain/refusal.ts";
import { runAs, type Tx } from "#db/run-as.ts";
import type { MeetingStatus, MeetingsTable, Role } from "#db/schema.ts";
import { AppError } from "../app-error.ts";
import { recordAudit } from "../audit/record-audit.server.ts";
import { notifyRolesAboutMeeting } from "../notifications/notify.server.ts";
import { settleMeetingStep } from "../notifications/resolve-notifications.server.ts";
import { bothReasons, consentForSide } from "./dual-consent.server.ts";
import {
	cancelNeedsBothSides,
	checkAction,
	checkRole,
	consentOutcome,
	consentSide,
	declineRoles,
	type MeetingAction,
	meetingActionRoles,
	sideLeaders,
} from "./meeting-rules.ts";

async function lockMeeting(tx: Tx, tenantId: string, meetingId: string): Promise<Meeting> {
	const meeting = await tx
		.selectFrom("meetings")
		.selectAll()
		.where("tenant_id", "=", tenantId)
		.where("id", "=", meetingId)
		.forUpdate()
		.executeTakeFirst();
	if (!meeting) throw new AppError("not_found");
	return meeting;
}

type Meeting = Selectable<MeetingsTable>;

/** Fields a step sets on the meeting row (status and updated_at are set by `transition`). */
type MeetingChanges = Omit<Updateable<MeetingsTable>, "status" | "updated_at" | "tenant_id" | "id">;

/**
 * One step on a meeting: role check first (before the meeting is even read), then, in one
 * transaction holding the meeting's row lock: the state check, the change, the audit event and the
 * notifications of whoever acts next.
 */
export async function transition<T>(
	{ db, actor, meta }: UseCaseOptions,
	meetingId: string,
	action: MeetingAction,
	apply: (
		tx: Tx,
		meeting: Meeting,
	) => Promise<{ status?: MeetingStatus; changes?: MeetingChanges; audit: Record<string, unknown>; result: T }>,
): Promise<T> {
	const role = checkRole(action, actor.membership.roles);
	enforce(role);
	const tenantId = actor.membership.tenant.id;
	return runAs(db, { userId: actor.userId, tenantId }, async (tx) => {
		const meeting = await lockMeeting(tx, tenantId, meetingId);
		const verdict = checkAction(action, actor.membership.roles, meeting);
		enforce(verdict);
		const { status, changes, audit, result } = await apply(tx, meeting);
		// One write of the meeting row per step: its new status and the step's own fields.
		if ((status && status !== meeting.status) || changes) {
			await tx
				.updateTable("meetings")
				.set({ ...changes, ...(status ? { status } : {}), updated_at: new Date() })
				.where("tenant_id", "=", tenantId)
				.where("id", "=", meetingId)
				.execute();
		}
		const roles = actor.membership.roles;
		await settleMeetingStep(tx, meetingId, { action, before: meeting.status, after: status ?? meeting.status, roles });
		await recordAudit(tx, {
			tenantId,
			actorUserId: actor.userId,
			action: `meeting.${action}`,
			entityType: "meeting",
			entityId: meetingId,
			before: { status: meeting.status },
			after: { status: status ?? meeting.status, ...audit },
			meta,
		});
		return result;
	});
}

/** 提请: the union sends the request to the government side. */
export function submitMeeting(options: UseCaseOptions, meetingId: string) {
	return transition(options, meetingId, "submit", async (tx, meeting) => {
		// Whoever the rules let decide this kind of request is told (O1): the same tables as the checks.
		const deciders = meeting.kind === "regular" ? meetingActionRoles.accept : meetingActionRoles.consent;
		await notifyRolesAboutMeeting(tx, options.actor, {
			meetingId: meeting.id,
			kind: "meeting.requested",
			title: meeting.title,
			roles: deciders,
		});
		return { status: "requested", changes: { requested_at: new Date() }, audit: {}, result: undefined };
	});
}

/** Accepted: the preparers are told (with the leader's words); returns the acceptance time to record. */
async function toPreparation(
	tx: Tx,
	options: UseCaseOptions,
	meeting: Meeting,
	comment: string | null,
): Promise<MeetingChanges> {
	await notifyRolesAboutMeeting(tx, options.actor, {
		meetingId: meeting.id,
		kind: "meeting.accepted",
		title: meeting.title,
		roles: [...meetingActionRoles.prepare, ...sideLeaders.union],
		comment,
	});
	return { accepted_at: new Date() };
}

/** O1: a regular meeting is accepted by the government head or the liaison vice-head, with their 意见 if any. */
export function acceptMeeting(options: UseCaseOptions, meetingId: string, comment: string | null = null) {
	return transition(options, meetingId, "accept", async (tx, meeting) => {
		return {
			status: "accepted",
			changes: { ...(await toPreparation(tx, options, meeting, comment)), accept_comment: comment },
			audit: { comment },
			result: undefined,
		};
	});
}

async function recordDecision(
	tx: Tx,
	options: UseCaseOptions,
	meeting: Meeting,
	decision: "consent" | "decline",
	reason: string | null,
) {
	const side = consentSide(options.actor.membership.roles);
	if (!side) throw new Refusal({ ok: false, code: "forbidden", reason: "meetings.error.forbidden" });
	const existing = await tx
		.selectFrom("meeting_consents")
		.select("side")
		.where("tenant_id", "=", meeting.tenant_id)
		.where("meeting_id", "=", meeting.id)
		.where("side", "=", side)
		.executeTakeFirst();
	if (existing) throw new Refusal({ ok: false, code: "invalid_state", reason: "meetings.error.alreadyDecided" });
	await tx
		.insertInto("meeting_consents")
		.values({
			tenant_id: meeting.tenant_id,
			meeting_id: meeting.id,
			side,
			decision,
			user_id: options.actor.userId,
			reason,
		})
		.execute();
	const consents = await tx
		.selectFrom("meeting_consents")
		.select(["side", "decision"])
		.where("tenant_id", "=", meeting.tenant_id)
		.where("meeting_id", "=", meeting.id)
		.execute();
	return { side, outcome: consentOutcome(consents) };
}

/** O1: an extraordinary meeting needs the liaison vice-head's AND the union chair's consent (each with their 意见). */
export function consentToMeeting(options: UseCaseOptions, meetingId: string, comment: string | null = null) {
	return transition(options, meetingId, "consent", async (tx, meeting) => {
		const { side, outcome } = await recordDecision(tx, options, meeting, "consent", comment);
		if (outcome === "accepted") {
			return {
				status: "accepted",
				changes: await toPreparation(tx, options, meeting, comment),
				audit: { side, comment },
				result: outcome,
			};
		}
		await notifyRolesAboutMeeting(tx, options.actor, {
			meetingId: meeting.id,
			kind: "meeting.consent_awaited",
			title: meeting.title,
			roles: declineRoles.extraordinary.filter((r) => r !== (side === "gov" ? "gov_liaison" : "union_chair")),
			comment,
		});
		return { audit: { side, comment }, result: outcome };
	});
}

/** O1: declined with a reason by one who may decline this kind of meeting; recorded for their side; the union is told. */
export function declineMeeting(options: UseCaseOptions, meetingId: string, reason: string) {
	return transition(options, meetingId, "decline", async (tx, meeting) => {
		const side =
			meeting.kind === "extraordinary"
				? (await recordDecision(tx, options, meeting, "decline", reason)).side
				: consentSide(options.actor.membership.roles);
		await notifyRolesAboutMeeting(tx, options.actor, {
			meetingId: meeting.id,
			kind: "meeting.declined",
			title: meeting.title,
			roles: meetingActionRoles.submit,
			comment: reason,
		});
		return { status: "declined", changes: { decline_reason: reason }, audit: { side, reason }, result: undefined };
	});
}

/**
 * P, O1: before the government side accepted, the union side withdraws its request; afterwards a
 * leader of each side must consent (`dual_consents`), the second one cancels it. Both reasons are kept.
 */
export function cancelMeeting(options: UseCaseOptions, meetingId: string, reason: string) {
	return transition(options, meetingId, "cancel", async (tx, meeting) => {
		const told: Role[] = [...meetingActionRoles.prepare, ...sideLeaders.gov, ...sideLeaders.union];
		if (!cancelNeedsBothSides(meeting.status)) {
			await notifyRolesAboutMeeting(tx, options.actor, {
				meetingId: meeting.id,
				kind: "meeting.cancelled",
				title: meeting.title,
				roles: told,
				comment: reason,
			});
			return {
				status: "cancelled",
				changes: { cancel_reason: reason },
				audit: { reason },
				result: "cancelled" as const,
			};
		}
		const side = consentSide(options.actor.membership.roles);
		if (!side) throw new Refusal({ ok: false, code: "forbidden", reason: "meetings.error.forbidden" });
		const { other } = await consentForSide(
			tx,
			{
				tenantId: meeting.tenant_id,
				subjectType: "meeting_cancel",
				subjectId: meeting.id,
				side,
				userId: options.actor.userId,
				reason,
			},
			"meetings.error.cancelAwaitsOtherSide",
		);
		if (!other) {
			await notifyRolesAboutMeeting(tx, options.actor, {
				meetingId: meeting.id,
				kind: "meeting.cancel_awaited",
				title: meeting.title,
				roles: sideLeaders[side === "gov" ? "union" : "gov"],
				comment: reason,
			});
			return { audit: { side, reason, cancel: "awaiting" }, result: "awaiting" as const };
		}
		const both = bothReasons(other.reason, reason);
		await notifyRolesAboutMeeting(tx, options.actor, {
			meetingId: meeting.id,
			kind: "meeting.cancelled",
			title: meeting.title,
			roles: told,
			comment: both,
		});
		return {
			status: "cancelled",
			changes: { cancel_reason: both },
			audit: { side, reason },
			result: "cancelled" as const,
		};
	});
}

/** The union revises its draft request before sending it. */
export function editMeetingRequest(
	options: UseCaseOptions,
	meetingId: string,
	input: { reason: string; windowFrom: string; windowTo: string; proposedPlace?: string },
) {
	return transition(options, meetingId, "edit_request", async () => ({
		changes: {
			reason: input.reason,
			window_from: input.windowFrom,
			window_to: input.windowTo,
			proposed_place: input.proposedPlace || null,
		},
		audit: { ...input },
		result: undefined,
	}));
}
