import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSecretBox } from "#app/domain/im-robots/secret-box.server.ts";
import { notifyMany } from "#app/domain/notifications/notify.server.ts";
import { createLogger } from "#app/lib/logger.server.ts";
import { type DatabaseHandle, openDatabase } from "#db/client.ts";
import { parseDatabaseEnv } from "#db/database-env.ts";
import { migrateToLatest } from "#db/migrate.ts";
import { runAs } from "#db/run-as.ts";
import { type FakeRobots, startFakeRobots } from "#tests/support/fake-robots.ts";
import { OutboxRunner } from "#workers/in-process-runner.ts";
import type { JobContext } from "#workers/job-context.ts";

// The embedded default (no Redis): group robots delivered by the in-process runner, budget in the database.
let db: DatabaseHandle;
let robots: FakeRobots;
const KEY = Buffer.alloc(32, 9).toString("base64");

beforeAll(async () => {
	process.env.IM_SECRET_KEYS = `e1:${KEY}`;
	db = await openDatabase({ env: parseDatabaseEnv({}), inMemory: true });
	await migrateToLatest(db.owner);
	robots = await startFakeRobots();
});
afterAll(async () => {
	await robots?.close();
	await db?.close();
	delete process.env.IM_SECRET_KEYS;
});

describe("group robots on the embedded database", () => {
	it("a notification reaches the unit's robot once, with its slot booked in im_robot_sends", async () => {
		const tenant = await db.owner
			.insertInto("tenants")
			.values({ slug: "im-embedded", kind: "city", name: "嵌入单位", gov_name: "政府", union_name: "工会" })
			.returning("id")
			.executeTakeFirstOrThrow();
		const user = await db.owner
			.insertInto("users")
			.values({ email: "staff@im.example", display_name: "工作人员", password_hash: "x" })
			.returning("id")
			.executeTakeFirstOrThrow();
		await db.owner
			.insertInto("memberships")
			.values({ tenant_id: tenant.id, user_id: user.id, roles: ["union_staff"] })
			.execute();
		const token = "embedded-robot-0001";
		const url = robots.add({ kind: "wecom", token });
		const box = loadSecretBox({ IM_SECRET_KEYS: `e1:${KEY}` });
		if (!box) throw new Error("no key");
		const channel = await db.owner
			.insertInto("im_channels")
			.values({
				tenant_id: tenant.id,
				kind: "wecom",
				name: "工作群",
				webhook_url_enc: box.seal(url).ciphertext,
				key_id: box.keyId,
				url_mask: "…/send?key=****0001",
				categories: ["meetings"],
				enabled: true,
			})
			.returning("id")
			.executeTakeFirstOrThrow();
		await runAs(db.app, { userId: null, tenantId: tenant.id }, (tx) =>
			notifyMany(tx, [
				{
					notice: {
						tenantId: tenant.id,
						kind: "meeting.requested",
						entityType: "meeting",
						entityId: "1",
						link: "/t/im-embedded/meetings/1",
						params: { title: "嵌入测试会议" },
					},
					userIds: [user.id],
				},
			]),
		);
		const ctx: JobContext = {
			db,
			mailer: { send: async () => {} } as unknown as JobContext["mailer"],
			publicUrl: "http://localhost:3000",
			log: createLogger("silent"),
			now: () => new Date(),
			imRobots: { testOrigin: robots.origin },
		};
		await new OutboxRunner(ctx).drain();
		expect(robots.received("wecom", token).map((r) => r.answered)).toEqual(["0"]);
		const log = await db.owner
			.selectFrom("im_deliveries")
			.select(["outcome", "code"])
			.where("channel_id", "=", channel.id)
			.execute();
		expect(log).toEqual([{ outcome: "ok", code: "0" }]);
		const sends = await db.owner
			.selectFrom("im_robot_sends")
			.select("id")
			.where("channel_id", "=", channel.id)
			.execute();
		expect(sends).toHaveLength(1);
		expect(await new OutboxRunner(ctx).drain()).toBe(0);
		expect(robots.received("wecom", token)).toHaveLength(1);
	});
});
