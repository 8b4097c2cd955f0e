import { describe, expect, it } from "vitest";
import { classifyAnswer } from "#app/domain/im-robots/robot-results.ts";
import { loadSecretBox, parseSecretKeys, secretBoxOf } from "#app/domain/im-robots/secret-box.server.ts";
import { maskSecrets, maskWebhookUrl, parseWebhookUrl, robotTestOrigin } from "#app/domain/im-robots/webhook-url.ts";
import { loadConfig } from "#app/lib/config.server.ts";

const WECOM = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa8d30";
const DING =
	"https://oapi.dingtalk.com/robot/send?access_token=3f1c0a9e8b7d6c5b4a39281706f5e4d3c2b1a0f9e8d7c6b5a4938271605f4e3d";
const FEISHU = "https://open.feishu.cn/open-apis/bot/v2/hook/0b9d3c1e-1111-2222-3333-44445555f1a9";

describe("webhook URLs: https to the platform's own host only", () => {
	it("accepts each platform's own URL, canonical, with its mask", () => {
		expect(parseWebhookUrl("wecom", ` ${WECOM} `)).toEqual({ ok: true, url: WECOM, mask: "…/send?key=****8d30" });
		expect(parseWebhookUrl("dingtalk", DING)).toEqual({ ok: true, url: DING, mask: "…/send?access_token=****4e3d" });
		expect(parseWebhookUrl("feishu", FEISHU)).toEqual({ ok: true, url: FEISHU, mask: "…/hook/****f1a9" });
		const lark = FEISHU.replace("open.feishu.cn", "open.larksuite.com");
		expect(parseWebhookUrl("feishu", lark)).toEqual({ ok: true, url: lark, mask: "…/hook/****f1a9" });
	});

	it.each([
		["wecom", "not a url", "not_url"],
		["wecom", WECOM.replace("https:", "http:"), "not_https"],
		["wecom", WECOM.replace("qyapi.weixin.qq.com", "qyapi.weixin.qq.com.evil.example"), "wrong_host"],
		["wecom", WECOM.replace("qyapi.weixin.qq.com", "127.0.0.1"), "wrong_host"],
		["wecom", WECOM.replace("qyapi.weixin.qq.com", "qyapi.weixin.qq.com:8443"), "wrong_host"],
		["wecom", WECOM.replace("https://", "https://user:pw@"), "wrong_host"],
		["wecom", DING, "wrong_host"],
		["dingtalk", "https://oapi.dingtalk.com/robot/other?access_token=3f1c0a9e8b7d6c5b", "wrong_path"],
		["dingtalk", "https://oapi.dingtalk.com/robot/send", "no_token"],
		["feishu", "https://open.feishu.cn/open-apis/bot/v2/hook/", "no_token"],
		["feishu", "https://open.feishu.cn/open-apis/bot/v2/hook/../../admin", "wrong_path"],
		["feishu", "https://169.254.169.254/open-apis/bot/v2/hook/0b9d3c1e-1111", "wrong_host"],
	] as const)("%s %s → %s", (kind, url, reason) => {
		expect(parseWebhookUrl(kind, url)).toEqual({ ok: false, reason });
	});

	it("a loopback fake only through the test origin, which production ignores", () => {
		const fake = "http://127.0.0.1:41234/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa8d30";
		expect(parseWebhookUrl("wecom", fake)).toEqual({ ok: false, reason: "not_https" });
		expect(parseWebhookUrl("wecom", fake, { testOrigin: "http://127.0.0.1:41234" })).toMatchObject({
			ok: true,
			url: fake,
		});
		expect(parseWebhookUrl("wecom", fake, { testOrigin: "http://127.0.0.1:9" })).toEqual({
			ok: false,
			reason: "not_https",
		});
		const origin = "http://127.0.0.1:41234";
		expect(robotTestOrigin({ NODE_ENV: "test", IM_ROBOT_TEST_ORIGIN: origin })).toBe(origin);
		expect(robotTestOrigin({ NODE_ENV: "production", IM_ROBOT_TEST_ORIGIN: origin })).toBeNull();
		expect(robotTestOrigin({ IM_ROBOT_TEST_ORIGIN: origin })).toBeNull();
		expect(robotTestOrigin({ NODE_ENV: "test", IM_ROBOT_TEST_ORIGIN: "http://10.0.0.5:80" })).toBeNull();
	});
});

describe("masks", () => {
	it("a page's mask never shows more than four characters of the token", () => {
		expect(maskWebhookUrl("wecom", WECOM)).toBe("…/send?key=****8d30");
		expect(maskWebhookUrl("feishu", "https://open.feishu.cn/open-apis/bot/v2/hook/short")).toBe("…/hook/****");
	});
	it("log lines and stored errors lose key=, access_token=, sign= and /hook/<token>", () => {
		const line = `POST ${DING}&timestamp=1700000000000&sign=TSZbRFUuvaSQaRKUpF970OPCb2%2FLcQAP3wOvwZIzBZk%3D failed; then ${WECOM} and ${FEISHU} {"timestamp":"1700000000","sign":"PiO7POLlSx/DM2qf8Dy/XCWeJK3exVnevp5G99LEN2M="}`;
		expect(maskSecrets(line)).toBe(
			'POST https://oapi.dingtalk.com/robot/send?access_token=****4e3d&timestamp=1700000000000&sign=**** failed; then https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=****8d30 and https://open.feishu.cn/open-apis/bot/v2/hook/****f1a9 {"timestamp":"1700000000","sign":"****"}',
		);
		// Inside a JSON log line, where quotes are escaped.
		expect(maskSecrets('{"msg":"body {\\"sign\\":\\"PiO7POLl=\\"}"}')).toBe('{"msg":"body {\\"sign\\":\\"****\\"}"}');
	});
});

describe("robot answers", () => {
	const ok = (kind: "wecom" | "dingtalk" | "feishu", bodyText: string, keyword: string | null = null) =>
		classifyAnswer(kind, { status: 200, bodyText }, keyword);
	it.each([
		["wecom", '{"errcode":0,"errmsg":"ok"}', "ok", "0", "imRobot.explain.ok", false],
		[
			"wecom",
			'{"errcode":45009,"errmsg":"api freq out of limit"}',
			"retryable",
			"45009",
			"imRobot.explain.rateLimited",
			false,
		],
		[
			"wecom",
			'{"errcode":93000,"errmsg":"invalid webhook url"}',
			"permanent",
			"93000",
			"imRobot.explain.invalidWebhook",
			true,
		],
		[
			"wecom",
			'{"errcode":40008,"errmsg":"invalid message type"}',
			"permanent",
			"40008",
			"imRobot.explain.messageRejected",
			false,
		],
		["dingtalk", '{"errcode":0,"errmsg":"ok"}', "ok", "0", "imRobot.explain.ok", false],
		[
			"dingtalk",
			'{"errcode":130101,"errmsg":"send too fast"}',
			"retryable",
			"130101",
			"imRobot.explain.rateLimited",
			false,
		],
		[
			"dingtalk",
			'{"errcode":310000,"errmsg":"sign not match, more: [x]"}',
			"permanent",
			"310000",
			"imRobot.explain.signMismatch",
			true,
		],
		[
			"dingtalk",
			'{"errcode":310000,"errmsg":"keywords not in content"}',
			"permanent",
			"310000",
			"imRobot.explain.keywordMissing",
			true,
		],
		[
			"dingtalk",
			'{"errcode":310000,"errmsg":"ip 1.2.3.4 not in whitelist"}',
			"permanent",
			"310000",
			"imRobot.explain.ipNotAllowed",
			true,
		],
		[
			"feishu",
			'{"StatusCode":0,"StatusMessage":"success","code":0,"data":{},"msg":"success"}',
			"ok",
			"0",
			"imRobot.explain.ok",
			false,
		],
		[
			"feishu",
			'{"code":11232,"data":{},"msg":"frequency limited"}',
			"retryable",
			"11232",
			"imRobot.explain.rateLimited",
			false,
		],
		[
			"feishu",
			'{"code":19021,"data":{},"msg":"sign match fail"}',
			"permanent",
			"19021",
			"imRobot.explain.signMismatch",
			true,
		],
		[
			"feishu",
			'{"code":19022,"data":{},"msg":"Ip Not Allowed"}',
			"permanent",
			"19022",
			"imRobot.explain.ipNotAllowed",
			true,
		],
		[
			"feishu",
			'{"code":19024,"data":{},"msg":"Key Words Not Found"}',
			"permanent",
			"19024",
			"imRobot.explain.keywordMissing",
			true,
		],
		["wecom", "<html><body>502 Bad Gateway</body></html>", "retryable", "not_json", "imRobot.explain.notJson", false],
	] as const)("%s %s → %s %s", (kind, body, outcome, code, key, breaks) => {
		const r = ok(kind, body, "联席通");
		expect([r.outcome, r.code, r.explanationKey, r.breaksChannel]).toEqual([outcome, code, key, breaks]);
	});
	it("HTTP 429 and 5xx retry; the keyword explanation names the keyword", () => {
		expect(classifyAnswer("wecom", { status: 429, bodyText: "" }).outcome).toBe("retryable");
		expect(classifyAnswer("feishu", { status: 503, bodyText: "busy" })).toMatchObject({
			outcome: "retryable",
			code: "HTTP 503",
		});
		expect(ok("dingtalk", '{"errcode":310000,"errmsg":"keywords not in content"}', "联席通").explanationParams).toEqual(
			{
				keyword: "联席通",
			},
		);
		expect(ok("dingtalk", '{"errcode":310000,"errmsg":"keywords not in content"}').explanationKey).toBe(
			"imRobot.explain.keywordUnknown",
		);
	});
	it("the platform's words are kept masked", () => {
		expect(
			ok("wecom", '{"errcode":93000,"errmsg":"invalid webhook url key=693a91f6-7xxx-4bc4-97a0-0ec2sifa8d30"}').message,
		).toBe("invalid webhook url key=****8d30");
	});
});

describe("secret box (AES-256-GCM, key ids for rotation)", () => {
	const k1 = Buffer.alloc(32, 1).toString("base64");
	const k2 = Buffer.alloc(32, 2).toString("base64");
	it("seals with the first key, opens with any, never holds the plaintext's bytes", () => {
		const old = secretBoxOf(parseSecretKeys(`k1:${k1}`));
		const sealedOld = old.seal(WECOM);
		const rotated = secretBoxOf(parseSecretKeys(`k2:${k2},k1:${k1}`));
		expect(rotated.keyId).toBe("k2");
		expect(rotated.open(sealedOld)).toBe(WECOM);
		const a = rotated.seal("SEC0123456789abcdef");
		const b = rotated.seal("SEC0123456789abcdef");
		expect(a.keyId).toBe("k2");
		expect(a.ciphertext.equals(b.ciphertext)).toBe(false);
		expect(a.ciphertext.length).toBe(12 + 16 + 19);
		expect(a.ciphertext.includes(Buffer.from("SEC0123456789abcdef"))).toBe(false);
		expect(sealedOld.ciphertext.includes(Buffer.from("693a91f6"))).toBe(false);
		expect(rotated.open(a)).toBe("SEC0123456789abcdef");
		expect(() => old.open(a)).toThrow(/no key "k2"/);
		const tampered = Buffer.from(a.ciphertext);
		tampered[tampered.length - 1] = (tampered[tampered.length - 1] as number) ^ 1;
		expect(() => rotated.open({ keyId: "k2", ciphertext: tampered })).toThrow();
	});
	it("refuses malformed keys, in the configuration too, without echoing the key", () => {
		expect(() => parseSecretKeys("k1:c2hvcnQ=")).toThrow('IM_SECRET_KEYS: key "k1" is not 32 bytes in base64');
		expect(() => parseSecretKeys(`k1:${k1},k1:${k2}`)).toThrow(/given twice/);
		expect(() => parseSecretKeys(k1)).toThrow(/each key is/);
		expect(() => loadConfig({ IM_SECRET_KEYS: "k1:c2hvcnQ=" })).toThrow(/IM_SECRET_KEYS/);
		expect(() => loadConfig({ IM_SECRET_KEYS: "k1:c2hvcnQ=" })).not.toThrow(/c2hvcnQ/);
		expect(loadConfig({ IM_SECRET_KEYS: `k2:${k2},k1:${k1}` }).IM_SECRET_KEYS).toBe(`k2:${k2},k1:${k1}`);
	});
	it("a server installation in production without IM_SECRET_KEYS has no key", () => {
		expect(loadSecretBox({ NODE_ENV: "production", DATABASE_URL: "postgres://x/y" })).toBeNull();
		expect(
			loadSecretBox({ NODE_ENV: "production", DATABASE_URL: "postgres://x/y", IM_SECRET_KEYS: `k1:${k1}` })?.keyId,
		).toBe("k1");
	});
});
