import { beforeAll, describe, expect, it } from "vitest";
import { AppError } from "#app/domain/app-error.ts";
import { login } from "#app/domain/auth/login.server.ts";
import { hashPassword } from "#app/domain/auth/password.server.ts";
import { validateSessionToken } from "#app/domain/auth/sessions.server.ts";
import {
	addMember,
	issueMemberPasswordLink,
	setMemberDisabled,
	setMemberRoles,
} from "#app/domain/people/manage-members.server.ts";
import type { AddMemberInput } from "#app/domain/people/member-schema.ts";
import {
	checkPasswordLink,
	PASSWORD_LINK_HOURS,
	redeemPasswordLink,
} from "#app/domain/people/password-links.server.ts";
import { listMembers } from "#app/domain/people/read-members.server.ts";
import { findMembership } from "#app/domain/tenancy/tenant-access.server.ts";
import type { Role } from "#db/schema.ts";
import {
	createActorOptions,
	createMember,
	createTenant,
	openIntegrationDatabase,
	type TenantFixture,
	uniqueSuffix,
} from "#tests/support/integration-db.ts";

const db = await openIntegrationDatabase();
const meta = { ip: "127.0.0.1", userAgent: "vitest", requestId: "members" };
let tenant: TenantFixture;
let admin: Awaited<ReturnType<typeof options>>;

const options = (target: TenantFixture, roles: Role[]) => createActorOptions(db, target, roles);

const person = (overrides: Partial<AddMemberInput> = {}): AddMemberInput => ({
	displayName: "张三",
	email: `p-${uniqueSuffix()}@test.example`,
	phone: "0398-1234567",
	roles: ["union_staff"],
	credential: "password",
	password: "a-strong-password",
	...overrides,
});

async function signIn(email: string, password: string) {
	return login(db.app, { email, password, meta });
}

beforeAll(async () => {
	tenant = await createTenant(db);
	admin = await options(tenant, ["admin"]);
});

describe("member management", () => {
	it("adds a person with an initial password who can sign in at once", async () => {
		const input = person();
		const result = await addMember(admin, input);
		expect(result).toMatchObject({ ok: true, existingAccount: false, passwordLinkToken: null });
		expect((await signIn(input.email, "a-strong-password")).ok).toBe(true);
		const members = await listMembers(db.app, { userId: admin.actor.userId, tenantId: tenant.id });
		expect(members.find((m) => m.email === input.email)).toMatchObject({
			name: "张三",
			phone: "0398-1234567",
			roles: ["union_staff"],
		});
	});

	it("adds a person with a one-time link that sets the password once", async () => {
		const input = person({ credential: "link", password: undefined });
		const result = await addMember(admin, input);
		if (!result.ok || !result.passwordLinkToken) throw new Error("expected a link");
		const token = result.passwordLinkToken;
		expect(await checkPasswordLink(db.app, token)).toEqual({ ok: true, email: input.email });
		expect((await redeemPasswordLink(db.app, token, "chosen-by-person")).ok).toBe(true);
		expect((await signIn(input.email, "chosen-by-person")).ok).toBe(true);
		expect(await redeemPasswordLink(db.app, token, "again-and-again")).toEqual({ ok: false, reason: "used" });
		const stored = await db.owner.selectFrom("password_tokens").select("secret_hash").execute();
		expect(
			stored.every(
				(row) =>
					!Buffer.from(row.secret_hash)
						.toString()
						.includes(token.split(".")[1] ?? "x"),
			),
		).toBe(true);
	});

	it("refuses an expired or forged link", async () => {
		const input = person({ credential: "link", password: undefined });
		const result = await addMember(admin, input);
		if (!result.ok || !result.passwordLinkToken) throw new Error("expected a link");
		const later = new Date(Date.now() + PASSWORD_LINK_HOURS * 3600_000 + 1000);
		expect(await checkPasswordLink(db.app, result.passwordLinkToken, later)).toEqual({ ok: false, reason: "expired" });
		expect(await redeemPasswordLink(db.app, result.passwordLinkToken, "too-late-password", later)).toEqual({
			ok: false,
			reason: "expired",
		});
		const forged = `${result.passwordLinkToken.slice(0, 33)}${"a".repeat(32)}`;
		expect(await checkPasswordLink(db.app, forged)).toEqual({ ok: false, reason: "invalid" });
	});

	it("adds an existing account of another tenant without touching its password, once", async () => {
		const other = await createTenant(db);
		const existing = await createMember(db, other.id, ["viewer"], {
			passwordHash: await hashPassword("their-own-pass"),
		});
		const result = await addMember(admin, person({ email: existing.email, password: "ignored-password" }));
		expect(result).toMatchObject({ ok: true, existingAccount: true, userId: existing.id });
		expect((await signIn(existing.email, "their-own-pass")).ok).toBe(true);
		expect(await addMember(admin, person({ email: existing.email }))).toEqual({
			ok: false,
			field: "email",
			error: "people.error.alreadyMember",
		});
	});

	it("changes roles, but an admin cannot remove their own admin role", async () => {
		const input = person();
		const added = await addMember(admin, input);
		if (!added.ok) throw new Error("expected ok");
		expect(await setMemberRoles(admin, added.userId, ["gov_office", "viewer"])).toEqual({ ok: true });
		expect((await findMembership(db.app, added.userId, tenant.slug))?.roles).toEqual(["gov_office", "viewer"]);
		expect(await setMemberRoles(admin, admin.actor.userId, ["viewer"])).toEqual({
			ok: false,
			error: "people.error.selfDemote",
		});
	});

	it("disabling ends the person's sessions and access; an account with no other tenant cannot sign in", async () => {
		const input = person();
		const added = await addMember(admin, input);
		if (!added.ok) throw new Error("expected ok");
		const session = await signIn(input.email, "a-strong-password");
		if (!session.ok) throw new Error("login failed");
		await setMemberDisabled(admin, added.userId, true);
		expect(await validateSessionToken(db.app, session.token)).toBeNull();
		expect(await findMembership(db.app, added.userId, tenant.slug)).toBeNull();
		expect((await signIn(input.email, "a-strong-password")).ok).toBe(false);
		await setMemberDisabled(admin, added.userId, false);
		expect((await signIn(input.email, "a-strong-password")).ok).toBe(true);
		expect(await setMemberDisabled(admin, admin.actor.userId, true)).toEqual({
			ok: false,
			error: "people.error.selfDisable",
		});
	});

	it("disabling in one tenant keeps the account usable in another", async () => {
		const other = await createTenant(db);
		const shared = await createMember(db, other.id, ["viewer"], {
			passwordHash: await hashPassword("shared-password"),
		});
		const added = await addMember(admin, person({ email: shared.email }));
		if (!added.ok) throw new Error("expected ok");
		await setMemberDisabled(admin, shared.id, true);
		const again = await signIn(shared.email, "shared-password");
		expect(again.ok).toBe(true);
		expect(await findMembership(db.app, shared.id, other.slug)).not.toBeNull();
		expect(await findMembership(db.app, shared.id, tenant.slug)).toBeNull();
	});

	it.each([["union_staff"], ["gov_office"], ["viewer"]] as const)("refuses %s, writing nothing", async (role) => {
		const member = await options(tenant, [role]);
		const input = person();
		await expect(addMember(member, input)).rejects.toThrow(AppError);
		expect(await db.owner.selectFrom("users").select("id").where("email", "=", input.email).execute()).toEqual([]);
	});

	it("a member of another tenant is not found", async () => {
		const other = await createTenant(db);
		const stranger = await createMember(db, other.id, ["viewer"]);
		await expect(setMemberRoles(admin, stranger.id, ["viewer"])).rejects.toMatchObject({ code: "not_found" });
		await expect(setMemberDisabled(admin, stranger.id, true)).rejects.toMatchObject({ code: "not_found" });
		await expect(issueMemberPasswordLink(admin, stranger.id)).rejects.toMatchObject({ code: "not_found" });
	});

	it("writes an audit event for each change, never the password", async () => {
		const input = person({ password: "secret-audit-pass" });
		const added = await addMember(admin, input);
		if (!added.ok) throw new Error("expected ok");
		const rows = await db.owner
			.selectFrom("audit_events")
			.select(["action", "after"])
			.where("entity_id", "=", added.userId)
			.execute();
		expect(rows.map((r) => r.action)).toContain("member.added");
		expect(JSON.stringify(rows)).not.toContain("secret-audit-pass");
	});
});
