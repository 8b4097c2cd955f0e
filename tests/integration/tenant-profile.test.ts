import { beforeAll, describe, expect, it } from "vitest";
import { AppError } from "#app/domain/app-error.ts";
import { recordAudit } from "#app/domain/audit/record-audit.server.ts";
import { updateTenantProfile } from "#app/domain/tenancy/update-tenant-profile.server.ts";
import { runAs } from "#db/run-as.ts";
import {
	createActor,
	type createMember,
	createTenant,
	openIntegrationDatabase,
	type TenantFixture,
} from "#tests/support/integration-db.ts";

const db = await openIntegrationDatabase();
const meta = { ip: "127.0.0.1", userAgent: "vitest", requestId: "req-profile-1" };
let tenant: TenantFixture;

beforeAll(async () => {
	tenant = await createTenant(db);
});

const actor = (roles: Parameters<typeof createMember>[2]) => createActor(db, tenant, roles);

describe("updateTenantProfile", () => {
	it("lets an admin rename the sides, with an audit event in the same transaction", async () => {
		const admin = await actor(["admin"]);
		await updateTenantProfile({
			db: db.app,
			actor: admin,
			profile: { name: "新名称", govName: "新政府", unionName: "新工会", divisionCode: "411299" },
			meta,
		});
		const row = await db.owner.selectFrom("tenants").selectAll().where("id", "=", tenant.id).executeTakeFirstOrThrow();
		expect(row).toMatchObject({ name: "新名称", gov_name: "新政府", union_name: "新工会", division_code: "411299" });
		const audit = await db.owner
			.selectFrom("audit_events")
			.selectAll()
			.where("tenant_id", "=", tenant.id)
			.where("action", "=", "tenant.profile_updated")
			.executeTakeFirstOrThrow();
		expect(audit).toMatchObject({ actor_user_id: admin.userId, entity_id: tenant.id, request_id: "req-profile-1" });
		expect(audit.after).toMatchObject({ name: "新名称", union_name: "新工会" });
		expect(audit.before).toMatchObject({ gov_name: `${tenant.slug} 人民政府` });
	});

	it.each([["union_staff"], ["gov_head"], ["viewer"]] as const)("refuses %s before writing anything", async (role) => {
		const member = await actor([role]);
		const before = await db.owner.selectFrom("audit_events").select("id").where("tenant_id", "=", tenant.id).execute();
		await expect(
			updateTenantProfile({ db: db.app, actor: member, profile: { name: "x", govName: "x", unionName: "x" }, meta }),
		).rejects.toThrow(AppError);
		const after = await db.owner.selectFrom("audit_events").select("id").where("tenant_id", "=", tenant.id).execute();
		expect(after).toHaveLength(before.length);
	});

	it("a change whose audit event is refused is rolled back with it", async () => {
		const admin = await actor(["admin"]);
		const before = await db.owner
			.selectFrom("tenants")
			.select("name")
			.where("id", "=", tenant.id)
			.executeTakeFirstOrThrow();
		await expect(
			runAs(db.app, { userId: admin.userId, tenantId: tenant.id }, async (tx) => {
				await tx.updateTable("tenants").set({ name: "不应保存" }).where("id", "=", tenant.id).execute();
				// The policy only accepts audit rows whose actor is the acting user.
				await recordAudit(tx, {
					tenantId: tenant.id,
					actorUserId: "00000000-0000-4000-8000-000000000000",
					action: "tenant.profile_updated",
					entityType: "tenant",
					entityId: tenant.id,
					meta,
				});
			}),
		).rejects.toThrow(/row-level security/);
		const after = await db.owner
			.selectFrom("tenants")
			.select("name")
			.where("id", "=", tenant.id)
			.executeTakeFirstOrThrow();
		expect(after.name).toBe(before.name);
	});
});
