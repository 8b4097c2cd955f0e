import type { Kysely } from "kysely";
import { runAs } from "#db/run-as.ts";
import type { Database } from "#db/schema.ts";
import type { Actor } from "../actor.ts";
import type { ImCategory, ImChannelKind } from "./im-channel-kinds.ts";

/**
 * The group-robot page's reading (issue 23): every robot of the unit with its mask, health and last
 * error, and the recent delivery log. The sealed columns are never selected here, so no URL token or
 * secret can reach a page, even by mistake.
 */
export interface ImChannelView {
	id: string;
	kind: ImChannelKind;
	name: string;
	urlMask: string;
	hasSecret: boolean;
	keyword: string | null;
	categories: ImCategory[];
	enabled: boolean;
	health: "ok" | "failing" | "disabled";
	lastError: string | null;
	lastErrorAt: Date | null;
}

export interface ImDeliveryView {
	id: string;
	at: Date;
	channelName: string;
	kind: ImChannelKind;
	test: boolean;
	outcome: "ok" | "retryable" | "permanent";
	code: string | null;
	message: string | null;
	attempt: number;
	latencyMs: number;
}

const RECENT_DELIVERIES = 30;

export function listImChannels(
	db: Kysely<Database>,
	actor: Actor,
): Promise<{ channels: ImChannelView[]; deliveries: ImDeliveryView[] }> {
	return runAs(db, actor, async (tx) => {
		const channels = await tx
			.selectFrom("im_channels")
			.select([
				"id",
				"kind",
				"name",
				"url_mask as urlMask",
				"keyword",
				"categories",
				"enabled",
				"health",
				"last_error as lastError",
				"last_error_at as lastErrorAt",
			])
			.select((eb) => eb("secret_enc", "is not", null).as("hasSecret"))
			.where("tenant_id", "=", actor.tenantId)
			.orderBy("created_at")
			.orderBy("id")
			.execute();
		const deliveries = await tx
			.selectFrom("im_deliveries as d")
			.innerJoin("im_channels as c", (j) =>
				j.onRef("c.tenant_id", "=", "d.tenant_id").onRef("c.id", "=", "d.channel_id"),
			)
			.select([
				"d.id",
				"d.at",
				"c.name as channelName",
				"c.kind",
				"d.test",
				"d.outcome",
				"d.code",
				"d.message",
				"d.attempt",
				"d.latency_ms as latencyMs",
			])
			.where("d.tenant_id", "=", actor.tenantId)
			.orderBy("d.at", "desc")
			.orderBy("d.id")
			.limit(RECENT_DELIVERIES)
			.execute();
		return {
			channels: channels.map((c) => ({
				...c,
				hasSecret: Boolean(c.hasSecret),
				categories: c.categories as ImCategory[],
			})),
			deliveries,
		};
	});
}
