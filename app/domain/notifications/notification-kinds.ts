import type { MessageKey } from "#app/i18n/i18n.ts";

/**
 * Every kind of in-app notification, each with its short label (the inbox's kind column and filter)
 * and its sentence (the menu, the email). Written out as records over the kind, so a new kind does
 * not compile until it has both, in both languages.
 */
const labels = {
	"meeting.requested": "inbox.kind.meeting.requested",
	"meeting.accepted": "inbox.kind.meeting.accepted",
	"meeting.consent_awaited": "inbox.kind.meeting.consent_awaited",
	"meeting.declined": "inbox.kind.meeting.declined",
	"meeting.cancelled": "inbox.kind.meeting.cancelled",
	"meeting.cancel_awaited": "inbox.kind.meeting.cancel_awaited",
	"meeting.scheduled": "inbox.kind.meeting.scheduled",
	"meeting.release_awaited": "inbox.kind.meeting.release_awaited",
	"meeting.release_withdrawn": "inbox.kind.meeting.release_withdrawn",
	"topic.proposed": "inbox.kind.topic.proposed",
	"topic.agreement_awaited": "inbox.kind.topic.agreement_awaited",
	"topic.agreed": "inbox.kind.topic.agreed",
	"topic.returned": "inbox.kind.topic.returned",
	"topic.withdrawn": "inbox.kind.topic.withdrawn",
	"topic.withdrawal_awaited": "inbox.kind.topic.withdrawal_awaited",
	"opinion.requested": "inbox.kind.opinion.requested",
	"opinion.answered": "inbox.kind.opinion.answered",
	"minutes.submit": "inbox.kind.minutes.submit",
	"minutes.union_approve": "inbox.kind.minutes.union_approve",
	"minutes.gov_approve": "inbox.kind.minutes.gov_approve",
	"minutes.return": "inbox.kind.minutes.return",
	"minutes.issue": "inbox.kind.minutes.issue",
	"matter.progress": "inbox.kind.matter.progress",
	"matter.done": "inbox.kind.matter.done",
	"matter.reminder": "inbox.kind.matter.reminder",
	"matter.supervision": "inbox.kind.matter.supervision",
	"matter.supervision_replied": "inbox.kind.matter.supervision_replied",
	"matter.verify": "inbox.kind.matter.verify",
	"matter.reopen": "inbox.kind.matter.reopen",
	"matter.extend": "inbox.kind.matter.extend",
	"matter.approve_extension": "inbox.kind.matter.approve_extension",
	"matter.refuse_extension": "inbox.kind.matter.refuse_extension",
	"department.liaison_missing": "inbox.kind.department.liaison_missing",
	"reminder.matter_due": "inbox.kind.reminder.matter_due",
	"reminder.matter_overdue": "inbox.kind.reminder.matter_overdue",
	"reminder.matter_co_due": "inbox.kind.reminder.matter_co_due",
	"reminder.matter_co_overdue": "inbox.kind.reminder.matter_co_overdue",
	"reminder.opinion_due": "inbox.kind.reminder.opinion_due",
	"reminder.opinion_overdue": "inbox.kind.reminder.opinion_overdue",
	"reminder.minutes_review": "inbox.kind.reminder.minutes_review",
	"reminder.annual_unproposed": "inbox.kind.reminder.annual_unproposed",
	"reminder.annual_unheld": "inbox.kind.reminder.annual_unheld",
	"digest.lagging": "inbox.kind.digest.lagging",
	"invitation.accepted": "inbox.kind.invitation.accepted",
	"invitation.declined": "inbox.kind.invitation.declined",
	"report.requested": "inbox.kind.report.requested",
	"report.urged": "inbox.kind.report.urged",
	"report.approval_awaited": "inbox.kind.report.approval_awaited",
	"report.sent_back": "inbox.kind.report.sent_back",
	"report.submitted": "inbox.kind.report.submitted",
	"report.withdrawn": "inbox.kind.report.withdrawn",
	"report.returned": "inbox.kind.report.returned",
	"report.accepted": "inbox.kind.report.accepted",
	"reminder.report_due": "inbox.kind.reminder.report_due",
	"reminder.report_overdue": "inbox.kind.reminder.report_overdue",
	"im.channel_failing": "inbox.kind.im.channel_failing",
} as const satisfies Record<string, MessageKey>;

export type NotificationKind = keyof typeof labels;

/** Kinds in the order of the year's work: the inbox's kind filter lists them so. */
export const notificationKinds = Object.keys(labels) as NotificationKind[];

export function isNotificationKind(kind: string): kind is NotificationKind {
	return Object.hasOwn(labels, kind);
}

/** The short label of a kind (a kind written before this list knew it reads as "提醒"). */
export function kindLabel(kind: string): MessageKey {
	return isNotificationKind(kind) ? labels[kind] : "inbox.kind.other";
}

/** The whole sentence of a notification, with its {title}, {due} …: the same words in the menu and the email. */
const sentences: Record<NotificationKind, MessageKey> = {
	"meeting.requested": "notifications.kind.meeting.requested",
	"meeting.accepted": "notifications.kind.meeting.accepted",
	"meeting.consent_awaited": "notifications.kind.meeting.consent_awaited",
	"meeting.declined": "notifications.kind.meeting.declined",
	"meeting.cancelled": "notifications.kind.meeting.cancelled",
	"meeting.cancel_awaited": "notifications.kind.meeting.cancel_awaited",
	"meeting.scheduled": "notifications.kind.meeting.scheduled",
	"meeting.release_awaited": "notifications.kind.meeting.release_awaited",
	"meeting.release_withdrawn": "notifications.kind.meeting.release_withdrawn",
	"topic.proposed": "notifications.kind.topic.proposed",
	"topic.agreement_awaited": "notifications.kind.topic.agreement_awaited",
	"topic.agreed": "notifications.kind.topic.agreed",
	"topic.returned": "notifications.kind.topic.returned",
	"topic.withdrawn": "notifications.kind.topic.withdrawn",
	"topic.withdrawal_awaited": "notifications.kind.topic.withdrawal_awaited",
	"opinion.requested": "notifications.kind.opinion.requested",
	"opinion.answered": "notifications.kind.opinion.answered",
	"minutes.submit": "notifications.kind.minutes.submit",
	"minutes.union_approve": "notifications.kind.minutes.union_approve",
	"minutes.gov_approve": "notifications.kind.minutes.gov_approve",
	"minutes.return": "notifications.kind.minutes.return",
	"minutes.issue": "notifications.kind.minutes.issue",
	"matter.progress": "notifications.kind.matter.progress",
	"matter.done": "notifications.kind.matter.done",
	"matter.reminder": "notifications.kind.matter.reminder",
	"matter.supervision": "notifications.kind.matter.supervision",
	"matter.supervision_replied": "notifications.kind.matter.supervision_replied",
	"matter.verify": "notifications.kind.matter.verify",
	"matter.reopen": "notifications.kind.matter.reopen",
	"matter.extend": "notifications.kind.matter.extend",
	"matter.approve_extension": "notifications.kind.matter.approve_extension",
	"matter.refuse_extension": "notifications.kind.matter.refuse_extension",
	"department.liaison_missing": "notifications.kind.department.liaison_missing",
	"reminder.matter_due": "notifications.kind.reminder.matter_due",
	"reminder.matter_overdue": "notifications.kind.reminder.matter_overdue",
	"reminder.matter_co_due": "notifications.kind.reminder.matter_co_due",
	"reminder.matter_co_overdue": "notifications.kind.reminder.matter_co_overdue",
	"reminder.opinion_due": "notifications.kind.reminder.opinion_due",
	"reminder.opinion_overdue": "notifications.kind.reminder.opinion_overdue",
	"reminder.minutes_review": "notifications.kind.reminder.minutes_review",
	"reminder.annual_unproposed": "notifications.kind.reminder.annual_unproposed",
	"reminder.annual_unheld": "notifications.kind.reminder.annual_unheld",
	"digest.lagging": "notifications.kind.digest.lagging",
	"invitation.accepted": "notifications.kind.invitation.accepted",
	"invitation.declined": "notifications.kind.invitation.declined",
	"report.requested": "notifications.kind.report.requested",
	"report.urged": "notifications.kind.report.urged",
	"report.approval_awaited": "notifications.kind.report.approval_awaited",
	"report.sent_back": "notifications.kind.report.sent_back",
	"report.submitted": "notifications.kind.report.submitted",
	"report.withdrawn": "notifications.kind.report.withdrawn",
	"report.returned": "notifications.kind.report.returned",
	"report.accepted": "notifications.kind.report.accepted",
	"reminder.report_due": "notifications.kind.reminder.report_due",
	"reminder.report_overdue": "notifications.kind.reminder.report_overdue",
	"im.channel_failing": "notifications.kind.im.channel_failing",
};

export function kindSentence(kind: string): MessageKey {
	return isNotificationKind(kind) ? sentences[kind] : "inbox.kind.other";
}
