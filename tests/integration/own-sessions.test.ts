import { describe, expect, it } from "vitest";
import { login } from "#app/domain/auth/login.server.ts";
import { listMemberSecurityEvents } from "#app/domain/auth/member-security-events.server.ts";
import { deviceOf, endOwnSessions, listOwnSessions } from "#app/domain/auth/own-sessions.server.ts";
import { hashPassword } from "#app/domain/auth/password.server.ts";
import { validateSessionToken } from "#app/domain/auth/sessions.server.ts";
import { createMember, createTenant, openIntegrationDatabase, testMeta } from "#tests/support/integration-db.ts";

/** ASVS V7: a person sees and ends their own sessions; an admin sees their members' sign-in events. */
const db = await openIntegrationDatabase();
const PASSWORD = "own-sessions-pass";

async function signedIn(tenantId: string, times: number) {
	const person = await createMember(db, tenantId, ["union_staff"], { passwordHash: await hashPassword(PASSWORD) });
	const tokens: string[] = [];
	for (let i = 0; i < times; i++) {
		const result = await login(db.app, {
			email: person.email,
			password: PASSWORD,
			meta: { ...testMeta, userAgent: "Mozilla/5.0 (Windows NT 10.0) Chrome/140.0" },
		});
		if (!result.ok) throw new Error("login failed");
		tokens.push(result.token);
	}
	const sessions = await Promise.all(tokens.map((t) => validateSessionToken(db.app, t)));
	return { person, tokens, ids: sessions.map((s) => s?.sessionId as string) };
}

describe("own sessions", () => {
	it("lists them with a readable device, ends one, then all the others, never someone else's", async () => {
		const tenant = await createTenant(db);
		const me = await signedIn(tenant.id, 3);
		const other = await signedIn(tenant.id, 1);
		const [current, second, third] = me.ids as [string, string, string];
		const listed = await listOwnSessions(db.app, me.person.id, current);
		expect(listed.map((s) => s.id).sort()).toEqual([...me.ids].sort());
		expect(listed.find((s) => s.current)?.id).toBe(current);
		expect(listed[0]?.device).toBe("Chrome · Windows");
		expect(
			await endOwnSessions(db.app, {
				userId: me.person.id,
				currentSessionId: current,
				which: { one: other.ids[0] as string },
			}),
		).toBe(0);
		expect(
			await endOwnSessions(db.app, { userId: me.person.id, currentSessionId: current, which: { one: second } }),
		).toBe(1);
		expect(await validateSessionToken(db.app, me.tokens[1] as string)).toBeNull();
		expect(await endOwnSessions(db.app, { userId: me.person.id, currentSessionId: current, which: "others" })).toBe(1);
		expect(await validateSessionToken(db.app, me.tokens[2] as string)).toBeNull();
		expect(await validateSessionToken(db.app, me.tokens[0] as string)).not.toBeNull();
		expect(await validateSessionToken(db.app, other.tokens[0] as string)).not.toBeNull();
		expect(third).toBeTruthy();
	});

	it("reads devices from user agents", () => {
		expect(deviceOf("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit Safari/604.1")).toBe(
			"Safari · iOS",
		);
		expect(deviceOf(null)).toBe("—");
	});
});

describe("members' security events", () => {
	it("the admin sees sign-ins and failures of this unit's members only", async () => {
		const a = await createTenant(db);
		const b = await createTenant(db);
		const admin = await createMember(db, a.id, ["admin"]);
		const mine = await signedIn(a.id, 1);
		const theirs = await signedIn(b.id, 1);
		await login(db.app, { email: mine.person.email, password: "wrong-password", meta: testMeta });
		await login(db.app, { email: theirs.person.email, password: "wrong-password", meta: testMeta });
		const all = await listMemberSecurityEvents(db.app, { userId: admin.id, tenantId: a.id }, { failuresOnly: false });
		expect(new Set(all.map((e) => e.email))).toEqual(new Set([mine.person.email]));
		expect(all.map((e) => e.kind).sort()).toEqual(["login_failed", "login_succeeded"]);
		const failures = await listMemberSecurityEvents(
			db.app,
			{ userId: admin.id, tenantId: a.id },
			{ failuresOnly: true },
		);
		expect(failures.map((e) => e.kind)).toEqual(["login_failed"]);
	});
});
