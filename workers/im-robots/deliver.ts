import { recordAudit } from "#app/domain/audit/record-audit.server.ts";
import { isImChannelKind } from "#app/domain/im-robots/im-channel-kinds.ts";
import { type PostResult, postToRobot } from "#app/domain/im-robots/post-to-robot.server.ts";
import { openChannel } from "#app/domain/im-robots/read-channel-secrets.server.ts";
import { recordDelivery } from "#app/domain/im-robots/record-delivery.server.ts";
import { awaitBudget, databaseRobotBudget } from "#app/domain/im-robots/robot-budget.server.ts";
import { notificationRobotMessage } from "#app/domain/im-robots/robot-message-texts.ts";
import type { RobotChannelSecrets } from "#app/domain/im-robots/robot-messages.ts";
import { maskSecrets } from "#app/domain/im-robots/webhook-url.ts";
import { membersWithRoles, notify } from "#app/domain/notifications/notify.server.ts";
import { runAs } from "#db/run-as.ts";
import type { JobContext } from "../job-context.ts";
import { deliverPayload } from "./fan-out.ts";

type DeliverOutcome = "sent" | "already" | "channel_off" | "rejected" | "channel_failing";

/** A retryable answer (rate limit, 5xx, network, a full budget): the outbox tries again with backoff. */
class RobotRetryLater extends Error {
	constructor(message: string) {
		super(maskSecrets(message));
		this.name = "RobotRetryLater";
	}
}

const meta = { ip: null, userAgent: null, requestId: null };

/**
 * One `im.deliver` job: one event to one robot. Idempotent by the delivery key: once the log holds
 * an answer that settles it (ok, or permanent), a second run posts nothing. Waits for the robot's
 * budget (delayed, never dropped); a retryable answer is logged and thrown (the outbox, or BullMQ,
 * retries with backoff); a permanent one is logged and not retried, and when it says the channel is
 * misconfigured the channel turns failing (audited, no person) and the unit's administrators are notified.
 */
export async function deliverToRobot(ctx: JobContext, tenantId: string, raw: unknown): Promise<DeliverOutcome> {
	const job = deliverPayload.parse(raw);
	const options = ctx.imRobots ?? {};
	const loaded = await runAs(ctx.db.app, { userId: null, tenantId }, async (tx) => {
		const channel = await tx
			.selectFrom("im_channels as c")
			.innerJoin("tenants as t", "t.id", "c.tenant_id")
			.select([
				"c.kind",
				"c.name",
				"c.webhook_url_enc",
				"c.secret_enc",
				"c.key_id",
				"c.keyword",
				"c.enabled",
				"c.health",
			])
			.select(["t.name as unitName", "t.slug"])
			.where("c.tenant_id", "=", tenantId)
			.where("c.id", "=", job.channelId)
			.executeTakeFirst();
		const log = await tx
			.selectFrom("im_deliveries")
			.select("outcome")
			.where("tenant_id", "=", tenantId)
			.where("delivery_key", "=", job.deliveryKey)
			.execute();
		return { channel, log };
	});
	const { channel } = loaded;
	if (loaded.log.some((d) => d.outcome !== "retryable")) return "already";
	if (!channel?.enabled || channel.health !== "ok" || !isImChannelKind(channel.kind)) return "channel_off";

	const budget = options.budget ?? databaseRobotBudget(ctx.db.app);
	const booked = await awaitBudget(budget, tenantId, job.channelId, { maxWaitMs: options.maxBudgetWaitMs });
	if (!booked.slot) throw new RobotRetryLater(`robot budget full for ${booked.wait} ms`);

	const message = notificationRobotMessage({
		lang: "zh-CN",
		unitName: channel.unitName,
		kind: job.kind,
		params: job.params,
		url: `${ctx.publicUrl}${job.link}`,
	});
	let result: PostResult;
	try {
		const secrets = unsealed(channel);
		result =
			"outcome" in secrets
				? secrets
				: // Signed with the wall clock, not ctx.now: the platforms refuse a timestamp an hour off.
					await postToRobot(secrets, message, { fetch: options.fetch, testOrigin: options.testOrigin });
	} finally {
		await budget.landed(tenantId, job.channelId, booked.slot);
	}
	const attempt = loaded.log.length + 1;
	await settle(ctx, tenantId, job, channel, attempt, result);
	ctx.log.info(
		{
			channel: job.channelId,
			delivery: job.deliveryKey,
			outcome: result.outcome,
			code: result.code,
			latencyMs: result.latencyMs,
		},
		"robot delivery",
	);
	if (result.outcome === "retryable")
		throw new RobotRetryLater(`robot answered ${result.code ?? "?"}: ${result.message}`);
	if (result.outcome === "ok") return "sent";
	return result.breaksChannel ? "channel_failing" : "rejected";
}

/** The channel in clear, or — its key gone from IM_SECRET_KEYS — a permanent answer that marks it failing. */
function unsealed(channel: Parameters<typeof openChannel>[0]): RobotChannelSecrets | PostResult {
	try {
		return openChannel(channel);
	} catch (error) {
		return {
			outcome: "permanent",
			code: "key_missing",
			message: maskSecrets(error instanceof Error ? error.message : String(error)).slice(0, 500),
			explanationKey: "imRobot.explain.keyMissing",
			explanationParams: {},
			breaksChannel: true,
			latencyMs: 0,
		};
	}
}

async function settle(
	ctx: JobContext,
	tenantId: string,
	job: { channelId: string; outboxId: string; deliveryKey: string },
	channel: { name: string; slug: string },
	attempt: number,
	result: PostResult,
) {
	await runAs(ctx.db.app, { userId: null, tenantId }, async (tx) => {
		await recordDelivery(tx, {
			tenantId,
			channelId: job.channelId,
			outboxId: job.outboxId,
			deliveryKey: job.deliveryKey,
			test: false,
			attempt,
			result,
		});
		if (result.outcome !== "permanent" || !result.breaksChannel) return;
		const lastError = maskSecrets(`${result.code ?? ""} ${result.message}`.trim()).slice(0, 500);
		// Only the first permanent answer turns it failing, is audited and tells the administrators.
		const changed = await tx
			.updateTable("im_channels")
			.set({ health: "failing", last_error: lastError, last_error_at: new Date(), updated_at: new Date() })
			.where("tenant_id", "=", tenantId)
			.where("id", "=", job.channelId)
			.where("health", "=", "ok")
			.executeTakeFirst();
		if (Number(changed.numUpdatedRows) === 0) return;
		await recordAudit(tx, {
			tenantId,
			actorUserId: null,
			action: "im_channel.failing",
			entityType: "im_channel",
			entityId: job.channelId,
			before: { health: "ok" },
			after: { health: "failing", code: result.code, explanation: result.explanationKey },
			meta,
		});
		await notify(
			tx,
			{
				tenantId,
				kind: "im.channel_failing",
				entityType: "im_channel",
				entityId: job.channelId,
				link: `/t/${channel.slug}/im-channels`,
				params: { name: channel.name, code: result.code ?? "?" },
			},
			await membersWithRoles(tx, tenantId, ["admin"]),
			"",
		);
	});
}
