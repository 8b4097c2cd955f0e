import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { login } from "#app/domain/auth/login.server.ts";
import { hashPassword } from "#app/domain/auth/password.server.ts";
import { generateSessionToken } from "#app/domain/auth/session-token.server.ts";
import { answerInvitation } from "#app/domain/people/invitations.server.ts";
import {
	addMember,
	sendMemberPasswordLink,
	setMemberDisabled,
	setMemberRoles,
} from "#app/domain/people/manage-members.server.ts";
import { checkPasswordLink, redeemPasswordLink } from "#app/domain/people/password-links.server.ts";
import { readMember } from "#app/domain/people/read-members.server.ts";
import { runAs } from "#db/run-as.ts";
import {
	createActorOptions,
	createMember,
	createTenant,
	openIntegrationDatabase,
	type TenantFixture,
	testMeta,
	uniqueSuffix,
} from "#tests/support/integration-db.ts";

/**
 * Issue: an administrator of one unit could take over any account (ADR 0008). For every kind of
 * pair in the tree, the first unit's admin aims every member action, and every raw statement the
 * app role could send, at an account that also belongs elsewhere: the account's password hash,
 * email, sessions and disabled flag stay as they were, and no usable token comes out.
 */
const db = await openIntegrationDatabase();
const PASSWORD = "owners-own-password";

let city: TenantFixture;
let county: TenantFixture;
let sibling: TenantFixture;
let industry: TenantFixture;

beforeAll(async () => {
	city = await createTenant(db, { kind: "city" });
	county = await createTenant(db, { kind: "county", parentId: city.id });
	sibling = await createTenant(db, { kind: "county", parentId: city.id });
	industry = await createTenant(db, { kind: "industry", parentId: city.id });
});

/** A person of `home` who has signed in (so has a session), with a snapshot of their account. */
async function personOf(home: TenantFixture) {
	const member = await createMember(db, home.id, ["union_staff"], { passwordHash: await hashPassword(PASSWORD) });
	const session = await login(db.app, { email: member.email, password: PASSWORD, meta: testMeta });
	if (!session.ok) throw new Error("could not sign in");
	return { ...member, token: session.token };
}

async function accountState(userId: string) {
	const user = await db.owner
		.selectFrom("users")
		.select(["password_hash", "email", "disabled_at", "display_name"])
		.where("id", "=", userId)
		.executeTakeFirstOrThrow();
	const sessions = await db.owner.selectFrom("sessions").select("id").where("user_id", "=", userId).execute();
	const tokens = await db.owner
		.selectFrom("password_tokens")
		.select("id")
		.where("user_id", "=", userId)
		.where("used_at", "is", null)
		.where("revoked_at", "is", null)
		.execute();
	return { user, sessions: sessions.map((s) => s.id).sort(), usableTokens: tokens.length };
}

/** Every statement the app role could try against someone else's account, as the attacking admin. */
async function rawAttempts(admin: { userId: string; tenantId: string }, target: string) {
	const changed = await runAs(db.app, admin, async (tx) => {
		const counts: number[] = [];
		for (const set of [
			{ password_hash: "attacker" },
			{ email: `taken-${uniqueSuffix()}@evil.example` },
			{ disabled_at: new Date() },
			{ display_name: "冒名" },
		]) {
			const result = await tx.updateTable("users").set(set).where("id", "=", target).executeTakeFirst();
			counts.push(Number(result.numUpdatedRows));
		}
		const ended = await tx.deleteFrom("sessions").where("user_id", "=", target).executeTakeFirst();
		counts.push(Number(ended.numDeletedRows));
		return counts;
	});
	expect(changed).toEqual([0, 0, 0, 0, 0]);
	const { id, secretHash } = generateSessionToken();
	await expect(
		runAs(db.app, admin, (tx) =>
			tx
				.insertInto("password_tokens")
				.values({
					id,
					secret_hash: secretHash,
					user_id: target,
					issued_by: admin.userId,
					issued_in: admin.tenantId,
					expires_at: new Date(Date.now() + 3600_000),
				})
				.execute(),
		),
	).rejects.toThrow(/permission denied for table password_tokens/);
	await expect(
		runAs(db.app, admin, (tx) =>
			tx
				.insertInto("memberships")
				.values({ tenant_id: admin.tenantId, user_id: target, roles: ["admin"] })
				.execute(),
		),
	).rejects.toThrow(/row-level security/);
}

const pairs = () =>
	[
		["sibling", county, sibling],
		["parent → child", city, county],
		["child → parent", county, city],
		["industry → county", industry, county],
	] as const;

describe.each([0, 1, 2, 3])("account ownership across units, pair %i", (index) => {
	it("the admin of the first unit cannot touch the credentials of the second unit's person", async () => {
		const [, attackerUnit, homeUnit] = pairs()[index] as readonly [string, TenantFixture, TenantFixture];
		const admin = await createActorOptions(db, attackerUnit, ["admin"]);
		const adminIds = { userId: admin.actor.userId, tenantId: attackerUnit.id };
		const victim = await personOf(homeUnit);
		const before = await accountState(victim.id);

		// The reported attack: add by email, then ask for a set-password link.
		const added = await addMember(admin, {
			displayName: "张三",
			email: victim.email,
			roles: ["union_staff"],
		});
		if (!added.ok) throw new Error("the invitation should be accepted as a request");
		expect(await readMember(db.app, adminIds, victim.id)).toBeNull();
		await expect(sendMemberPasswordLink(admin, victim.id)).rejects.toMatchObject({ code: "not_found" });
		// The invitation's link went to the victim's mailbox: the attacker holds nothing to follow.
		expect(Object.keys(added).sort()).toEqual(["invitationId", "ok"]);
		await rawAttempts(adminIds, victim.id);
		expect(await accountState(victim.id)).toEqual(before);

		// Even once the person has accepted and is a member of both units.
		expect(
			await answerInvitation(db.app, {
				userId: victim.id,
				invitationId: added.invitationId,
				reply: "accepted",
				meta: testMeta,
			}),
		).toMatchObject({ ok: true });
		expect(await readMember(db.app, adminIds, victim.id)).toMatchObject({ managedHere: false });
		expect(await sendMemberPasswordLink(admin, victim.id)).toEqual({ ok: false, error: "people.error.notManaged" });
		expect(await setMemberRoles(admin, victim.id, ["viewer"])).toEqual({ ok: true });
		expect(await setMemberDisabled(admin, victim.id, true)).toEqual({ ok: true, accountWide: false });
		await rawAttempts(adminIds, victim.id);
		expect(await setMemberDisabled(admin, victim.id, false)).toEqual({ ok: true, accountWide: false });
		expect(await accountState(victim.id)).toEqual(before);
		expect((await login(db.app, { email: victim.email, password: PASSWORD, meta: testMeta })).ok).toBe(true);
	});
});

describe("set-password links", () => {
	it("a link issued under the old rule for an account that belongs elsewhere does not work", async () => {
		const victim = await personOf(sibling);
		const admin = await createActorOptions(db, county, ["admin"]);
		// As the old policy allowed: written directly, as the migration found such rows.
		const { token, id, secretHash } = generateSessionToken();
		await db.owner
			.insertInto("password_tokens")
			.values({
				id,
				secret_hash: secretHash,
				user_id: victim.id,
				issued_by: admin.actor.userId,
				issued_in: county.id,
				expires_at: new Date(Date.now() + 3600_000),
			})
			.execute();
		expect(await checkPasswordLink(db.app, token)).toEqual({ ok: false, reason: "invalid" });
		expect(await redeemPasswordLink(db.app, token, "attacker-pass-1")).toEqual({ ok: false, reason: "invalid" });
		expect((await login(db.app, { email: victim.email, password: PASSWORD, meta: testMeta })).ok).toBe(true);
	});

	it("the person changes their own account; nobody else's", async () => {
		const person = await personOf(county);
		const other = await personOf(county);
		const self = { userId: person.id, tenantId: county.id };
		const counts = await runAs(db.app, self, async (tx) => {
			const own = await tx
				.updateTable("users")
				.set({ display_name: "新名字" })
				.where("id", "=", person.id)
				.executeTakeFirst();
			const theirs = await tx
				.updateTable("users")
				.set({ display_name: "冒名" })
				.where("id", "=", other.id)
				.executeTakeFirst();
			return [Number(own.numUpdatedRows), Number(theirs.numUpdatedRows)];
		});
		expect(counts).toEqual([1, 0]);
	});

	it("the first sign-in and the creating unit cannot be rewritten", async () => {
		const person = await personOf(county);
		await runAs(db.app, { userId: person.id, tenantId: null }, (tx) =>
			sql`update users set first_signed_in_at = null where id = ${person.id}`.execute(tx),
		);
		const row = await db.owner
			.selectFrom("users")
			.select("first_signed_in_at")
			.where("id", "=", person.id)
			.executeTakeFirstOrThrow();
		expect(row.first_signed_in_at).not.toBeNull();
		await expect(
			runAs(db.app, { userId: person.id, tenantId: null }, (tx) =>
				sql`update users set created_in = ${sibling.id} where id = ${person.id}`.execute(tx),
			),
		).rejects.toThrow(/permission denied/);
	});
});

describe("the person's own password", () => {
	it("changes with the current password, ends the other sessions and keeps this one", async () => {
		const { changeOwnPassword } = await import("#app/domain/auth/change-password.server.ts");
		const { validateSessionToken } = await import("#app/domain/auth/sessions.server.ts");
		const person = await personOf(sibling);
		const here = await login(db.app, { email: person.email, password: PASSWORD, meta: testMeta });
		if (!here.ok) throw new Error("could not sign in");
		const current = await validateSessionToken(db.app, here.token);
		if (!current) throw new Error("no session");
		const change = (currentPassword: string) =>
			changeOwnPassword(db.app, {
				userId: person.id,
				sessionId: current.sessionId,
				current: currentPassword,
				next: "a-new-password-1",
				meta: testMeta,
			});
		expect(await change("wrong-password")).toEqual({ ok: false, field: "current", error: "account.error.current" });
		expect(await change(PASSWORD)).toEqual({ ok: true });
		expect(await validateSessionToken(db.app, person.token)).toBeNull();
		expect(await validateSessionToken(db.app, here.token)).not.toBeNull();
		expect((await login(db.app, { email: person.email, password: "a-new-password-1", meta: testMeta })).ok).toBe(true);
		const events = await db.owner
			.selectFrom("security_events")
			.select("kind")
			.where("user_id", "=", person.id)
			.where("kind", "=", "password_changed")
			.execute();
		expect(events).toHaveLength(1);
	});
});
