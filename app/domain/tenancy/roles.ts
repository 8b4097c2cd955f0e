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

/** Which title the government side's head carries: 市长, 区长, 县长, 主任, 局长 or 会长. */
type HeadTitle = "city" | "district" | "county" | "countyCity" | "zone" | "bureau" | "association" | "industry";

function headTitle(kind: TenantKind, name = ""): HeadTitle {
	if (kind === "city") return "city";
	if (kind === "zone") return "zone";
	if (kind === "industry") return name.endsWith("局") ? "bureau" : name.endsWith("会") ? "association" : "industry";
	if (name.endsWith("区")) return "district";
	if (name.endsWith("县")) return "county";
	if (name.endsWith("市")) return "countyCity";
	return "county";
}

/**
 * The label of a role. For the heads of government it depends on the tenant: 市长 in the city, 区长 in
 * a district, 县长 in a county, 主任 in a management committee, 局长 or 会长 in an industry body. Pass the
 * tenant (kind and name) for the precise title; the kind alone gives the generic one.
 */
export function roleLabelKey(role: Role, tenant: TenantKind | { kind: TenantKind; name: string }): MessageKey {
	if (role !== "gov_head" && role !== "gov_liaison") return `role.${role}`;
	const title = typeof tenant === "string" ? headTitle(tenant) : headTitle(tenant.kind, tenant.name);
	return `role.${role}.${title}`;
}

export function tenantKindKey(kind: TenantKind): MessageKey {
	return `tenantKind.${kind}`;
}
