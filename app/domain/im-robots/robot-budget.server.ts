import { type Kysely, sql } from "kysely";
import { runAs } from "#db/run-as.ts";
import type { Database } from "#db/schema.ts";

/**
 * Each robot takes at most 18 messages in any 60 s (the platforms allow 20 a minute; the other two
 * are the test-sends', TEST_SENDS_PER_WINDOW in test-send-channel.server.ts). A full window delays a
 * message, never drops it: `take` either books a slot (0) or says how long to wait before asking again.
 */
export const ROBOT_BUDGET = { limit: 18, windowMs: 60_000 } as const;

/** A budget's window as a PostgreSQL interval, for "sent within the window" in the database. */
export const windowInterval = (windowMs: number) => sql`make_interval(secs => ${windowMs / 1000}::float8)`;

interface BudgetSettings {
	limit: number;
	windowMs: number;
}

export interface RobotBudget {
	/** Books one post for the channel now (`wait` 0, with its slot), or says the milliseconds until a slot frees. */
	take(tenantId: string, channelId: string): Promise<{ wait: number; slot: string | null }>;
	/**
	 * The post of a slot has landed (or failed): the slot counts from now. A slow post then holds
	 * its slot a whole window after it reached the platform, so the platform, which counts arrivals,
	 * never sees more than the limit in any window (posts time out well within a window).
	 */
	landed(tenantId: string, channelId: string, slot: string): Promise<void>;
}

/** What ioredis offers for a script (a Redis or a Cluster). */
interface RedisLike {
	eval(script: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
}

// A sorted set per robot, scored by the Redis server's own clock (every worker agrees on "now").
const SLIDING_WINDOW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) < limit then
  redis.call('ZADD', KEYS[1], now, ARGV[3])
  redis.call('PEXPIRE', KEYS[1], window)
  return 0
end
local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
return math.max(1, tonumber(oldest[2]) + window - now + 1)
`;

const LANDED = `
local t = redis.call('TIME')
redis.call('ZADD', KEYS[1], 'XX', tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000), ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 0
`;

/** The budget in Redis (sliding window, one Lua script: atomic across workers). `prefix` is the installation's (queuePrefix). */
export function redisRobotBudget(
	redis: RedisLike,
	prefix: string,
	settings: BudgetSettings = ROBOT_BUDGET,
): RobotBudget {
	const keyOf = (tenantId: string, channelId: string) => `${prefix}:im-budget:${tenantId}:${channelId}`;
	return {
		async take(tenantId, channelId) {
			const slot = crypto.randomUUID();
			const wait = Number(
				await redis.eval(SLIDING_WINDOW, 1, keyOf(tenantId, channelId), settings.windowMs, settings.limit, slot),
			);
			return wait === 0 ? { wait: 0, slot } : { wait, slot: null };
		},
		async landed(tenantId, channelId, slot) {
			await redis.eval(LANDED, 1, keyOf(tenantId, channelId), slot, settings.windowMs);
		},
	};
}

/**
 * The budget in the database, without Redis: the channel's row is locked while its sends of the
 * window are counted, so two runners on one PostgreSQL never book the same slot.
 */
export function databaseRobotBudget(app: Kysely<Database>, settings: BudgetSettings = ROBOT_BUDGET): RobotBudget {
	return {
		take(tenantId, channelId) {
			return runAs(app, { userId: null, tenantId }, async (tx) => {
				await tx
					.selectFrom("im_channels")
					.select("id")
					.where("tenant_id", "=", tenantId)
					.where("id", "=", channelId)
					.forUpdate()
					.execute();
				const window = windowInterval(settings.windowMs);
				await tx
					.deleteFrom("im_robot_sends")
					.where("tenant_id", "=", tenantId)
					.where("channel_id", "=", channelId)
					.where("sent_at", "<=", sql<Date>`clock_timestamp() - ${window}`)
					.execute();
				const { rows } = await sql<{ n: number; wait: number | null }>`
					select count(*)::int as n,
						ceil(extract(epoch from (min(sent_at) + ${window} - clock_timestamp())) * 1000)::int as wait
					from im_robot_sends where tenant_id = ${tenantId} and channel_id = ${channelId}`.execute(tx);
				const row = rows[0] ?? { n: 0, wait: null };
				if (row.n < settings.limit) {
					const slot = crypto.randomUUID();
					await tx
						.insertInto("im_robot_sends")
						.values({ tenant_id: tenantId, channel_id: channelId, id: slot, sent_at: sql<Date>`clock_timestamp()` })
						.execute();
					return { wait: 0, slot };
				}
				return { wait: Math.max(1, (row.wait ?? settings.windowMs) + 1), slot: null };
			});
		},
		async landed(tenantId, channelId, slot) {
			await runAs(app, { userId: null, tenantId }, (tx) =>
				tx
					.updateTable("im_robot_sends")
					.set({ sent_at: sql<Date>`clock_timestamp()` })
					.where("tenant_id", "=", tenantId)
					.where("channel_id", "=", channelId)
					.where("id", "=", slot)
					.execute(),
			);
		},
	};
}

/**
 * Waits for a slot (delay, never drop). Gives up after `maxWaitMs` with the wait still due, so a job
 * can be put back instead of holding a worker for long; otherwise returns the slot booked.
 */
export async function awaitBudget(
	budget: RobotBudget,
	tenantId: string,
	channelId: string,
	options: { maxWaitMs?: number; sleep?: (ms: number) => Promise<void> } = {},
): Promise<{ wait: number; slot: string | null }> {
	const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
	const maxWait = options.maxWaitMs ?? 90_000;
	let waited = 0;
	for (;;) {
		const booked = await budget.take(tenantId, channelId);
		if (booked.wait === 0 || waited + booked.wait > maxWait) return booked;
		// A little jitter, so that a robot's queued posts do not all wake at once.
		const pause = booked.wait + Math.floor(Math.random() * 50);
		await sleep(pause);
		waited += pause;
	}
}
