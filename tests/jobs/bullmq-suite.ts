import { spawn } from "node:child_process";
import { Queue } from "bullmq";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
	killHard,
	openOwnDatabase,
	seedNotifications,
	sleep,
	spawnWorker,
	stopGently,
} from "#tests/support/jobs-fixtures.ts";
import { until } from "#tests/support/own-app.ts";
import { startSmtpSink } from "#tests/support/smtp-sink.ts";
import { QUEUE_NAME, queuePrefix, redisConnection } from "#workers/bullmq-runtime.ts";
import { outboxCounts } from "#workers/outbox-store.ts";

export interface Broker {
	url: string;
	cluster: boolean;
	/** Stops and starts Redis, losing everything in it (no persistence). */
	restart?: () => Promise<void>;
	stop?: () => Promise<void>;
	start?: () => Promise<void>;
	close(): Promise<void>;
}

/** A small seeded PRNG (mulberry32): the same seed draws the same kill points. */
function mulberry32(seed: number) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
	};
}

/**
 * The BullMQ suite, run on a standalone redis-server and on a 3-master Redis Cluster: effects exactly
 * once through worker kills (and a Redis restart), a poison job that fails visibly without blocking,
 * and two writer processes with two workers on one database.
 */
export function bullmqSuite(label: string, startBroker: () => Promise<Broker>, sizes: { jobs: number; kills: number }) {
	describe(`BullMQ worker on ${label}`, () => {
		let own: Awaited<ReturnType<typeof openOwnDatabase>>;
		let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
		let broker: Broker;
		let env: Record<string, string>;
		beforeAll(async () => {
			own = await openOwnDatabase(`bull_${label.replace(/\W/g, "").toLowerCase().slice(0, 20)}`);
			smtp = await startSmtpSink();
			broker = await startBroker();
			env = {
				DATABASE_URL: own.url,
				REDIS_URL: broker.url,
				REDIS_CLUSTER: String(broker.cluster),
				SMTP_URL: smtp.url,
				OUTBOX_LEASE_MS: "1500",
				WORKER_LOCK_MS: "1500",
				JOB_BACKOFF_MS: "50",
			};
		});
		afterAll(async () => {
			await broker?.close();
			await smtp?.close();
			await own?.close();
		});

		const emailed = async (tenantId: string) => {
			const { rows } = await sql<{ n: number }>`select count(*)::int as n from notifications
				where tenant_id = ${tenantId} and emailed_at is not null`.execute(own.db.owner);
			return rows[0]?.n ?? 0;
		};

		it(`${sizes.jobs} jobs while the worker is SIGKILLed ${sizes.kills} times: every effect once`, async () => {
			const seeded = await seedNotifications(own.db, sizes.jobs, 20);
			const restartAt = broker.restart ? Math.floor(sizes.kills / 2) : -1;
			// Kill points come from a seeded source; FAULT_SEED=<seed> replays a failed run's draws.
			const seed = Number(process.env.FAULT_SEED ?? Date.now());
			if (!Number.isSafeInteger(seed)) throw new Error(`FAULT_SEED must be an integer, not ${process.env.FAULT_SEED}`);
			const random = mulberry32(seed);
			console.log(`[${label}] kill points drawn with FAULT_SEED=${seed}`);
			// Each kill lands at a random moment after the worker is up, while it relays and sends.
			let killedMidWork = 0;
			for (let k = 0; k < sizes.kills; k++) {
				const worker = spawnWorker(env);
				await worker.ready;
				// Let it get some way into the work (a random share of what is left per kill, or at most
				// 1.5 s), then kill it a random moment later: mid-relay, mid-send or mid-commit.
				const before = await emailed(seeded.tenant.id);
				const share = Math.ceil((random() * (sizes.jobs - before)) / (sizes.kills - k));
				await until(async () => (await emailed(seeded.tenant.id)) >= before + share, 1_500, 25);
				await sleep(random() * 40);
				if ((await emailed(seeded.tenant.id)) < sizes.jobs) killedMidWork++;
				await killHard(worker);
				if (k === restartAt) await broker.restart?.();
			}
			const beforeFinal = await emailed(seeded.tenant.id);
			const final = spawnWorker(env);
			const done = await until(async () => (await emailed(seeded.tenant.id)) === sizes.jobs, 120_000);
			await until(async () => (await outboxCounts(own.db.owner)).pending === 0, 10_000);
			await stopGently(final);
			expect(done).toBe(true);
			expect(killedMidWork).toBeGreaterThanOrEqual(sizes.kills / 3);

			// Database effects: each notification emailed once, each outbox row settled once, nothing failed.
			expect(await outboxCounts(own.db.owner)).toMatchObject({ pending: 0, processed: sizes.jobs, failed: 0 });
			// SMTP: every notification's message arrived, none other; a message accepted by the server just
			// before a kill, and not yet recorded, is sent again with the same Message-ID (ADR 0011).
			const expected = new Set(seeded.notificationIds.map((id) => `<${id}@lianxitong>`));
			const distinct = new Set(smtp.received.map((m) => m.messageId));
			expect(distinct).toEqual(expected);
			const resent = smtp.received.length - distinct.size;
			expect(resent).toBeLessThanOrEqual(sizes.kills);
			console.info(
				`[${label}] ${sizes.jobs} jobs, ${sizes.kills} SIGKILLs${restartAt >= 0 ? ", Redis restarted once" : ""}: ` +
					`${killedMidWork} kills while work remained, ${beforeFinal} emailed before the last start, ` +
					`${distinct.size} distinct messages, ${resent} resent after a kill`,
			);
			smtp.received.length = 0;
		}, 420_000);

		it("a poison job fails after its retries, is visible, and the jobs behind it go through", async () => {
			const seeded = await seedNotifications(own.db, 20, 2);
			await own.db.owner
				.insertInto("outbox")
				.values({ tenant_id: seeded.tenant.id, topic: "notification.created", payload: JSON.stringify({ poison: 1 }) })
				.execute();
			const worker = spawnWorker(env);
			try {
				expect(await until(async () => (await outboxCounts(own.db.owner)).failed === 1, 60_000)).toBe(true);
				expect(await until(async () => (await emailed(seeded.tenant.id)) === 20, 60_000)).toBe(true);
			} finally {
				await stopGently(worker);
			}
			const failed = await own.db.owner
				.selectFrom("outbox")
				.select(["id", "last_error"])
				.where("failed_at", "is not", null)
				.executeTakeFirstOrThrow();
			expect(failed.last_error).toMatch(/notificationId/);
			const connection = redisConnection({ url: broker.url, cluster: broker.cluster });
			const prefix = queuePrefix({ DATABASE_URL: own.url });
			const queue = new Queue(QUEUE_NAME, { connection: connection as never, prefix });
			try {
				const job = await queue.getJob(failed.id);
				expect(job?.attemptsMade).toBe(5);
				expect(await queue.getJobState(failed.id)).toBe("failed");
			} finally {
				await queue.close();
				connection.disconnect();
			}
			await own.db.owner.deleteFrom("outbox").where("failed_at", "is not", null).execute();
			smtp.received.length = 0;
		});

		it("two writer processes and two workers on one database: no duplicate effect", async () => {
			const seeded = await seedNotifications(own.db, 0, 2);
			const [a, b] = seeded.members;
			const workers = [spawnWorker(env), spawnWorker(env)];
			const writers = [a, b].map((m) =>
				spawn(process.execPath, ["tests/support/write-notifications.ts", seeded.tenant.id, m?.id as string, "150"], {
					env: { ...process.env, DATABASE_URL: own.url },
					stdio: ["ignore", "ignore", "inherit"],
				}),
			);
			await Promise.all(writers.map((w) => new Promise((r) => w.once("exit", r))));
			expect(writers.map((w) => w.exitCode)).toEqual([0, 0]);
			try {
				expect(await until(async () => (await emailed(seeded.tenant.id)) === 300, 60_000)).toBe(true);
			} finally {
				await Promise.all(workers.map(stopGently));
			}
			const ids = smtp.received.map((m) => m.messageId);
			expect(ids).toHaveLength(300);
			expect(new Set(ids).size).toBe(300);
		});
	});
}
