import type { ImChannelKind } from "./im-channel-kinds.ts";
import { maskSecrets } from "./webhook-url.ts";

/**
 * What a robot's answer means. All three platforms answer HTTP 200 with the verdict in the body, so
 * the body is read every time:
 * - ok: 企业微信/钉钉 errcode 0, 飞书 code 0 (or StatusCode 0);
 * - retryable (with backoff): rate limits 企业微信 45009, 钉钉 130101, 飞书 11232, HTTP 429 and 5xx,
 *   network errors and timeouts, a body that is not JSON (a gateway's page);
 * - permanent (no retry): the robot's configuration is wrong — 企业微信 93000, 钉钉 310000 (sign not
 *   match / keywords not in content / ip not in whitelist) and 300001, 飞书 19021/19022/19024 and 19001 —
 *   the channel is marked failing (`breaksChannel`); any other error code rejects this one message.
 */
type RobotOutcome = "ok" | "retryable" | "permanent";

const explanationKeys = [
	"imRobot.explain.ok",
	"imRobot.explain.rateLimited",
	"imRobot.explain.serverBusy",
	"imRobot.explain.network",
	"imRobot.explain.timeout",
	"imRobot.explain.notJson",
	"imRobot.explain.httpRejected",
	"imRobot.explain.invalidWebhook",
	"imRobot.explain.signMismatch",
	"imRobot.explain.keywordMissing",
	"imRobot.explain.keywordUnknown",
	"imRobot.explain.ipNotAllowed",
	"imRobot.explain.securityRejected",
	"imRobot.explain.messageRejected",
	"imRobot.explain.keyMissing",
] as const;
type ExplanationKey = (typeof explanationKeys)[number];

export interface RobotResult {
	outcome: RobotOutcome;
	/** The platform's code ("0", "45009"), or "HTTP 503", "network", "timeout", "not_json". */
	code: string | null;
	/** The platform's own words, masked and at most 500 characters. */
	message: string;
	explanationKey: ExplanationKey;
	explanationParams: Record<string, string>;
	/** A permanent answer that says the channel itself is misconfigured: mark it failing. */
	breaksChannel: boolean;
}

const result = (
	outcome: RobotOutcome,
	code: string | null,
	message: string,
	explanationKey: ExplanationKey,
	extra: Partial<Pick<RobotResult, "explanationParams" | "breaksChannel">> = {},
): RobotResult => ({
	outcome,
	code,
	message: maskSecrets(message).slice(0, 500),
	explanationKey,
	explanationParams: extra.explanationParams ?? {},
	breaksChannel: extra.breaksChannel ?? false,
});

/** A failure before any answer: the network, or our own timeout. */
export function classifyFailure(kind: "network" | "timeout", error: unknown): RobotResult {
	const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
	return result("retryable", kind, text, kind === "timeout" ? "imRobot.explain.timeout" : "imRobot.explain.network");
}

function keywordResult(code: string, message: string, keyword: string | null): RobotResult {
	return keyword
		? result("permanent", code, message, "imRobot.explain.keywordMissing", {
				breaksChannel: true,
				explanationParams: { keyword },
			})
		: result("permanent", code, message, "imRobot.explain.keywordUnknown", { breaksChannel: true });
}

/** Classifies one HTTP answer of a robot. `keyword` is the channel's, for the explanation. */
export function classifyAnswer(
	kind: ImChannelKind,
	answer: { status: number; bodyText: string },
	keyword: string | null = null,
): RobotResult {
	const { status, bodyText } = answer;
	if (status === 429) return result("retryable", "HTTP 429", bodyText.slice(0, 200), "imRobot.explain.rateLimited");
	if (status >= 500) return result("retryable", `HTTP ${status}`, bodyText.slice(0, 200), "imRobot.explain.serverBusy");
	if (status < 200 || status >= 300)
		return result("permanent", `HTTP ${status}`, bodyText.slice(0, 200), "imRobot.explain.httpRejected", {
			breaksChannel: status === 404 || status === 401 || status === 403,
		});
	let body: Record<string, unknown>;
	try {
		const parsed: unknown = JSON.parse(bodyText);
		if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("not an object");
		body = parsed as Record<string, unknown>;
	} catch {
		return result("retryable", "not_json", bodyText.slice(0, 200), "imRobot.explain.notJson");
	}
	const rawCode = kind === "feishu" ? (body.code ?? body.StatusCode) : body.errcode;
	const rawMessage = kind === "feishu" ? (body.msg ?? body.StatusMessage) : body.errmsg;
	const code = typeof rawCode === "number" || typeof rawCode === "string" ? String(rawCode) : null;
	const message = typeof rawMessage === "string" ? rawMessage : "";
	if (code === null) return result("retryable", "not_json", bodyText.slice(0, 200), "imRobot.explain.notJson");
	if (code === "0") return result("ok", code, message, "imRobot.explain.ok");

	const permanent = (key: ExplanationKey) => result("permanent", code, message, key, { breaksChannel: true });
	if (kind === "wecom") {
		if (code === "45009") return result("retryable", code, message, "imRobot.explain.rateLimited");
		if (code === "93000") return permanent("imRobot.explain.invalidWebhook");
	} else if (kind === "dingtalk") {
		if (code === "130101") return result("retryable", code, message, "imRobot.explain.rateLimited");
		if (code === "300001") return permanent("imRobot.explain.invalidWebhook");
		if (code === "310000") {
			const words = message.toLowerCase();
			if (words.includes("sign not match")) return permanent("imRobot.explain.signMismatch");
			if (words.includes("keywords not in content")) return keywordResult(code, message, keyword);
			if (words.includes("whitelist")) return permanent("imRobot.explain.ipNotAllowed");
			return permanent("imRobot.explain.securityRejected");
		}
	} else {
		if (code === "11232") return result("retryable", code, message, "imRobot.explain.rateLimited");
		if (code === "19001") return permanent("imRobot.explain.invalidWebhook");
		if (code === "19021") return permanent("imRobot.explain.signMismatch");
		if (code === "19022") return permanent("imRobot.explain.ipNotAllowed");
		if (code === "19024") return keywordResult(code, message, keyword);
	}
	return result("permanent", code, message, "imRobot.explain.messageRejected");
}
