import type { MeetingStatus, MinutesStatus, Role } from "#db/schema.ts";
import type { Verdict } from "../refusal.ts";

export type { MinutesStatus };

export type MinutesAction = "save" | "submit" | "union_approve" | "gov_approve" | "return" | "issue";

/** O5: the union drafts; a union leader, then a government leader approve; either may return it. */
export const minutesActionRoles: Record<MinutesAction, Role[]> = {
	save: ["union_staff"],
	submit: ["union_staff"],
	union_approve: ["union_chair", "union_vice_chair"],
	gov_approve: ["gov_head", "gov_liaison"],
	return: ["union_chair", "union_vice_chair", "gov_head", "gov_liaison"],
	issue: ["gov_office", "union_staff"],
};

export const minutesActionStates: Record<MinutesAction, MinutesStatus[]> = {
	save: ["draft"],
	submit: ["draft"],
	union_approve: ["union_review"],
	gov_approve: ["gov_review"],
	return: ["union_review", "gov_review"],
	issue: ["approved"],
};

export const nextStatus: Record<Exclude<MinutesAction, "save">, MinutesStatus> = {
	submit: "union_review",
	union_approve: "gov_review",
	gov_approve: "approved",
	return: "draft",
	issue: "issued",
};

/** Role first, then state; a return must come from the reviewer of the current stage. */
export function checkMinutesAction(action: MinutesAction, roles: readonly Role[], status: MinutesStatus): Verdict {
	let allowed = minutesActionRoles[action];
	if (action === "return")
		allowed = status === "gov_review" ? minutesActionRoles.gov_approve : minutesActionRoles.union_approve;
	if (!roles.some((r) => minutesActionRoles[action].includes(r)))
		return { ok: false, code: "forbidden", reason: "minutes.error.forbidden" };
	if (!minutesActionStates[action].includes(status))
		return { ok: false, code: "invalid_state", reason: `minutes.error.state.${action}` };
	if (!roles.some((r) => allowed.includes(r)))
		return { ok: false, code: "invalid_state", reason: "minutes.error.notYourStage" };
	return { ok: true };
}

/**
 * O5: saving a version — union staff, while the minutes are a draft, or (the first save) once the
 * meeting has been held. The page offers the editor, and the use case accepts the save, on this alone.
 */
export function checkMinutesSave(
	roles: readonly Role[],
	minutesStatus: MinutesStatus | null,
	meetingStatus: MeetingStatus,
): Verdict {
	if (minutesStatus !== null) return checkMinutesAction("save", roles, minutesStatus);
	if (!roles.some((r) => minutesActionRoles.save.includes(r)))
		return { ok: false, code: "forbidden", reason: "minutes.error.forbidden" };
	if (meetingStatus !== "held") return { ok: false, code: "invalid_state", reason: "minutes.error.notHeld" };
	return { ok: true };
}

/** The review steps (O5), in the order the page offers them. */
const reviewSteps = ["submit", "union_approve", "gov_approve", "return", "issue"] as const;
export type ReviewStep = (typeof reviewSteps)[number];

/**
 * What this person may do with a meeting's minutes now, from the same rules the use cases enforce:
 * the loader shows exactly these controls and the steps refuse everything else.
 */
export function minutesAbilities(
	roles: readonly Role[],
	minutesStatus: MinutesStatus | null,
	meetingStatus: MeetingStatus,
) {
	return {
		save: checkMinutesSave(roles, minutesStatus, meetingStatus).ok,
		steps: minutesStatus ? reviewSteps.filter((s) => checkMinutesAction(s, roles, minutesStatus).ok) : [],
	};
}

/** 联席会议纪要〔2024〕1号 */
export function minutesNumber(year: number, seq: number): string {
	return `联席会议纪要${printedNumber(year, seq)}`;
}

/** 〔2024〕1号: the number as the 纪要 prints it below its mark (no leading zero, six-corner brackets). */
export function printedNumber(year: number, seq: number): string {
	return `〔${year}〕${seq}号`;
}

type DiffLine = { kind: "same" | "added" | "removed"; text: string };

/** A line diff of two texts (longest common subsequence), for comparing minutes versions. */
export function diffLines(before: string, after: string): DiffLine[] {
	const a = before.split("\n");
	const b = after.split("\n");
	const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
	for (let i = a.length - 1; i >= 0; i--) {
		for (let j = b.length - 1; j >= 0; j--) {
			lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
		}
	}
	const out: DiffLine[] = [];
	let i = 0;
	let j = 0;
	while (i < a.length && j < b.length) {
		if (a[i] === b[j]) {
			out.push({ kind: "same", text: a[i]! });
			i++;
			j++;
		} else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) {
			out.push({ kind: "removed", text: a[i++]! });
		} else {
			out.push({ kind: "added", text: b[j++]! });
		}
	}
	while (i < a.length) out.push({ kind: "removed", text: a[i++]! });
	while (j < b.length) out.push({ kind: "added", text: b[j++]! });
	return out;
}
