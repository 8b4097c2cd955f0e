import { sql } from "kysely";
import type { Lang, MessageKey } from "#app/i18n/i18n.ts";
import { runAs } from "#db/run-as.ts";
import type { UseCaseOptions } from "../actor.ts";
import { AppError } from "../app-error.ts";
import { recordAudit } from "../audit/record-audit.server.ts";
import { can } from "../tenancy/permissions.ts";
import { postToRobot } from "./post-to-robot.server.ts";
import { openChannel } from "./read-channel-secrets.server.ts";
import { recordDelivery } from "./record-delivery.server.ts";
import { ROBOT_BUDGET, windowInterval } from "./robot-budget.server.ts";
import { testMessage } from "./robot-messages.ts";
import { type SecretBox, secretBox } from "./secret-box.server.ts";
import { robotTestOrigin } from "./webhook-url.ts";

/**
 * The test-send button (issue 23): posts the fixed test message to one robot and answers with what
 * the platform said — its code and the explanation in words — within 5 s (the post gives up after
 * 4 s). The attempt is kept in the delivery log marked as a test; the channel's health is left as
 * it is (a test is a question, not a delivery).
 */
export interface TestSendAnswer {
	name: string;
	outcome: "ok" | "retryable" | "permanent";
	code: string | null;
	explanationKey: MessageKey;
	explanationParams: Record<string, string>;
	latencyMs: number;
}

/** The post's own limit: with the reads and the log row the answer stays within the 5 s promised. */
const TEST_TIMEOUT_MS = 4_000;

/**
 * Test-sends a robot takes in any window of the budget: the two the platforms' 20 a minute leave
 * beside the queue's 18 (ROBOT_BUDGET), so pressing the button again and again can never push a
 * robot over its platform's limit and delay or lose the unit's real messages.
 */
const TEST_SENDS_PER_WINDOW = 20 - ROBOT_BUDGET.limit;

export async function testSendChannel(
	options: UseCaseOptions & {
		channelId: string;
		lang: Lang;
		publicUrl: string;
		box?: SecretBox | null;
		fetch?: typeof fetch;
		testOrigin?: string | null;
	},
): Promise<TestSendAnswer | { error: MessageKey }> {
	const { db, actor, channelId } = options;
	if (!can(actor.membership.roles, "imChannels.manage")) throw new AppError("forbidden");
	const box = options.box === undefined ? secretBox() : options.box;
	if (!box) return { error: "im.error.noKey" };
	const tenant = actor.membership.tenant;
	const who = { userId: actor.userId, tenantId: tenant.id };
	const found = await runAs(db, who, async (tx) => {
		// The channel's row is locked while its recent tests are counted: tests asked one after the
		// other are counted one after the other.
		const channel = await tx
			.selectFrom("im_channels")
			.select(["id", "name", "kind", "webhook_url_enc", "secret_enc", "key_id", "keyword"])
			.where("tenant_id", "=", tenant.id)
			.where("id", "=", channelId)
			.forUpdate()
			.executeTakeFirst();
		if (!channel) return null;
		const window = windowInterval(ROBOT_BUDGET.windowMs);
		const recent = await tx
			.selectFrom("im_deliveries")
			.select((eb) => eb.fn.countAll<number>().as("n"))
			.where("tenant_id", "=", tenant.id)
			.where("channel_id", "=", channelId)
			.where("test", "=", true)
			.where("at", ">", sql<Date>`clock_timestamp() - ${window}`)
			.executeTakeFirstOrThrow();
		return { channel, full: Number(recent.n) >= TEST_SENDS_PER_WINDOW };
	});
	if (!found) throw new AppError("not_found");
	if (found.full) return { error: "im.error.testsTooMany" };
	const row = found.channel;
	// The network call runs outside any transaction: no connection is held while the platform thinks.
	const result = await postToRobot(openChannel(row, box), testMessage(options.lang, tenant.name, options.publicUrl), {
		timeoutMs: TEST_TIMEOUT_MS,
		testOrigin: options.testOrigin === undefined ? robotTestOrigin() : options.testOrigin,
		...(options.fetch ? { fetch: options.fetch } : {}),
	});
	await runAs(db, who, async (tx) => {
		await recordDelivery(tx, {
			tenantId: tenant.id,
			channelId: row.id,
			outboxId: null,
			deliveryKey: null,
			test: true,
			attempt: 1,
			result,
		});
		if (result.outcome !== "ok") return;
		// The delivery skips a failing channel: a test that arrives is what brings it back.
		const recovered = await tx
			.updateTable("im_channels")
			.set({ health: "ok", last_error: null, last_error_at: null, updated_at: new Date() })
			.where("tenant_id", "=", tenant.id)
			.where("id", "=", row.id)
			.where("health", "=", "failing")
			.returning("id")
			.executeTakeFirst();
		if (recovered)
			await recordAudit(tx, {
				tenantId: tenant.id,
				actorUserId: actor.userId,
				action: "im_channel.recovered",
				entityType: "im_channel",
				entityId: row.id,
				before: { health: "failing" },
				after: { health: "ok" },
				meta: options.meta,
			});
	});
	return {
		name: row.name,
		outcome: result.outcome,
		code: result.code,
		explanationKey: result.explanationKey,
		explanationParams: result.explanationParams,
		latencyMs: result.latencyMs,
	};
}
