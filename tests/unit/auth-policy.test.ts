import { describe, expect, it } from "vitest";
import {
	MAX_DELAY_MS,
	pairDelayMs,
	retryAfterSeconds,
	SOURCE_WINDOW_MS,
	throttledUntil,
	throttleMessage,
} from "#app/domain/auth/login-throttle.ts";
import { needsTouch, SESSION_IDLE_MS, SESSION_TOUCH_MS, sessionVerdict } from "#app/domain/auth/session-policy.ts";
import { generateSessionToken, parseSessionToken, secretMatches } from "#app/domain/auth/session-token.server.ts";

describe("session tokens", () => {
	it("are <id>.<secret> with 160-bit parts, and only the secret's SHA-256 is kept", () => {
		const { token, id, secretHash } = generateSessionToken();
		const parsed = parseSessionToken(token);
		expect(parsed?.id).toBe(id);
		expect(secretHash).toHaveLength(32);
		expect(secretMatches(parsed?.secret ?? "", secretHash)).toBe(true);
		expect(secretMatches("a".repeat(32), secretHash)).toBe(false);
	});

	it("are unique", () => {
		const tokens = new Set(Array.from({ length: 1000 }, () => generateSessionToken().token));
		expect(tokens.size).toBe(1000);
	});

	it.each([
		"",
		"abc",
		"a.b",
		`${"a".repeat(32)}`,
		`${"A".repeat(32)}.${"a".repeat(32)}`,
		`${"a".repeat(32)}.${"a".repeat(33)}`,
	])("rejects the malformed token %j", (token) => {
		expect(parseSessionToken(token)).toBeNull();
	});
});

describe("session lifetimes", () => {
	const now = new Date("2026-11-23T10:00:00Z");
	const ago = (ms: number) => new Date(now.getTime() - ms);
	const ahead = (ms: number) => new Date(now.getTime() + ms);

	it.each([
		["fresh", { last_active_at: now, expires_at: ahead(1000) }, "valid"],
		["idle just under the limit", { last_active_at: ago(SESSION_IDLE_MS - 1), expires_at: ahead(1000) }, "valid"],
		["idle at the limit", { last_active_at: ago(SESSION_IDLE_MS), expires_at: ahead(1000) }, "idle_expired"],
		["past its absolute expiry", { last_active_at: now, expires_at: now }, "expired"],
	] as const)("%s → %s", (_name, session, verdict) => {
		expect(sessionVerdict(session, now)).toBe(verdict);
	});

	it("touches last activity at most every few minutes", () => {
		expect(needsTouch({ last_active_at: ago(SESSION_TOUCH_MS - 1) }, now)).toBe(false);
		expect(needsTouch({ last_active_at: ago(SESSION_TOUCH_MS) }, now)).toBe(true);
	});
});

describe("login throttling", () => {
	const now = new Date("2026-11-23T10:00:00Z");
	const ago = (ms: number) => new Date(now.getTime() - ms);

	it("delays an (account, source) pair after 5 failures: 5 s, doubling, at most 15 minutes", () => {
		expect([0, 4, 5, 6, 7, 8, 12, 13, 40].map(pairDelayMs)).toEqual([
			0,
			0,
			5_000,
			10_000,
			20_000,
			40_000,
			640_000,
			MAX_DELAY_MS,
			MAX_DELAY_MS,
		]);
	});

	it("lets the next attempt through once the delay after the latest failure has passed", () => {
		const counts = { pair: 5, pairLast: ago(2_000), sourceLimitReachedAt: null };
		expect(throttledUntil(counts, now)).toEqual(new Date(now.getTime() + 3_000));
		expect(throttledUntil({ ...counts, pairLast: ago(5_000) }, now)).toBeNull();
		expect(throttledUntil({ ...counts, pair: 4 }, now)).toBeNull();
	});

	it("holds a source at its limit until its 50th newest failure leaves the window", () => {
		const counts = { pair: 0, pairLast: null, sourceLimitReachedAt: ago(SOURCE_WINDOW_MS - 90_000) };
		expect(throttledUntil(counts, now)).toEqual(new Date(now.getTime() + 90_000));
		expect(throttledUntil({ ...counts, sourceLimitReachedAt: ago(SOURCE_WINDOW_MS) }, now)).toBeNull();
	});

	it("says how long to wait: seconds under a minute, else whole minutes rounded up", () => {
		expect(retryAfterSeconds(new Date(now.getTime() + 4_200), now)).toBe(5);
		expect(retryAfterSeconds(now, now)).toBe(1);
		expect(throttleMessage(5)).toEqual({ key: "login.throttledSeconds", params: { seconds: 5 } });
		expect(throttleMessage(61)).toEqual({ key: "login.throttledMinutes", params: { minutes: 2 } });
		expect(throttleMessage(900)).toEqual({ key: "login.throttledMinutes", params: { minutes: 15 } });
	});
});
