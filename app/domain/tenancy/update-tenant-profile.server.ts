import type { Kysely } from "kysely";
import { runAs } from "#db/run-as.ts";
import type { Database } from "#db/schema.ts";
import { AppError } from "../app-error.ts";
import { recordAudit } from "../audit/record-audit.server.ts";
import { can } from "./permissions.ts";
import type { TenantMembership } from "./tenant-access.server.ts";
import type { TenantProfile } from "./tenant-profile-schema.ts";

interface UpdateTenantProfileOptions {
	db: Kysely<Database>;
	actor: { userId: string; membership: TenantMembership };
	profile: TenantProfile;
	meta: { ip: string | null; userAgent: string | null; requestId: string | null };
}

/** Changes the tenant's names; admin only; one transaction with its audit event. */
export async function updateTenantProfile({ db, actor, profile, meta }: UpdateTenantProfileOptions): Promise<void> {
	if (!can(actor.membership.roles, "tenant.updateProfile")) throw new AppError("forbidden");
	const tenantId = actor.membership.tenant.id;
	await runAs(db, { userId: actor.userId, tenantId }, async (tx) => {
		const before = await tx
			.selectFrom("tenants")
			.select(["name", "gov_name", "union_name", "division_code"])
			.where("id", "=", tenantId)
			.executeTakeFirstOrThrow();
		const after = {
			name: profile.name,
			gov_name: profile.govName,
			union_name: profile.unionName,
			division_code: profile.divisionCode ?? null,
		};
		await tx.updateTable("tenants").set(after).where("id", "=", tenantId).execute();
		await recordAudit(tx, {
			tenantId,
			actorUserId: actor.userId,
			action: "tenant.profile_updated",
			entityType: "tenant",
			entityId: tenantId,
			before,
			after,
			meta,
		});
	});
}
