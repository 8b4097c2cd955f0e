import type { NotificationKind } from "./notification-kinds.ts";

/** What a notification is about: its `entity_type` (the id is the row's). */
export type SubjectType = "meeting" | "topic" | "opinion_request" | "decided_matter" | "department" | "report_request";

/**
 * The kinds that ask their recipient for an act, and the acts that settle them — done by anyone
 * entitled, not only by the recipient (ADR 0015). Every other kind only informs: it is done with
 * once read. The acts are named like the audit events that record them.
 */
const asks = {
	// O1: a regular meeting is the government's to accept or decline; an extraordinary one needs each
	// side's consent ("meeting.consent" settles the consenting side's own asks only).
	"meeting.requested": {
		subject: "meeting",
		settledBy: ["meeting.accept", "meeting.decline", "meeting.cancel", "meeting.consent"],
	},
	"meeting.consent_awaited": { subject: "meeting", settledBy: ["meeting.accept", "meeting.decline", "meeting.cancel"] },
	"meeting.cancel_awaited": { subject: "meeting", settledBy: ["meeting.cancel"] },
	"meeting.release_awaited": {
		subject: "meeting",
		settledBy: ["public_release.published", "public_release.withdrawn", "meeting.cancel"],
	},
	// O2: a topic waits for one leader of each side ("topic.agree" settles the agreeing side's asks).
	"topic.proposed": {
		subject: "topic",
		settledBy: ["topic.agree", "topic.agreed", "topic.returned", "topic.withdrawn"],
	},
	"topic.agreement_awaited": { subject: "topic", settledBy: ["topic.agreed", "topic.returned", "topic.withdrawn"] },
	"topic.withdrawal_awaited": { subject: "topic", settledBy: ["topic.withdrawn"] },
	"opinion.requested": { subject: "opinion_request", settledBy: ["opinion.answered"] },
	"reminder.opinion_due": { subject: "opinion_request", settledBy: ["opinion.answered"] },
	"reminder.opinion_overdue": { subject: "opinion_request", settledBy: ["opinion.answered"] },
	// O5: each review step is settled by the next one, or by a return.
	"minutes.submit": { subject: "meeting", settledBy: ["minutes.union_approve", "minutes.return"] },
	"minutes.union_approve": { subject: "meeting", settledBy: ["minutes.gov_approve", "minutes.return"] },
	"minutes.gov_approve": { subject: "meeting", settledBy: ["minutes.issue"] },
	"minutes.return": { subject: "meeting", settledBy: ["minutes.submit"] },
	"reminder.minutes_review": {
		subject: "meeting",
		settledBy: ["minutes.union_approve", "minutes.gov_approve", "minutes.return"],
	},
	// O6: the department reports; the offices verify; a leader decides an extension.
	"matter.reminder": { subject: "decided_matter", settledBy: ["matter.progress", "matter.done", "matter.verify"] },
	// 督办 asks the lead department for a written reply (migration 2026-12-05T1400).
	"matter.supervision": {
		subject: "decided_matter",
		settledBy: ["matter.supervision_replied", "matter.done", "matter.verify"],
	},
	"matter.reopen": { subject: "decided_matter", settledBy: ["matter.progress", "matter.done", "matter.verify"] },
	"matter.done": { subject: "decided_matter", settledBy: ["matter.verify", "matter.reopen"] },
	"matter.extend": { subject: "decided_matter", settledBy: ["matter.approve_extension", "matter.refuse_extension"] },
	"reminder.matter_due": { subject: "decided_matter", settledBy: ["matter.done", "matter.verify"] },
	"reminder.matter_overdue": { subject: "decided_matter", settledBy: ["matter.done", "matter.verify"] },
	"reminder.matter_co_due": { subject: "decided_matter", settledBy: ["matter.done", "matter.verify"] },
	"reminder.matter_co_overdue": { subject: "decided_matter", settledBy: ["matter.done", "matter.verify"] },
	// O2, O6: a department without a liaison cannot be reached; binding one settles it.
	"department.liaison_missing": { subject: "department", settledBy: ["department.liaison_bound"] },
	// Issue 22: a unit's report is asked for (request, 催报, return, reminders) until it is reported
	// (上报); a leader's approval is asked until it is given or the draft is sent back.
	"report.requested": { subject: "report_request", settledBy: ["report_request.reported"] },
	"report.urged": { subject: "report_request", settledBy: ["report_request.reported"] },
	"report.returned": { subject: "report_request", settledBy: ["report_request.reported"] },
	"report.sent_back": {
		subject: "report_request",
		settledBy: ["report_request.approval_asked", "report_request.reported"],
	},
	"report.approval_awaited": {
		subject: "report_request",
		settledBy: ["report_request.reported", "report_request.sent_back"],
	},
	"reminder.report_due": { subject: "report_request", settledBy: ["report_request.reported"] },
	"reminder.report_overdue": { subject: "report_request", settledBy: ["report_request.reported"] },
} as const satisfies Partial<Record<NotificationKind, { subject: SubjectType; settledBy: readonly string[] }>>;

type AskingKind = keyof typeof asks;

/** An act that settles asks. */
export type SettlingAct = (typeof asks)[AskingKind]["settledBy"][number];

/** The kinds that ask for an act (the others inform). */
export const askingKinds = Object.keys(asks) as AskingKind[];

/** The asking kinds about a subject of this type that this act settles (none for an act no ask waits for). */
export function kindsSettledBy(act: string, subject: SubjectType): AskingKind[] {
	return askingKinds.filter((kind) => {
		const ask: { subject: SubjectType; settledBy: readonly string[] } = asks[kind];
		return ask.subject === subject && ask.settledBy.includes(act);
	});
}
