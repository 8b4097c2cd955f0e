import { type Kysely, sql } from "kysely";
import { runAs, type Tx } from "#db/run-as.ts";
import type { Database, Role } from "#db/schema.ts";
import { AppError } from "../app-error.ts";
import type { AuditKind } from "../audit/audit-kinds.ts";
import { recordAudit } from "../audit/record-audit.server.ts";
import { invalidateUserSessions } from "../auth/sessions.server.ts";
import { can } from "../tenancy/permissions.ts";
import { sideOfRoles } from "../tenancy/sides.ts";
import type { TenantMembership } from "../tenancy/tenant-access.server.ts";
import { createInvitation, INVITATION_DAYS, queueInvitationMail } from "./invitations.server.ts";
import type { AddMemberInput } from "./member-schema.ts";
import { queuePasswordLinkMail } from "./password-links.server.ts";

interface MemberOptions {
	db: Kysely<Database>;
	actor: { userId: string; membership: TenantMembership };
	meta: { ip: string | null; userAgent: string | null; requestId: string | null };
}

type Meta = MemberOptions["meta"];

function requireAdmin(actor: MemberOptions["actor"]) {
	if (!can(actor.membership.roles, "members.manage")) throw new AppError("forbidden");
	return actor.membership.tenant.id;
}

async function audit(
	tx: Tx,
	options: MemberOptions,
	action: AuditKind,
	userId: string,
	after?: unknown,
	before?: unknown,
) {
	await recordAudit(tx, {
		tenantId: options.actor.membership.tenant.id,
		actorUserId: options.actor.userId,
		action,
		entityType: "user",
		entityId: userId,
		before,
		after,
		meta: options.meta as Meta,
	});
}

type AddMemberResult =
	| { ok: true; invitationId: string }
	| { ok: false; field: "email"; error: "people.error.alreadyMember" | "people.error.alreadyInvited" }
	| { ok: false; field: "roles"; error: "people.error.oneSide" };

/**
 * Adds a person to the unit by invitation (ADR 0008): a one-time link mailed to the address, with
 * which the person joins — signed in if they have an account, or by setting their password if they
 * are new to the platform. The answer is the same either way: this unit learns nothing about
 * accounts elsewhere, the administrator never holds the link, and nobody becomes a member without
 * consent.
 */
export async function addMember(options: MemberOptions, input: AddMemberInput): Promise<AddMemberResult> {
	const tenantId = requireAdmin(options.actor);
	if (sideOfRoles(input.roles as Role[]) === "mixed")
		return { ok: false, field: "roles", error: "people.error.oneSide" };
	return runAs(options.db, { userId: options.actor.userId, tenantId }, async (tx) => {
		// Members of this unit are visible to its admin anyway: saying so tells nothing new.
		const member = await tx
			.selectFrom("memberships as m")
			.innerJoin("users as u", "u.id", "m.user_id")
			.select("m.user_id")
			.where("m.tenant_id", "=", tenantId)
			.where("u.email", "=", input.email)
			.executeTakeFirst();
		if (member) return { ok: false, field: "email", error: "people.error.alreadyMember" };
		const invited = await tx
			.selectFrom("invitations")
			.select("id")
			.where("tenant_id", "=", tenantId)
			.where("email", "=", input.email)
			.where("status", "=", "pending")
			.executeTakeFirst();
		if (invited) return { ok: false, field: "email", error: "people.error.alreadyInvited" };
		const invitation = await createInvitation(tx, {
			tenantId,
			invitedBy: options.actor.userId,
			input: { email: input.email, displayName: input.displayName, phone: input.phone, roles: input.roles as Role[] },
		});
		await recordAudit(tx, {
			tenantId,
			actorUserId: options.actor.userId,
			action: "member.invited",
			entityType: "invitation",
			entityId: invitation.id,
			after: { email: input.email, roles: input.roles },
			meta: options.meta,
		});
		return { ok: true, invitationId: invitation.id };
	});
}

/**
 * Mails a pending invitation again with a new link (the earlier one stops working) and renews its
 * term; an expired one may be resent too.
 */
export async function resendInvitation(options: MemberOptions, invitationId: string): Promise<MemberChangeResult> {
	const tenantId = requireAdmin(options.actor);
	if (!/^[0-9a-f-]{36}$/.test(invitationId)) throw new AppError("not_found");
	return runAs(options.db, { userId: options.actor.userId, tenantId }, async (tx) => {
		const renewed = await tx
			.updateTable("invitations")
			.set({ expires_at: new Date(Date.now() + INVITATION_DAYS * 86_400_000) })
			.where("tenant_id", "=", tenantId)
			.where("id", "=", invitationId)
			.where("status", "=", "pending")
			.returning("email")
			.executeTakeFirst();
		if (!renewed) throw new AppError("not_found");
		await queueInvitationMail(tx, tenantId, invitationId);
		await recordAudit(tx, {
			tenantId,
			actorUserId: options.actor.userId,
			action: "member.invitation_resent",
			entityType: "invitation",
			entityId: invitationId,
			after: { email: renewed.email },
			meta: options.meta,
		});
		return { ok: true };
	});
}

/** Withdraws a pending invitation of this unit; its link stops working. */
export async function revokeInvitation(options: MemberOptions, invitationId: string): Promise<MemberChangeResult> {
	const tenantId = requireAdmin(options.actor);
	if (!/^[0-9a-f-]{36}$/.test(invitationId)) throw new AppError("not_found");
	return runAs(options.db, { userId: options.actor.userId, tenantId }, async (tx) => {
		const revoked = await tx
			.updateTable("invitations")
			.set({ status: "revoked", answered_at: new Date() })
			.where("tenant_id", "=", tenantId)
			.where("id", "=", invitationId)
			.where("status", "=", "pending")
			.executeTakeFirst();
		if (Number(revoked.numUpdatedRows) === 0) throw new AppError("not_found");
		await recordAudit(tx, {
			tenantId,
			actorUserId: options.actor.userId,
			action: "member.invitation_revoked",
			entityType: "invitation",
			entityId: invitationId,
			meta: options.meta,
		});
		return { ok: true };
	});
}

/**
 * Whether this unit holds the account itself (ADR 0008): it created it, the person belongs to no
 * other unit and has never signed in. Only then may the unit touch the account's credentials.
 */
async function accountManagedHere(tx: Tx, userId: string, tenantId: string): Promise<boolean> {
	const { rows } = await sql<{ managed: boolean }>`
		select app_account_managed_by(${userId}, ${tenantId}) as managed`.execute(tx);
	return rows[0]?.managed ?? false;
}

async function loadMember(tx: Tx, tenantId: string, userId: string) {
	const row = await tx
		.selectFrom("memberships")
		.select(["roles", "disabled_at"])
		.where("tenant_id", "=", tenantId)
		.where("user_id", "=", userId)
		.forUpdate()
		.executeTakeFirst();
	if (!row) throw new AppError("not_found");
	return row;
}

type MemberChangeResult =
	| { ok: true }
	| { ok: false; error: "people.error.ownRoles" | "people.error.oneSide" | "people.error.selfDisable" };

export async function setMemberRoles(
	options: MemberOptions,
	userId: string,
	roles: Role[],
): Promise<MemberChangeResult> {
	const tenantId = requireAdmin(options.actor);
	// Another administrator of the unit changes an administrator's roles (the database refuses too).
	if (userId === options.actor.userId) return { ok: false, error: "people.error.ownRoles" };
	if (sideOfRoles(roles) === "mixed") return { ok: false, error: "people.error.oneSide" };
	return runAs(options.db, { userId: options.actor.userId, tenantId }, async (tx) => {
		const before = await loadMember(tx, tenantId, userId);
		await tx
			.updateTable("memberships")
			.set({ roles, updated_at: new Date() })
			.where("tenant_id", "=", tenantId)
			.where("user_id", "=", userId)
			.execute();
		await audit(tx, options, "member.roles_changed", userId, { roles }, { roles: before.roles });
		return { ok: true };
	});
}

/**
 * Disabling ends the person's access to this unit. Only an account this unit holds (created here,
 * in no other unit, never signed in) is also disabled as a whole, with its sessions ended; any other
 * account stays as its owner left it (ADR 0008). Re-enabling undoes what disabling did.
 */
export async function setMemberDisabled(
	options: MemberOptions,
	userId: string,
	disabled: boolean,
): Promise<{ ok: true; accountWide: boolean } | { ok: false; error: "people.error.selfDisable" }> {
	const tenantId = requireAdmin(options.actor);
	if (disabled && userId === options.actor.userId) return { ok: false, error: "people.error.selfDisable" };
	return runAs(options.db, { userId: options.actor.userId, tenantId }, async (tx) => {
		await loadMember(tx, tenantId, userId);
		const now = new Date();
		await tx
			.updateTable("memberships")
			.set({ disabled_at: disabled ? now : null, updated_at: now })
			.where("tenant_id", "=", tenantId)
			.where("user_id", "=", userId)
			.execute();
		// Other units' memberships are invisible here: one narrow database function answers.
		const accountWide = await accountManagedHere(tx, userId, tenantId);
		if (accountWide) {
			if (disabled) await invalidateUserSessions(tx, userId);
			await tx
				.updateTable("users")
				.set({ disabled_at: disabled ? now : null })
				.where("id", "=", userId)
				.execute();
		}
		await audit(tx, options, disabled ? "member.disabled" : "member.enabled", userId, { account_wide: accountWide });
		return { ok: true, accountWide };
	});
}

type PasswordLinkResult = { ok: true } | { ok: false; error: "people.error.notManaged" };

/**
 * Mails a new one-time set-password link to the member's own address, only for an account this unit
 * holds (ADR 0008): anyone else sets their own password or uses 忘记密码. The administrator never
 * sees the link; the mailing process checks the account again when it mints it.
 */
export async function sendMemberPasswordLink(options: MemberOptions, userId: string): Promise<PasswordLinkResult> {
	const tenantId = requireAdmin(options.actor);
	return runAs(options.db, { userId: options.actor.userId, tenantId }, async (tx) => {
		await loadMember(tx, tenantId, userId);
		if (!(await accountManagedHere(tx, userId, tenantId))) return { ok: false, error: "people.error.notManaged" };
		await queuePasswordLinkMail(tx, { userId, issuedBy: options.actor.userId, tenantId });
		await audit(tx, options, "member.password_link_sent", userId);
		return { ok: true };
	});
}
