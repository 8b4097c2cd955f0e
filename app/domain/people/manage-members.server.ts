import { type Kysely, sql } from "kysely";
import { allowEmailLookup, runAs, type Tx } from "#db/run-as.ts";
import type { Database, Role } from "#db/schema.ts";
import { AppError } from "../app-error.ts";
import { recordAudit } from "../audit/record-audit.server.ts";
import { hashPassword } from "../auth/password.server.ts";
import { invalidateUserSessions } from "../auth/sessions.server.ts";
import { can } from "../tenancy/permissions.ts";
import type { TenantMembership } from "../tenancy/tenant-access.server.ts";
import type { AddMemberInput } from "./member-schema.ts";
import { issuePasswordLink } from "./password-links.server.ts";

export interface MemberOptions {
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
	action: string,
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

export type AddMemberResult =
	| { ok: true; userId: string; existingAccount: boolean; passwordLinkToken: string | null }
	| { ok: false; field: "email"; error: "people.error.alreadyMember" };

/**
 * Adds a person to the tenant. A new email gets an account (with the initial password or a one-time
 * set-password link); an existing account (a person in several tenants) just gets the membership,
 * its name and password untouched.
 */
export async function addMember(options: MemberOptions, input: AddMemberInput): Promise<AddMemberResult> {
	const tenantId = requireAdmin(options.actor);
	const passwordHash = await hashPassword(
		input.credential === "password" && input.password ? input.password : crypto.randomUUID(),
	);
	return runAs(options.db, { userId: options.actor.userId, tenantId }, async (tx) => {
		await allowEmailLookup(tx, input.email);
		const existing = await tx.selectFrom("users").select("id").where("email", "=", input.email).executeTakeFirst();
		if (existing) {
			const member = await tx
				.selectFrom("memberships")
				.select("user_id")
				.where("tenant_id", "=", tenantId)
				.where("user_id", "=", existing.id)
				.executeTakeFirst();
			if (member) return { ok: false, field: "email", error: "people.error.alreadyMember" };
		}
		const userId =
			existing?.id ??
			(
				await tx
					.insertInto("users")
					.values({
						email: input.email,
						display_name: input.displayName,
						phone: input.phone ?? null,
						password_hash: passwordHash,
					})
					.returning("id")
					.executeTakeFirstOrThrow()
			).id;
		await tx
			.insertInto("memberships")
			.values({ tenant_id: tenantId, user_id: userId, roles: input.roles as Role[] })
			.execute();
		const token =
			!existing && input.credential === "link"
				? await issuePasswordLink(tx, { userId, issuedBy: options.actor.userId, tenantId })
				: null;
		await audit(tx, options, "member.added", userId, {
			email: input.email,
			roles: input.roles,
			existing_account: Boolean(existing),
		});
		if (token) await audit(tx, options, "member.password_link_issued", userId);
		return { ok: true, userId, existingAccount: Boolean(existing), passwordLinkToken: token };
	});
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

export type MemberChangeResult = { ok: true } | { ok: false; error: string };

export async function setMemberRoles(
	options: MemberOptions,
	userId: string,
	roles: Role[],
): Promise<MemberChangeResult> {
	const tenantId = requireAdmin(options.actor);
	if (userId === options.actor.userId && !roles.includes("admin"))
		return { ok: false, error: "people.error.selfDemote" };
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
 * Disabling ends the person's access here and all their sessions; an account with no other active
 * membership is disabled as a whole (login refused). Re-enabling undoes both.
 */
export async function setMemberDisabled(
	options: MemberOptions,
	userId: string,
	disabled: boolean,
): Promise<MemberChangeResult> {
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
		// Other tenants' memberships are invisible here: one narrow database function answers.
		const { rows } = await sql<{ other: boolean }>`
			select app_has_other_active_membership(${userId}, ${tenantId}) as other`.execute(tx);
		const elsewhere = rows[0]?.other ?? false;
		if (disabled) {
			await invalidateUserSessions(tx, userId);
			if (!elsewhere) await tx.updateTable("users").set({ disabled_at: now }).where("id", "=", userId).execute();
		} else {
			await tx.updateTable("users").set({ disabled_at: null }).where("id", "=", userId).execute();
		}
		await audit(tx, options, disabled ? "member.disabled" : "member.enabled", userId);
		return { ok: true };
	});
}

/** A new one-time set-password link for a member of this tenant. */
export async function issueMemberPasswordLink(options: MemberOptions, userId: string): Promise<string> {
	const tenantId = requireAdmin(options.actor);
	return runAs(options.db, { userId: options.actor.userId, tenantId }, async (tx) => {
		await loadMember(tx, tenantId, userId);
		const token = await issuePasswordLink(tx, { userId, issuedBy: options.actor.userId, tenantId });
		await audit(tx, options, "member.password_link_issued", userId);
		return token;
	});
}
