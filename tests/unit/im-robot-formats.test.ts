import { describe, expect, it } from "vitest";
import { BYTE_LIMITS, cutToBytes, type RobotMessage, robotRequest } from "#app/domain/im-robots/robot-messages.ts";
import { dingtalkSign, feishuSign } from "#app/domain/im-robots/robot-signatures.ts";

const SECRET = "SEC0123456789abcdef";

describe("robot signatures (the issue's vectors)", () => {
	it("钉钉: urlencode(base64(HMAC-SHA256(secret, timestamp + \\n + secret))) at 1700000000000", () => {
		expect(dingtalkSign(SECRET, 1700000000000)).toBe("TSZbRFUuvaSQaRKUpF970OPCb2%2FLcQAP3wOvwZIzBZk%3D");
	});
	it('飞书: base64(HMAC-SHA256(timestamp + \\n + secret, "")) at 1700000000', () => {
		expect(feishuSign(SECRET, 1700000000)).toBe("PiO7POLlSx/DM2qf8Dy/XCWeJK3exVnevp5G99LEN2M=");
	});
	it("the two are not interchangeable (key and message the other way round)", () => {
		expect(decodeURIComponent(dingtalkSign(SECRET, 1700000000))).not.toBe(feishuSign(SECRET, 1700000000));
	});
});

const message: RobotMessage = {
	unitName: "单位：湖滨区",
	title: "请审议会议申请：第一次联席会议",
	lines: ["意见：同意"],
	dueText: "办理期限：2026年12月10日",
	link: "https://lianxi.example/t/hubin/meetings/1",
	linkText: "在联席通中查看",
	moreText: "内容较长，请打开链接查看全文。",
};
const now = new Date(1700000000000);

describe("request bodies, byte for byte", () => {
	it("企业微信: markdown content", () => {
		const url = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa8d30";
		const r = robotRequest({ kind: "wecom", url, secret: null, keyword: "联席通" }, message, now);
		expect(r.url).toBe(url);
		expect(r.body).toBe(
			'{"msgtype":"markdown","markdown":{"content":"**请审议会议申请：第一次联席会议**\\n\\n> 单位：湖滨区\\n\\n意见：同意\\n\\n办理期限：2026年12月10日\\n\\n[在联席通中查看](https://lianxi.example/t/hubin/meetings/1)"}}',
		);
	});
	it("钉钉: signed URL, markdown with title and text, the keyword in the message", () => {
		const url = "https://oapi.dingtalk.com/robot/send?access_token=abcdef0123456789";
		const r = robotRequest({ kind: "dingtalk", url, secret: SECRET, keyword: "联席通" }, message, now);
		expect(r.url).toBe(`${url}&timestamp=1700000000000&sign=TSZbRFUuvaSQaRKUpF970OPCb2%2FLcQAP3wOvwZIzBZk%3D`);
		expect(r.body).toBe(
			'{"msgtype":"markdown","markdown":{"title":"【联席通】请审议会议申请：第一次联席会议","text":"**【联席通】请审议会议申请：第一次联席会议**\\n\\n> 单位：湖滨区\\n\\n意见：同意\\n\\n办理期限：2026年12月10日\\n\\n[在联席通中查看](https://lianxi.example/t/hubin/meetings/1)"}}',
		);
	});
	it("钉钉 without a secret: the URL as given", () => {
		const url = "https://oapi.dingtalk.com/robot/send?access_token=abcdef0123456789";
		expect(robotRequest({ kind: "dingtalk", url, secret: null, keyword: null }, message, now).url).toBe(url);
	});
	it("飞书: timestamp (seconds) and sign in the body, rich text as post", () => {
		const url = "https://open.feishu.cn/open-apis/bot/v2/hook/0b9d3c1e-1111-2222-3333-444455556666";
		const r = robotRequest({ kind: "feishu", url, secret: SECRET, keyword: null }, message, now);
		expect(r.url).toBe(url);
		expect(r.body).toBe(
			'{"timestamp":"1700000000","sign":"PiO7POLlSx/DM2qf8Dy/XCWeJK3exVnevp5G99LEN2M=","msg_type":"post","content":{"post":{"zh_cn":{"title":"请审议会议申请：第一次联席会议","content":[[{"tag":"text","text":"单位：湖滨区"}],[{"tag":"text","text":"意见：同意"}],[{"tag":"text","text":"办理期限：2026年12月10日"}],[{"tag":"a","text":"在联席通中查看","href":"https://lianxi.example/t/hubin/meetings/1"}]]}}}}',
		);
	});
});

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe("cutting under the byte limits", () => {
	it("cuts between characters, never inside one", () => {
		expect(cutToBytes("议议议", 7)).toBe("议议");
		expect(cutToBytes("a😀b", 4)).toBe("a");
		expect(cutToBytes("a😀b", 5)).toBe("a😀");
		expect(cutToBytes("abc", 3)).toBe("abc");
	});

	const long = (n: number) => Array.from({ length: n }, (_, i) => `第${i + 1}段：${"议".repeat(33)}`);
	const wecomUrl = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa8d30";
	const contentOf = (body: string) => (JSON.parse(body) as { markdown: { content: string } }).markdown.content;

	it("企业微信: whole paragraphs up to 4096 bytes, then the note; the link and the due date stay", () => {
		const lines = long(60);
		const content = contentOf(
			robotRequest({ kind: "wecom", url: wecomUrl, secret: null, keyword: null }, { ...message, lines }, now).body,
		);
		expect(BYTE_LIMITS.wecom).toBe(4096);
		expect(Buffer.byteLength(content)).toBeLessThanOrEqual(4096);
		const paragraphs = content.split("\n\n");
		expect(paragraphs.slice(0, 2)).toEqual(["**请审议会议申请：第一次联席会议**", "> 单位：湖滨区"]);
		expect(paragraphs.slice(-3)).toEqual([
			"内容较长，请打开链接查看全文。",
			"办理期限：2026年12月10日",
			"[在联席通中查看](https://lianxi.example/t/hubin/meetings/1)",
		]);
		const kept = paragraphs.slice(2, -3);
		expect(kept.length).toBeGreaterThan(10);
		expect(kept).toEqual(lines.slice(0, kept.length));
		// As many as fit: one more paragraph would pass the limit.
		const oneMore = [...paragraphs.slice(0, 2 + kept.length), lines[kept.length], ...paragraphs.slice(-3)].join("\n\n");
		expect(Buffer.byteLength(oneMore)).toBeGreaterThan(4096);
	});

	it("one paragraph longer than the limit is cut between characters (4-byte characters too)", () => {
		for (const huge of ["议".repeat(2000), "😀".repeat(1500)]) {
			const content = contentOf(
				robotRequest({ kind: "wecom", url: wecomUrl, secret: null, keyword: null }, { ...message, lines: [huge] }, now)
					.body,
			);
			expect(Buffer.byteLength(content)).toBeLessThanOrEqual(4096);
			expect(content).not.toMatch(loneSurrogate);
			expect(content).not.toContain("\uFFFD");
			expect(content).toContain("…\n\n内容较长，请打开链接查看全文。");
			expect(content.endsWith("[在联席通中查看](https://lianxi.example/t/hubin/meetings/1)")).toBe(true);
		}
	});

	it("飞书: the post's content stays under its limit", () => {
		const url = "https://open.feishu.cn/open-apis/bot/v2/hook/0b9d3c1e-1111-2222-3333-444455556666";
		const body = robotRequest(
			{ kind: "feishu", url, secret: null, keyword: null },
			{ ...message, lines: long(400) },
			now,
		).body;
		const parsed = JSON.parse(body) as { content: { post: { zh_cn: { content: unknown } } } };
		expect(Buffer.byteLength(JSON.stringify(parsed.content.post.zh_cn.content))).toBeLessThanOrEqual(18_000);
		expect(Buffer.byteLength(body)).toBeLessThan(20 * 1024);
		expect(body).toContain('[{"tag":"text","text":"内容较长，请打开链接查看全文。"}]');
	});
});
