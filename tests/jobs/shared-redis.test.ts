import { Queue } from "bullmq";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openOwnDatabase, seedNotifications, spawnWorker, stopGently } from "#tests/support/jobs-fixtures.ts";
import { until } from "#tests/support/own-app.ts";
import { startRedis } from "#tests/support/redis-servers.ts";
import { startSmtpSink } from "#tests/support/smtp-sink.ts";
import { QUEUE_NAME, queuePrefix, redisConnection } from "#workers/bullmq-runtime.ts";

/**
 * Two installations (two databases) with their workers on one redis-server and one database number
 * of it, signing in with a user and a password or a password alone: each installation's jobs and daily
 * sweep stay with its own database (issue #28.1).
 */
describe("two installations on one Redis", () => {
	let a: Awaited<ReturnType<typeof openOwnDatabase>>;
	let b: Awaited<ReturnType<typeof openOwnDatabase>>;
	let redis: Awaited<ReturnType<typeof startRedis>>;
	let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
	beforeAll(async () => {
		[a, b, redis, smtp] = await Promise.all([
			openOwnDatabase("shared_redis_a"),
			openOwnDatabase("shared_redis_b"),
			startRedis(),
			startSmtpSink(),
		]);
	});
	afterAll(async () => {
		await redis?.close();
		await smtp?.close();
		await a?.close();
		await b?.close();
	});

	const count = async (own: typeof a, query: "emailed" | "reminders") => {
		const { rows } =
			query === "emailed"
				? await sql<{ n: number }>`select count(*)::int as n from notifications where emailed_at is not null`.execute(
						own.db.owner,
					)
				: await sql<{ n: number }>`select count(*)::int as n from reminder_keys`.execute(own.db.owner);
		return rows[0]?.n ?? 0;
	};

	it("the prefix is one hash tag, derived from the database name or given", () => {
		expect(queuePrefix({ DATABASE_URL: "postgres://u@db.example:5432/lianxi_east" })).toBe("{lianxi:lianxi_east}");
		expect(queuePrefix({ DATABASE_URL: "postgres://u@db.example/lianxi", QUEUE_PREFIX: "west" })).toBe("{west}");
		expect(queuePrefix({ QUEUE_PREFIX: "{west}" })).toBe("{west}");
		expect(() => queuePrefix({ QUEUE_PREFIX: "a}{b" })).toThrow(/QUEUE_PREFIX/);
		expect(() => redisConnection({ url: "redis://127.0.0.1:1/7", cluster: true })).toThrow(/database 0/);
		expect(() => redisConnection({ url: "redis://127.0.0.1:1/seven", cluster: false })).toThrow(/database number/);
	});

	it("each worker relays, runs and sweeps its own database only, in the database number REDIS_URL names", async () => {
		const seededA = await seedNotifications(a.db, 40, 4);
		const seededB = await seedNotifications(b.db, 25, 5);
		// The server asks for a password; A signs in as its own ACL user, B with the default user's password.
		const admin = redisConnection({ url: redis.url, cluster: false });
		await admin.call("acl", "setuser", "lianxi_a", "on", ">a-secret", "~*", "&*", "+@all");
		await admin.config("SET", "requirepass", "b-secret");
		admin.disconnect();
		const host = new URL(redis.url).host;
		const url = `redis://:b-secret@${host}/3`;
		const common = { SMTP_URL: smtp.url, OUTBOX_LEASE_MS: "1500", JOB_BACKOFF_MS: "50" };
		const workers = [
			spawnWorker({ ...common, DATABASE_URL: a.url, REDIS_URL: `redis://lianxi_a:a-secret@${host}/3` }),
			spawnWorker({ ...common, DATABASE_URL: b.url, REDIS_URL: url }),
		];
		const connection = redisConnection({ url, cluster: false });
		const queueOf = (own: typeof a) =>
			new Queue(QUEUE_NAME, { connection: connection as never, prefix: queuePrefix({ DATABASE_URL: own.url }) });
		const queues = [queueOf(a), queueOf(b)] as const;
		try {
			expect(await Promise.all(workers.map((w) => w.ready))).toEqual([true, true]);
			expect(await until(async () => (await count(a, "emailed")) === 40, 30_000)).toBe(true);
			expect(await until(async () => (await count(b, "emailed")) === 25, 30_000)).toBe(true);
			// Nothing failed: a job run against the other database would not find its notification.
			for (const own of [a, b]) {
				const { rows } = await sql<{ n: number }>`select count(*)::int as n from outbox
					where failed_at is not null or last_error is not null`.execute(own.db.owner);
				expect(rows[0]?.n).toBe(0);
			}
			// Each queue holds exactly its own database's outbox ids.
			for (const [queue, own, n] of [
				[queues[0], a, 40],
				[queues[1], b, 25],
			] as const) {
				const ids = (await queue.getJobs(["completed"], 0, 1000)).map((j) => j.id).sort();
				const outbox = (await own.db.owner.selectFrom("outbox").select("id").execute()).map((r) => r.id).sort();
				expect(ids).toHaveLength(n);
				expect(ids).toEqual(outbox);
			}
			// One daily schedule per installation, none shared.
			for (const queue of queues) {
				const schedulers = await queue.getJobSchedulers();
				expect(schedulers.map((s) => [s.key, s.pattern, s.tz])).toEqual([
					["daily-reminders", "30 8 * * *", "Asia/Shanghai"],
				]);
			}
			// A sweep job on A's queue sweeps A (its units are late with this year's meeting), never B.
			await queues[0].add("reminders.sweep", {});
			expect(await until(async () => (await count(a, "reminders")) > 0, 30_000)).toBe(true);
			await new Promise((r) => setTimeout(r, 1_000));
			expect(await count(b, "reminders")).toBe(0);
			await queues[1].add("reminders.sweep", {});
			expect(await until(async () => (await count(b, "reminders")) > 0, 30_000)).toBe(true);
			expect(seededA.tenant.id).not.toBe(seededB.tenant.id);
		} finally {
			await Promise.all(workers.map(stopGently));
			for (const queue of queues) await queue.close();
			connection.disconnect();
		}
		// Everything went to database 3 of the server; database 0 holds nothing.
		const probe = redisConnection({ url: `redis://:b-secret@${host}`, cluster: false });
		try {
			expect(await probe.dbsize()).toBe(0);
			await probe.select(3);
			const keys = await probe.keys("*");
			const prefixes = new Set(keys.map((k) => k.slice(0, k.indexOf("}") + 1)));
			expect([...prefixes].sort()).toEqual(
				[queuePrefix({ DATABASE_URL: a.url }), queuePrefix({ DATABASE_URL: b.url })].sort(),
			);
		} finally {
			probe.disconnect();
		}
	});
});
