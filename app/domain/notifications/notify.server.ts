import { sql } from "kysely";
import type { Tx } from "#db/run-as.ts";
import type { Role } from "#db/schema.ts";

export interface Notice {
	tenantId: string;
	kind: string;
	entityType: string;
	entityId: string;
	/** Where the notified person acts: a path inside the tenant. */
	link: string;
	params?: Record<string, string | number>;
}

/** Active members of the tenant who hold any of these roles. */
export async function membersWithRoles(tx: Tx, tenantId: string, roles: readonly Role[]): Promise<string[]> {
	const rows = await tx
		.selectFrom("memberships")
		.select("user_id")
		.where("tenant_id", "=", tenantId)
		.where("disabled_at", "is", null)
		.where(sql<boolean>`roles && ${sql.val(roles)}::text[]`)
		.execute();
	return rows.map((r) => r.user_id);
}

/**
 * In the caller's transaction: an in-app notification for each person who must act next, and one
 * outbox message per notification for the delivery channels (email; workers/).
 */
export async function notify(tx: Tx, notice: Notice, userIds: readonly string[], actorUserId: string): Promise<void> {
	await notifyMany(tx, [{ notice, userIds: userIds.filter((id) => id !== actorUserId) }]);
}

/** Many notices at once (the reminder sweep): two statements per thousand rows, whatever the count. */
export async function notifyMany(tx: Tx, items: readonly { notice: Notice; userIds: readonly string[] }[]) {
	// Ids made here: the rows belong to the recipients, so RLS would hide them from RETURNING.
	const rows = items.flatMap(({ notice, userIds }) => {
		const params = JSON.stringify(notice.params ?? {});
		return [...new Set(userIds)].map((userId) => ({
			id: crypto.randomUUID(),
			tenant_id: notice.tenantId,
			user_id: userId,
			kind: notice.kind,
			entity_type: notice.entityType,
			entity_id: notice.entityId,
			link: notice.link,
			params,
		}));
	});
	for (let i = 0; i < rows.length; i += 1000) {
		const chunk = rows.slice(i, i + 1000);
		await tx.insertInto("notifications").values(chunk).execute();
		await tx
			.insertInto("outbox")
			.values(
				chunk.map((n) => ({
					tenant_id: n.tenant_id,
					topic: "notification.created",
					payload: JSON.stringify({ notificationId: n.id, userId: n.user_id, kind: n.kind }),
				})),
			)
			.execute();
	}
	return rows.length;
}

/**
 * Notifies the active members holding these roles about a meeting of the actor's tenant; the link
 * is the meeting page, or a part of it (`subpath`, e.g. "/minutes" or "#topics").
 */
export async function notifyRolesAboutMeeting(
	tx: Tx,
	actor: { userId: string; membership: { tenant: { id: string; slug: string } } },
	notice: {
		meetingId: string;
		kind: string;
		title: string;
		roles: readonly Role[];
		subpath?: string;
		/** A topic's notice is about the topic (its asks are settled topic by topic); the link stays the meeting's. */
		topicId?: string;
		/** The words given with the act (意见 or 理由): the other side reads them with the notification. */
		comment?: string | null;
	},
): Promise<void> {
	const { tenant } = actor.membership;
	await notify(
		tx,
		{
			tenantId: tenant.id,
			kind: notice.kind,
			entityType: notice.topicId ? "topic" : "meeting",
			entityId: notice.topicId ?? notice.meetingId,
			link: `/t/${tenant.slug}/meetings/${notice.meetingId}${notice.subpath ?? ""}`,
			params: notice.comment ? { title: notice.title, comment: notice.comment.slice(0, 500) } : { title: notice.title },
		},
		await membersWithRoles(tx, tenant.id, notice.roles),
		actor.userId,
	);
}
