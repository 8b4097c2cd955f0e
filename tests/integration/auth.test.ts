import { beforeAll, describe, expect, it } from "vitest";
import { login } from "#app/domain/auth/login.server.ts";
import { MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_IP, THROTTLE_WINDOW_MS } from "#app/domain/auth/login-throttle.ts";
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

	it(`throttles an account after ${MAX_FAILURES_PER_ACCOUNT} failures, even with the right password, until the window passes`, async () => {
		const user = await member();
		const now = new Date();
		for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) {
			await login(db.app, { email: user.email, password: "wrong", meta: meta(), now });
		}
		const blocked = await login(db.app, { email: user.email, password, meta: meta(), now });
		expect(blocked).toMatchObject({ ok: false, reason: "throttled", retryAfterMinutes: 15 });
		const later = new Date(now.getTime() + THROTTLE_WINDOW_MS + 1000);
		expect((await login(db.app, { email: user.email, password, meta: meta(), now: later })).ok).toBe(true);
	});

	it(`throttles an IP after ${MAX_FAILURES_PER_IP} failures across accounts`, async () => {
		const ip = `192.0.2.${Math.floor(Math.random() * 250)}`;
		const now = new Date();
		for (let i = 0; i < MAX_FAILURES_PER_IP; i++) {
			await login(db.app, { email: `x${i}-${uniqueSuffix()}@test.example`, password: "wrong", meta: meta(ip), now });
		}
		const user = await member();
		expect(await login(db.app, { email: user.email, password, meta: meta(ip), now })).toMatchObject({
			reason: "throttled",
		});
		expect((await login(db.app, { email: user.email, password, meta: meta(), now })).ok).toBe(true);
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
