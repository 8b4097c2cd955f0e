import { describe, expect, it } from "vitest";
import { login } from "#app/domain/auth/login.server.ts";
import { listMemberSecurityEvents } from "#app/domain/auth/member-security-events.server.ts";
import { listOwnSecurityEvents } from "#app/domain/auth/own-security-events.server.ts";
import { deviceOf, endOwnSessions, listOwnSessions } from "#app/domain/auth/own-sessions.server.ts";
import { hashPassword } from "#app/domain/auth/password.server.ts";
import { recordSessionEntry } from "#app/domain/auth/session-units.server.ts";
import { validateSessionToken } from "#app/domain/auth/sessions.server.ts";
import { setMemberDisabled } from "#app/domain/people/manage-members.server.ts";
import { runAs } from "#db/run-as.ts";
import {
	createActorOptions,
	createMember,
	createTenant,
	openIntegrationDatabase,
	testMeta,
} from "#tests/support/integration-db.ts";

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

describe("a unit's security events (what its members did in it)", () => {
	const pause = () => new Promise((r) => setTimeout(r, 10));
	const throttledAt = (userId: string, email: string, at: Date) =>
		db.owner
			.insertInto("security_events")
			.values({ kind: "login_throttled", email, user_id: userId, ip: "198.51.100.7", at })
			.execute();

	it("shows entries, throttling while a member and membership changes; nothing from before joining, after disabling or in other units", async () => {
		const a = await createTenant(db);
		const b = await createTenant(db);
		const adminOptions = await createActorOptions(db, a, ["admin"]);
		const admin = { userId: adminOptions.actor.userId, tenantId: a.id };
		// A member of B first: signs in, works in B, is throttled, all before joining A.
		const person = await signedIn(b.id, 1);
		const p = person.person;
		const sessionId = person.ids[0] as string;
		await recordSessionEntry(db.app, { userId: p.id, tenantId: b.id, sessionId, meta: testMeta });
		await throttledAt(p.id, p.email, new Date(Date.now() - 60 * 60_000));
		await pause();

		// Joins A (the membership row starts the period), enters A with the same session, twice.
		await db.owner
			.insertInto("memberships")
			.values({ tenant_id: a.id, user_id: p.id, roles: ["viewer"] })
			.execute();
		await pause();
		const entry = { userId: p.id, tenantId: a.id, sessionId, meta: { ip: "203.0.113.9", userAgent: "Firefox/140.0" } };
		await recordSessionEntry(db.app, entry);
		await recordSessionEntry(db.app, entry);
		const during = new Date();
		await throttledAt(p.id, p.email, during);
		await pause();

		expect(await setMemberDisabled(adminOptions, p.id, true)).toMatchObject({ ok: true });
		await pause();
		const gap = new Date();
		await throttledAt(p.id, p.email, gap);
		// A disabled member's session cannot enter the unit, even straight at the database.
		await expect(
			runAs(db.app, { userId: p.id, tenantId: a.id }, (tx) =>
				tx
					.insertInto("session_units")
					.values({ tenant_id: a.id, session_id: person.ids[0] as string, user_id: p.id, ip: null, user_agent: null })
					.execute(),
			),
		).rejects.toThrow(/row-level security/);
		await pause();
		expect(await setMemberDisabled(adminOptions, p.id, false)).toMatchObject({ ok: true });
		await pause();
		const back = new Date();
		await throttledAt(p.id, p.email, back);

		const events = await listMemberSecurityEvents(db.app, admin, { throttledOnly: false });
		const mine = events.filter((e) => e.email === p.email);
		expect(mine.map((e) => e.kind)).toEqual([
			"login_throttled",
			"member.enabled",
			"member.disabled",
			"login_throttled",
			"unit_entered",
		]);
		expect(mine.filter((e) => e.kind === "login_throttled").map((e) => e.at)).toEqual([back, during]);
		expect(mine.find((e) => e.kind === "unit_entered")).toMatchObject({ ip: "203.0.113.9", device: "Firefox" });
		expect(mine.find((e) => e.kind === "member.disabled")?.actorName).toBe("测试用户");
		const throttled = await listMemberSecurityEvents(db.app, admin, { throttledOnly: true });
		expect(throttled.map((e) => e.at)).toEqual([back, during]);

		// The database itself: as A's admin, the person's security events and session entries.
		const raw = await runAs(db.app, admin, async (tx) => ({
			events: await tx
				.selectFrom("security_events")
				.select(["kind", "at"])
				.where("user_id", "=", p.id)
				.orderBy("at")
				.execute(),
			entries: await tx.selectFrom("session_units").select("tenant_id").where("user_id", "=", p.id).execute(),
		}));
		expect(raw.events).toEqual([
			{ kind: "login_throttled", at: during },
			{ kind: "login_throttled", at: back },
		]);
		expect(raw.entries).toEqual([{ tenant_id: a.id }]);
		// B sees its own entry and no throttling from A's days (the person is B's member throughout).
		const bAdmin = await createMember(db, b.id, ["admin"]);
		const inB = await listMemberSecurityEvents(db.app, { userId: bAdmin.id, tenantId: b.id }, { throttledOnly: false });
		expect(inB.filter((e) => e.kind === "unit_entered").length).toBe(1);

		// The person sees everything of their own, in every unit.
		const own = await listOwnSecurityEvents(db.app, p.id);
		expect(own.filter((e) => e.kind === "login_throttled")).toHaveLength(4);
		expect(
			own
				.filter((e) => e.kind === "unit_entered")
				.map((e) => e.unit)
				.sort(),
		).toEqual([`测试单位 ${a.slug}`, `测试单位 ${b.slug}`].sort());
		expect(own.some((e) => e.kind === "login_succeeded")).toBe(true);
	});
});
