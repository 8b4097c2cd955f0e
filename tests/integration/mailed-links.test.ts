import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { RESET_LIMITS, requestPasswordReset } from "#app/domain/auth/forgot-password.server.ts";
import { login } from "#app/domain/auth/login.server.ts";
import { hashPassword } from "#app/domain/auth/password.server.ts";
import { validateSessionToken } from "#app/domain/auth/sessions.server.ts";
import { joinWithNewAccount, listInvitations, readInvitation } from "#app/domain/people/invitations.server.ts";
import { addMember, resendInvitation, revokeInvitation } from "#app/domain/people/manage-members.server.ts";
import { checkPasswordLink, redeemPasswordLink } from "#app/domain/people/password-links.server.ts";
import { runAs } from "#db/run-as.ts";
import {
	createActorOptions,
	createMember,
	createTenant,
	openIntegrationDatabase,
	uniqueSuffix,
} from "#tests/support/integration-db.ts";
import { addressesOf, openMailbox } from "#tests/support/mailbox.ts";

const db = await openIntegrationDatabase();
const meta = { ip: "198.51.100.7", userAgent: "vitest", requestId: "mailed-links" };
const email = () => `m-${uniqueSuffix()}@test.example`;

describe("links reach only the invited mailbox (ADR 0008)", () => {
	it("the pre-registration chain ends refused: the inviting admin never holds a link, the mailbox owner does", async () => {
		const hubin = await createTenant(db, { kind: "county" });
		const city = await createTenant(db);
		const hostileAdmin = await createActorOptions(db, hubin, ["admin"]);
		const cityAdmin = await createActorOptions(db, city, ["admin"]);
		const mailbox = openMailbox(db);
		const victim = email();
		const added = await addMember(hostileAdmin, { email: victim, displayName: "新同志", roles: ["viewer"] });
		// What the administrator gets back carries no token, and nothing readable by the app role does.
		expect(added).toEqual({ ok: true, invitationId: expect.any(String) });
		const visible = await runAs(db.app, { userId: hostileAdmin.actor.userId, tenantId: hubin.id }, (tx) =>
			tx.selectFrom("invitations").selectAll().where("tenant_id", "=", hubin.id).execute(),
		);
		expect(visible.map((row) => row.token_id)).toEqual([null]);
		await mailbox.deliver(hubin.id);
		const token = await mailbox.tokenFor(victim, "invite");
		const [message] = await mailbox.messages();
		expect(message && addressesOf(message)).toEqual([victim]);
		expect(message?.subject).toContain("邀请您加入");
		// The database hands no stored secret to anyone, and the app role cannot write a token itself.
		await expect(
			runAs(db.app, { userId: hostileAdmin.actor.userId, tenantId: hubin.id }, (tx) =>
				sql`insert into invitations (tenant_id, tenant_name, tenant_kind, email, display_name, roles, token_id, secret_hash, invited_by, expires_at)
					values (${hubin.id}, 'x', 'county', ${email()}, 'x', ${["viewer"]}, 'aaaaaaaaaaaaaaaaaaaaaaaa', '\\x00', ${hostileAdmin.actor.userId}, now() + interval '1 day')`.execute(
					tx,
				),
			),
		).rejects.toThrow(/permission denied/);
		await expect(
			runAs(db.app, { userId: hostileAdmin.actor.userId, tenantId: hubin.id }, (tx) =>
				sql`insert into password_tokens (id, secret_hash, user_id, expires_at)
					values ('bbbbbbbbbbbbbbbbbbbbbbbb', '\\x00', ${hostileAdmin.actor.userId}, now() + interval '1 day')`.execute(
					tx,
				),
			),
		).rejects.toThrow(/permission denied/);
		// The owner of the mailbox joins; later the city invites the same address and only they can answer.
		expect(
			await joinWithNewAccount(db.app, token, { displayName: "新同志", password: "owner-chosen-1" }, meta),
		).toEqual({
			ok: true,
			email: victim,
		});
		expect((await addMember(cityAdmin, { email: victim, displayName: "新同志", roles: ["admin"] })).ok).toBe(true);
		await mailbox.deliver(city.id);
		expect(await mailbox.tokenFor(victim, "invite")).not.toBe(token);
	});

	it("resending mails a new link, the earlier one stops working, the term is renewed; a withdrawn one mails nothing", async () => {
		const unit = await createTenant(db);
		const admin = await createActorOptions(db, unit, ["admin"]);
		const mailbox = openMailbox(db);
		const address = email();
		const added = await addMember(admin, { email: address, displayName: "王五", roles: ["union_staff"] });
		if (!added.ok) throw new Error("refused");
		await mailbox.deliver(unit.id);
		const first = await mailbox.tokenFor(address, "invite");
		await db.owner
			.updateTable("invitations")
			.set({ expires_at: new Date(Date.now() - 1000) })
			.where("id", "=", added.invitationId)
			.execute();
		const actor = { userId: admin.actor.userId, tenantId: unit.id };
		expect((await listInvitations(db.app, actor)).map((i) => i.state)).toEqual(["expired"]);
		expect(await resendInvitation(admin, added.invitationId)).toEqual({ ok: true });
		expect(await mailbox.deliver(unit.id)).toEqual(["sent"]);
		// The same outbox message handed out again mints and sends nothing.
		const second = await mailbox.tokenFor(address, "invite");
		expect(second).not.toBe(first);
		expect(await readInvitation(db.app, first)).toEqual({ ok: false, reason: "invalid" });
		expect(await readInvitation(db.app, second)).toMatchObject({ ok: true, email: address });
		expect((await listInvitations(db.app, actor))[0]).toMatchObject({ state: "sent", sendCount: 2 });
		expect(await revokeInvitation(admin, added.invitationId)).toEqual({ ok: true });
		expect((await listInvitations(db.app, actor))[0]?.state).toBe("revoked");
		await expect(resendInvitation(admin, added.invitationId)).rejects.toMatchObject({ code: "not_found" });
		expect(await readInvitation(db.app, second)).toEqual({ ok: false, reason: "used" });
		const audit = await db.owner
			.selectFrom("audit_events")
			.select("action")
			.where("entity_id", "=", added.invitationId)
			.orderBy("at")
			.execute();
		expect(audit.map((a) => a.action)).toEqual([
			"member.invited",
			"member.invitation_resent",
			"member.invitation_revoked",
		]);
	});

	it("a delivery handed out twice sends one email", async () => {
		const unit = await createTenant(db);
		const admin = await createActorOptions(db, unit, ["admin"]);
		const mailbox = openMailbox(db);
		const address = email();
		await addMember(admin, { email: address, displayName: "赵六", roles: ["viewer"] });
		const [row] = await db.owner.selectFrom("outbox").select(["payload"]).where("tenant_id", "=", unit.id).execute();
		await mailbox.deliver(unit.id);
		const { handleOutboxMessage } = await import("#workers/handlers.ts");
		const { createMailer } = await import("#workers/email/mailer.ts");
		const { createLogger } = await import("#app/lib/logger.server.ts");
		const ctx = {
			db,
			mailer: createMailer({ dataDir: mailbox.dir, from: "x <x@x.example>" }),
			publicUrl: "https://lianxi.example",
			log: createLogger("silent"),
			now: () => new Date(),
		};
		expect(await handleOutboxMessage(ctx, "invitation.created", unit.id, row?.payload)).toBe("already");
		expect((await mailbox.messages()).length).toBe(1);
	});
});

describe("forgotten password", () => {
	it("answers alike with and without an account, mails only the account, and the link works once within an hour", async () => {
		const unit = await createTenant(db);
		const member = await createMember(db, unit.id, ["viewer"], { passwordHash: await hashPassword("old-password-1") });
		const mailbox = openMailbox(db);
		const stranger = email();
		expect(await requestPasswordReset(db.app, member.email, meta)).toBe("sent");
		expect(await requestPasswordReset(db.app, stranger, meta)).toBe("sent");
		await mailbox.deliver(unit.id);
		const messages = await mailbox.messages();
		expect(messages.flatMap(addressesOf)).toEqual([member.email]);
		expect(messages[0]?.subject).toContain("重置");
		const token = await mailbox.tokenFor(member.email, "set-password");
		expect(await checkPasswordLink(db.app, token)).toMatchObject({ ok: true, purpose: "reset" });
		expect(await checkPasswordLink(db.app, token, new Date(Date.now() + 61 * 60_000))).toEqual({
			ok: false,
			reason: "expired",
		});
		const session = await login(db.app, { email: member.email, password: "old-password-1", meta });
		if (!session.ok) throw new Error("sign-in failed");
		expect((await redeemPasswordLink(db.app, token, "new-password-22", new Date(), meta)).ok).toBe(true);
		// Every session of the account ended; the link works once; the new password signs in.
		expect(await validateSessionToken(db.app, session.token)).toBeNull();
		expect(await redeemPasswordLink(db.app, token, "another-password-3")).toEqual({ ok: false, reason: "used" });
		expect((await login(db.app, { email: member.email, password: "new-password-22", meta })).ok).toBe(true);
		const events = await db.owner
			.selectFrom("security_events")
			.select("kind")
			.where("user_id", "=", member.id)
			.where("kind", "in", ["password_reset_requested", "password_reset"])
			.orderBy("at")
			.execute();
		expect(events.map((e) => e.kind)).toEqual(["password_reset_requested", "password_reset"]);
	});

	it("limits requests per address and per source, whether or not the address has an account", async () => {
		const unit = await createTenant(db);
		const member = await createMember(db, unit.id, ["viewer"]);
		for (const address of [member.email, email()]) {
			const source = { ...meta, ip: `203.0.113.${Math.floor(Math.random() * 200)}-${uniqueSuffix()}` };
			for (let i = 0; i < RESET_LIMITS.perAddress; i++)
				expect(await requestPasswordReset(db.app, address, source)).toBe("sent");
			expect(await requestPasswordReset(db.app, address, source)).toBe("throttled");
			// Another source asking for the same address is limited too (the mailbox is what is protected).
			expect(await requestPasswordReset(db.app, address, { ...source, ip: "192.0.2.99" })).toBe("throttled");
		}
		const ip = `source-${uniqueSuffix()}`;
		const outcomes: string[] = [];
		for (let i = 0; i <= RESET_LIMITS.perSource; i++)
			outcomes.push(await requestPasswordReset(db.app, email(), { ...meta, ip }));
		expect(outcomes.filter((o) => o === "sent")).toHaveLength(RESET_LIMITS.perSource);
		expect(outcomes.at(-1)).toBe("throttled");
		const mails = await db.owner
			.selectFrom("outbox")
			.select("id")
			.where("tenant_id", "=", unit.id)
			.where("topic", "=", "password.reset_requested")
			.execute();
		expect(mails).toHaveLength(RESET_LIMITS.perAddress);
		// The requests are read by the one function only: the app role sees none of them, signed in or not.
		for (const actor of [
			{ userId: member.id, tenantId: unit.id },
			{ userId: null, tenantId: null },
		])
			await expect(
				runAs(db.app, actor, (tx) => tx.selectFrom("password_reset_requests").selectAll().execute()),
			).rejects.toThrow(/permission denied/);
		await expect(
			runAs(db.app, { userId: member.id, tenantId: unit.id }, (tx) =>
				sql`select app_request_password_reset(${member.email}, 'x', 'x', 'x', 100, 100)`.execute(tx),
			),
		).rejects.toThrow(/sign-in unit of work/);
	});
});
