/**
 * The acts on a report request (报送任务): each is an audit kind `report_request.<act>`
 * (app/domain/audit/audit-kinds.ts), and the acts that notify another unit name a notification kind.
 */
const reportActs = [
	"created",
	"created_recurring",
	"closed",
	"form_revised",
	"urged",
	"draft_saved",
	"approval_asked",
	"reported",
	"sent_back",
	"withdrawn",
	"opened",
	"returned",
	"accepted",
] as const;
export type ReportAct = (typeof reportActs)[number];

/** Notification kinds of report requests (app/domain/notifications/notification-kinds.ts). */
export const reportNotificationKinds = [
	"report.requested",
	"report.urged",
	"report.approval_awaited",
	"report.sent_back",
	"report.submitted",
	"report.withdrawn",
	"report.returned",
	"report.accepted",
	"reminder.report_due",
	"reminder.report_overdue",
] as const;
export type ReportNotificationKind = (typeof reportNotificationKinds)[number];
