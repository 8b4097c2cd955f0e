import { maskSecrets } from "#app/lib/mask-secrets.ts";
import type { ImChannelKind } from "./im-channel-kinds.ts";

export { maskSecrets };

/**
 * Robot webhook URLs, kind by kind: https to the platform's own host only, so a channel can never be
 * pointed at an internal address; the URL kept in its canonical form; and the mask, the only text of
 * it a page may show. Tests point channels at a loopback fake through IM_ROBOT_TEST_ORIGIN, which
 * counts only when NODE_ENV is development or test (the config defaults NODE_ENV to production).
 */
interface Platform {
	hosts: readonly string[];
	/** Where the token sits: a query parameter, or the last path segment after `pathPrefix`. */
	token: { query: string; path: string } | { pathPrefix: string };
}

const platforms: Record<ImChannelKind, Platform> = {
	wecom: { hosts: ["qyapi.weixin.qq.com"], token: { query: "key", path: "/cgi-bin/webhook/send" } },
	dingtalk: { hosts: ["oapi.dingtalk.com"], token: { query: "access_token", path: "/robot/send" } },
	feishu: { hosts: ["open.feishu.cn", "open.larksuite.com"], token: { pathPrefix: "/open-apis/bot/v2/hook/" } },
};

const webhookUrlProblems = ["not_url", "not_https", "wrong_host", "wrong_path", "no_token"] as const;
type WebhookUrlProblem = (typeof webhookUrlProblems)[number];

type ParsedWebhookUrl = { ok: true; url: string; mask: string } | { ok: false; reason: WebhookUrlProblem };

const TOKEN = /^[A-Za-z0-9_-]{8,128}$/;

/** The loopback origin tests may use ("http://127.0.0.1:41234"), never in production. */
export function robotTestOrigin(env: NodeJS.ProcessEnv = process.env): string | null {
	const origin = env.IM_ROBOT_TEST_ORIGIN?.trim();
	if (!origin || (env.NODE_ENV !== "test" && env.NODE_ENV !== "development")) return null;
	try {
		const u = new URL(origin);
		// Loopback only, even in a test.
		if (!["127.0.0.1", "localhost", "[::1]"].includes(u.hostname)) return null;
		return u.origin;
	} catch {
		return null;
	}
}

/** Checks a pasted URL against its platform and returns it canonical, with its mask. */
export function parseWebhookUrl(
	kind: ImChannelKind,
	raw: string,
	opts: { testOrigin?: string | null } = {},
): ParsedWebhookUrl {
	let u: URL;
	try {
		u = new URL(raw.trim());
	} catch {
		return { ok: false, reason: "not_url" };
	}
	const platform = platforms[kind];
	const viaTestOrigin = opts.testOrigin != null && u.origin === opts.testOrigin;
	if (!viaTestOrigin) {
		if (u.protocol !== "https:") return { ok: false, reason: "not_https" };
		if (!platform.hosts.includes(u.hostname) || u.port !== "" || u.username || u.password)
			return { ok: false, reason: "wrong_host" };
	}
	const origin = viaTestOrigin ? (opts.testOrigin as string) : `https://${u.hostname}`;
	const { token: where } = platform;
	let token: string | null;
	let canonical: string;
	if ("query" in where) {
		if (u.pathname !== where.path) return { ok: false, reason: "wrong_path" };
		token = u.searchParams.get(where.query);
		canonical = `${origin}${where.path}?${where.query}=${token ?? ""}`;
	} else {
		if (!u.pathname.startsWith(where.pathPrefix)) return { ok: false, reason: "wrong_path" };
		token = u.pathname.slice(where.pathPrefix.length);
		canonical = `${origin}${where.pathPrefix}${token}`;
	}
	if (!token || !TOKEN.test(token)) return { ok: false, reason: "no_token" };
	return { ok: true, url: canonical, mask: maskWebhookUrl(kind, canonical) };
}

const tail = (token: string) => `****${token.length >= 12 ? token.slice(-4) : ""}`;

/** "…/send?key=****8d30", "…/send?access_token=****c0de", "…/hook/****9f1a": never more than 4 characters of the token. */
export function maskWebhookUrl(kind: ImChannelKind, url: string): string {
	const where = platforms[kind].token;
	let u: URL;
	try {
		u = new URL(url);
	} catch {
		return "…";
	}
	if ("query" in where) return `…/send?${where.query}=${tail(u.searchParams.get(where.query) ?? "")}`;
	return `…/hook/${tail(u.pathname.slice(where.pathPrefix.length))}`;
}
