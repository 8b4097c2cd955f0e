import { sql } from "kysely";
import type { Tx } from "#db/run-as.ts";
import type { MeetingStatus, Role, Side } from "#db/schema.ts";
import { consentSide, type MeetingAction, sideLeaders } from "../meetings/meeting-rules.ts";
import { agreeingRoles } from "../meetings/topic-rules.ts";
import { kindsSettledBy, type SettlingAct, type SubjectType } from "./notification-asks.ts";

/**
 * In the act's own transaction: the notifications about this subject that asked for this act are
 * settled for every recipient (or, with `onlyRoles`, for the recipients holding one of those roles:
 * one side's consent settles that side's asks). Runs in the caller's unit (the database function
 * reads the unit from the transaction's settings, never from an argument). ADR 0015.
 */
export async function settleAsks(
	tx: Tx,
	act: SettlingAct | `matter.${string}`,
	subject: { type: SubjectType; id: string },
	onlyRoles: readonly Role[] | null = null,
): Promise<number> {
	const kinds = kindsSettledBy(act, subject.type);
	if (kinds.length === 0) return 0;
	const { rows } = await sql<{ settled: number }>`select app_resolve_notifications(${subject.type}, ${subject.id},
		${sql.val(kinds)}::text[], ${onlyRoles ? sql.val([...onlyRoles]) : null}::text[]) as settled`.execute(tx);
	return rows[0]?.settled ?? 0;
}

/**
 * A meeting step's effect on the asks about the meeting: accepted, declined or cancelled settles the
 * request and the consents it waited for; one side's consent to an extraordinary meeting settles
 * that side's request only (O1).
 */
export async function settleMeetingStep(
	tx: Tx,
	meetingId: string,
	step: { action: MeetingAction; before: MeetingStatus; after: MeetingStatus; roles: readonly Role[] },
): Promise<void> {
	const subject = { type: "meeting", id: meetingId } as const;
	const ended = { accepted: "meeting.accept", declined: "meeting.decline", cancelled: "meeting.cancel" } as const;
	if (
		step.after !== step.before &&
		(step.after === "accepted" || step.after === "declined" || step.after === "cancelled")
	) {
		await settleAsks(tx, ended[step.after], subject);
		return;
	}
	const side = step.action === "consent" ? consentSide(step.roles) : null;
	if (side) await settleAsks(tx, "meeting.consent", subject, sideLeaders[side]);
}

/**
 * A topic step (O2): agreed by both sides, returned or withdrawn settles every ask about it; one
 * side's agreement settles that side's.
 */
export async function settleTopicStep(
	tx: Tx,
	topicId: string,
	step: { act: "topic.agreed" | "topic.returned" | "topic.withdrawn" } | { act: "topic.agree"; sides: readonly Side[] },
): Promise<void> {
	const subject = { type: "topic", id: topicId } as const;
	if (step.act === "topic.agree")
		await settleAsks(
			tx,
			step.act,
			subject,
			step.sides.flatMap((s) => agreeingRoles[s]),
		);
	else await settleAsks(tx, step.act, subject);
}
