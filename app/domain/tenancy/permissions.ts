import type { Role } from "./roles.ts";

/**
 * Which roles may do what. Every guarded loader and action names one of these before it reads
 * input, so a refusal (403) comes before any validation or write.
 */
export const permissions = {
	"tenant.read": [
		"admin",
		"gov_head",
		"gov_liaison",
		"gov_deputy_secretary",
		"gov_office",
		"union_chair",
		"union_vice_chair",
		"union_staff",
		"department_liaison",
		"viewer",
	],
	"tenant.updateProfile": ["admin"],
	"tenant.readChildren": [
		"admin",
		"gov_head",
		"gov_liaison",
		"gov_deputy_secretary",
		"gov_office",
		"union_chair",
		"union_vice_chair",
		"union_staff",
		"viewer",
	],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof permissions;

export function can(memberRoles: readonly Role[], permission: Permission): boolean {
	const allowed: readonly Role[] = permissions[permission];
	return memberRoles.some((role) => allowed.includes(role));
}
