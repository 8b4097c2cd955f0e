import type { Verdict } from "../refusal.ts";
import type { Role } from "../tenancy/roles.ts";
import type { Side } from "./meeting-rules.ts";

/** C1–C7, in the notice's order. */
export const topicCategories = [1, 2, 3, 4, 5, 6, 7] as const;
export type TopicCategory = (typeof topicCategories)[number];

export type TopicStatus = "proposed" | "agreed" | "returned" | "withdrawn";

/** O2: who agrees a topic for each side. */
export const agreeingRoles: Record<Side, Role[]> = {
	gov: ["gov_liaison", "gov_deputy_secretary"],
	union: ["union_chair", "union_vice_chair"],
};

export const topicProposers: Role[] = ["union_staff", "gov_office"];

/** The sides a member may agree a topic for (a person may hold roles of both). */
export function agreeingSides(roles: readonly Role[]): Side[] {
	return (["gov", "union"] as const).filter((side) => roles.some((r) => agreeingRoles[side].includes(r)));
}

/** O2: agreed only when both sides have agreed. */
export function topicStatusAfterAgreement(agreedSides: readonly Side[]): TopicStatus {
	return agreedSides.includes("gov") && agreedSides.includes("union") ? "agreed" : "proposed";
}

/** O2: a leader returns a topic for revision while it is proposed; an agreed topic is withdrawn, not returned. */
export const mayReturnTopic = (status: TopicStatus) => status === "proposed";

/**
 * P, O2: who withdraws a topic, by its state. Before both sides agreed it, the office of the side
 * that proposed it (a topic proposed by nobody in particular — the automatic C6 report — by either
 * office); once agreed, an agreeing leader of each side in turn (`dual_consents`).
 */
export function checkWithdrawTopic(
	roles: readonly Role[],
	topic: { status: TopicStatus; proposed_side: Side | null },
): Verdict {
	if (topic.status === "withdrawn") return { ok: false, code: "invalid_state", reason: "meetings.error.topicNotOpen" };
	if (topic.status === "agreed") {
		return agreeingSides(roles).length > 0
			? { ok: true }
			: { ok: false, code: "forbidden", reason: "topic.error.withdrawAgreedNeedsLeaders" };
	}
	const proposers = topic.proposed_side ? withdrawingOffice[topic.proposed_side] : topicProposers;
	return roles.some((r) => proposers.includes(r))
		? { ok: true }
		: { ok: false, code: "forbidden", reason: "topic.error.withdrawOwnSideOnly" };
}

/** The office that speaks for each side's own topics. */
export const withdrawingOffice: Record<Side, Role[]> = { gov: ["gov_office"], union: ["union_staff"] };

/** A meeting can be scheduled when every topic is agreed or withdrawn, and at least one is agreed. */
export function topicsReadyToSchedule(statuses: readonly TopicStatus[]): boolean {
	return statuses.every((s) => s === "agreed" || s === "withdrawn") && statuses.some((s) => s === "agreed");
}
