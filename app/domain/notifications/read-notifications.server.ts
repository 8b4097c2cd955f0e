import { type Kysely, sql } from "kysely";
import type { Actor } from "#app/domain/actor.ts";
import { runAs } from "#db/run-as.ts";
import type { Database } from "#db/schema.ts";

/** The signed-in person's unread notifications in this tenant, newest first. */
export function listUnreadNotifications(db: Kysely<Database>, actor: Actor, limit = 20) {
	return runAs(db, actor, async (tx) => {
		// One statement: the newest rows and, on each, the count of all unread (taken before the limit).
		const rows = await tx
			.selectFrom("notifications")
			.select(["id", "kind", "link", "params", "created_at as createdAt"])
			.select(sql<number>`count(*) over ()::int`.as("total"))
			.where("tenant_id", "=", actor.tenantId)
			.where("user_id", "=", actor.userId)
			.where("read_at", "is", null)
			.orderBy("created_at", "desc")
			.limit(limit)
			.execute();
		return {
			items: rows.map(({ total: _, ...r }) => ({ ...r, params: (r.params ?? {}) as Record<string, string> })),
			total: rows[0]?.total ?? 0,
		};
	});
}

export function markAllRead(db: Kysely<Database>, actor: Actor) {
	return runAs(db, actor, (tx) =>
		tx
			.updateTable("notifications")
			.set({ read_at: new Date() })
			.where("tenant_id", "=", actor.tenantId)
			.where("user_id", "=", actor.userId)
			.where("read_at", "is", null)
			.execute(),
	);
}
