import type { Kysely } from "kysely";
import { z } from "zod";
import { runAs, unsafeEnterChildTenant } from "#db/run-as.ts";
import type { Database, Role } from "#db/schema.ts";
import { AppError } from "../app-error.ts";
import { recordAudit } from "../audit/record-audit.server.ts";
import { choiceList } from "../list-fields.ts";
import { can } from "../tenancy/permissions.ts";
import { roles as allRoles } from "../tenancy/roles.ts";
import { sideOfRoles } from "../tenancy/sides.ts";
import type { TenantMembership } from "../tenancy/tenant-access.server.ts";

/** The form: which child unit, its administrator's email, and the roles they are to hold. */
export const childAdminRolesSchema = z.object({
	childId: z.uuid({ error: "form.error.invalid" }),
	email: z.email({ error: "people.error.email" }).trim().toLowerCase(),
	roles: choiceList(z.enum(allRoles as [Role, ...Role[]]), allRoles.length).refine(
		(r) => r.length > 0,
		"people.error.roles",
	),
});

type ChildAdminRolesResult =
	| { ok: true }
	| {
			ok: false;
			field: "email" | "roles";
			error: "children.error.notOnlyAdmin" | "people.error.oneSide" | "children.error.keepAdmin";
	  };

/**
 * Nobody changes their own roles (ADR 0008, amended): another administrator of the unit does, and
 * for a unit's only administrator, the administrator of the unit above. The parent enters the direct
 * child (the database checks it is one), finds the child's one active administrator by the email it
 * invited, and sets their roles — of one side, keeping the administration duty so the unit is never
 * left without one. Audited in both units.
 */
export async function setChildAdminRoles(
	options: {
		db: Kysely<Database>;
		actor: { userId: string; membership: TenantMembership };
		meta: { ip: string | null; userAgent: string | null; requestId: string | null };
	},
	input: z.output<typeof childAdminRolesSchema>,
): Promise<ChildAdminRolesResult> {
	const { actor } = options;
	if (!can(actor.membership.roles, "children.manage")) throw new AppError("forbidden");
	if (!input.roles.includes("admin")) return { ok: false, field: "roles", error: "children.error.keepAdmin" };
	if (sideOfRoles(input.roles) === "mixed") return { ok: false, field: "roles", error: "people.error.oneSide" };
	const parentId = actor.membership.tenant.id;
	// The parent's audit event comes first (the unit of work then moves into the child): a refusal
	// found inside the child throws, so the transaction leaves nothing behind.
	class NotOnlyAdmin extends Error {}
	try {
		return await runAs(options.db, { userId: actor.userId, tenantId: parentId }, async (tx) => {
			const child = await tx
				.selectFrom("tenants")
				.select("id")
				.where("id", "=", input.childId)
				.where("parent_id", "=", parentId)
				.executeTakeFirst();
			if (!child) throw new AppError("not_found");
			await recordAudit(tx, {
				tenantId: parentId,
				actorUserId: actor.userId,
				action: "tenant.child_admin_roles",
				entityType: "tenant",
				entityId: child.id,
				after: { email: input.email, roles: input.roles },
				meta: options.meta,
			});
			await unsafeEnterChildTenant(tx, child.id);
			const admins = await tx
				.selectFrom("memberships as m")
				.innerJoin("users as u", "u.id", "m.user_id")
				.select(["m.user_id", "m.roles", "u.email"])
				.where("m.tenant_id", "=", child.id)
				.where("m.disabled_at", "is", null)
				.where((eb) => eb(eb.val("admin"), "=", eb.fn.any("m.roles")))
				.execute();
			const only = admins.length === 1 ? admins[0] : undefined;
			if (!only || only.email !== input.email) throw new NotOnlyAdmin();
			await tx
				.updateTable("memberships")
				.set({ roles: input.roles, updated_at: new Date() })
				.where("tenant_id", "=", child.id)
				.where("user_id", "=", only.user_id)
				.execute();
			await recordAudit(tx, {
				tenantId: child.id,
				actorUserId: actor.userId,
				action: "member.roles_changed",
				entityType: "user",
				entityId: only.user_id,
				before: { roles: only.roles },
				after: { roles: input.roles, by_parent_unit: parentId },
				meta: options.meta,
			});
			return { ok: true } as const;
		});
	} catch (error) {
		if (error instanceof NotOnlyAdmin) return { ok: false, field: "email", error: "children.error.notOnlyAdmin" };
		throw error;
	}
}
