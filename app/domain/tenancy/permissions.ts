import { type Role, roles } from "./roles.ts";

const everyone = roles;

/** Roles that supervise the tenants below (the adoption register, later the roll-up reports). */
const supervisors = everyone.filter((r) => r !== "department_liaison");

/**
 * Which roles may do what. Every guarded loader and action names one of these before it reads
 * input, so a refusal (403) comes before any validation or write.
 */
export const permissions = {
	"tenant.read": everyone,
	"tenant.updateProfile": ["admin"],
	"tenant.readChildren": supervisors,
	"children.manage": ["admin"],
	"members.read": ["admin", "gov_office", "union_staff"],
	"members.manage": ["admin"],
	// The members' sign-in events (ASVS V7): the administrator who manages them.
	"security.read": ["admin"],
	// Issue 23: the unit's IM group robots (their webhook addresses and secrets) — the administrator only.
	"imChannels.manage": ["admin"],
	"departments.read": everyone,
	"departments.manage": ["admin"],
	"system.read": everyone,
	"system.record": ["gov_office", "union_staff"],
	"register.read": supervisors,
	// W1–W3: the statistics of the unit and what its subtree publishes upward.
	"reports.read": supervisors,
	"files.read": everyone,
	"meetings.read": everyone,
	"opinions.answer": ["department_liaison"],
	// Drafts, versions and review comments stay with those who write and approve them (and viewers).
	"minutes.read": everyone.filter((r) => r !== "department_liaison"),
	"matters.read": everyone,
	"publicity.record": ["gov_office", "union_staff"],
	// O7, the public results page: members see it; the admin opts the unit in or out; each side agrees
	// for itself (app/domain/public-results/release-rules.ts); either side or the admin withdraws.
	"publicResults.read": everyone,
	"publicResults.manage": ["admin"],
	"publicResults.agree": [
		"union_chair",
		"union_vice_chair",
		"union_staff",
		"gov_head",
		"gov_liaison",
		"gov_deputy_secretary",
		"gov_office",
	],
	"publicResults.withdraw": [
		"admin",
		"union_chair",
		"union_vice_chair",
		"union_staff",
		"gov_head",
		"gov_liaison",
		"gov_deputy_secretary",
		"gov_office",
	],
	// Report requests (issue #22): supervisors read them; the office, union staff and leaders make,
	// 催报, 退回 and 通过; the office and union staff fill in; a leader approves and 上报 (单位审核).
	"reportRequests.read": supervisors,
	"reportRequests.manage": [
		"gov_office",
		"union_staff",
		"gov_head",
		"gov_liaison",
		"gov_deputy_secretary",
		"union_chair",
		"union_vice_chair",
	],
	"reportRequests.fill": ["gov_office", "union_staff"],
	"reportRequests.approve": ["gov_head", "gov_liaison", "gov_deputy_secretary", "union_chair", "union_vice_chair"],
	// The audit trail: the tenant admin and the leaders of both sides.
	"audit.read": ["admin", "gov_head", "gov_liaison", "gov_deputy_secretary", "union_chair", "union_vice_chair"],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof permissions;

export function can(memberRoles: readonly Role[], permission: Permission): boolean {
	const allowed: readonly Role[] = permissions[permission];
	return memberRoles.some((role) => allowed.includes(role));
}
