import type { MeetingKind, MeetingStatus, Side } from "#db/schema.ts";
import type { Verdict } from "../refusal.ts";
import type { Role } from "../tenancy/roles.ts";

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
	| "cancel";

const unionProposers: Role[] = ["union_staff", "union_chair", "union_vice_chair"];
const preparers: Role[] = ["union_staff", "gov_office"];

/** O1–O4: who may take each step. Checked before anything else (403). */
export const meetingActionRoles: Record<MeetingAction, Role[]> = {
	edit_request: unionProposers,
	submit: unionProposers,
	// A regular meeting: the government head or the liaison vice-head accepts (O1).
	accept: ["gov_head", "gov_liaison"],
	// An extraordinary meeting: the liaison vice-head AND the union chair each consent (O1).
	consent: ["gov_liaison", "union_chair"],
	decline: ["gov_head", "gov_liaison", "union_chair"],
	prepare: preparers,
	// O2: one of {liaison vice-head, deputy secretary-general} and one of {union chair, vice-chair}.
	agree_topic: ["gov_liaison", "gov_deputy_secretary", "union_chair", "union_vice_chair"],
	// O2: the union solicits opinions; the departments' liaisons answer.
	request_opinion: ["union_staff"],
	schedule: preparers,
	hold: preparers,
	cancel: ["union_staff", "union_chair", "gov_office", "gov_head", "gov_liaison"],
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
	cancel: before("draft", "requested", "accepted", "preparing", "scheduled"),
};

export interface Consent {
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
	return { ok: true };
}

/** Which side a consent or decline by these roles speaks for (gov_liaison → gov, union_chair → union). */
export function consentSide(roles: readonly Role[], action: "consent" | "decline"): Side | null {
	if (action === "decline" && roles.includes("gov_head")) return "gov";
	if (roles.includes("gov_liaison")) return "gov";
	if (roles.includes("union_chair")) return "union";
	return null;
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
