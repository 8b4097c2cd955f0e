import type { Kysely } from "kysely";
import { runAs } from "#db/run-as.ts";
import type { Database } from "#db/schema.ts";
import { deviceOf } from "./own-sessions.server.ts";

/**
 * The security events of this unit's members, newest first (the security_events_of_members policy
 * decides what is visible): sign-ins, failures, throttling, password changes, sign-outs.
 */
export async function listMemberSecurityEvents(
	db: Kysely<Database>,
	actor: { userId: string; tenantId: string },
	options: { failuresOnly: boolean; limit?: number },
) {
	const rows = await runAs(db, actor, (tx) => {
		let query = tx
			.selectFrom("security_events as e")
			.innerJoin("memberships as m", (join) =>
				join.onRef("m.user_id", "=", "e.user_id").on("m.tenant_id", "=", actor.tenantId),
			)
			.innerJoin("users as u", "u.id", "e.user_id")
			.select(["e.id", "e.kind", "e.at", "e.ip", "e.user_agent", "u.display_name as name", "u.email"])
			.orderBy("e.at", "desc")
			.limit(options.limit ?? 200);
		if (options.failuresOnly) query = query.where("e.kind", "in", ["login_failed", "login_throttled"]);
		return query.execute();
	});
	return rows.map(({ user_agent, ...row }) => ({ ...row, device: deviceOf(user_agent) }));
}
