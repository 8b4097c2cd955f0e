import type { MeetingKind, MeetingStatus, Side } from "#db/schema.ts";
import type { Verdict } from "../refusal.ts";
import type { Role } from "../tenancy/roles.ts";
import { sideOfRoles } from "../tenancy/sides.ts";
import { leaveRecorders } from "./roster-rules.ts";

/** DESIGN §3: draft → requested → accepted → preparing → scheduled → held → (minutes); cancelled before held. */
export type { MeetingKind, MeetingStatus, Side };

export type MeetingAction =
	| "edit_request"
	| "submit"
	| "accept"
	| "consent"
	| "decline"
	| "prepare"
	| "agree_topic"
	| "request_opinion"
	| "schedule"
	| "hold"
	| "record_leave"
	| "cancel";

const unionProposers: Role[] = ["union_staff", "union_chair", "union_vice_chair"];
const preparers: Role[] = ["union_staff", "gov_office"];
/** The leaders who speak for each side when both must consent (O1). */
export const sideLeaders: Record<Side, Role[]> = {
	gov: ["gov_head", "gov_liaison"],
	union: ["union_chair", "union_vice_chair"],
};

/**
 * O1: who declines a request, by the meeting's kind — a regular meeting is the government's to
 * accept or decline (its head or the liaison vice-head); an extraordinary one is declined by either
 * of the two who must consent.
 */
export const declineRoles: Record<MeetingKind, Role[]> = {
	regular: ["gov_head", "gov_liaison"],
	extraordinary: ["gov_liaison", "union_chair"],
};

/**
 * P, O1: who cancels. Before the government side accepted, the union side that proposed the meeting
 * withdraws its request; after, a meeting both sides are preparing is cancelled only with one
 * leader of each side (`dual_consents`). Office staff never cancel alone.
 */
export const cancelRoles = {
	beforeAcceptance: unionProposers,
	afterAcceptance: [...sideLeaders.gov, ...sideLeaders.union],
} as const satisfies Record<string, Role[]>;
const notYetAccepted = new Set<MeetingStatus>(["draft", "requested"]);

/** O1–O4: who may take each step. Checked before anything else (403). */
export const meetingActionRoles: Record<MeetingAction, Role[]> = {
	edit_request: unionProposers,
	submit: unionProposers,
	// A regular meeting: the government head or the liaison vice-head accepts (O1).
	accept: ["gov_head", "gov_liaison"],
	// An extraordinary meeting: the liaison vice-head AND the union chair each consent (O1).
	consent: ["gov_liaison", "union_chair"],
	// Derived from the tables by kind and by acceptance below, read at each check: one rule, one place.
	get decline() {
		return [...new Set([...declineRoles.regular, ...declineRoles.extraordinary])];
	},
	prepare: preparers,
	// O2: one of {liaison vice-head, deputy secretary-general} and one of {union chair, vice-chair}.
	agree_topic: ["gov_liaison", "gov_deputy_secretary", "union_chair", "union_vice_chair"],
	// O2: the union solicits opinions; the departments' liaisons answer.
	request_opinion: ["union_staff"],
	schedule: preparers,
	hold: preparers,
	// O3: a required leader who cannot attend is excused by leave a leader records (请假).
	record_leave: [...leaveRecorders],
	get cancel() {
		return [...new Set([...cancelRoles.beforeAcceptance, ...cancelRoles.afterAcceptance])];
	},
};

const before = (...statuses: MeetingStatus[]) => new Set<MeetingStatus>(statuses);

/** In which states each step is possible. */
export const meetingActionStates: Record<MeetingAction, Set<MeetingStatus>> = {
	edit_request: before("draft"),
	submit: before("draft"),
	accept: before("requested"),
	consent: before("requested"),
	decline: before("requested"),
	prepare: before("accepted", "preparing"),
	agree_topic: before("accepted", "preparing"),
	request_opinion: before("accepted", "preparing"),
	schedule: before("accepted", "preparing", "scheduled"),
	hold: before("scheduled"),
	record_leave: before("accepted", "preparing", "scheduled"),
	cancel: before("draft", "requested", "accepted", "preparing", "scheduled"),
};

interface Consent {
	side: Side;
	decision: "consent" | "decline";
}

export function mayTake(action: MeetingAction, roles: readonly Role[]): boolean {
	return roles.some((role) => meetingActionRoles[action].includes(role));
}

/** The role check alone (routes call it before reading any input). */
export function checkRole(action: MeetingAction, roles: readonly Role[]): Verdict {
	return mayTake(action, roles) ? { ok: true } : { ok: false, code: "forbidden", reason: "meetings.error.forbidden" };
}

/** Role, then state: the verdict on taking `action` now. */
export function checkAction(
	action: MeetingAction,
	roles: readonly Role[],
	meeting: { status: MeetingStatus; kind: MeetingKind },
): Verdict {
	const role = checkRole(action, roles);
	if (!role.ok) return role;
	if (!meetingActionStates[action].has(meeting.status)) {
		return { ok: false, code: "invalid_state", reason: `meetings.error.state.${action}` };
	}
	if (action === "accept" && meeting.kind !== "regular") {
		return { ok: false, code: "invalid_state", reason: "meetings.error.extraordinaryNeedsConsents" };
	}
	if (action === "consent" && meeting.kind !== "extraordinary") {
		return { ok: false, code: "invalid_state", reason: "meetings.error.regularIsAccepted" };
	}
	if (action === "decline" && !roles.some((r) => declineRoles[meeting.kind].includes(r))) {
		return { ok: false, code: "forbidden", reason: "meetings.error.forbidden" };
	}
	if (action === "cancel") {
		const allowed = notYetAccepted.has(meeting.status) ? cancelRoles.beforeAcceptance : cancelRoles.afterAcceptance;
		if (!roles.some((r) => allowed.includes(r)))
			return { ok: false, code: "forbidden", reason: "meetings.error.forbidden" };
	}
	return { ok: true };
}

/** Whether cancelling now takes one leader of each side (the government side has accepted). */
export const cancelNeedsBothSides = (status: MeetingStatus) => !notYetAccepted.has(status);

/** The side a consent or decline is recorded for: always the side of the person who gave it (P). */
export function consentSide(roles: readonly Role[]): Side | null {
	const side = sideOfRoles(roles);
	return side === "gov" || side === "union" ? side : null;
}

/** O1: an extraordinary meeting is accepted once both sides consented; declined once either declined. */
export function consentOutcome(consents: readonly Consent[]): "accepted" | "declined" | "awaiting" {
	if (consents.some((c) => c.decision === "decline")) return "declined";
	const sides = new Set(consents.filter((c) => c.decision === "consent").map((c) => c.side));
	return sides.has("gov") && sides.has("union") ? "accepted" : "awaiting";
}

export function awaitedSides(consents: readonly Consent[]): Side[] {
	const given = new Set(consents.map((c) => c.side));
	return (["gov", "union"] as const).filter((side) => !given.has(side));
}
