import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type FakeRobots, startFakeRobots } from "#tests/support/fake-robots.ts";
import { HttpClient } from "#tests/support/http-client.ts";
import { startOwnApp } from "#tests/support/own-app.ts";

/**
 * The group-robot page over HTTP (issue 23): the administrator only; no response ever carries a
 * robot's URL token or secret (not even the refusal of a form the admin typed them into); a
 * test-send against the fake robot server answers within 5 s with the platform's code and the
 * explanation in Chinese. The app runs on its own database with a key and the fake's origin allowed.
 */
const PAGE = "/t/smx/im-channels";
const WECOM_TOKEN = "wecomTok-7f3a9c1e5b2d8d30";
const DING_TOKEN = "dingTok9e8d7c6b5a4f3e2d1c0b";
const DING_SECRET = "SECdingSecret0123456789abcdefZZ";
const FEISHU_TOKEN = "feishuTok-0c1d2e3f4a5b6c7d";
const FEISHU_SECRET = "feishuSecretQwErTy98765";
const NEW_DING_SECRET = "SECreplacedSecret55443322110099";
const secrets = [WECOM_TOKEN, DING_TOKEN, DING_SECRET, FEISHU_TOKEN, FEISHU_SECRET, NEW_DING_SECRET];

let fake: FakeRobots;
let app: Awaited<ReturnType<typeof startOwnApp>>;
let owner: pg.Client;
/** Every body the app answered in this file, checked at the end for any token or secret. */
const bodies: string[] = [];

async function text(response: Response): Promise<string> {
	const body = await response.text();
	bodies.push(body);
	return body;
}

async function admin() {
	const c = new HttpClient(app.baseUrl);
	await c.signIn("admin@smx.demo");
	return c;
}

async function channelId(name: string): Promise<string> {
	const { rows } = await owner.query<{ id: string }>(
		"select c.id from im_channels c join tenants t on t.id = c.tenant_id where t.slug = 'smx' and c.name = $1",
		[name],
	);
	if (!rows[0]) throw new Error(`no channel ${name}`);
	return rows[0].id;
}

beforeAll(async () => {
	fake = await startFakeRobots();
	app = await startOwnApp("im_channels", (url) => url, {
		NODE_ENV: "test",
		IM_SECRET_KEYS: `k1:${randomBytes(32).toString("base64")}`,
		IM_ROBOT_TEST_ORIGIN: fake.origin,
	});
	owner = new pg.Client({ connectionString: app.databaseUrl });
	await owner.connect();
}, 60_000);

afterAll(async () => {
	await owner?.end();
	await app?.stop();
	await fake?.close();
});

describe("/t/<slug>/im-channels", () => {
	it("is the administrator's: other roles get 403 (GET and POST), another unit's admin 404, and only the admin's menu names it", async () => {
		for (const email of ["gov_office@smx.demo", "union_chair@smx.demo", "viewer@smx.demo"]) {
			const c = new HttpClient(app.baseUrl);
			await c.signIn(email);
			expect({ email, status: (await c.request(PAGE)).status }).toEqual({ email, status: 403 });
			const post = await c.request(PAGE, {
				form: { intent: "create", kind: "wecom", name: "x", webhookUrl: "https://qyapi.weixin.qq.com/x" },
			});
			expect({ email, status: post.status }).toEqual({ email, status: 403 });
			const home = await text(await c.request("/t/smx/members"));
			expect(home).not.toContain('href="/t/smx/im-channels"');
		}
		const other = new HttpClient(app.baseUrl);
		await other.signIn("admin@hubin.demo");
		expect((await other.request(PAGE)).status).toBe(404);
		const c = await admin();
		const page = await text(await c.request(PAGE));
		expect(page).toContain('href="/t/smx/im-channels"');
		expect(page).toContain("群机器人");
		expect(page).toContain("还没有群机器人");
	});

	it("adds robots showing only a mask; a refused form gives nothing typed back", async () => {
		const wecomUrl = fake.add({ kind: "wecom", token: WECOM_TOKEN });
		const dingUrl = fake.add({ kind: "dingtalk", token: DING_TOKEN, secret: DING_SECRET });
		const feishuUrl = fake.add({ kind: "feishu", token: FEISHU_TOKEN, secret: FEISHU_SECRET });
		const c = await admin();

		// The wrong host: refused at the field, and neither the URL's token nor the secret comes back.
		const wrongHost = await text(
			await c.request(PAGE, {
				form: {
					intent: "create",
					kind: "dingtalk",
					name: "错误地址",
					webhookUrl: `https://example.com/robot/send?access_token=${DING_TOKEN}`,
					secret: DING_SECRET,
				},
			}),
		);
		expect(wrongHost).toContain("Webhook 地址须是该平台自己的地址");
		// 钉钉 without a signature or a keyword.
		const open = await text(
			await c.request(PAGE, { form: { intent: "create", kind: "dingtalk", name: "无安全设置", webhookUrl: dingUrl } }),
		);
		expect(open).toContain("钉钉机器人须设置加签密钥或安全关键词");

		const added = await text(
			await c.request(PAGE, {
				form: { intent: "create", kind: "wecom", name: "企业微信工作群", webhookUrl: wecomUrl, categories: "matters" },
			}),
		);
		expect(added).toContain("已添加群机器人");
		expect(added).toContain("8d30");
		for (const [kind, name, url, secret] of [
			["dingtalk", "钉钉督办群", dingUrl, DING_SECRET],
			["feishu", "飞书联络群", feishuUrl, FEISHU_SECRET],
		] as const) {
			const body = new URLSearchParams([
				["intent", "create"],
				["kind", kind],
				["name", name],
				["webhookUrl", url],
				["secret", secret],
				["categories", "minutes"],
				["categories", "reminders"],
			]);
			const response = await c.request(PAGE, {
				method: "POST",
				body,
				headers: { "content-type": "application/x-www-form-urlencoded" },
			});
			expect(await text(response)).toContain("已添加群机器人");
		}
		const page = await text(await c.request(PAGE));
		for (const name of ["企业微信工作群", "钉钉督办群", "飞书联络群"]) expect(page).toContain(name);
		expect(page).toContain("已设置签名密钥");
		expect(page).toContain("****");

		// Stored sealed: the columns hold neither the token nor the secret; the audit trail neither.
		const { rows } = await owner.query<{ url: Buffer; secret: Buffer | null; mask: string }>(
			"select webhook_url_enc as url, secret_enc as secret, url_mask as mask from im_channels",
		);
		expect(rows).toHaveLength(3);
		for (const row of rows) {
			for (const s of secrets) {
				expect(row.url.includes(Buffer.from(s))).toBe(false);
				expect(row.secret?.includes(Buffer.from(s)) ?? false).toBe(false);
				expect(row.mask).not.toContain(s);
			}
		}
		const audit = await owner.query<{ action: string; after: string }>(
			"select action, after::text from audit_events where action like 'im_channel.%' order by at",
		);
		expect(audit.rows.map((r) => r.action)).toEqual(["im_channel.created", "im_channel.created", "im_channel.created"]);
		for (const r of audit.rows) for (const s of secrets) expect(r.after).not.toContain(s);
	});

	it("test-send answers within 5 s with the platform's code and the explanation in Chinese", async () => {
		const c = await admin();
		const wecom = await channelId("企业微信工作群");
		let started = Date.now();
		const ok = await text(await c.request(PAGE, { form: { intent: "test", channelId: wecom } }));
		expect(Date.now() - started).toBeLessThan(5_000);
		expect(ok).toContain("测试消息已送达「企业微信工作群」（平台返回 0");
		const received = fake.received("wecom", WECOM_TOKEN);
		expect(received).toHaveLength(1);
		expect(received[0]?.contentType).toContain("application/json");
		expect(JSON.parse(received[0]?.body ?? "{}").msgtype).toBe("markdown");
		expect(received[0]?.body).toContain("联席通");

		// The fake's 钉钉 robot now checks another secret than the channel's: 310000, sign not match.
		fake.add({ kind: "dingtalk", token: DING_TOKEN, secret: "SECsomethingElseEntirely000111" });
		started = Date.now();
		const mismatch = await text(
			await c.request(PAGE, { form: { intent: "test", channelId: await channelId("钉钉督办群") } }),
		);
		expect(Date.now() - started).toBeLessThan(5_000);
		expect(mismatch).toContain("签名不匹配：请核对密钥");
		expect(mismatch).toContain("平台返回 310000");

		// A 飞书 robot set to a keyword the channel does not carry: 19024.
		fake.add({ kind: "feishu", token: FEISHU_TOKEN, secret: FEISHU_SECRET, keyword: "督办专用" });
		const keyword = await text(
			await c.request(PAGE, { form: { intent: "test", channelId: await channelId("飞书联络群") } }),
		);
		expect(keyword).toContain("平台返回 19024");
		expect(keyword).toContain("安全关键词");

		// Every attempt is in the log, marked as a test; the channel's health is left as it was.
		const page = await text(await c.request(PAGE));
		expect(page).toContain("最近发送记录");
		expect(page.match(/>测试</g)?.length).toBe(3);
		const log = await owner.query<{ code: string; test: boolean; outcome: string }>(
			"select code, test, outcome from im_deliveries order by at",
		);
		expect(log.rows).toEqual([
			{ code: "0", test: true, outcome: "ok" },
			{ code: "310000", test: true, outcome: "permanent" },
			{ code: "19024", test: true, outcome: "permanent" },
		]);

		// Two tests a minute per robot (the two its platform's 20 leave beside the queue's 18): the
		// second goes, a third is refused in words and never reaches the platform.
		const second = await text(await c.request(PAGE, { form: { intent: "test", channelId: wecom } }));
		expect(second).toContain("测试消息已送达「企业微信工作群」");
		const third = await text(await c.request(PAGE, { form: { intent: "test", channelId: wecom } }));
		expect(third).toContain("一分钟内最多向同一机器人发送两条测试消息");
		expect(fake.received("wecom", WECOM_TOKEN)).toHaveLength(2);
		const tests = await owner.query<{ n: number }>(
			"select count(*)::int as n from im_deliveries where channel_id = $1 and test",
			[wecom],
		);
		expect(tests.rows[0]?.n).toBe(2);
	});

	it("edits, replaces a secret, disables and deletes — each audited, nothing secret in any answer", async () => {
		const c = await admin();
		const ding = await channelId("钉钉督办群");
		const saved = await text(
			await c.request(PAGE, {
				form: { intent: "update", channelId: ding, name: "钉钉督办群", newSecret: NEW_DING_SECRET, keyword: "" },
			}),
		);
		expect(saved).toContain("已保存");
		fake.add({ kind: "dingtalk", token: DING_TOKEN, secret: NEW_DING_SECRET });
		// Marked failing by a delivery (as the worker does): the page says so; a test that arrives brings it back.
		await owner.query("update im_channels set health = 'failing', last_error = '310000 sign not match' where id = $1", [
			ding,
		]);
		const failing = await text(await c.request(PAGE));
		expect(failing).toContain("发送失败");
		expect(failing).toContain("最近错误：310000 sign not match");
		const ok = await text(await c.request(PAGE, { form: { intent: "test", channelId: ding } }));
		expect(ok).toContain("测试消息已送达「钉钉督办群」");
		const back = await owner.query<{ health: string; last_error: string | null }>(
			"select health, last_error from im_channels where id = $1",
			[ding],
		);
		expect(back.rows[0]).toEqual({ health: "ok", last_error: null });

		const disabled = await text(await c.request(PAGE, { form: { intent: "disable", channelId: ding } }));
		expect(disabled).toContain("已停用");
		const { rows } = await owner.query<{ enabled: boolean; health: string }>(
			"select enabled, health from im_channels where id = $1",
			[ding],
		);
		expect(rows[0]).toEqual({ enabled: false, health: "disabled" });

		const wecom = await channelId("企业微信工作群");
		const deleted = await text(await c.request(PAGE, { form: { intent: "delete", channelId: wecom } }));
		expect(deleted).toContain("已删除群机器人");
		expect(deleted).not.toContain("企业微信工作群");
		// Someone else's or a deleted channel: 404.
		expect((await c.request(PAGE, { form: { intent: "enable", channelId: wecom } })).status).toBe(404);

		const audit = await owner.query<{ action: string; before: string | null; after: string | null }>(
			"select action, before::text, after::text from audit_events where action like 'im_channel.%' order by at",
		);
		expect(audit.rows.map((r) => r.action).slice(3)).toEqual([
			"im_channel.updated",
			"im_channel.recovered",
			"im_channel.disabled",
			"im_channel.deleted",
		]);
		for (const r of audit.rows) for (const s of secrets) expect(`${r.before}${r.after}`).not.toContain(s);
		const trail = await text(await c.request("/t/smx/audit"));
		expect(trail).toContain("修改群机器人");
	});

	it("no answer of this file carried a token or a secret", () => {
		expect(bodies.length).toBeGreaterThan(10);
		for (const body of bodies) for (const s of secrets) expect(body.includes(s), s).toBe(false);
	});
});

describe("an installation without a key", () => {
	it("says so and stores nothing", async () => {
		// The shared app runs in production on PostgreSQL without IM_SECRET_KEYS: there is no key.
		const c = new HttpClient();
		await c.signIn("admin@lingbao.demo");
		const page = await (await c.request("/t/lingbao/im-channels")).text();
		expect(page).toContain("IM_SECRET_KEYS");
		const refused = await (
			await c.request("/t/lingbao/im-channels", {
				form: {
					intent: "create",
					kind: "wecom",
					name: "无密钥",
					webhookUrl: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abcdefgh12345678",
				},
			})
		).text();
		expect(refused).toContain("不能保存群机器人");
		expect(refused).not.toContain("abcdefgh12345678");
		const shared = new pg.Client({ connectionString: inject("databaseUrl") });
		await shared.connect();
		try {
			const { rows } = await shared.query<{ n: number }>(
				"select count(*)::int as n from im_channels c join tenants t on t.id = c.tenant_id where t.slug = 'lingbao'",
			);
			expect(rows[0]?.n).toBe(0);
		} finally {
			await shared.end();
		}
	});
});
