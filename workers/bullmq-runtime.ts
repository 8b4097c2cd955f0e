import { isIP } from "node:net";
import { type ConnectionOptions, Queue, Worker } from "bullmq";
import { Cluster, Redis } from "ioredis";
import { redisRobotBudget } from "#app/domain/im-robots/robot-budget.server.ts";
import { runDailyWork } from "./daily-work.ts";
import { handleOutboxMessage } from "./handlers.ts";
import type { JobContext } from "./job-context.ts";
import { claimDue, MAX_ATTEMPTS, markDone, markFailed, type OutboxMessage } from "./outbox-store.ts";
import { chinaDay, SWEEP_CRON, SWEEP_TIME_ZONE } from "./reminders/reminder-calendar.ts";

/** One queue for the outbox, under the installation's prefix (queuePrefix). */
export const QUEUE_NAME = "outbox";
const SWEEP_JOB = "reminders.sweep";

/**
 * The installation's key prefix in Redis, always one hash tag (`{…}`) so that every key of its queue
 * lands in one slot of a Redis Cluster. QUEUE_PREFIX when set (`name` or `{name}`); otherwise derived
 * from the database's name, so two installations on one Redis never share a queue or a schedule.
 */
export function queuePrefix(env: { QUEUE_PREFIX?: string; DATABASE_URL?: string }): string {
	const given = env.QUEUE_PREFIX?.trim();
	if (given) {
		const inner = /^\{(.*)\}$/.exec(given)?.[1] ?? given;
		if (!/^[\w.:/-]{1,100}$/.test(inner))
			throw new Error(
				"Invalid configuration:\n  QUEUE_PREFIX: letters, digits and _ . : / - only (it becomes one Redis hash tag {…})",
			);
		return `{${inner}}`;
	}
	if (!env.DATABASE_URL)
		throw new Error("the queue prefix is derived from DATABASE_URL: set DATABASE_URL or QUEUE_PREFIX");
	const name = decodeURIComponent(new URL(env.DATABASE_URL).pathname.replace(/^\//, "")) || "postgres";
	return `{lianxi:${name.replace(/[{}]/g, "_")}}`;
}

interface RedisSettings {
	url: string;
	cluster: boolean;
	/** The installation's prefix (queuePrefix). */
	prefix: string;
}

/**
 * A connection as BullMQ wants it (no per-request retry limit: workers block on Redis), with all of
 * REDIS_URL honoured: user, password, database number (`/7`) and TLS for `rediss://`.
 */
export function redisConnection({
	url,
	cluster,
	lazy = false,
}: Pick<RedisSettings, "url" | "cluster"> & { lazy?: boolean }): Redis | Cluster {
	const u = new URL(url);
	const db = u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0;
	if (!Number.isInteger(db) || db < 0) throw new Error(`REDIS_URL: "${u.pathname.slice(1)}" is not a database number`);
	if (cluster && db !== 0) throw new Error("REDIS_URL: a Redis Cluster has only database 0; use QUEUE_PREFIX instead");
	const options = {
		maxRetriesPerRequest: null,
		lazyConnect: lazy,
		username: u.username ? decodeURIComponent(u.username) : undefined,
		password: u.password ? decodeURIComponent(u.password) : undefined,
		// TLS for rediss://, checking the certificate against the host named (SNI never names an IP).
		tls: u.protocol === "rediss:" ? (isIP(u.hostname) ? {} : { servername: u.hostname }) : undefined,
		// Reconnect forever, at most every 2 s: the worker outlives a Redis restart.
		retryStrategy: (times: number) => Math.min(times * 200, 2_000),
	};
	const port = Number(u.port || 6379);
	if (cluster) {
		return new Cluster([{ host: u.hostname, port }], {
			lazyConnect: lazy,
			redisOptions: options,
			clusterRetryStrategy: (times: number) => Math.min(times * 200, 2_000),
		});
	}
	return new Redis({ host: u.hostname, port, db, ...options });
}

interface WorkerTuning {
	concurrency: number;
	/** How long a relayed row may wait for its handler before the relay hands it over again. */
	relayLeaseMs: number;
	pollMs: number;
	/** BullMQ's job lock: a worker that dies leaves its job stalled for at most this long. */
	lockMs: number;
	/** First retry delay; doubles with each attempt. */
	backoffMs: number;
}

export const defaultTuning: WorkerTuning = {
	concurrency: 8,
	relayLeaseMs: 60_000,
	pollMs: 500,
	lockMs: 30_000,
	backoffMs: 1_000,
};

/**
 * `npm run worker`: the relay (outbox rows → BullMQ jobs, job id = outbox id), the BullMQ worker
 * that runs the same handlers as the in-process runner, and the daily reminder schedule.
 */
export async function startBullmqRuntime(ctx: JobContext, redis: RedisSettings, tuning: WorkerTuning = defaultTuning) {
	const connection = redisConnection(redis) as unknown as ConnectionOptions;
	// Group robots book their per-robot budget in this Redis (sliding window; issue 23).
	const budgetConnection = ctx.imRobots?.budget ? null : redisConnection({ ...redis, lazy: true });
	budgetConnection?.on("error", (error: Error) => ctx.log.warn({ err: error }, "robot budget: redis error"));
	const jobCtx: JobContext = budgetConnection
		? { ...ctx, imRobots: { ...ctx.imRobots, budget: redisRobotBudget(budgetConnection, redis.prefix) } }
		: ctx;
	const workerConnection = redisConnection(redis) as unknown as ConnectionOptions;
	const queue = new Queue(QUEUE_NAME, {
		connection,
		prefix: redis.prefix,
		defaultJobOptions: {
			attempts: MAX_ATTEMPTS,
			backoff: { type: "exponential", delay: tuning.backoffMs },
			removeOnComplete: { age: 3_600, count: 10_000 },
			removeOnFail: { age: 7 * 86_400 },
		},
	});
	queue.on("error", (error) => ctx.log.warn({ err: error }, "queue: redis error"));

	const worker = new Worker(
		QUEUE_NAME,
		async (job) => {
			if (job.name === SWEEP_JOB) return runDailyWork(ctx, chinaDay(ctx.now()));
			const { tenantId, payload } = job.data as { tenantId: string; payload: unknown };
			const message = { tenantId, id: job.id as string };
			try {
				const outcome = await handleOutboxMessage(jobCtx, job.name, tenantId, payload, message.id);
				await markDone(ctx.db.owner, message);
				return outcome;
			} catch (error) {
				// The last attempt sets the row aside as failed: visible, and never handed out again.
				const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
				if (final) await markFailed(ctx.db.owner, { ...message, attempts: job.attemptsMade + 1 }, error, true);
				throw error;
			}
		},
		{
			connection: workerConnection,
			prefix: redis.prefix,
			concurrency: tuning.concurrency,
			lockDuration: tuning.lockMs,
			stalledInterval: Math.max(1_000, Math.floor(tuning.lockMs / 2)),
			// A job whose worker is killed again and again is not failed for it: the handler is idempotent.
			maxStalledCount: 1_000,
		},
	);
	worker.on("error", (error) => ctx.log.warn({ err: error }, "worker: redis error"));
	worker.on("failed", (job, error) =>
		ctx.log.warn({ job: job?.id, topic: job?.name, attempts: job?.attemptsMade, err: error }, "job failed"),
	);

	await queue.upsertJobScheduler(
		"daily-reminders",
		{ pattern: SWEEP_CRON, tz: SWEEP_TIME_ZONE },
		{ name: SWEEP_JOB, data: {}, opts: { attempts: 3, backoff: { type: "exponential", delay: 60_000 } } },
	);

	let stopped = false;
	let relaying: Promise<void> = Promise.resolve();
	let timer: NodeJS.Timeout | null = null;
	const relayOnce = async (): Promise<number> => {
		const rows = await claimDue(ctx.db.owner, { limit: 200, leaseMs: tuning.relayLeaseMs, mode: "relay" });
		if (rows.length === 0) return 0;
		await relay(queue, rows);
		return rows.length;
	};
	const loop = () => {
		if (stopped) return;
		relaying = relayOnce()
			.then((n) => schedule(n === 200 ? 0 : tuning.pollMs))
			.catch((error) => {
				// Redis or the database is away: the claimed rows come back when their lease ends.
				ctx.log.warn({ err: error }, "relay: could not hand rows to the queue");
				schedule(Math.max(tuning.pollMs, 1_000));
			});
	};
	const schedule = (delay: number) => {
		if (stopped) return;
		timer = setTimeout(loop, delay);
	};
	schedule(0);

	return {
		queue,
		worker,
		relayOnce,
		async close() {
			stopped = true;
			if (timer) clearTimeout(timer);
			await relaying;
			await worker.close();
			await queue.close();
			budgetConnection?.disconnect();
			// Connections handed to BullMQ as instances are the caller's to close.
			for (const c of [connection, workerConnection]) (c as unknown as { disconnect(): void }).disconnect();
		},
	};
}

/**
 * Adds the rows as jobs named by their topic, with the outbox id as job id. A row handed over
 * before (its lease ran out) whose job is still in the queue is left there; one whose job is gone
 * (Redis lost it) or finished without settling the row (killed between) is added afresh.
 */
async function relay(queue: Queue, rows: readonly OutboxMessage[]): Promise<void> {
	const fresh: OutboxMessage[] = [];
	for (const row of rows) {
		if (row.relayedBefore && (await isStillQueued(queue, row.id))) continue;
		fresh.push(row);
	}
	await queue.addBulk(
		fresh.map((r) => ({ name: r.topic, data: { tenantId: r.tenantId, payload: r.payload }, opts: { jobId: r.id } })),
	);
}

async function isStillQueued(queue: Queue, id: string): Promise<boolean> {
	const job = await queue.getJob(id);
	if (!job) return false;
	const state = await queue.getJobState(id);
	if (state === "completed" || state === "failed" || state === "unknown") {
		await queue.remove(id);
		return false;
	}
	return true;
}
