import { beforeAll, describe, expect, it } from "vitest";
import { AppError } from "#app/domain/app-error.ts";
import { login } from "#app/domain/auth/login.server.ts";
import { hashPassword } from "#app/domain/auth/password.server.ts";
import { validateSessionToken } from "#app/domain/auth/sessions.server.ts";
import {
	answerInvitation,
	INVITATION_DAYS,
	joinWithNewAccount,
	listInvitations,
	listMyInvitations,
	readInvitation,
} from "#app/domain/people/invitations.server.ts";
import {
	addMember,
	revokeInvitation,
	sendMemberPasswordLink,
	setMemberDisabled,
	setMemberRoles,
} from "#app/domain/people/manage-members.server.ts";
import type { AddMemberInput } from "#app/domain/people/member-schema.ts";
import { checkPasswordLink, redeemPasswordLink } from "#app/domain/people/password-links.server.ts";
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
import { openMailbox } from "#tests/support/mailbox.ts";

const db = await openIntegrationDatabase();
const mailbox = openMailbox(db);
const meta = { ip: "127.0.0.1", userAgent: "vitest", requestId: "members" };
let tenant: TenantFixture;
let admin: Awaited<ReturnType<typeof options>>;

const options = (target: TenantFixture, roles: Role[]) => createActorOptions(db, target, roles);

const person = (overrides: Partial<AddMemberInput> = {}): AddMemberInput => ({
	displayName: "张三",
	email: `p-${uniqueSuffix()}@test.example`,
	phone: "0398-1234567",
	roles: ["union_staff"],
	...overrides,
});

async function signIn(email: string, password: string) {
	return login(db.app, { email, password, meta });
}

/** Invites, then delivers the mail: the link is read from the invited person's mailbox only. */
async function invite(input = person()) {
	const result = await addMember(admin, input);
	if (!result.ok) throw new Error(`invitation refused: ${result.error}`);
	expect(await mailbox.deliver(tenant.id)).toContain("sent");
	return { ...result, input, invitationToken: await mailbox.tokenFor(input.email, "invite") };
}

/** An administrator asks for a set-password link; the member's mailbox receives it. */
async function mailedPasswordLink(userId: string, email: string) {
	const sent = await sendMemberPasswordLink(admin, userId);
	if (!sent.ok) return sent;
	await mailbox.deliver(tenant.id);
	return { ok: true as const, token: await mailbox.tokenFor(email, "set-password") };
}

/** A person new to the platform, invited and joined with their own password; never signed in yet. */
async function newMember(password = "a-strong-password", input = person()) {
	const { invitationToken } = await invite(input);
	const joined = await joinWithNewAccount(db.app, invitationToken, { displayName: "张三", password }, meta);
	if (!joined.ok) throw new Error(`join failed: ${joined.reason}`);
	const user = await db.owner
		.selectFrom("users")
		.select("id")
		.where("email", "=", input.email)
		.executeTakeFirstOrThrow();
	return { userId: user.id, email: input.email, password };
}

beforeAll(async () => {
	tenant = await createTenant(db);
	admin = await options(tenant, ["admin"]);
});

describe("adding a member is an invitation (ADR 0008)", () => {
	it("answers alike for a new email and for an account elsewhere, and creates no membership and no account", async () => {
		const other = await createTenant(db);
		const existing = await createMember(db, other.id, ["viewer"], { passwordHash: await hashPassword("their-own") });
		const fresh = await addMember(admin, person());
		const known = await addMember(admin, person({ email: existing.email }));
		for (const result of [fresh, known]) {
			expect(result.ok).toBe(true);
			expect(Object.keys(result).sort()).toEqual(["invitationId", "ok"]);
		}
		expect(await findMembership(db.app, existing.id, tenant.slug)).toBeNull();
		const listed = await listInvitations(db.app, { userId: admin.actor.userId, tenantId: tenant.id });
		expect(listed.find((i) => i.email === existing.email)?.state).toBe("sending");
		await mailbox.deliver(tenant.id);
		const sent = await listInvitations(db.app, { userId: admin.actor.userId, tenantId: tenant.id });
		expect(sent.find((i) => i.email === existing.email)).toMatchObject({ state: "sent", sendCount: 1 });
		expect((await signIn(existing.email, "their-own")).ok).toBe(true);
	});

	it("a person new to the platform sets their own password from the link and joins; the link works once", async () => {
		const input = person();
		const { invitationToken } = await invite(input);
		expect(await readInvitation(db.app, invitationToken)).toMatchObject({ ok: true, email: input.email });
		expect(await db.owner.selectFrom("users").select("id").where("email", "=", input.email).execute()).toEqual([]);
		const joined = await joinWithNewAccount(
			db.app,
			invitationToken,
			{ displayName: "张三丰", password: "chosen-by-person" },
			meta,
		);
		expect(joined).toEqual({ ok: true, email: input.email });
		const signedIn = await signIn(input.email, "chosen-by-person");
		if (!signedIn.ok) throw new Error("could not sign in");
		expect((await findMembership(db.app, signedIn.userId, tenant.slug))?.roles).toEqual(["union_staff"]);
		const account = await db.owner
			.selectFrom("users")
			.select(["created_in", "display_name", "phone"])
			.where("id", "=", signedIn.userId)
			.executeTakeFirstOrThrow();
		expect(account).toEqual({ created_in: tenant.id, display_name: "张三丰", phone: "0398-1234567" });
		expect(
			await joinWithNewAccount(db.app, invitationToken, { displayName: "x", password: "another-password" }, meta),
		).toEqual({ ok: false, reason: "used" });
		const stored = await db.owner.selectFrom("invitations").select("secret_hash").execute();
		const secret = invitationToken.split(".")[1] ?? "x";
		expect(stored.length).toBeGreaterThan(0);
		expect(
			stored.every(
				(row) =>
					!Buffer.from(row.secret_hash ?? [])
						.toString()
						.includes(secret),
			),
		).toBe(true);
		// Nor does the outbox or any audit event carry it.
		const trail = await db.owner.selectFrom("outbox").select("payload").where("tenant_id", "=", tenant.id).execute();
		expect(JSON.stringify(trail)).not.toContain(secret);
	});

	it("an existing account joins only by accepting while signed in; the link never touches its password", async () => {
		const other = await createTenant(db);
		const existing = await createMember(db, other.id, ["viewer"], { passwordHash: await hashPassword("their-own") });
		const { invitationToken, invitationId } = await invite(person({ email: existing.email }));
		expect(
			await joinWithNewAccount(db.app, invitationToken, { displayName: "冒名", password: "attacker-pass" }, meta),
		).toEqual({ ok: false, reason: "has_account" });
		expect((await signIn(existing.email, "their-own")).ok).toBe(true);
		expect((await signIn(existing.email, "attacker-pass")).ok).toBe(false);
		// Someone else cannot accept it for them, not even the inviting admin.
		expect(
			await answerInvitation(db.app, { userId: admin.actor.userId, invitationId, reply: "accepted", meta }),
		).toEqual({ ok: false, reason: "not_available" });
		expect(await findMembership(db.app, existing.id, tenant.slug)).toBeNull();
		expect((await listMyInvitations(db.app, existing.id)).map((i) => i.id)).toEqual([invitationId]);
		expect(await answerInvitation(db.app, { userId: existing.id, invitationId, reply: "accepted", meta })).toEqual({
			ok: true,
			tenantSlug: tenant.slug,
		});
		expect((await findMembership(db.app, existing.id, tenant.slug))?.roles).toEqual(["union_staff"]);
		expect(await listMyInvitations(db.app, existing.id)).toEqual([]);
		const events = await db.owner
			.selectFrom("audit_events")
			.select(["action", "actor_user_id"])
			.where("tenant_id", "=", tenant.id)
			.where("entity_id", "in", [existing.id, invitationId])
			.orderBy("at")
			.execute();
		expect(events).toEqual([
			{ action: "member.invited", actor_user_id: admin.actor.userId },
			{ action: "member.invitation_accepted", actor_user_id: existing.id },
		]);
		const told = await db.owner
			.selectFrom("notifications")
			.select("kind")
			.where("user_id", "=", admin.actor.userId)
			.where("entity_id", "=", existing.id)
			.execute();
		expect(told).toEqual([{ kind: "invitation.accepted" }]);
	});

	it("a declined invitation adds nothing and says so in the audit trail", async () => {
		const other = await createTenant(db);
		const existing = await createMember(db, other.id, ["viewer"]);
		const { invitationId } = await invite(person({ email: existing.email }));
		expect(
			await answerInvitation(db.app, { userId: existing.id, invitationId, reply: "declined", meta }),
		).toMatchObject({ ok: true });
		expect(await findMembership(db.app, existing.id, tenant.slug)).toBeNull();
		expect(await answerInvitation(db.app, { userId: existing.id, invitationId, reply: "accepted", meta })).toEqual({
			ok: false,
			reason: "not_available",
		});
		const actions = await db.owner
			.selectFrom("audit_events")
			.select("action")
			.where("entity_id", "=", existing.id)
			.where("tenant_id", "=", tenant.id)
			.execute();
		expect(actions.map((a) => a.action)).toEqual(["member.invitation_declined"]);
	});

	it("refuses a second pending invitation, a member's email, an expired, a forged and a withdrawn link", async () => {
		const input = person();
		const { invitationToken, invitationId } = await invite(input);
		expect(await addMember(admin, person({ email: input.email }))).toEqual({
			ok: false,
			field: "email",
			error: "people.error.alreadyInvited",
		});
		const later = new Date(Date.now() + INVITATION_DAYS * 86_400_000 + 1000);
		expect(await readInvitation(db.app, invitationToken, later)).toEqual({ ok: false, reason: "expired" });
		expect(
			await joinWithNewAccount(db.app, invitationToken, { displayName: "x", password: "too-late-pass" }, meta, later),
		).toEqual({ ok: false, reason: "expired" });
		const forged = `${invitationToken.slice(0, 33)}${"a".repeat(32)}`;
		expect(await readInvitation(db.app, forged)).toEqual({ ok: false, reason: "invalid" });
		expect(await revokeInvitation(admin, invitationId)).toEqual({ ok: true });
		expect(await readInvitation(db.app, invitationToken)).toEqual({ ok: false, reason: "used" });
		await expect(revokeInvitation(admin, invitationId)).rejects.toMatchObject({ code: "not_found" });
		const member = await newMember();
		expect(await addMember(admin, person({ email: member.email }))).toMatchObject({
			ok: false,
			error: "people.error.alreadyMember",
		});
	});
});

describe("managing members", () => {
	it("changes roles within one side; nobody changes their own roles", async () => {
		const member = await newMember();
		expect(await setMemberRoles(admin, member.userId, ["gov_office", "admin"])).toEqual({ ok: true });
		expect((await findMembership(db.app, member.userId, tenant.slug))?.roles).toEqual(["gov_office", "admin"]);
		expect(await setMemberRoles(admin, member.userId, ["gov_office", "union_chair"])).toEqual({
			ok: false,
			error: "people.error.oneSide",
		});
		for (const roles of [["viewer"], ["admin", "gov_head"], ["admin"]] as Role[][]) {
			expect(await setMemberRoles(admin, admin.actor.userId, roles)).toEqual({
				ok: false,
				error: "people.error.ownRoles",
			});
		}
		expect((await findMembership(db.app, member.userId, tenant.slug))?.roles).toEqual(["gov_office", "admin"]);
	});

	it("an account this unit holds (never signed in) can get a set-password link and be disabled as a whole", async () => {
		const member = await newMember();
		const issued = await mailedPasswordLink(member.userId, member.email);
		if (!issued.ok) throw new Error("expected a link");
		expect(await checkPasswordLink(db.app, issued.token)).toMatchObject({ ok: true, email: member.email });
		expect(await setMemberDisabled(admin, member.userId, true)).toEqual({ ok: true, accountWide: true });
		expect((await signIn(member.email, member.password)).ok).toBe(false);
		expect(await setMemberDisabled(admin, member.userId, false)).toEqual({ ok: true, accountWide: true });
		expect((await redeemPasswordLink(db.app, issued.token, "set-by-link-1")).ok).toBe(true);
		expect((await signIn(member.email, "set-by-link-1")).ok).toBe(true);
	});

	it("once the person has signed in, the account is theirs: no link, disabling ends access here only", async () => {
		const member = await newMember();
		const early = await mailedPasswordLink(member.userId, member.email);
		if (!early.ok) throw new Error("expected a link");
		const session = await signIn(member.email, member.password);
		if (!session.ok) throw new Error("login failed");
		expect(await sendMemberPasswordLink(admin, member.userId)).toEqual({
			ok: false,
			error: "people.error.notManaged",
		});
		// A link made before the first sign-in stops working at it.
		expect(await checkPasswordLink(db.app, early.token)).toEqual({ ok: false, reason: "invalid" });
		expect(await setMemberDisabled(admin, member.userId, true)).toEqual({ ok: true, accountWide: false });
		expect(await findMembership(db.app, member.userId, tenant.slug)).toBeNull();
		expect(await validateSessionToken(db.app, session.token)).not.toBeNull();
		await setMemberDisabled(admin, member.userId, false);
		expect(await findMembership(db.app, member.userId, tenant.slug)).not.toBeNull();
		expect(await setMemberDisabled(admin, admin.actor.userId, true)).toEqual({
			ok: false,
			error: "people.error.selfDisable",
		});
	});

	it.each([["union_staff"], ["gov_office"], ["viewer"]] as const)("refuses %s, writing nothing", async (role) => {
		const member = await options(tenant, [role]);
		const input = person();
		await expect(addMember(member, input)).rejects.toThrow(AppError);
		expect(await db.owner.selectFrom("invitations").select("id").where("email", "=", input.email).execute()).toEqual(
			[],
		);
	});

	it("a member of another tenant is not found", async () => {
		const other = await createTenant(db);
		const stranger = await createMember(db, other.id, ["viewer"]);
		await expect(setMemberRoles(admin, stranger.id, ["viewer"])).rejects.toMatchObject({ code: "not_found" });
		await expect(setMemberDisabled(admin, stranger.id, true)).rejects.toMatchObject({ code: "not_found" });
		await expect(sendMemberPasswordLink(admin, stranger.id)).rejects.toMatchObject({ code: "not_found" });
	});

	it("lists members with name, phone and roles, and writes audit events without passwords", async () => {
		const member = await newMember("secret-audit-pass");
		const members = await listMembers(db.app, { userId: admin.actor.userId, tenantId: tenant.id });
		expect(members.find((m) => m.email === member.email)).toMatchObject({
			name: "张三",
			phone: "0398-1234567",
			roles: ["union_staff"],
		});
		const rows = await db.owner
			.selectFrom("audit_events")
			.select(["action", "after"])
			.where("entity_id", "=", member.userId)
			.execute();
		expect(rows.map((r) => r.action)).toContain("member.invitation_accepted");
		expect(JSON.stringify(rows)).not.toContain("secret-audit-pass");
	});
});
