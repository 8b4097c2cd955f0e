import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HttpClient } from "#tests/support/http-client.ts";
import { spawnWorker, stopGently } from "#tests/support/jobs-fixtures.ts";
import { startOwnApp, until } from "#tests/support/own-app.ts";
import { startRedis } from "#tests/support/redis-servers.ts";
import { startSmtpSink } from "#tests/support/smtp-sink.ts";

// With REDIS_URL set the app only appends to the outbox and `npm run worker` delivers. Redis away:
// the app serves and writes as before, the outbox grows; Redis back: it drains.
let redis: Awaited<ReturnType<typeof startRedis>>;
let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
let app: Awaited<ReturnType<typeof startOwnApp>>;
let worker: ReturnType<typeof spawnWorker>;
let owner: pg.Client;

beforeAll(async () => {
	redis = await startRedis();
	smtp = await startSmtpSink();
	app = await startOwnApp("redis", (url) => url, { REDIS_URL: redis.url, SMTP_URL: smtp.url });
	worker = spawnWorker({
		DATABASE_URL: app.databaseUrl,
		REDIS_URL: redis.url,
		SMTP_URL: smtp.url,
		OUTBOX_LEASE_MS: "1500",
		WORKER_LOCK_MS: "1500",
	});
	if (!(await worker.ready)) throw new Error("the worker did not start");
	owner = new pg.Client({ connectionString: app.databaseUrl });
	await owner.connect();
}, 90_000);

afterAll(async () => {
	await owner?.end();
	if (worker) await stopGently(worker);
	await app?.stop();
	await smtp?.close();
	await redis?.close();
});

const pending = async () =>
	Number(
		(await owner.query("SELECT count(*) AS n FROM outbox WHERE processed_at IS NULL AND failed_at IS NULL")).rows[0].n,
	);
const chased = async () =>
	(await smtp.parsed()).filter((m) => m.to.includes("department_liaison@smx.demo") && m.subject.includes("催办"))
		.length;

describe("Redis outage", () => {
	it("the app keeps serving and writing while Redis is down; the outbox drains once it is back", async () => {
		const { rows } = await owner.query<{ id: string }>(
			`SELECT d.id FROM decided_matters d JOIN tenants t ON t.id = d.tenant_id
			 WHERE t.slug = 'smx' AND d.content LIKE '完善技能人才评价激励机制%'`,
		);
		const matter = `/t/smx/matters/${rows[0]?.id}`;
		const office = new HttpClient(app.baseUrl);
		await office.signIn("gov_office@smx.demo");
		const chase = async () => {
			const response = await office.request(matter, { form: { intent: "reminder", text: "请加快进度" } });
			expect(response.status).toBe(200);
		};

		await chase();
		expect(await until(async () => (await chased()) === 1, 20_000)).toBe(true);

		await redis.stop();
		for (let i = 0; i < 5; i++) await chase();
		expect((await office.request("/t/smx/matters")).status).toBe(200);
		expect(await pending()).toBeGreaterThanOrEqual(5);
		await new Promise((r) => setTimeout(r, 2_000));
		expect(await chased()).toBe(1);
		expect(await pending()).toBeGreaterThanOrEqual(5);

		await redis.start();
		expect(await until(async () => (await pending()) === 0 && (await chased()) === 6, 60_000)).toBe(true);
	});
});
