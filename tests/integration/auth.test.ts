import { beforeAll, describe, expect, it } from "vitest";
import { login } from "#app/domain/auth/login.server.ts";
import {
	FREE_FAILURES,
	MAX_DELAY_MS,
	MAX_FAILURES_PER_SOURCE,
	pairDelayMs,
	SOURCE_WINDOW_MS,
} from "#app/domain/auth/login-throttle.ts";
import { hashPassword } from "#app/domain/auth/password.server.ts";
import { SESSION_ABSOLUTE_MS, SESSION_IDLE_MS } from "#app/domain/auth/session-policy.ts";
import { invalidateSession, invalidateUserSessions, validateSessionToken } from "#app/domain/auth/sessions.server.ts";
import { runAs } from "#db/run-as.ts";
import { createMember, createTenant, openIntegrationDatabase, uniqueSuffix } from "#tests/support/integration-db.ts";

const db = await openIntegrationDatabase();
const password = "correct horse battery";
let passwordHash: string;
let tenantId: string;

beforeAll(async () => {
	passwordHash = await hashPassword(password);
	tenantId = (await createTenant(db)).id;
});

const meta = (ip = `10.0.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`) => ({
	ip,
	userAgent: "vitest",
	requestId: uniqueSuffix(),
});

async function member() {
	return createMember(db, tenantId, ["union_staff"], { passwordHash });
}

async function signIn(email: string, now?: Date) {
	const result = await login(db.app, { email, password, meta: meta(), now });
	if (!result.ok) throw new Error(`login failed: ${result.reason}`);
	return result;
}

describe("passwords", () => {
	it("are hashed with argon2id and the OWASP parameters", () => {
		expect(passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
	});
});

describe("login", () => {
	it("signs in with the right password, case-insensitive email, and stores only the secret's hash", async () => {
		const user = await member();
		const result = await login(db.app, { email: user.email.toUpperCase(), password, meta: meta() });
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		const [id, secret] = result.token.split(".");
		expect(secret).toHaveLength(32); // 160 bits of base32
		const stored = await db.owner
			.selectFrom("sessions")
			.selectAll()
			.where("id", "=", id as string)
			.executeTakeFirstOrThrow();
		expect(stored.user_id).toBe(user.id);
		expect(Buffer.from(stored.secret_hash).toString("utf8")).not.toContain(secret);
		expect(stored.secret_hash).toHaveLength(32);
	});

	it("gives the same answer for a wrong password and an unknown email", async () => {
		const user = await member();
		const wrong = await login(db.app, { email: user.email, password: "nope", meta: meta() });
		const unknown = await login(db.app, { email: `nobody-${uniqueSuffix()}@test.example`, password, meta: meta() });
		expect(wrong).toEqual({ ok: false, reason: "invalid_credentials" });
		expect(unknown).toEqual({ ok: false, reason: "invalid_credentials" });
	});

	it("refuses a disabled account", async () => {
		const user = await member();
		await db.owner.updateTable("users").set({ disabled_at: new Date() }).where("id", "=", user.id).execute();
		expect(await login(db.app, { email: user.email, password, meta: meta() })).toEqual({
			ok: false,
			reason: "invalid_credentials",
		});
	});

	it("issues a new token on every login", async () => {
		const user = await member();
		const first = await signIn(user.email);
		const second = await signIn(user.email);
		expect(first.token).not.toBe(second.token);
	});

	it(`a stranger's ${FREE_FAILURES} wrong passwords from one source never keep the person out from another`, async () => {
		const user = await member();
		const stranger = meta(`198.51.100.${Math.floor(Math.random() * 250)}`);
		const now = new Date();
		for (let i = 0; i < FREE_FAILURES; i++) {
			expect(await login(db.app, { email: user.email, password: "wrong", meta: stranger, now })).toEqual({
				ok: false,
				reason: "invalid_credentials",
			});
		}
		// The stranger's source waits, even with the right password; the person's own does not.
		expect(await login(db.app, { email: user.email, password, meta: stranger, now })).toEqual({
			ok: false,
			reason: "throttled",
			retryAfterSeconds: 5,
		});
		expect((await login(db.app, { email: user.email, password, meta: meta(), now })).ok).toBe(true);
		// The throttled attempt is recorded against the account (so its units can see it).
		const throttled = await db.owner
			.selectFrom("security_events")
			.select(["user_id", "ip"])
			.where("kind", "=", "login_throttled")
			.where("email", "=", user.email)
			.execute();
		expect(throttled).toEqual([{ user_id: user.id, ip: stranger.ip }]);
	});

	it("doubles the delay of an (account, source) with each further failure, up to 15 minutes; a sign-in resets it", async () => {
		const user = await member();
		const source = meta(`203.0.113.${Math.floor(Math.random() * 250)}`);
		let at = Date.now();
		const attempt = (pw: string, ms: number) =>
			login(db.app, { email: user.email, password: pw, meta: source, now: new Date(ms) });
		for (let i = 0; i < FREE_FAILURES; i++) await attempt("wrong", at);
		const waits: number[] = [];
		for (let failures = FREE_FAILURES; failures < FREE_FAILURES + 10; failures++) {
			const delay = pairDelayMs(failures);
			const early = await attempt(password, at + delay - 1_000);
			if (early.ok || early.reason !== "throttled") throw new Error("expected throttling");
			waits.push(early.retryAfterSeconds);
			at += delay;
			expect(await attempt("wrong", at)).toMatchObject({ reason: "invalid_credentials" });
		}
		expect(waits).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
		const capped = await attempt(password, at + 1);
		expect(capped).toMatchObject({ reason: "throttled", retryAfterSeconds: MAX_DELAY_MS / 1000 });
		expect(pairDelayMs(FREE_FAILURES + 10)).toBe(MAX_DELAY_MS);
		// After the wait the right password signs in from the same source, and the count starts again.
		at += MAX_DELAY_MS;
		expect((await attempt(password, at)).ok).toBe(true);
		for (let i = 0; i < FREE_FAILURES - 1; i++) await attempt("wrong", at + 1 + i);
		expect((await attempt(password, at + 10)).ok).toBe(true);
	});

	it(`limits one source to ${MAX_FAILURES_PER_SOURCE} failures across accounts in ${SOURCE_WINDOW_MS / 60_000} minutes`, async () => {
		const source = meta(`192.0.2.${Math.floor(Math.random() * 250)}`);
		const now = new Date();
		for (let i = 0; i < MAX_FAILURES_PER_SOURCE; i++) {
			const email = `x${i}-${uniqueSuffix()}@test.example`;
			const result = await login(db.app, { email, password: "wrong", meta: source, now });
			expect(result).toMatchObject({ reason: "invalid_credentials" });
		}
		const user = await member();
		expect(await login(db.app, { email: user.email, password, meta: source, now })).toMatchObject({
			reason: "throttled",
			retryAfterSeconds: SOURCE_WINDOW_MS / 1000,
		});
		expect((await login(db.app, { email: user.email, password, meta: meta(), now })).ok).toBe(true);
		const later = new Date(now.getTime() + SOURCE_WINDOW_MS + 1);
		expect((await login(db.app, { email: user.email, password, meta: source, now: later })).ok).toBe(true);
	});
});

describe("sessions", () => {
	it("validates a token and rejects a tampered secret", async () => {
		const user = await member();
		const { token } = await signIn(user.email);
		expect((await validateSessionToken(db.app, token))?.user.id).toBe(user.id);
		const tampered = `${token.slice(0, -1)}${token.endsWith("a") ? "b" : "a"}`;
		expect(await validateSessionToken(db.app, tampered)).toBeNull();
		expect(await validateSessionToken(db.app, "garbage")).toBeNull();
	});

	it("expires after the idle timeout, and sliding keeps an active session alive", async () => {
		const user = await member();
		const start = new Date();
		const { token } = await signIn(user.email, start);
		// Active every idle/2: still valid after 3 idle periods.
		let now = start;
		for (let i = 0; i < 6; i++) {
			now = new Date(now.getTime() + SESSION_IDLE_MS / 2);
			expect(await validateSessionToken(db.app, token, now)).not.toBeNull();
		}
		const idle = new Date(now.getTime() + SESSION_IDLE_MS + 1000);
		expect(await validateSessionToken(db.app, token, idle)).toBeNull();
		// And the expired session is gone.
		expect(await validateSessionToken(db.app, token, now)).toBeNull();
	});

	it("expires at the absolute lifetime however active it is", async () => {
		const user = await member();
		const start = new Date();
		const { token } = await signIn(user.email, start);
		let now = start;
		while (now.getTime() + SESSION_IDLE_MS / 2 < start.getTime() + SESSION_ABSOLUTE_MS) {
			now = new Date(now.getTime() + SESSION_IDLE_MS / 2);
			await validateSessionToken(db.app, token, now);
		}
		expect(await validateSessionToken(db.app, token, new Date(start.getTime() + SESSION_ABSOLUTE_MS))).toBeNull();
	});

	it("logout ends the session and records it", async () => {
		const user = await member();
		const { token } = await signIn(user.email);
		const session = await validateSessionToken(db.app, token);
		if (!session) throw new Error("expected a session");
		await invalidateSession(db.app, session.sessionId, user.id, meta());
		expect(await validateSessionToken(db.app, token)).toBeNull();
		const events = await db.owner.selectFrom("security_events").select("kind").where("user_id", "=", user.id).execute();
		expect(events.map((e) => e.kind)).toEqual(expect.arrayContaining(["login_succeeded", "logout"]));
	});

	it("a tenant admin cannot end a signed-in person's sessions or disable their account (ADR 0008)", async () => {
		const user = await member();
		const admin = await createMember(db, tenantId, ["admin"]);
		const one = await signIn(user.email);
		const two = await signIn(user.email);
		await runAs(db.app, { userId: admin.id, tenantId }, async (tx) => {
			await tx.updateTable("users").set({ disabled_at: new Date() }).where("id", "=", user.id).execute();
			await invalidateUserSessions(tx, user.id);
		});
		expect(await validateSessionToken(db.app, one.token)).not.toBeNull();
		expect(await validateSessionToken(db.app, two.token)).not.toBeNull();
	});

	it("the person ends all their own sessions", async () => {
		const user = await member();
		const one = await signIn(user.email);
		const two = await signIn(user.email);
		await runAs(db.app, { userId: user.id, tenantId: null }, (tx) => invalidateUserSessions(tx, user.id));
		expect(await validateSessionToken(db.app, one.token)).toBeNull();
		expect(await validateSessionToken(db.app, two.token)).toBeNull();
	});

	it("a disabled user's leftover session is refused", async () => {
		const user = await member();
		const { token } = await signIn(user.email);
		await db.owner.updateTable("users").set({ disabled_at: new Date() }).where("id", "=", user.id).execute();
		expect(await validateSessionToken(db.app, token)).toBeNull();
	});
});
