import { type RobotChannelSecrets, type RobotMessage, robotRequest } from "./robot-messages.ts";
import { classifyAnswer, classifyFailure, type RobotResult } from "./robot-results.ts";
import { parseWebhookUrl, robotTestOrigin } from "./webhook-url.ts";

export type PostResult = RobotResult & { latencyMs: number };

interface PostOptions {
	fetch?: typeof fetch;
	now?: () => Date;
	/** Default 4 s, so that a test-send answers within 5 s. */
	timeoutMs?: number;
	/** The loopback origin tests may post to (default: robotTestOrigin() of the environment). */
	testOrigin?: string | null;
}

/**
 * Posts one message to one robot with Node's fetch and reads the verdict in the body. Never throws
 * for what the network or the platform does: the answer is classified (ok / retryable / permanent)
 * and everything returned is masked. The URL is checked again against the platform's hosts (a row
 * changed behind the app's back cannot make the server post to an internal address), and redirects
 * are not followed.
 */
export async function postToRobot(
	channel: RobotChannelSecrets,
	message: RobotMessage,
	options: PostOptions = {},
): Promise<PostResult> {
	const doFetch = options.fetch ?? fetch;
	const now = options.now ?? (() => new Date());
	const testOrigin = options.testOrigin === undefined ? robotTestOrigin() : options.testOrigin;
	const checked = parseWebhookUrl(channel.kind, channel.url, { testOrigin });
	if (!checked.ok)
		return {
			outcome: "permanent",
			code: "bad_url",
			message: checked.reason,
			explanationKey: "imRobot.explain.invalidWebhook",
			explanationParams: {},
			breaksChannel: true,
			latencyMs: 0,
		};
	const request = robotRequest({ ...channel, url: checked.url }, message, now());
	const started = performance.now();
	const latency = () => Math.round(performance.now() - started);
	let response: Response;
	try {
		response = await doFetch(request.url, {
			method: "POST",
			headers: { "content-type": "application/json; charset=utf-8" },
			body: request.body,
			redirect: "manual",
			signal: AbortSignal.timeout(options.timeoutMs ?? 4_000),
		});
	} catch (error) {
		const timedOut = error instanceof DOMException && (error.name === "TimeoutError" || error.name === "AbortError");
		return { ...classifyFailure(timedOut ? "timeout" : "network", error), latencyMs: latency() };
	}
	let bodyText: string;
	try {
		bodyText = await response.text();
	} catch (error) {
		return { ...classifyFailure("network", error), latencyMs: latency() };
	}
	return {
		...classifyAnswer(channel.kind, { status: response.status, bodyText }, channel.keyword),
		latencyMs: latency(),
	};
}
