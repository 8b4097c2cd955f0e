import { createHash } from "node:crypto";
import { sql } from "kysely";
import { z } from "zod";
import { isImChannelKind } from "#app/domain/im-robots/im-channel-kinds.ts";
import { runAs, type Tx } from "#db/run-as.ts";
import { emailCategoryOf } from "../email/email-content.ts";
import type { JobContext } from "../job-context.ts";

export const DELIVER_TOPIC = "im.deliver";

const notificationCreatedPayload = z.object({ notificationId: z.uuid(), userId: z.uuid(), kind: z.string() });

export const deliverPayload = z.object({
	/** "<outbox id>:<channel id>": the first notification.created row of the event, and the robot. */
	deliveryKey: z.string().max(80),
	outboxId: z.uuid(),
	channelId: z.uuid(),
	kind: z.string().max(100),
	link: z.string().max(500),
	params: z.record(z.string(), z.union([z.string(), z.number()])),
});
type DeliverPayload = z.infer<typeof deliverPayload>;

/** A name-based UUID (RFC 4122 version 5, URL namespace): the same name gives the same id. */
function uuidV5(name: string): string {
	const namespace = Buffer.from("6ba7b8119dad11d180b400c04fd430c8", "hex");
	const hash = createHash("sha1").update(namespace).update(name, "utf8").digest();
	hash[6] = ((hash[6] as number) & 0x0f) | 0x50;
	hash[8] = ((hash[8] as number) & 0x3f) | 0x80;
	const h = hash.subarray(0, 16).toString("hex");
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * Fan-out of one committed notification.created row to the unit's robots: one `im.deliver` outbox
 * row per event and channel (enabled, healthy, subscribed to the notification's category). One act
 * notifies several people (one notification row each), but a group hears of it once: the event is
 * the kind, subject and moment of the notifications, and its row's id is a UUIDv5 of the event and
 * the channel, so the second recipient's row (or a second run of this one) inserts nothing. The id
 * is also the BullMQ job id of the delivery (the relay uses the outbox id); the key
 * "<outbox id>:<channel id>" itself cannot be one, BullMQ refuses ":" in custom job ids.
 */
export async function fanOutToRobots(
	ctx: JobContext,
	outboxId: string | undefined,
	tenantId: string,
	raw: unknown,
): Promise<number> {
	if (!outboxId) return 0;
	const payload = notificationCreatedPayload.parse(raw);
	const category = emailCategoryOf(payload.kind);
	if (category === "account") return 0;
	const unit = { userId: null, tenantId };
	const channelsNow = (tx: Tx) =>
		tx
			.selectFrom("im_channels")
			.select(["id", "kind"])
			.where("tenant_id", "=", tenantId)
			.where("enabled", "=", true)
			.where("health", "=", "ok")
			.where(sql<boolean>`${category} = any(categories)`)
			.execute();
	// Most units have no robot: one cheap look before reading the notification.
	if ((await runAs(ctx.db.app, unit, channelsNow)).length === 0) return 0;
	const n = await runAs(ctx.db.app, { userId: payload.userId, tenantId }, (tx) =>
		tx
			.selectFrom("notifications")
			.select(["kind", "entity_type", "entity_id", "link", "params", "created_at"])
			.where("tenant_id", "=", tenantId)
			.where("id", "=", payload.notificationId)
			.executeTakeFirst(),
	);
	if (!n) return 0;
	const event = `${tenantId}|${n.kind}|${n.entity_type}|${n.entity_id}|${n.created_at.toISOString()}`;
	return runAs(ctx.db.app, unit, async (tx) => {
		const channels = await channelsNow(tx);
		let added = 0;
		for (const channel of channels) {
			if (!isImChannelKind(channel.kind)) continue;
			const job: DeliverPayload = {
				deliveryKey: `${outboxId}:${channel.id}`,
				outboxId,
				channelId: channel.id,
				kind: n.kind,
				link: n.link,
				params: (n.params ?? {}) as Record<string, string | number>,
			};
			const result = await tx
				.insertInto("outbox")
				.values({
					tenant_id: tenantId,
					id: uuidV5(`im-robot|${event}|${channel.id}`),
					topic: DELIVER_TOPIC,
					payload: JSON.stringify(job),
				})
				.onConflict((oc) => oc.doNothing())
				.executeTakeFirst();
			added += Number(result.numInsertedOrUpdatedRows ?? 0);
		}
		return added;
	});
}
