import type { Kysely } from "kysely";
import { runAs, unsafeEnterChildTenant } from "#db/run-as.ts";
import type { Database } from "#db/schema.ts";
import { AppError } from "../app-error.ts";
import { recordAudit } from "../audit/record-audit.server.ts";
import { createInvitation } from "../people/invitations.server.ts";
import { can } from "../tenancy/permissions.ts";
import type { TenantMembership } from "../tenancy/tenant-access.server.ts";
import type { ChildTenantInput } from "./child-tenant-schema.ts";

interface CreateChildTenantOptions {
	db: Kysely<Database>;
	actor: { userId: string; membership: TenantMembership };
	input: ChildTenantInput;
	meta: { ip: string | null; userAgent: string | null; requestId: string | null };
}

type CreateChildTenantResult =
	| { ok: true; slug: string; tenantId: string; invitationId: string }
	| { ok: false; field: "slug"; error: "children.error.slugTaken" };

const isUniqueViolation = (error: unknown, constraint: string) =>
	typeof error === "object" &&
	error !== null &&
	(error as { code?: string }).code === "23505" &&
	String((error as { constraint?: string; message?: string }).constraint ?? (error as Error).message).includes(
		constraint,
	);

/**
 * W1: a tenant's admin sets up a county, zone or industry body below it in one transaction: the
 * child, the invitation of its first admin (a one-time link), and an audit event on each side.
 */
export async function createChildTenant({
	db,
	actor,
	input,
	meta,
}: CreateChildTenantOptions): Promise<CreateChildTenantResult> {
	if (!can(actor.membership.roles, "children.manage")) throw new AppError("forbidden");
	const parentId = actor.membership.tenant.id;
	try {
		return await runAs(db, { userId: actor.userId, tenantId: parentId }, async (tx) => {
			const child = await tx
				.insertInto("tenants")
				.values({
					parent_id: parentId,
					kind: input.kind,
					slug: input.slug,
					name: input.name,
					gov_name: input.govName,
					union_name: input.unionName,
					division_code: input.divisionCode ?? null,
				})
				.returning(["id", "slug"])
				.executeTakeFirstOrThrow();
			await recordAudit(tx, {
				tenantId: parentId,
				actorUserId: actor.userId,
				action: "tenant.child_created",
				entityType: "tenant",
				entityId: child.id,
				after: { kind: input.kind, slug: input.slug, name: input.name, admin_email: input.adminEmail },
				meta,
			});

			// The first admin joins by invitation like anyone else (ADR 0008): the link is mailed to the
			// address; whether it has an account is neither looked up nor told, and an existing account
			// is never attached unasked.
			await unsafeEnterChildTenant(tx, child.id);
			const invitation = await createInvitation(tx, {
				tenantId: child.id,
				invitedBy: actor.userId,
				input: { email: input.adminEmail, displayName: input.adminName, roles: ["admin"] },
			});
			await recordAudit(tx, {
				tenantId: child.id,
				actorUserId: actor.userId,
				action: "member.invited",
				entityType: "invitation",
				entityId: invitation.id,
				after: { roles: ["admin"], email: input.adminEmail },
				meta,
			});
			return { ok: true as const, slug: child.slug, tenantId: child.id, invitationId: invitation.id };
		});
	} catch (error) {
		if (isUniqueViolation(error, "tenants_slug_key"))
			return { ok: false, field: "slug", error: "children.error.slugTaken" };
		throw error;
	}
}
