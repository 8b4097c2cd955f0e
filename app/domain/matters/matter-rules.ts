import type { MatterStatus, MatterUpdateKind, Role } from "#db/schema.ts";
import type { Verdict } from "../refusal.ts";

export type { MatterStatus };

export type MatterAction =
	| "progress"
	| "done"
	| "reminder"
	| "supervision"
	| "verify"
	| "reopen"
	| "extend"
	| "approve_extension"
	| "refuse_extension";

/** O6: the lead department reports; the government office and the union each supervise. */
export const supervisors: Role[] = ["gov_office", "union_staff"];
/** O6: a new deadline is the government's to grant — its liaison vice-head or deputy secretary-general. */
export const extensionApprovers: Role[] = ["gov_liaison", "gov_deputy_secretary"];

export const matterActionRoles: Record<MatterAction, Role[]> = {
	progress: ["department_liaison"],
	done: ["department_liaison"],
	reminder: supervisors,
	supervision: supervisors,
	verify: supervisors,
	reopen: supervisors,
	// O6: either side's office asks for a new deadline with a reason; a government leader decides.
	extend: supervisors,
	approve_extension: extensionApprovers,
	refuse_extension: extensionApprovers,
};

const live: MatterStatus[] = ["assigned", "in_progress"];
export const matterActionStates: Record<MatterAction, MatterStatus[]> = {
	progress: live,
	done: live,
	reminder: live,
	supervision: live,
	verify: ["done"],
	reopen: ["done", "verified"],
	extend: live,
	approve_extension: live,
	refuse_extension: live,
};

/** 已交办 → 办理中 → 已完成 → 已办结; reopening goes back to 办理中. */
export const matterNextStatus: Partial<Record<MatterAction, MatterStatus>> = {
	progress: "in_progress",
	done: "done",
	verify: "verified",
	reopen: "in_progress",
};

export const updateKindOf: Record<MatterAction, MatterUpdateKind> = {
	progress: "progress",
	done: "done",
	reminder: "reminder",
	supervision: "supervision",
	verify: "verified",
	reopen: "reopened",
	extend: "extension_requested",
	approve_extension: "extension_approved",
	refuse_extension: "extension_refused",
};

/** 逾期: the deadline has passed before the matter was completed. */
export function isOverdue(matter: { status: MatterStatus; deadline: string }, today: string): boolean {
	return (matter.status === "assigned" || matter.status === "in_progress") && matter.deadline < today;
}

/** O6: a 督办 is answered in writing by the lead department, through its own liaison. */
export const supervisionRepliers: Role[] = ["department_liaison"];

/** Whether this person answers this matter's 督办 (`isLead`: a liaison of its lead department). */
export const mayReplyToSupervision = (roles: readonly Role[], isLead: boolean) =>
	isLead && roles.some((r) => supervisionRepliers.includes(r));

/** A 督办 is overdue when its reply-by day (China time) has passed without the department's reply. */
export function supervisionOverdue(notice: { replyBy: string | null; replied: boolean }, today: string): boolean {
	return notice.replyBy !== null && !notice.replied && notice.replyBy < today;
}

/** O6: progress and completion are reported by the lead department's own liaison. */
export const needsLeadBinding = (action: MatterAction) => action === "progress" || action === "done";

/** O6: reopening, extending and supervising (督办) say why. */
export const needsReason = (action: MatterAction) =>
	action === "reopen" || action === "extend" || action === "supervision" || action === "refuse_extension";

/** The steps the matter page offers, in this order. */
export const matterPageActions = [
	"progress",
	"done",
	"reminder",
	"supervision",
	"verify",
	"extend",
	"approve_extension",
	"refuse_extension",
	"reopen",
] as const satisfies MatterAction[];

/** Only one request for a new deadline is open at a time; approving or refusing needs one open. */
export function extensionFits(action: MatterAction, extensionPending: boolean): boolean {
	if (action === "extend") return !extensionPending;
	if (action === "approve_extension" || action === "refuse_extension") return extensionPending;
	return true;
}

/** What this person may do with this matter now (`isLead`: they are its lead department's liaison). */
export function matterAbilities(
	roles: readonly Role[],
	status: MatterStatus,
	{ isLead, extensionPending = false }: { isLead: boolean; extensionPending?: boolean },
) {
	return matterPageActions.filter(
		(action) =>
			checkMatterAction(action, roles, status).ok &&
			(!needsLeadBinding(action) || isLead) &&
			extensionFits(action, extensionPending),
	);
}

export function checkMatterAction(action: MatterAction, roles: readonly Role[], status: MatterStatus): Verdict {
	if (!roles.some((r) => matterActionRoles[action].includes(r)))
		return { ok: false, code: "forbidden", reason: "matters.error.forbidden" };
	if (!matterActionStates[action].includes(status))
		return { ok: false, code: "invalid_state", reason: `matters.error.state.${action}` };
	return { ok: true };
}
