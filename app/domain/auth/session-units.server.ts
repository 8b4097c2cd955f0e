import type { Kysely } from "kysely";
import { runAs } from "#db/run-as.ts";
import type { Database } from "#db/schema.ts";

/**
 * Records that this session entered this unit, the first time it does (the tenant guard asks only
 * then). The database accepts it only from the person's own live session into a unit where their
 * membership is active, and stamps the time itself; a second entry changes nothing.
 */
export async function recordSessionEntry(
	db: Kysely<Database>,
	entry: {
		userId: string;
		tenantId: string;
		sessionId: string;
		meta: { ip: string | null; userAgent: string | null };
	},
): Promise<void> {
	await runAs(db, { userId: entry.userId, tenantId: entry.tenantId }, (tx) =>
		tx
			.insertInto("session_units")
			.values({
				tenant_id: entry.tenantId,
				session_id: entry.sessionId,
				user_id: entry.userId,
				ip: entry.meta.ip,
				user_agent: entry.meta.userAgent?.slice(0, 300) ?? null,
			})
			.onConflict((oc) => oc.doNothing())
			.execute(),
	);
}
