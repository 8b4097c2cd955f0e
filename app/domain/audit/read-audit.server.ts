import { type Kysely, sql } from "kysely";
import { z } from "zod";
import { runAs } from "#db/run-as.ts";
import type { Database } from "#db/schema.ts";
import { findSubjects } from "./audit-subjects.server.ts";

export const auditFilterSchema = z.object({
	entity: z.uuid().optional().catch(undefined),
	action: z.string().trim().max(60).optional().catch(undefined),
});

/**
 * The tenant's audit trail, newest first (the policies allow nothing but reading and appending),
 * each event with its subject named by title and, for a step on one of a meeting's topics, the topic.
 */
export function listAuditEvents(
	db: Kysely<Database>,
	actor: { userId: string; tenantId: string; slug: string },
	filter: z.infer<typeof auditFilterSchema>,
) {
	return runAs(db, actor, async (tx) => {
		let query = tx
			.selectFrom("audit_events as a")
			.leftJoin("users as u", "u.id", "a.actor_user_id")
			.select([
				"a.id",
				"a.at",
				"a.action",
				"a.entity_type as entityType",
				"a.entity_id as entityId",
				"a.ip",
				"a.request_id as requestId",
				"u.display_name as who",
				// The words given with a decision (意见 or 理由), shown beside it.
				sql<string | null>`coalesce(a.after ->> 'comment', a.after ->> 'reason', a.after ->> 'text')`.as("words"),
				sql<string | null>`a.after ->> 'topic'`.as("topicId"),
			])
			.where("a.tenant_id", "=", actor.tenantId);
		if (filter.entity) query = query.where("a.entity_id", "=", filter.entity);
		// A prefix: LIKE's own characters are escaped (backslash is PostgreSQL's default escape).
		if (filter.action) query = query.where("a.action", "like", `${filter.action.replace(/[%_\\]/g, "\\$&")}%`);
		const events = await query.orderBy("a.at", "desc").limit(200).execute();
		const subjects = await findSubjects(tx, actor, [
			...events.map((e) => ({ type: e.entityType, id: e.entityId })),
			...events.flatMap((e) => (e.topicId ? [{ type: "topic", id: e.topicId }] : [])),
		]);
		return events.map(({ topicId, ...e }) => ({
			...e,
			subject: subjects.get(`${e.entityType}:${e.entityId}`) ?? null,
			topic: (topicId && subjects.get(`topic:${topicId}`)) || null,
		}));
	});
}
