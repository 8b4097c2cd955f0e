import type { Role } from "#db/schema.ts";
import { checkMatterAction } from "../matters/matter-rules.ts";
import { mayTake } from "../meetings/meeting-rules.ts";
import { checkMinutesAction } from "../minutes/minutes-rules.ts";
import { can } from "../tenancy/permissions.ts";

/**
 * The home's "下一步" (issue #21): what this person's roles let them do in this unit, asked of the
 * same rules that allow each act, and only what the unit has — nothing about subordinate units in a
 * unit without any.
 */
const dutyChecks = {
	submit: (roles) => mayTake("submit", roles),
	accept: (roles) => mayTake("accept", roles),
	consent: (roles) => mayTake("consent", roles),
	agree: (roles) => mayTake("agree_topic", roles),
	prepare: (roles) => mayTake("prepare", roles),
	minutes: (roles) => checkMinutesAction("save", roles, "draft").ok,
	review: (roles) =>
		checkMinutesAction("union_approve", roles, "union_review").ok ||
		checkMinutesAction("gov_approve", roles, "gov_review").ok,
	supervise: (roles) => checkMatterAction("supervision", roles, "assigned").ok,
	extensions: (roles) => checkMatterAction("approve_extension", roles, "assigned").ok,
	opinions: (roles) => can(roles, "opinions.answer"),
	progress: (roles) => checkMatterAction("progress", roles, "assigned").ok,
	manage: (roles) => can(roles, "members.manage"),
	children: (roles, unit) => unit.hasChildren && can(roles, "children.manage"),
	childStats: (roles, unit) => unit.hasChildren && can(roles, "reports.read"),
} satisfies Record<string, (roles: readonly Role[], unit: { hasChildren: boolean }) => boolean>;

type Duty = keyof typeof dutyChecks;

export function dutiesOf(roles: readonly Role[], unit: { hasChildren: boolean }): Duty[] {
	return (Object.keys(dutyChecks) as Duty[]).filter((duty) => dutyChecks[duty](roles, unit));
}
