import { createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type Server } from "node:http";

/**
 * A loopback stand-in for the three platforms' group robots (issue 23), one route each:
 *   企业微信 POST /cgi-bin/webhook/send?key=<key>
 *   钉钉     POST /robot/send?access_token=<token>[&timestamp=<ms>&sign=<sign>]
 *   飞书     POST /open-apis/bot/v2/hook/<token>   ({"timestamp","sign",…} in the body)
 * It checks the path, the content type and the body's shape, recomputes both signatures itself (not
 * with the app's code), enforces a robot's keyword, answers the rate-limit code past 20 posts in a
 * rolling minute, and plays scripted answers ([45009, 0], [310000], "html", { status: 503 }) before
 * behaving normally. Every request is recorded, raw.
 */
export type FakeKind = "wecom" | "dingtalk" | "feishu";

export type ScriptedAnswer = number | "html" | { status: number } | { code: number; msg: string };

export interface FakeRobot {
	kind: FakeKind;
	token: string;
	secret?: string | null;
	keyword?: string | null;
	/** Answers played in order, one per request; afterwards the robot checks and answers normally. */
	script?: ScriptedAnswer[];
}

export interface RecordedRequest {
	kind: FakeKind | "unknown";
	token: string | null;
	method: string;
	path: string;
	query: Record<string, string>;
	contentType: string | undefined;
	body: string;
	/** What the robot answered: the platform code, or an HTTP status / "html". */
	answered: string;
	at: number;
}

const platformMessages: Record<FakeKind, Record<number, string>> = {
	wecom: {
		0: "ok",
		45009: "api freq out of limit",
		93000: "invalid webhook url, hint: [1700000000_1_abc], from ip: 127.0.0.1",
		40008: "invalid message type",
	},
	dingtalk: {
		0: "ok",
		130101: "[ERR-LIMIT] send too fast, exceed 20 times per minute",
		310000: "sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]",
		300001: "token is not exist",
		40035: "缺少参数 json",
	},
	feishu: {
		0: "success",
		11232: "frequency limited psm[lark.oapi.app_platform_runtime]appID[1]",
		19021: "sign match fail or timestamp is not within one hour from current time",
		19022: "Ip Not Allowed",
		19024: "Key Words Not Found",
		9499: "Bad Request",
	},
};
const rateLimitCode: Record<FakeKind, number> = { wecom: 45009, dingtalk: 130101, feishu: 11232 };

function answerBody(kind: FakeKind, code: number, msg = platformMessages[kind][code] ?? "error"): string {
	return kind === "feishu"
		? JSON.stringify(
				code === 0 ? { StatusCode: 0, StatusMessage: "success", code: 0, data: {}, msg } : { code, data: {}, msg },
			)
		: JSON.stringify({ errcode: code, errmsg: msg });
}

const readBody = (req: IncomingMessage) =>
	new Promise<string>((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on("data", (c: Buffer) => chunks.push(c));
		req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
		req.on("error", reject);
	});

/** Text of a message the keyword is looked for in. */
function textOf(body: Record<string, unknown>): string {
	return JSON.stringify(body);
}

/** Checks one request as its platform would; returns the code to answer. */
function check(
	robot: FakeRobot,
	query: URLSearchParams,
	contentType: string | undefined,
	raw: string,
	now: number,
): number {
	const kind = robot.kind;
	const badRequest = kind === "wecom" ? 40008 : kind === "dingtalk" ? 40035 : 9499;
	if (!contentType?.toLowerCase().startsWith("application/json")) return badRequest;
	let body: Record<string, unknown>;
	try {
		body = JSON.parse(raw) as Record<string, unknown>;
	} catch {
		return badRequest;
	}
	if (kind === "wecom") {
		const md = body.markdown as { content?: unknown } | undefined;
		const text = body.text as { content?: unknown } | undefined;
		if (body.msgtype === "markdown") {
			if (typeof md?.content !== "string" || Buffer.byteLength(md.content) > 4096) return badRequest;
		} else if (body.msgtype === "text") {
			if (typeof text?.content !== "string" || Buffer.byteLength(text.content) > 2048) return badRequest;
		} else return badRequest;
		return 0;
	}
	if (kind === "dingtalk") {
		const md = body.markdown as { title?: unknown; text?: unknown } | undefined;
		if (body.msgtype !== "markdown" || typeof md?.title !== "string" || typeof md.text !== "string") return badRequest;
		if (robot.secret) {
			const timestamp = query.get("timestamp") ?? "";
			const expected = createHmac("sha256", robot.secret).update(`${timestamp}\n${robot.secret}`).digest("base64");
			if (query.get("sign") !== expected || Math.abs(now - Number(timestamp)) > 3_600_000) return 310000;
		}
		if (robot.keyword && !`${md.title}${md.text}`.includes(robot.keyword)) return -310000;
		return 0;
	}
	if (body.msg_type !== "post" && body.msg_type !== "interactive" && body.msg_type !== "text") return badRequest;
	if (typeof body.content !== "object" || body.content === null) return badRequest;
	if (robot.secret) {
		const timestamp = String(body.timestamp ?? "");
		const expected = createHmac("sha256", `${timestamp}\n${robot.secret}`).update("").digest("base64");
		if (body.sign !== expected || Math.abs(now / 1000 - Number(timestamp)) > 3_600) return 19021;
	}
	if (robot.keyword && !textOf(body.content as Record<string, unknown>).includes(robot.keyword)) return 19024;
	return 0;
}

/** `minuteMs`: the length of the platforms' rate-limit "minute" (a test with a short budget window shortens it too). */
export async function startFakeRobots(options: { minuteMs?: number } = {}) {
	const minuteMs = options.minuteMs ?? 60_000;
	const robots = new Map<string, FakeRobot & { script: ScriptedAnswer[]; posts: number[] }>();
	const requests: RecordedRequest[] = [];
	const server: Server = createServer(async (req, res) => {
		const url = new URL(req.url ?? "/", "http://127.0.0.1");
		const raw = await readBody(req);
		const now = Date.now();
		let kind: FakeKind | "unknown" = "unknown";
		let token: string | null = null;
		if (url.pathname === "/cgi-bin/webhook/send") [kind, token] = ["wecom", url.searchParams.get("key")];
		else if (url.pathname === "/robot/send") [kind, token] = ["dingtalk", url.searchParams.get("access_token")];
		else if (url.pathname.startsWith("/open-apis/bot/v2/hook/"))
			[kind, token] = ["feishu", url.pathname.slice("/open-apis/bot/v2/hook/".length)];
		const record: RecordedRequest = {
			kind,
			token,
			method: req.method ?? "",
			path: url.pathname,
			query: Object.fromEntries(url.searchParams),
			contentType: req.headers["content-type"],
			body: raw,
			answered: "",
			at: now,
		};
		requests.push(record);
		const send = (
			status: number,
			body: string,
			type = "application/json; charset=utf-8",
			answered = String(status),
		) => {
			record.answered = answered;
			res.writeHead(status, { "content-type": type });
			res.end(body);
		};
		const robot = token ? robots.get(`${kind}:${token}`) : undefined;
		if (kind === "unknown" || req.method !== "POST") return send(404, "not found", "text/plain");
		if (!robot)
			return send(
				200,
				answerBody(kind, kind === "wecom" ? 93000 : kind === "dingtalk" ? 300001 : 19001, "invalid token"),
				undefined,
				"invalid",
			);
		const scripted = robot.script.shift();
		if (scripted !== undefined) {
			if (scripted === "html") return send(200, "<html><body>502 Bad Gateway</body></html>", "text/html", "html");
			if (typeof scripted === "object" && "status" in scripted) return send(scripted.status, "busy", "text/plain");
			const code = typeof scripted === "number" ? scripted : scripted.code;
			const msg = typeof scripted === "number" ? undefined : scripted.msg;
			return send(200, answerBody(kind, code, msg), undefined, String(code));
		}
		// The platforms' own limit: 20 a minute per robot.
		robot.posts = robot.posts.filter((t) => t > now - minuteMs);
		if (robot.posts.length >= 20) {
			const code = rateLimitCode[kind];
			return send(200, answerBody(kind, code), undefined, String(code));
		}
		const code = check(robot, url.searchParams, req.headers["content-type"], raw, now);
		if (code === 0) robot.posts.push(now);
		if (code === -310000) return send(200, answerBody(kind, 310000, "keywords not in content"), undefined, "310000");
		return send(200, answerBody(kind, code), undefined, String(code));
	});
	await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
	const { port } = server.address() as { port: number };
	const origin = `http://127.0.0.1:${port}`;
	return {
		origin,
		requests,
		/** Registers a robot; returns the URL a channel is created with. */
		add(robot: FakeRobot): string {
			robots.set(`${robot.kind}:${robot.token}`, { ...robot, script: [...(robot.script ?? [])], posts: [] });
			if (robot.kind === "wecom") return `${origin}/cgi-bin/webhook/send?key=${robot.token}`;
			if (robot.kind === "dingtalk") return `${origin}/robot/send?access_token=${robot.token}`;
			return `${origin}/open-apis/bot/v2/hook/${robot.token}`;
		},
		/** Requests that one robot received. */
		received(kind: FakeKind, token: string) {
			return requests.filter((r) => r.kind === kind && r.token === token);
		},
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

export type FakeRobots = Awaited<ReturnType<typeof startFakeRobots>>;
