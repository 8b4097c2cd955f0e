import { randomBytes } from "node:crypto";
import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "#app/domain/app-error.ts";
import { hashPassword } from "#app/domain/auth/password.server.ts";
import { imChannelSealer } from "#app/domain/im-robots/demo-channel-sealer.server.ts";
import { createChannel, setChannelEnabled, updateChannel } from "#app/domain/im-robots/manage-channels.server.ts";
import { listImChannels } from "#app/domain/im-robots/read-channels.server.ts";
import { loadSecretBox, parseSecretKeys, secretBoxOf } from "#app/domain/im-robots/secret-box.server.ts";
import { findMembership } from "#app/domain/tenancy/tenant-access.server.ts";
import { localFileStore } from "#app/lib/file-store.server.ts";
import { type DatabaseHandle, openDatabase } from "#db/client.ts";
import { parseDatabaseEnv } from "#db/database-env.ts";
import { migrateToLatest } from "#db/migrate.ts";
import { seedDemo } from "#db/seed/seed-demo.ts";

/**
 * Group robots on the embedded default (issue 23): the demo makes its own key in DATA_DIR and seals
 * the city's three disabled examples with it, once; a production server without IM_SECRET_KEYS has
 * no key; the use cases are the administrator's, refuse without a key, and see only their own unit.
 */
let db: DatabaseHandle;
const dataDir = mkdtempSync(path.join(tmpdir(), "lianxi-im-pglite-"));
const meta = { ip: "127.0.0.1", userAgent: "vitest", requestId: "im-pglite" };
const box = secretBoxOf(parseSecretKeys(`t1:${randomBytes(32).toString("base64")}`));

beforeAll(async () => {
	db = await openDatabase({ env: parseDatabaseEnv({}), inMemory: true });
	await migrateToLatest(db.owner);
	await seedDemo(db.owner, {
		hashPassword,
		files: localFileStore(path.join(dataDir, "files")),
		imChannels: imChannelSealer({ DATA_DIR: dataDir }),
	});
});
afterAll(() => db.close());

async function options(email: string, slug: string, withBox: typeof box | null = box) {
	const user = await db.owner.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow();
	const membership = await findMembership(db.app, user.id, slug);
	if (!membership) throw new Error(`${email} is not in ${slug}`);
	return { db: db.app, actor: { userId: user.id, membership }, meta, box: withBox, testOrigin: null };
}

describe("the demo's example robots", () => {
	it("are sealed with a key made once in DATA_DIR (0600), one disabled robot per platform for the city", async () => {
		const keyFile = path.join(dataDir, "im-secret-keys");
		expect(statSync(keyFile).mode & 0o777).toBe(0o600);
		const rows = await db.owner
			.selectFrom("im_channels as c")
			.innerJoin("tenants as t", "t.id", "c.tenant_id")
			.select(["t.slug", "c.kind", "c.enabled", "c.health", "c.url_mask", "c.webhook_url_enc", "c.key_id"])
			.orderBy("c.kind")
			.execute();
		expect(rows.map((r) => [r.slug, r.kind, r.enabled, r.health])).toEqual([
			["smx", "dingtalk", false, "disabled"],
			["smx", "feishu", false, "disabled"],
			["smx", "wecom", false, "disabled"],
		]);
		const demoBox = loadSecretBox({ DATA_DIR: dataDir });
		const wecom = rows.find((r) => r.kind === "wecom");
		expect(wecom?.url_mask).toBe("…/send?key=****0000");
		expect(Buffer.from(wecom?.webhook_url_enc ?? []).includes(Buffer.from("qyapi.weixin.qq.com"))).toBe(false);
		expect(demoBox?.open({ keyId: wecom?.key_id ?? "", ciphertext: wecom?.webhook_url_enc ?? new Uint8Array() })).toBe(
			"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=00000000-0000-0000-0000-000000000000",
		);
	});

	it("are not added twice, and a production server without IM_SECRET_KEYS has no key to add them with", async () => {
		await seedDemo(db.owner, {
			hashPassword,
			files: localFileStore(path.join(dataDir, "files")),
			imChannels: imChannelSealer({ DATA_DIR: dataDir }),
		});
		expect((await db.owner.selectFrom("im_channels").select("id").execute()).length).toBe(3);
		const elsewhere = mkdtempSync(path.join(tmpdir(), "lianxi-im-prod-"));
		expect(
			imChannelSealer({ DATA_DIR: elsewhere, DATABASE_URL: "postgres://db/lianxi", NODE_ENV: "production" }),
		).toBeNull();
	});
});

describe("managing a unit's robots", () => {
	const input = {
		intent: "create" as const,
		kind: "feishu" as const,
		name: "湖滨联络群",
		webhookUrl: "https://open.feishu.cn/open-apis/bot/v2/hook/hubinHookToken-55aa77",
		secret: "hubinFeishuSecret01",
		keyword: undefined,
		categories: ["matters" as const],
	};

	it("is the administrator's, refused without a key, and stores only ciphertext and the mask", async () => {
		await expect(createChannel(await options("gov_office@hubin.demo", "hubin"), input)).rejects.toThrow(AppError);
		expect(await createChannel(await options("admin@hubin.demo", "hubin", null), input)).toEqual({
			ok: false,
			field: null,
			error: "im.error.noKey",
		});
		expect(await createChannel(await options("admin@hubin.demo", "hubin"), { ...input, secret: undefined })).toEqual({
			ok: false,
			field: "secret",
			error: "im.error.feishuSecretOrKeyword",
		});
		expect(
			await createChannel(await options("admin@hubin.demo", "hubin"), {
				...input,
				webhookUrl: "https://127.0.0.1/open-apis/bot/v2/hook/hubinHookToken-55aa77",
			}),
		).toEqual({ ok: false, field: "webhookUrl", error: "imRobot.url.wrong_host" });
		const made = await createChannel(await options("admin@hubin.demo", "hubin"), input);
		expect(made.ok).toBe(true);
		const row = await db.owner
			.selectFrom("im_channels")
			.select(["webhook_url_enc", "secret_enc", "url_mask", "enabled", "health"])
			.where("name", "=", "湖滨联络群")
			.executeTakeFirstOrThrow();
		expect(row.url_mask).toBe("…/hook/****aa77");
		expect(Buffer.from(row.webhook_url_enc).includes(Buffer.from("hubinHookToken"))).toBe(false);
		expect(Buffer.from(row.secret_enc ?? []).includes(Buffer.from("hubinFeishuSecret01"))).toBe(false);
		expect([row.enabled, row.health]).toEqual([true, "ok"]);
		const { channels } = await listImChannels(db.app, {
			userId: (await options("admin@hubin.demo", "hubin")).actor.userId,
			tenantId: (await options("admin@hubin.demo", "hubin")).actor.membership.tenant.id,
		});
		expect(channels.map((c) => [c.name, c.kind, c.hasSecret, c.urlMask])).toEqual([
			["湖滨联络群", "feishu", true, "…/hook/****aa77"],
		]);
		expect(JSON.stringify(channels)).not.toContain("hubinHookToken");
	});

	it("cannot reach another unit's robot: the city's admin gets not_found for 湖滨's", async () => {
		const hubin = await db.owner
			.selectFrom("im_channels")
			.select("id")
			.where("name", "=", "湖滨联络群")
			.executeTakeFirstOrThrow();
		const city = await options("admin@smx.demo", "smx");
		await expect(setChannelEnabled(city, { channelId: hubin.id, enabled: false })).rejects.toMatchObject({
			code: "not_found",
		});
		await expect(
			updateChannel(city, {
				intent: "update",
				channelId: hubin.id,
				name: "改名",
				newWebhookUrl: undefined,
				newSecret: undefined,
				removeSecret: false,
				keyword: "联席通",
				categories: [],
			}),
		).rejects.toMatchObject({ code: "not_found" });
		const still = await db.owner
			.selectFrom("im_channels")
			.select(["name", "enabled"])
			.where("id", "=", hubin.id)
			.executeTakeFirstOrThrow();
		expect(still).toEqual({ name: "湖滨联络群", enabled: true });
	});
});
