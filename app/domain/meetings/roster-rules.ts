import type { Role } from "../tenancy/roles.ts";

export type Capacity = "attend" | "sit_in" | "invited";
export type GuestType = "grassroots_cadre" | "worker_representative" | "model_worker" | "grassroots_union_cadre";

export const guestTypes: GuestType[] = [
	"grassroots_cadre",
	"worker_representative",
	"model_worker",
	"grassroots_union_cadre",
];

/** O3: the leaders who must attend (出席): the head or the liaison vice-head; the deputy secretary-general; the union chair. */
export const requiredAttendance: { key: "head_or_liaison" | "deputy_secretary" | "union_chair"; roles: Role[] }[] = [
	{ key: "head_or_liaison", roles: ["gov_head", "gov_liaison"] },
	{ key: "deputy_secretary", roles: ["gov_deputy_secretary"] },
	{ key: "union_chair", roles: ["union_chair"] },
];

/** Which required leaders are missing among those attending (capacity 出席) by their roles. */
export function missingLeaders(attending: readonly { capacity: Capacity; roles: readonly Role[] }[]) {
	const present = attending.filter((a) => a.capacity === "attend");
	return requiredAttendance
		.filter((req) => !present.some((a) => a.roles.some((r) => req.roles.includes(r))))
		.map((req) => req.key);
}
