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

/** A meeting can be scheduled when every topic is agreed or withdrawn, and at least one is agreed. */
export function topicsReadyToSchedule(statuses: readonly TopicStatus[]): boolean {
	return statuses.every((s) => s === "agreed" || s === "withdrawn") && statuses.some((s) => s === "agreed");
}
