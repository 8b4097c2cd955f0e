import type { Role } from "#db/schema.ts";
import type { ReportTargetStatus } from "#db/schema-report-requests.ts";

/**
 * Who does what on a report request (报送任务, issue #22). Pure: the actions check these, the pages
 * and permissions.ts name the same lists.
 */
const leaders: Role[] = ["gov_head", "gov_liaison", "gov_deputy_secretary", "union_chair", "union_vice_chair"];

/** The parent's side: make a request, 催报, 退回, 通过. */
export const reportManagers: Role[] = ["gov_office", "union_staff", ...leaders];
/** The unit's office staff fill the draft and ask for approval. */
export const reportFillers: Role[] = ["gov_office", "union_staff"];
/** A leader of the unit approves (单位审核) and so reports (上报). */
export const reportApprovers: Role[] = leaders;

export const hasAny = (roles: readonly Role[], allowed: readonly Role[]) => roles.some((r) => allowed.includes(r));

/** What the tracker shows for a unit: the stored status, or overdue derived from the China day. */
export type TrackerStatus = ReportTargetStatus | "overdue_missing" | "overdue_submitted" | "accepted_late";

export const trackerStatuses: TrackerStatus[] = [
	"not_started",
	"draft",
	"pending_approval",
	"submitted",
	"returned",
	"accepted",
	"overdue_missing",
	"overdue_submitted",
	"accepted_late",
];

/** Shown as reported in the tracker: submitted or accepted, on time or late. */
export const isShownReported = (s: TrackerStatus) =>
	s === "submitted" || s === "accepted" || s === "overdue_submitted" || s === "accepted_late";

/** Reported: submitted or accepted (a returned report waits for the unit again). */
export const isReported = (status: ReportTargetStatus) => status === "submitted" || status === "accepted";

/**
 * 逾期未报: not reported (not started, a draft, waiting for the unit's leader) after the deadline.
 * 逾期已报: reported (and not yet accepted) on a China day after the deadline; once accepted it stays
 * late (逾期已报（已通过）), so that acceptance never turns a late report into an on-time one. A
 * returned report stays 已退回 whatever the day.
 */
export function trackerStatus(
	target: { status: ReportTargetStatus; reported_on: string | null },
	dueOn: string,
	today: string,
): TrackerStatus {
	const { status } = target;
	if ((status === "not_started" || status === "draft" || status === "pending_approval") && today > dueOn)
		return "overdue_missing";
	const late = target.reported_on !== null && target.reported_on > dueOn;
	if (status === "submitted" && late) return "overdue_submitted";
	if (status === "accepted" && late) return "accepted_late";
	return status;
}
