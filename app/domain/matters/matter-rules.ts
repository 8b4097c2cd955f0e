import type { MatterStatus, MatterUpdateKind, Role } from "#db/schema.ts";
import type { Verdict } from "../refusal.ts";

export type { MatterStatus, MatterUpdateKind };

export type MatterAction = "progress" | "done" | "reminder" | "supervision" | "verify" | "reopen" | "extend";

/** O6: the lead department reports; the government office and the union each supervise. */
export const supervisors: Role[] = ["gov_office", "union_staff"];

export const matterActionRoles: Record<MatterAction, Role[]> = {
	progress: ["department_liaison"],
	done: ["department_liaison"],
	reminder: supervisors,
	supervision: supervisors,
	verify: supervisors,
	reopen: supervisors,
	extend: supervisors,
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
	extend: "extended",
};

/** 逾期: the deadline has passed before the matter was completed. */
export function isOverdue(matter: { status: MatterStatus; deadline: string }, today: string): boolean {
	return (matter.status === "assigned" || matter.status === "in_progress") && matter.deadline < today;
}

/** O6: progress and completion are reported by the lead department's own liaison. */
export const needsLeadBinding = (action: MatterAction) => action === "progress" || action === "done";

/** O6: reopening, extending and supervising (督办) say why. */
export const needsReason = (action: MatterAction) =>
	action === "reopen" || action === "extend" || action === "supervision";

/** The steps the matter page offers, in this order. */
export const matterPageActions = [
	"progress",
	"done",
	"reminder",
	"supervision",
	"verify",
	"extend",
	"reopen",
] as const satisfies MatterAction[];

/** What this person may do with this matter now (`isLead`: they are its lead department's liaison). */
export function matterAbilities(roles: readonly Role[], status: MatterStatus, { isLead }: { isLead: boolean }) {
	return matterPageActions.filter(
		(action) => checkMatterAction(action, roles, status).ok && (!needsLeadBinding(action) || isLead),
	);
}

export function checkMatterAction(action: MatterAction, roles: readonly Role[], status: MatterStatus): Verdict {
	if (!roles.some((r) => matterActionRoles[action].includes(r)))
		return { ok: false, code: "forbidden", reason: "matters.error.forbidden" };
	if (!matterActionStates[action].includes(status))
		return { ok: false, code: "invalid_state", reason: `matters.error.state.${action}` };
	return { ok: true };
}
