import { beforeAll, describe, expect, it } from "vitest";
import { AppError } from "#app/domain/app-error.ts";
import { login } from "#app/domain/auth/login.server.ts";
import { hashPassword } from "#app/domain/auth/password.server.ts";
import type { ChildTenantInput } from "#app/domain/children/child-tenant-schema.ts";
import { createChildTenant } from "#app/domain/children/create-child-tenant.server.ts";
import { answerInvitation, joinWithNewAccount, listMyInvitations } from "#app/domain/people/invitations.server.ts";
import { findMembership, listUserTenants } from "#app/domain/tenancy/tenant-access.server.ts";
import { runAs } from "#db/run-as.ts";
import {
	createActor,
	createMember,
	createTenant,
	openIntegrationDatabase,
	type TenantFixture,
	uniqueSuffix,
} from "#tests/support/integration-db.ts";

import { openMailbox } from "#tests/support/mailbox.ts";

const db = await openIntegrationDatabase();
const mailbox = openMailbox(db);
const meta = { ip: "127.0.0.1", userAgent: "vitest", requestId: "children" };
let city: TenantFixture;
let admin: { userId: string; membership: NonNullable<Awaited<ReturnType<typeof findMembership>>> };

const actorFor = (tenant: TenantFixture, roles: Parameters<typeof createMember>[2]) => createActor(db, tenant, roles);

const input = (overrides: Partial<ChildTenantInput> = {}): ChildTenantInput => ({
	kind: "county",
	name: "卢氏县",
	govName: "卢氏县人民政府",
	unionName: "卢氏县总工会",
	divisionCode: "411224",
	slug: `c-${uniqueSuffix()}`,
	adminName: "县管理员",
	adminEmail: `admin-${uniqueSuffix()}@county.example`,
	...overrides,
});

beforeAll(async () => {
	city = await createTenant(db);
	admin = await actorFor(city, ["admin"]);
});

describe("createChildTenant (W1)", () => {
	it("creates the child under the tenant, and its first admin joins from the invitation link", async () => {
		const values = input();
		const result = await createChildTenant({ db: db.app, actor: admin, input: values, meta });
		if (!result.ok) throw new Error("expected ok");
		expect(result.slug).toBe(values.slug);
		const child = await db.owner
			.selectFrom("tenants")
			.selectAll()
			.where("slug", "=", values.slug)
			.executeTakeFirstOrThrow();
		expect(child).toMatchObject({ parent_id: city.id, kind: "county", name: "卢氏县", division_code: "411224" });
		// The link is mailed to the first administrator's address; the parent's admin never holds it.
		await mailbox.deliver(result.tenantId);
		const joined = await joinWithNewAccount(
			db.app,
			await mailbox.tokenFor(values.adminEmail, "invite"),
			{ displayName: values.adminName, password: "county-password-1" },
			meta,
		);
		expect(joined).toEqual({ ok: true, email: values.adminEmail });
		const signedIn = await login(db.app, { email: values.adminEmail, password: "county-password-1", meta });
		if (!signedIn.ok) throw new Error("new admin could not sign in");
		const tenants = await listUserTenants(db.app, signedIn.userId);
		expect(tenants.map((t) => t.slug)).toEqual([values.slug]);
		expect((await findMembership(db.app, signedIn.userId, values.slug))?.roles).toEqual(["admin"]);
		// The new admin of the county cannot open the city.
		expect(await findMembership(db.app, signedIn.userId, city.slug)).toBeNull();
	});

	it("writes an audit event on each side in the same transaction", async () => {
		const values = input();
		const result = await createChildTenant({ db: db.app, actor: admin, input: values, meta });
		if (!result.ok) throw new Error("expected ok");
		const parentEvents = await db.owner
			.selectFrom("audit_events")
			.select(["action", "entity_id", "actor_user_id"])
			.where("tenant_id", "=", city.id)
			.where("entity_id", "=", result.tenantId)
			.execute();
		expect(parentEvents).toEqual([
			{ action: "tenant.child_created", entity_id: result.tenantId, actor_user_id: admin.userId },
		]);
		const childEvents = await db.owner
			.selectFrom("audit_events")
			.select("action")
			.where("tenant_id", "=", result.tenantId)
			.execute();
		expect(childEvents.map((e) => e.action)).toEqual(["member.invited"]);
	});

	it("invites an existing account as the admin: nothing attached until that person accepts", async () => {
		const other = await createTenant(db);
		const existing = await createMember(db, other.id, ["viewer"], {
			passwordHash: await hashPassword("existing-pass-1"),
		});
		const values = input({ adminEmail: existing.email });
		const result = await createChildTenant({ db: db.app, actor: admin, input: values, meta });
		if (!result.ok) throw new Error("expected ok");
		expect(Object.keys(result).sort()).toEqual(["invitationId", "ok", "slug", "tenantId"]);
		expect(await findMembership(db.app, existing.id, values.slug)).toBeNull();
		await mailbox.deliver(result.tenantId);
		const token = await mailbox.tokenFor(existing.email, "invite");
		expect(await joinWithNewAccount(db.app, token, { displayName: "x", password: "taken-over-1" }, meta)).toEqual({
			ok: false,
			reason: "has_account",
		});
		expect((await login(db.app, { email: existing.email, password: "existing-pass-1", meta })).ok).toBe(true);
		const [invitation] = await listMyInvitations(db.app, existing.id);
		if (!invitation) throw new Error("expected an invitation");
		await answerInvitation(db.app, { userId: existing.id, invitationId: invitation.id, reply: "accepted", meta });
		expect((await findMembership(db.app, existing.id, values.slug))?.roles).toEqual(["admin"]);
	});

	it("refuses a slug in use, anywhere in the tree, and writes nothing", async () => {
		const taken = await createTenant(db);
		const auditBefore = await db.owner
			.selectFrom("audit_events")
			.select("id")
			.where("tenant_id", "=", city.id)
			.execute();
		const values = input({ slug: taken.slug });
		expect(await createChildTenant({ db: db.app, actor: admin, input: values, meta })).toEqual({
			ok: false,
			field: "slug",
			error: "children.error.slugTaken",
		});
		const auditAfter = await db.owner
			.selectFrom("audit_events")
			.select("id")
			.where("tenant_id", "=", city.id)
			.execute();
		expect(auditAfter).toHaveLength(auditBefore.length);
		const invited = await db.owner
			.selectFrom("invitations")
			.select("id")
			.where("email", "=", values.adminEmail)
			.execute();
		expect(invited).toEqual([]);
	});

	it.each([["gov_head"], ["union_staff"], ["viewer"]] as const)("refuses %s", async (role) => {
		const member = await actorFor(city, [role]);
		const values = input();
		await expect(createChildTenant({ db: db.app, actor: member, input: values, meta })).rejects.toThrow(AppError);
		expect(await db.owner.selectFrom("tenants").select("id").where("slug", "=", values.slug).execute()).toEqual([]);
	});

	it("the database refuses to enter a tenant that is not a direct child", async () => {
		const stranger = await createTenant(db);
		const child = await createTenant(db, { kind: "county", parentId: city.id });
		const grandchild = await createTenant(db, { kind: "zone", parentId: child.id });
		const { unsafeEnterChildTenant } = await import("#db/run-as.ts");
		for (const target of [stranger.id, grandchild.id]) {
			await expect(
				runAs(db.app, { userId: admin.userId, tenantId: city.id }, (tx) => unsafeEnterChildTenant(tx, target)),
			).rejects.toThrow(/not a direct child/);
		}
		await expect(
			runAs(db.app, { userId: admin.userId, tenantId: city.id }, (tx) => unsafeEnterChildTenant(tx, child.id)),
		).resolves.toBeUndefined();
	});
});
