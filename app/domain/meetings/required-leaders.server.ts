import { type Kysely, sql } from "kysely";
import type { Tx } from "#db/run-as.ts";
import type { Database, Role } from "#db/schema.ts";
import {
	type AttendanceStage,
	leaderRoles,
	type MissingLeaders,
	missingLeaders,
	type NamedLeader,
	type RosterPlace,
	type UnitLeader,
} from "./roster-rules.ts";

/** The leaders the unit's current system names (O3), as a query (the meeting page reads it in its own statement). */
export function namedLeaders(db: Kysely<Database>, tenantId: string) {
	return db
		.selectFrom("system_leaders as l")
		.innerJoin("systems as s", (j) => j.onRef("s.tenant_id", "=", "l.tenant_id").onRef("s.id", "=", "l.system_id"))
		.select(["l.user_id as userId", "l.role"])
		.where("l.tenant_id", "=", tenantId)
		.where("s.superseded_at", "is", null);
}

/** The unit's leaders O3 asks to attend: active members holding a leader role, and those the current system names. */
async function unitLeaders(tx: Tx, tenantId: string): Promise<{ leaders: UnitLeader[]; named: NamedLeader[] }> {
	const [leaders, named] = await Promise.all([
		tx
			.selectFrom("memberships as m")
			.innerJoin("users as u", "u.id", "m.user_id")
			.select(["m.user_id as userId", "u.display_name as name", "m.roles"])
			.where("m.tenant_id", "=", tenantId)
			.where("m.disabled_at", "is", null)
			.where(sql<boolean>`m.roles && ${sql.val([...leaderRoles])}::text[]`)
			.orderBy("u.display_name")
			.execute(),
		namedLeaders(tx, tenantId).execute(),
	]);
	return { leaders: leaders.map((l) => ({ ...l, roles: l.roles as Role[] })), named };
}

/** The members on a meeting's roster, with their capacity, leave and attendance mark. */
async function rosterPlaces(tx: Tx, tenantId: string, meetingId: string): Promise<RosterPlace[]> {
	const rows = await tx
		.selectFrom("attendees")
		.select(["user_id", "capacity", "leave_reason", "presence"])
		.where("tenant_id", "=", tenantId)
		.where("meeting_id", "=", meetingId)
		.where("user_id", "is not", null)
		.execute();
	return rows.map((r) => ({
		userId: r.user_id as string,
		capacity: r.capacity,
		onLeave: r.leave_reason !== null,
		presence: r.presence,
	}));
}

/** O3 for one meeting now: the required leaders neither attending nor on leave. */
export async function meetingMissingLeaders(
	tx: Tx,
	tenantId: string,
	meetingId: string,
	stage: AttendanceStage,
): Promise<MissingLeaders[]> {
	const [{ leaders, named }, roster] = await Promise.all([
		unitLeaders(tx, tenantId),
		rosterPlaces(tx, tenantId, meetingId),
	]);
	return missingLeaders(leaders, named, roster, stage);
}
