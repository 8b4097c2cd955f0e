import { describe, expect, it } from "vitest";
import {
	isThrottled,
	MAX_FAILURES_PER_ACCOUNT,
	MAX_FAILURES_PER_IP,
	retryAfterMinutes,
	THROTTLE_WINDOW_MS,
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
	it("throttles at the account or IP limit", () => {
		expect(isThrottled({ account: MAX_FAILURES_PER_ACCOUNT - 1, ip: 0, oldest: null })).toBe(false);
		expect(isThrottled({ account: MAX_FAILURES_PER_ACCOUNT, ip: 0, oldest: null })).toBe(true);
		expect(isThrottled({ account: 0, ip: MAX_FAILURES_PER_IP, oldest: null })).toBe(true);
	});

	it("tells when to try again, in whole minutes, at least one", () => {
		expect(retryAfterMinutes({ account: 5, ip: 5, oldest: now }, now)).toBe(15);
		expect(
			retryAfterMinutes({ account: 5, ip: 5, oldest: new Date(now.getTime() - THROTTLE_WINDOW_MS + 61_000) }, now),
		).toBe(2);
		expect(retryAfterMinutes({ account: 5, ip: 5, oldest: new Date(now.getTime() - THROTTLE_WINDOW_MS) }, now)).toBe(1);
	});
});
