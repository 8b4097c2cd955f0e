import { Redis } from "ioredis";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postToRobot } from "#app/domain/im-robots/post-to-robot.server.ts";
import { databaseRobotBudget, ROBOT_BUDGET, redisRobotBudget } from "#app/domain/im-robots/robot-budget.server.ts";
import { loadSecretBox } from "#app/domain/im-robots/secret-box.server.ts";
import { notifyMany } from "#app/domain/notifications/notify.server.ts";
import { createLogger } from "#app/lib/logger.server.ts";
import { runAs } from "#db/run-as.ts";
import { type FakeRobot, type FakeRobots, startFakeRobots } from "#tests/support/fake-robots.ts";
import { createMember, createTenant, type TenantFixture } from "#tests/support/integration-db.ts";
import { openOwnDatabase, sleep } from "#tests/support/jobs-fixtures.ts";
import { until } from "#tests/support/own-app.ts";
import { startRedis } from "#tests/support/redis-servers.ts";
import { startBullmqRuntime } from "#workers/bullmq-runtime.ts";
import { fanOutToRobots } from "#workers/im-robots/fan-out.ts";
import { OutboxRunner } from "#workers/in-process-runner.ts";
import type { JobContext } from "#workers/job-context.ts";

const KEY = Buffer.alloc(32, 7).toString("base64");
const SECRET = "SEC0123456789abcdef";
const DING_SECRET = "SECd1n9t4lk0000000000000000000000000000000000000000000000000000ab";

let own: Awaited<ReturnType<typeof openOwnDatabase>>;
let robots: FakeRobots;
const logLines: string[] = [];
let ctx: JobContext;
let unit: TenantFixture;
let admin: { id: string };
const staff: { id: string }[] = [];

beforeAll(async () => {
	process.env.IM_SECRET_KEYS = `k1:${KEY}`;
	own = await openOwnDatabase("im_robots");
	robots = await startFakeRobots({ minuteMs: 3_000 });
	ctx = {
		db: own.db,
		mailer: { send: async () => {} } as unknown as JobContext["mailer"],
		publicUrl: "https://lianxi.example",
		log: createLogger("debug", { write: (line: string) => logLines.push(line) }),
		now: () => new Date(),
		imRobots: { testOrigin: robots.origin, maxBudgetWaitMs: 20_000 },
	};
	unit = await createTenant(own.db);
	admin = await createMember(own.db, unit.id, ["admin"]);
	for (let i = 0; i < 3; i++) staff.push(await createMember(own.db, unit.id, ["union_staff"]));
});
afterAll(async () => {
	await robots?.close();
	await own?.close();
	delete process.env.IM_SECRET_KEYS;
});

let tokenCount = 0;
/** A robot at the fake and its channel in the unit (sealed as the app stores it). */
async function channelFor(
	robot: Omit<FakeRobot, "token">,
	options: { secret?: string | null; keyword?: string | null; categories?: string[] } = {},
) {
	const token = `tok${String(++tokenCount).padStart(4, "0")}-${crypto.randomUUID()}`;
	const url = robots.add({ ...robot, token });
	const box = loadSecretBox({ IM_SECRET_KEYS: `k1:${KEY}` });
	if (!box) throw new Error("no box");
	const secret = options.secret === undefined ? (robot.secret ?? null) : options.secret;
	const row = await own.db.owner
		.insertInto("im_channels")
		.values({
			tenant_id: unit.id,
			kind: robot.kind,
			name: `${robot.kind} 工作群 ${tokenCount}`,
			webhook_url_enc: box.seal(url).ciphertext,
			secret_enc: secret ? box.seal(secret).ciphertext : null,
			key_id: box.keyId,
			url_mask: "…/send?key=****",
			keyword: options.keyword === undefined ? (robot.keyword ?? null) : options.keyword,
			categories: options.categories ?? ["meetings"],
			enabled: true,
		})
		.returning("id")
		.executeTakeFirstOrThrow();
	return { id: row.id, token, url };
}

/** One act that notifies `people` members (one notification row, and outbox row, each). */
async function event(title: string, people = 1, kind = "meeting.requested") {
	await runAs(own.db.app, { userId: null, tenantId: unit.id }, (tx) =>
		notifyMany(tx, [
			{
				notice: {
					tenantId: unit.id,
					kind,
					entityType: "meeting",
					entityId: crypto.randomUUID(),
					link: `/t/${unit.slug}/meetings/1`,
					params: { title },
				},
				userIds: staff.slice(0, people).map((s) => s.id),
			},
		]),
	);
}

/** Works the outbox in this process until nothing is pending (retries come after 50 ms). */
async function drainAll(runner: OutboxRunner) {
	const pending = async () => {
		const { rows } = await sql<{ n: number }>`select count(*)::int as n from outbox
			where processed_at is null and failed_at is null`.execute(own.db.owner);
		return rows[0]?.n ?? 0;
	};
	const deadline = Date.now() + 60_000;
	while ((await pending()) > 0 && Date.now() < deadline) {
		if ((await runner.runOnce()) === 0) await sleep(30);
	}
}

const deliveriesOf = (channelId: string) =>
	own.db.owner
		.selectFrom("im_deliveries")
		.select(["outcome", "code", "attempt", "delivery_key", "outbox_id"])
		.where("channel_id", "=", channelId)
		.orderBy("at")
		.execute();

describe("delivery through the outbox, in-process runner (no Redis)", () => {
	const runner = () => new OutboxRunner(ctx, { retryDelayMs: () => 50 });

	it("posts one group message per event (not one per recipient), byte-exact, then retries a rate limit", async () => {
		const ch = await channelFor({ kind: "wecom", script: [45009, 0] });
		await event("第一次联席会议", 3);
		await drainAll(runner());
		const got = robots.received("wecom", ch.token);
		expect(got.map((r) => r.answered)).toEqual(["45009", "0"]);
		expect(got[1]?.contentType).toBe("application/json; charset=utf-8");
		expect(got[1]?.body).toBe(
			`{"msgtype":"markdown","markdown":{"content":"**工会提请召开：第一次联席会议**\\n\\n> 单位：测试单位 ${unit.slug}\\n\\n[在联席通中查看](https://lianxi.example/t/${unit.slug}/meetings/1)"}}`,
		);
		expect(got[0]?.body).toBe(got[1]?.body);
		const log = await deliveriesOf(ch.id);
		expect(log.map((d) => [d.outcome, d.code, d.attempt])).toEqual([
			["retryable", "45009", 1],
			["ok", "0", 2],
		]);
		expect(log[0]?.delivery_key).toBe(`${log[0]?.outbox_id}:${ch.id}`);
		const delivered = await own.db.owner
			.selectFrom("outbox")
			.select(["id", "processed_at", "attempts"])
			.where("topic", "=", "im.deliver")
			.where(sql<boolean>`payload->>'channelId' = ${ch.id}`)
			.execute();
		expect(delivered).toHaveLength(1);
		expect(delivered[0]?.processed_at).not.toBeNull();
	});

	it("an HTML answer (a gateway's page) is retried, then the message goes through", async () => {
		const ch = await channelFor({ kind: "feishu", secret: SECRET, script: ["html"] });
		await event("第二次联席会议");
		await drainAll(runner());
		expect(robots.received("feishu", ch.token).map((r) => r.answered)).toEqual(["html", "0"]);
	});

	it("signatures and keywords the fake recomputes: 钉钉 加签 + keyword, 飞书 签名校验 + keyword", async () => {
		const ding = await channelFor({ kind: "dingtalk", secret: DING_SECRET, keyword: "联席通" });
		const fei = await channelFor({ kind: "feishu", secret: SECRET, keyword: "联席通" });
		await event("第三次联席会议");
		await drainAll(runner());
		expect(robots.received("dingtalk", ding.token).map((r) => r.answered)).toEqual(["0"]);
		expect(robots.received("feishu", fei.token).map((r) => r.answered)).toEqual(["0"]);
		const dingQuery = robots.received("dingtalk", ding.token)[0]?.query ?? {};
		expect(Object.keys(dingQuery)).toEqual(["access_token", "timestamp", "sign"]);
	});

	it("a permanent answer is not retried: the channel turns failing, audited, and the administrator is told", async () => {
		const ch = await channelFor(
			{ kind: "dingtalk", secret: DING_SECRET },
			{ secret: "SECwrong-secret-of-the-channel" },
		);
		await event("第四次联席会议");
		await drainAll(runner());
		expect(robots.received("dingtalk", ch.token).map((r) => r.answered)).toEqual(["310000"]);
		expect((await deliveriesOf(ch.id)).map((d) => [d.outcome, d.code, d.attempt])).toEqual([
			["permanent", "310000", 1],
		]);
		const channel = await own.db.owner
			.selectFrom("im_channels")
			.select(["health", "last_error"])
			.where("id", "=", ch.id)
			.executeTakeFirstOrThrow();
		expect(channel.health).toBe("failing");
		expect(channel.last_error).toMatch(/^310000 sign not match/);
		const audit = await own.db.owner
			.selectFrom("audit_events")
			.select(["action", "actor_user_id"])
			.where("entity_id", "=", ch.id)
			.execute();
		expect(audit).toEqual([{ action: "im_channel.failing", actor_user_id: null }]);
		const told = await own.db.owner
			.selectFrom("notifications")
			.select(["user_id", "link", "params"])
			.where("kind", "=", "im.channel_failing")
			.where("entity_id", "=", ch.id)
			.execute();
		expect(told.map((n) => n.user_id)).toEqual([admin.id]);
		expect(told[0]?.link).toBe(`/t/${unit.slug}/im-channels`);
		// The next event does not reach a failing channel; the administrator's notice goes to no robot.
		await event("第五次联席会议");
		await drainAll(runner());
		expect(robots.received("dingtalk", ch.token)).toHaveLength(1);
	});

	it("a keyword the messages lack: 310000 keywords not in content, the channel failing", async () => {
		// Every message carries 联席通 (its link reads "在联席通中查看"): this robot wants another word.
		const ch = await channelFor({ kind: "dingtalk", keyword: "督办" }, { keyword: null });
		await event("第六次联席会议");
		await drainAll(runner());
		expect(robots.received("dingtalk", ch.token).map((r) => r.answered)).toEqual(["310000"]);
		const channel = await own.db.owner
			.selectFrom("im_channels")
			.select("last_error")
			.where("id", "=", ch.id)
			.executeTakeFirstOrThrow();
		expect(channel.last_error).toBe("310000 keywords not in content");
	});

	it("only the categories a channel takes; a second run of the same outbox row adds no delivery", async () => {
		const ch = await channelFor({ kind: "wecom" }, { categories: ["minutes"] });
		await event("第八次联席会议", 1, "meeting.scheduled");
		await event("第八次联席会议", 1, "minutes.issue");
		const source = await own.db.owner
			.selectFrom("outbox")
			.select(["id", "payload"])
			.where("topic", "=", "notification.created")
			.where("processed_at", "is", null)
			.where(sql<boolean>`payload->>'kind' = 'minutes.issue'`)
			.executeTakeFirstOrThrow();
		expect(await fanOutToRobots(ctx, source.id, unit.id, source.payload)).toBe(1);
		expect(await fanOutToRobots(ctx, source.id, unit.id, source.payload)).toBe(0);
		await drainAll(runner());
		const got = robots.received("wecom", ch.token);
		expect(got).toHaveLength(1);
		expect(got[0]?.body).toContain("第八次联席会议");
		expect((await deliveriesOf(ch.id)).map((d) => d.delivery_key)).toEqual([`${source.id}:${ch.id}`]);
	});

	it("a channel whose key is gone from IM_SECRET_KEYS turns failing instead of retrying", async () => {
		const ch = await channelFor({ kind: "wecom" });
		await own.db.owner.updateTable("im_channels").set({ key_id: "k0" }).where("id", "=", ch.id).execute();
		await event("第九次联席会议");
		await drainAll(runner());
		expect(robots.received("wecom", ch.token)).toHaveLength(0);
		expect((await deliveriesOf(ch.id)).map((d) => [d.outcome, d.code])).toEqual([["permanent", "key_missing"]]);
		const row = await own.db.owner
			.selectFrom("im_channels")
			.select("health")
			.where("id", "=", ch.id)
			.executeTakeFirstOrThrow();
		expect(row.health).toBe("failing");
	});

	it("the encrypted columns do not hold the URL's token or the secret", async () => {
		const ch = await channelFor({ kind: "feishu", secret: SECRET });
		const row = await own.db.owner
			.selectFrom("im_channels")
			.select(["webhook_url_enc", "secret_enc"])
			.where("id", "=", ch.id)
			.executeTakeFirstOrThrow();
		const stored = Buffer.concat([Buffer.from(row.webhook_url_enc), Buffer.from(row.secret_enc ?? [])]);
		expect(stored.includes(Buffer.from(ch.token))).toBe(false);
		expect(stored.includes(Buffer.from(SECRET))).toBe(false);
		expect(stored.includes(Buffer.from("open-apis"))).toBe(false);
		const { rows } = await sql<{ n: number }>`select count(*)::int as n from im_channels
			where position(convert_to(${SECRET}, 'UTF8') in coalesce(secret_enc, ''::bytea)) > 0
			   or position(convert_to(${ch.token}, 'UTF8') in webhook_url_enc) > 0`.execute(own.db.owner);
		expect(rows[0]?.n).toBe(0);
	});

	it("the log stream holds no token and no secret (also when one is logged by mistake)", async () => {
		const ch = await channelFor({ kind: "wecom", script: [{ status: 503 }, 0] });
		await event("第七次联席会议");
		await drainAll(runner());
		ctx.log.error({ url: ch.url, err: new Error(`POST ${ch.url} failed`) }, `posting to ${ch.url}&sign=abc123`);
		const text = logLines.join("");
		expect(text).toContain("robot delivery");
		expect(text).toContain("/cgi-bin/webhook/send?key=****");
		for (const r of robots.requests) if (r.token) expect(text).not.toContain(r.token);
		expect(text).not.toContain(SECRET);
		expect(text).not.toContain(DING_SECRET);
		expect(text).not.toContain("sign=abc123");
	});
});

describe("postToRobot against the fake platforms", () => {
	const message = {
		unitName: "单位：测试",
		title: "联席通测试",
		lines: [],
		link: "https://lianxi.example/t/x",
		linkText: "在联席通中查看",
		moreText: "…",
	};
	it("past 20 posts in a minute each platform answers its rate-limit code, classified retryable", async () => {
		for (const [kind, code] of [
			["wecom", "45009"],
			["dingtalk", "130101"],
			["feishu", "11232"],
		] as const) {
			const token = `rate-${kind}-${crypto.randomUUID()}`;
			const url = robots.add({ kind, token });
			const results = [];
			for (let i = 0; i < 21; i++)
				results.push(
					await postToRobot({ kind, url, secret: null, keyword: null }, message, { testOrigin: robots.origin }),
				);
			expect(results.slice(0, 20).every((r) => r.outcome === "ok")).toBe(true);
			expect(results[20]).toMatchObject({ outcome: "retryable", code, explanationKey: "imRobot.explain.rateLimited" });
		}
	});
	it("a loopback URL is refused without the test origin; nothing is posted", async () => {
		const token = `refused-${crypto.randomUUID()}`;
		const url = robots.add({ kind: "wecom", token });
		const result = await postToRobot({ kind: "wecom", url, secret: null, keyword: null }, message, {
			testOrigin: null,
		});
		expect(result).toMatchObject({ outcome: "permanent", code: "bad_url", breaksChannel: true });
		expect(robots.received("wecom", token)).toHaveLength(0);
	});
});

describe("the per-robot budget", () => {
	it("production constants: 18 in 60 s", () => {
		expect(ROBOT_BUDGET).toEqual({ limit: 18, windowMs: 60_000 });
	});

	it("without Redis, in the database: 18 slots, then the wait until the oldest leaves the window", async () => {
		const ch = await channelFor({ kind: "wecom" });
		const budget = databaseRobotBudget(own.db.app, { limit: 18, windowMs: 2_000 });
		const waits: number[] = [];
		for (let i = 0; i < 19; i++) waits.push((await budget.take(unit.id, ch.id)).wait);
		expect(waits.slice(0, 18)).toEqual(Array(18).fill(0));
		expect(waits[18]).toBeGreaterThan(1_000);
		expect(waits[18]).toBeLessThanOrEqual(2_001);
		await sleep((waits[18] ?? 0) + 10);
		expect((await budget.take(unit.id, ch.id)).wait).toBe(0);
	});

	it("thirty events to one robot through BullMQ and real Redis: never more than 18 posts in any window", async () => {
		const redis = await startRedis();
		const client = new Redis(redis.url);
		const windowMs = 3_000;
		const budgeted: JobContext = {
			...ctx,
			imRobots: { ...ctx.imRobots, budget: redisRobotBudget(client, "{im-test}", { limit: 18, windowMs }) },
		};
		const ch = await channelFor({ kind: "wecom" });
		const runtime = await startBullmqRuntime(
			budgeted,
			{ url: redis.url, cluster: false, prefix: "{im-test}" },
			{ concurrency: 8, relayLeaseMs: 30_000, pollMs: 50, lockMs: 30_000, backoffMs: 50 },
		);
		try {
			for (let i = 1; i <= 30; i++) await event(`第 ${i} 号事项`);
			const all = await until(async () => robots.received("wecom", ch.token).length >= 30, 60_000, 100);
			expect(all).toBe(true);
			await sleep(300);
			const posts = robots.received("wecom", ch.token);
			expect(posts).toHaveLength(30);
			expect(posts.every((p) => p.answered === "0")).toBe(true);
			const times = posts.map((p) => p.at).sort((x, y) => x - y);
			const busiest = Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + windowMs).length));
			expect(busiest).toBeLessThanOrEqual(18);
			expect((times.at(-1) ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(windowMs - 50);
			// One job per event and channel, its id the delivery's outbox row.
			const rows = await own.db.owner
				.selectFrom("outbox")
				.select("id")
				.where("topic", "=", "im.deliver")
				.where(sql<boolean>`payload->>'channelId' = ${ch.id}`)
				.execute();
			expect(rows).toHaveLength(30);
			const job = await runtime.queue.getJob(rows[0]?.id as string);
			expect(job?.name).toBe("im.deliver");
		} finally {
			await runtime.close();
			client.disconnect();
			await redis.close();
		}
	});
});
