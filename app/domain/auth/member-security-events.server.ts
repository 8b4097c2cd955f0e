import { type Kysely, sql } from "kysely";
import { runAs, type Tx } from "#db/run-as.ts";
import type { Database } from "#db/schema.ts";
import { deviceOf } from "./own-sessions.server.ts";

/** Membership changes a unit sees among its security events, from its own audit trail. */
const membershipActions = [
	"member.invitation_accepted",
	"member.roles_changed",
	"member.disabled",
	"member.enabled",
] as const;

type UnitSecurityEventKind = "unit_entered" | "login_throttled" | (typeof membershipActions)[number];

interface UnitSecurityEvent {
	key: string;
	kind: UnitSecurityEventKind;
	at: Date;
	name: string;
	email: string;
	ip: string | null;
	device: string;
	/** Who made a membership change (the administrator), or null for the member's own acts. */
	actorName: string | null;
}

interface Unit {
	userId: string;
	tenantId: string;
}

/** Sessions that entered this unit: one row per session, when it first did, from where. */
function entries(tx: Tx, unit: Unit, limit: number) {
	return tx
		.selectFrom("session_units as s")
		.innerJoin("users as u", "u.id", "s.user_id")
		.select(["s.user_id", "s.entered_at as at", "s.ip", "s.user_agent", "u.display_name as name", "u.email"])
		.where("s.tenant_id", "=", unit.tenantId)
		.orderBy("s.entered_at", "desc")
		.limit(limit)
		.execute();
}

/**
 * Throttled sign-ins of people while they were members here. The security_events_of_members policy
 * allows nothing else; the period is also written here because a person always sees their own events.
 */
function throttling(tx: Tx, unit: Unit, limit: number) {
	return tx
		.selectFrom("security_events as e")
		.innerJoin("users as u", "u.id", "e.user_id")
		.select(["e.id", "e.at", "e.ip", "e.user_agent", "u.display_name as name", "u.email"])
		.where("e.kind", "=", "login_throttled")
		.where(({ exists, selectFrom }) =>
			exists(
				selectFrom("membership_periods as p")
					.select(sql`1`.as("one"))
					.where("p.tenant_id", "=", unit.tenantId)
					.whereRef("p.user_id", "=", "e.user_id")
					.whereRef("p.started_at", "<=", "e.at")
					.where((eb) => eb.or([eb("p.ended_at", "is", null), eb("p.ended_at", ">", eb.ref("e.at"))])),
			),
		)
		.orderBy("e.at", "desc")
		.limit(limit)
		.execute();
}

/** Joining, role changes, disabling and enabling in this unit (its audit trail). */
function membershipChanges(tx: Tx, unit: Unit, limit: number) {
	return tx
		.selectFrom("audit_events as a")
		.innerJoin("users as u", (join) => join.on(sql`u.id::text`, "=", sql.ref("a.entity_id")))
		.leftJoin("users as by", "by.id", "a.actor_user_id")
		.select([
			"a.id",
			"a.action",
			"a.at",
			"a.ip",
			"a.user_agent",
			"a.actor_user_id",
			"u.id as user_id",
			"u.display_name as name",
			"u.email",
			"by.display_name as actor_name",
		])
		.where("a.tenant_id", "=", unit.tenantId)
		.where("a.entity_type", "=", "user")
		.where("a.action", "in", membershipActions)
		.orderBy("a.at", "desc")
		.limit(limit)
		.execute();
}

/**
 * What this unit's members did in it, newest first: sessions that entered the unit (signed in and
 * came here), throttled sign-ins while they were members, and membership changes made here. Never
 * a member's sign-ins elsewhere, nor anything before they joined or after they were disabled
 * (migration 2026-12-04T1000 enforces it in the database).
 */
export async function listMemberSecurityEvents(
	db: Kysely<Database>,
	unit: Unit,
	options: { throttledOnly: boolean; limit?: number },
): Promise<UnitSecurityEvent[]> {
	const limit = options.limit ?? 200;
	const events = await runAs(db, unit, async (tx) => {
		const throttled = (await throttling(tx, unit, limit)).map(
			(e): UnitSecurityEvent => ({
				key: e.id,
				kind: "login_throttled",
				at: e.at,
				name: e.name,
				email: e.email,
				ip: e.ip,
				device: deviceOf(e.user_agent),
				actorName: null,
			}),
		);
		if (options.throttledOnly) return throttled;
		const entered = (await entries(tx, unit, limit)).map(
			(e): UnitSecurityEvent => ({
				key: `entered-${e.user_id}-${e.at.getTime()}`,
				kind: "unit_entered",
				at: e.at,
				name: e.name,
				email: e.email,
				ip: e.ip,
				device: deviceOf(e.user_agent),
				actorName: null,
			}),
		);
		const changes = (await membershipChanges(tx, unit, limit)).map(
			(e): UnitSecurityEvent => ({
				key: e.id,
				kind: e.action as UnitSecurityEventKind,
				at: e.at,
				name: e.name,
				email: e.email,
				ip: e.ip,
				device: deviceOf(e.user_agent),
				actorName: e.actor_user_id && e.actor_user_id !== e.user_id ? e.actor_name : null,
			}),
		);
		return [...entered, ...throttled, ...changes];
	});
	return events.sort((a, b) => b.at.getTime() - a.at.getTime()).slice(0, limit);
}
