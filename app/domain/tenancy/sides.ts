import type { Role } from "./roles.ts";

/**
 * Each side its own people (NOTICE P): in one unit a person acts for the government side, the
 * union side, a department, or only reads. Administration is a duty that combines with any one of
 * them. The database holds the same rule (`app_roles_side`, migration 2026-12-04T0900).
 */
type PersonSide = "gov" | "union" | "department" | "viewer";

export const sideOfRole: Record<Exclude<Role, "admin">, PersonSide> = {
	gov_head: "gov",
	gov_liaison: "gov",
	gov_deputy_secretary: "gov",
	gov_office: "gov",
	union_chair: "union",
	union_vice_chair: "union",
	union_staff: "union",
	department_liaison: "department",
	viewer: "viewer",
};

/** The side a set of roles acts for: `none` for administration alone, `mixed` when two sides meet (refused). */
export function sideOfRoles(roles: readonly Role[]): PersonSide | "none" | "mixed" {
	const sides = new Set(roles.flatMap((role) => (role === "admin" ? [] : [sideOfRole[role]])));
	if (sides.size === 0) return "none";
	if (sides.size > 1) return "mixed";
	return [...sides][0] as PersonSide;
}

/** The sides in the order the role pickers show them. */
export const pickerSides: readonly PersonSide[] = ["gov", "union", "department", "viewer"];
