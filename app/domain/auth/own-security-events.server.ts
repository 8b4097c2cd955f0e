import type { Kysely } from "kysely";
import { runAs } from "#db/run-as.ts";
import type { Database, SecurityEventKind } from "#db/schema.ts";
import { deviceOf } from "./own-sessions.server.ts";

type OwnSecurityEvent = {
	key: string;
	at: Date;
	ip: string | null;
	device: string;
} & ({ kind: SecurityEventKind; unit: null } | { kind: "unit_entered"; unit: string });

/**
 * Everything recorded about the person's own account, newest first: sign-ins, failures and throttling
 * from any source, password and email-settings changes, sign-outs, and each unit a session entered.
 */
export async function listOwnSecurityEvents(
	db: Kysely<Database>,
	userId: string,
	limit = 100,
): Promise<OwnSecurityEvent[]> {
	const [events, entries] = await runAs(db, { userId, tenantId: null }, (tx) =>
		Promise.all([
			tx
				.selectFrom("security_events")
				.select(["id", "kind", "at", "ip", "user_agent"])
				.where("user_id", "=", userId)
				.orderBy("at", "desc")
				.limit(limit)
				.execute(),
			tx
				.selectFrom("session_units as s")
				.leftJoin("tenants as t", "t.id", "s.tenant_id")
				.select(["s.tenant_id", "s.entered_at as at", "s.ip", "s.user_agent", "t.name as unit"])
				.where("s.user_id", "=", userId)
				.orderBy("s.entered_at", "desc")
				.limit(limit)
				.execute(),
		]),
	);
	return [
		...events.map(
			(e): OwnSecurityEvent => ({
				key: e.id,
				kind: e.kind,
				unit: null,
				at: e.at,
				ip: e.ip,
				device: deviceOf(e.user_agent),
			}),
		),
		...entries.map(
			(e): OwnSecurityEvent => ({
				key: `entered-${e.tenant_id}-${e.at.getTime()}`,
				kind: "unit_entered",
				unit: e.unit ?? "—",
				at: e.at,
				ip: e.ip,
				device: deviceOf(e.user_agent),
			}),
		),
	]
		.sort((a, b) => b.at.getTime() - a.at.getTime())
		.slice(0, limit);
}
