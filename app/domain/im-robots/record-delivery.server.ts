import type { Tx } from "#db/run-as.ts";
import type { PostResult } from "./post-to-robot.server.ts";

/** One line of the delivery log: outcome, code, masked message, attempt and latency — nothing else. */
export async function recordDelivery(
	tx: Tx,
	input: {
		tenantId: string;
		channelId: string;
		outboxId: string | null;
		deliveryKey: string | null;
		test: boolean;
		attempt: number;
		result: PostResult;
	},
): Promise<void> {
	await tx
		.insertInto("im_deliveries")
		.values({
			tenant_id: input.tenantId,
			channel_id: input.channelId,
			outbox_id: input.outboxId,
			delivery_key: input.deliveryKey,
			test: input.test,
			outcome: input.result.outcome,
			code: input.result.code?.slice(0, 40) ?? null,
			message: input.result.message.slice(0, 500) || null,
			attempt: input.attempt,
			latency_ms: Math.max(0, Math.round(input.result.latencyMs)),
		})
		.execute();
}
