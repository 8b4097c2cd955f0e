import type { MessageKey, Translate } from "#app/i18n/i18n.ts";
import { meetingTitle } from "../meetings/meeting-title.ts";
import type { AuditKind, AuditSubject } from "./audit-kinds.ts";

/**
 * Every audit kind's words: a kind written without a label here fails the type check (the keys are
 * catalogue keys, so both languages have them).
 */
const kindLabel: Record<AuditKind, MessageKey> = {
	"meeting.drafted": "audit.kind.meeting.drafted",
	"meeting.draft_deleted": "audit.kind.meeting.draft_deleted",
	"meeting.edit_request": "audit.kind.meeting.edit_request",
	"meeting.submit": "audit.kind.meeting.submit",
	"meeting.accept": "audit.kind.meeting.accept",
	"meeting.consent": "audit.kind.meeting.consent",
	"meeting.decline": "audit.kind.meeting.decline",
	"meeting.prepare": "audit.kind.meeting.prepare",
	"meeting.agree_topic": "audit.kind.meeting.agree_topic",
	"meeting.request_opinion": "audit.kind.meeting.request_opinion",
	"meeting.schedule": "audit.kind.meeting.schedule",
	"meeting.hold": "audit.kind.meeting.hold",
	"meeting.record_leave": "audit.kind.meeting.record_leave",
	"meeting.cancel": "audit.kind.meeting.cancel",
	"meeting.publicised": "audit.kind.meeting.publicised",
	"minutes.saved": "audit.kind.minutes.saved",
	"minutes.submit": "audit.kind.minutes.submit",
	"minutes.union_approve": "audit.kind.minutes.union_approve",
	"minutes.gov_approve": "audit.kind.minutes.gov_approve",
	"minutes.return": "audit.kind.minutes.return",
	"minutes.issue": "audit.kind.minutes.issue",
	"matter.progress": "audit.kind.matter.progress",
	"matter.done": "audit.kind.matter.done",
	"matter.reminder": "audit.kind.matter.reminder",
	"matter.supervision": "audit.kind.matter.supervision",
	"matter.supervision_replied": "audit.kind.matter.supervision_replied",
	"matter.verify": "audit.kind.matter.verify",
	"matter.reopen": "audit.kind.matter.reopen",
	"matter.extend": "audit.kind.matter.extend",
	"matter.approve_extension": "audit.kind.matter.approve_extension",
	"matter.refuse_extension": "audit.kind.matter.refuse_extension",
	"opinion.answered": "audit.kind.opinion.answered",
	"opinion.answer_revised": "audit.kind.opinion.answer_revised",
	"public_page.enabled": "audit.kind.public_page.enabled",
	"public_page.disabled": "audit.kind.public_page.disabled",
	"public_release.agreed": "audit.kind.public_release.agreed",
	"public_release.published": "audit.kind.public_release.published",
	"public_release.withdrawn": "audit.kind.public_release.withdrawn",
	"tenant.profile_updated": "audit.kind.tenant.profile_updated",
	"tenant.child_created": "audit.kind.tenant.child_created",
	"tenant.child_admin_roles": "audit.kind.tenant.child_admin_roles",
	"system.recorded": "audit.kind.system.recorded",
	"reminders.sent": "audit.kind.reminders.sent",
	"department.added": "audit.kind.department.added",
	"department.updated": "audit.kind.department.updated",
	"department.archived": "audit.kind.department.archived",
	"department.restored": "audit.kind.department.restored",
	"department.liaison_bound": "audit.kind.department.liaison_bound",
	"department.liaison_unbound": "audit.kind.department.liaison_unbound",
	"department.liaison_missing": "audit.kind.department.liaison_missing",
	"member.invited": "audit.kind.member.invited",
	"member.invitation_resent": "audit.kind.member.invitation_resent",
	"member.invitation_revoked": "audit.kind.member.invitation_revoked",
	"member.invitation_accepted": "audit.kind.member.invitation_accepted",
	"member.invitation_declined": "audit.kind.member.invitation_declined",
	"member.roles_changed": "audit.kind.member.roles_changed",
	"member.title_changed": "audit.kind.member.title_changed",
	"member.disabled": "audit.kind.member.disabled",
	"member.enabled": "audit.kind.member.enabled",
	"member.password_link_sent": "audit.kind.member.password_link_sent",
	"im_channel.created": "audit.kind.im_channel.created",
	"im_channel.updated": "audit.kind.im_channel.updated",
	"im_channel.enabled": "audit.kind.im_channel.enabled",
	"im_channel.disabled": "audit.kind.im_channel.disabled",
	"im_channel.deleted": "audit.kind.im_channel.deleted",
	"im_channel.failing": "audit.kind.im_channel.failing",
	"im_channel.recovered": "audit.kind.im_channel.recovered",
	"report_request.created": "audit.kind.report_request.created",
	"report_request.created_recurring": "audit.kind.report_request.created_recurring",
	"report_request.closed": "audit.kind.report_request.closed",
	"report_request.form_revised": "audit.kind.report_request.form_revised",
	"report_request.urged": "audit.kind.report_request.urged",
	"report_request.draft_saved": "audit.kind.report_request.draft_saved",
	"report_request.approval_asked": "audit.kind.report_request.approval_asked",
	"report_request.reported": "audit.kind.report_request.reported",
	"report_request.sent_back": "audit.kind.report_request.sent_back",
	"report_request.withdrawn": "audit.kind.report_request.withdrawn",
	"report_request.opened": "audit.kind.report_request.opened",
	"report_request.returned": "audit.kind.report_request.returned",
	"report_request.accepted": "audit.kind.report_request.accepted",
};

const isAuditKind = (action: string): action is AuditKind => Object.hasOwn(kindLabel, action);

/** The label of a stored action, or null for one no longer written (the page then shows the code). */
export function auditKindLabel(action: string): MessageKey | null {
	return isAuditKind(action) ? kindLabel[action] : null;
}

/** What an audit subject is called, found by its type (audit-subjects.server.ts). */
export type SubjectName =
	| { kind: "meeting"; title: string }
	| { kind: "minutes"; number: string | null; meeting: string }
	| { kind: "matter"; content: string }
	| { kind: "opinion"; department: string; topic: string; autoTopic: boolean }
	| { kind: "topic"; title: string; auto: boolean }
	| { kind: "system"; title: string; version: number }
	| { kind: "publicPage"; unit: string }
	| { kind: "name"; name: string };

/** A subject in the reader's language: generated titles from the catalogue, typed words as typed. */
export function subjectText(t: Translate, name: SubjectName): string {
	switch (name.kind) {
		case "meeting":
			return meetingTitle(t, name.title);
		case "minutes":
			return name.number ?? t("audit.subject.minutesOf", { meeting: meetingTitle(t, name.meeting) });
		case "matter":
			return name.content;
		case "opinion":
			return t("audit.subject.opinionOf", {
				department: name.department,
				topic: name.autoTopic ? t("topic.previousMatters") : name.topic,
			});
		case "topic":
			return name.auto ? t("topic.previousMatters") : name.title;
		case "system":
			return t("audit.subject.systemOf", { title: name.title, version: name.version });
		case "publicPage":
			return t("audit.subject.publicPageOf", { unit: name.unit });
		case "name":
			return name.name;
	}
}

/** A subject that could not be found by its type: named by its type alone. */
export function subjectTypeLabel(type: string): MessageKey | null {
	return isSubject(type) ? subjectLabel[type] : null;
}

const isSubject = (type: string): type is AuditSubject => Object.hasOwn(subjectLabel, type);

const subjectLabel: Record<AuditSubject, MessageKey> = {
	meeting: "audit.subject.meeting",
	minutes: "audit.subject.minutes",
	decided_matter: "audit.subject.decided_matter",
	opinion_request: "audit.subject.opinion_request",
	tenant: "audit.subject.tenant",
	public_page: "audit.subject.public_page",
	system: "audit.subject.system",
	department: "audit.subject.department",
	invitation: "audit.subject.invitation",
	user: "audit.subject.user",
	im_channel: "audit.subject.im_channel",
	report_request: "audit.subject.report_request",
};

/** The filter's areas: each selects the actions starting with its prefix. */
export const auditAreas = [
	{ prefix: "meeting.", label: "audit.area.meeting" },
	{ prefix: "minutes.", label: "audit.area.minutes" },
	{ prefix: "matter.", label: "audit.area.matter" },
	{ prefix: "opinion.", label: "audit.area.opinion" },
	{ prefix: "public_", label: "audit.area.public" },
	{ prefix: "member.", label: "audit.area.member" },
	{ prefix: "department.", label: "audit.area.department" },
	{ prefix: "tenant.", label: "audit.area.tenant" },
	{ prefix: "system.", label: "audit.area.system" },
	{ prefix: "im_channel.", label: "audit.area.im_channel" },
	{ prefix: "report_request.", label: "audit.area.report_request" },
] as const satisfies readonly { prefix: string; label: MessageKey }[];
