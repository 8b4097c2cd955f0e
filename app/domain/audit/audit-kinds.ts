import type { MatterAction } from "../matters/matter-rules.ts";
import type { MeetingAction } from "../meetings/meeting-rules.ts";
import type { MinutesAction } from "../minutes/minutes-rules.ts";
import type { ReportAct } from "../report-requests/report-acts.ts";

/**
 * Every kind of audit event the platform writes, derived from the steps that write them: a new
 * meeting, minutes or matter step is a new kind at once, and `recordAudit` takes nothing else. The
 * audit page's labels are a `Record<AuditKind, …>` (audit-words.ts), so a kind without words in
 * both languages fails the type check.
 */
export type AuditKind =
	| "meeting.drafted"
	| "meeting.draft_deleted"
	| `meeting.${MeetingAction}`
	| "meeting.publicised"
	| "minutes.saved"
	| `minutes.${Exclude<MinutesAction, "save">}`
	| `matter.${MatterAction}`
	| "matter.supervision_replied"
	| "opinion.answered"
	| "opinion.answer_revised"
	| "public_page.enabled"
	| "public_page.disabled"
	| "public_release.agreed"
	| "public_release.published"
	| "public_release.withdrawn"
	| "tenant.profile_updated"
	| "tenant.child_created"
	| "tenant.child_admin_roles"
	| "system.recorded"
	// The daily sweep (no person): reminders written for the unit that day.
	| "reminders.sent"
	| `department.${"added" | "updated" | "archived" | "restored" | "liaison_bound" | "liaison_unbound" | "liaison_missing"}`
	| "member.invited"
	| "member.invitation_resent"
	| "member.invitation_revoked"
	// Written by the database function that answers an invitation (migration 2026-11-27T0900).
	| "member.invitation_accepted"
	| "member.invitation_declined"
	| "member.roles_changed"
	| "member.title_changed"
	// A member's 职务 set or cleared by the administrator (people/member-title.server.ts).
	| "member.title_changed"
	| "member.disabled"
	| "member.enabled"
	| "member.password_link_sent"
	// Issue 23: a unit's IM group robots; "failing" is written by the delivery (no person), "recovered" by a test-send that arrives.
	| `im_channel.${"created" | "updated" | "enabled" | "disabled" | "deleted" | "failing" | "recovered"}`
	// Issue 22: report requests (报送任务), app/domain/report-requests/report-acts.ts.
	| `report_request.${ReportAct}`;

/** What an audit event is about: the row its entity_id names. */
export type AuditSubject =
	| "meeting"
	| "minutes"
	| "decided_matter"
	| "opinion_request"
	| "tenant"
	| "public_page"
	| "system"
	| "department"
	| "invitation"
	| "user"
	| "im_channel"
	| "report_request";
