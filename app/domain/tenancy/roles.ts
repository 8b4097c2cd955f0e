import type { MessageKey } from "#app/i18n/i18n.ts";
import type { Role, TenantKind } from "#db/schema.ts";

export type { Role, TenantKind };

export const roles: readonly Role[] = [
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
];

export const tenantKinds: readonly TenantKind[] = ["city", "county", "zone", "industry"];

/** The label of a role depends on the tenant kind for the heads of government (市长/县长/主任/局长). */
export function roleLabelKey(role: Role, kind: TenantKind): MessageKey {
	if (role === "gov_head" || role === "gov_liaison") return `role.${role}.${kind}`;
	return `role.${role}`;
}

export function tenantKindKey(kind: TenantKind): MessageKey {
	return `tenantKind.${kind}`;
}
