import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { setChildAdminRoles } from "#app/domain/children/child-admin-roles.server.ts";
import { addMember } from "#app/domain/people/manage-members.server.ts";
import { sideOfRoles } from "#app/domain/tenancy/sides.ts";
import { runAs } from "#db/run-as.ts";
import type { Role } from "#db/schema.ts";
import {
	createActorOptions,
	createMember,
	createTenant,
	openIntegrationDatabase,
	type TenantFixture,
	uniqueSuffix,
} from "#tests/support/integration-db.ts";
import { holdMeeting } from "#tests/support/meeting-fixtures.ts";

/** NOTICE P: each side its own people; two-sided acts by two different people, one of each side. */
const db = await openIntegrationDatabase();
let tenant: TenantFixture;
const actors = new Map<Role, Awaited<ReturnType<typeof createActorOptions>>>();
const as = (role: Role) => actors.get(role) as Awaited<ReturnType<typeof createActorOptions>>;
let meetingId: string;

beforeAll(async () => {
	tenant = await createTenant(db, { kind: "county" });
	for (const role of ["admin", "union_staff", "union_chair", "gov_head", "gov_liaison", "gov_office"] as Role[])
		actors.set(role, await createActorOptions(db, tenant, [role]));
	meetingId = await holdMeeting(db, as, 2026);
});

describe("roles of one side per person and unit", () => {
	it.each([
		[["gov_head"], "gov"],
		[["admin", "gov_office"], "gov"],
		[["union_chair", "union_staff", "admin"], "union"],
		[["department_liaison"], "department"],
		[["viewer", "admin"], "viewer"],
		[["admin"], "none"],
		[["admin", "union_chair", "gov_office"], "mixed"],
		[["gov_liaison", "union_chair"], "mixed"],
		[["viewer", "union_staff"], "mixed"],
		[["department_liaison", "gov_office"], "mixed"],
	] as [Role[], string][])("%j is %s in the domain and in PostgreSQL", async (roles, side) => {
		expect(sideOfRoles(roles)).toBe(side);
		const { rows } = await sql<{ side: string }>`select app_roles_side(${roles}::text[]) as side`.execute(db.owner);
		expect(rows[0]?.side).toBe(side);
	});

	it("the database refuses a membership and an invitation holding both sides, whoever writes it", async () => {
		const person = await createMember(db, tenant.id, ["gov_office"]);
		await expect(
			db.owner
				.updateTable("memberships")
				.set({ roles: ["gov_office", "union_staff"] })
				.where("tenant_id", "=", tenant.id)
				.where("user_id", "=", person.id)
				.execute(),
		).rejects.toThrow(/memberships_one_side/);
		expect(
			await addMember(as("admin"), {
				email: `x-${uniqueSuffix()}@t.example`,
				displayName: "甲",
				roles: ["admin", "union_chair", "gov_head"],
			}),
		).toEqual({ ok: false, field: "roles", error: "people.error.oneSide" });
		await expect(
			runAs(db.app, { userId: as("admin").actor.userId, tenantId: tenant.id }, (tx) =>
				tx
					.insertInto("invitations")
					.values({
						tenant_id: tenant.id,
						tenant_name: "x",
						tenant_kind: "county",
						email: `y-${uniqueSuffix()}@t.example`,
						display_name: "乙",
						roles: ["gov_liaison", "union_chair"],
						invited_by: as("admin").actor.userId,
						expires_at: new Date(Date.now() + 86_400_000),
					})
					.execute(),
			),
		).rejects.toThrow(/invitations_one_side/);
	});

	it("nobody changes their own roles, even past the domain", async () => {
		const admin = as("admin");
		await expect(
			runAs(db.app, { userId: admin.actor.userId, tenantId: tenant.id }, (tx) =>
				tx
					.updateTable("memberships")
					.set({ roles: ["admin", "gov_head"] })
					.where("tenant_id", "=", tenant.id)
					.where("user_id", "=", admin.actor.userId)
					.execute(),
			),
		).rejects.toThrow(/cannot change their own roles/);
	});
});

describe("two-sided acts come from two people, one of each side", () => {
	async function newTopic() {
		const row = await db.owner
			.insertInto("topics")
			.values({ tenant_id: tenant.id, meeting_id: meetingId, category: 3, title: `议题 ${uniqueSuffix()}` })
			.returning("id")
			.executeTakeFirstOrThrow();
		return row.id;
	}
	const agree = (role: Role, topicId: string, side: "gov" | "union") =>
		runAs(db.app, { userId: as(role).actor.userId, tenantId: tenant.id }, (tx) =>
			tx
				.insertInto("topic_agreements")
				.values({ tenant_id: tenant.id, topic_id: topicId, side, user_id: as(role).actor.userId })
				.execute(),
		);

	it("a topic agreement is recorded only for the agreeing person's own side", async () => {
		const topicId = await newTopic();
		await expect(agree("gov_liaison", topicId, "union")).rejects.toThrow(
			/union side's act must come from a person of that side/,
		);
		await expect(agree("admin", topicId, "gov")).rejects.toThrow(/gov side's act/);
		await agree("gov_liaison", topicId, "gov");
		await agree("union_chair", topicId, "union");
		const rows = await db.owner
			.selectFrom("topic_agreements")
			.select(["side", "user_id"])
			.where("topic_id", "=", topicId)
			.execute();
		expect(new Set(rows.map((r) => r.user_id)).size).toBe(2);
	});

	it("a public release cannot be agreed by one person for both sides", async () => {
		const person = as("union_chair").actor.userId;
		await expect(
			db.owner
				.insertInto("public_releases")
				.values({
					tenant_id: tenant.id,
					meeting_id: meetingId,
					union_agreed_by: person,
					union_agreed_at: new Date(),
					government_agreed_by: person,
					government_agreed_at: new Date(),
					published_at: new Date(),
				})
				.execute(),
		).rejects.toThrow(/violates check constraint "public_releases_check/);
		await expect(
			db.owner
				.insertInto("public_releases")
				.values({
					tenant_id: tenant.id,
					meeting_id: meetingId,
					government_agreed_by: person,
					government_agreed_at: new Date(),
				})
				.execute(),
		).rejects.toThrow(/gov side's act/);
	});

	it("a minutes review is recorded only for the reviewer's own side", async () => {
		const minutes = await db.owner
			.insertInto("minutes")
			.values({ tenant_id: tenant.id, meeting_id: meetingId })
			.returning("id")
			.executeTakeFirst()
			.catch(() => null);
		if (!minutes) return expect.fail("could not create minutes for the meeting");
		await db.owner
			.insertInto("minutes_versions")
			.values({ tenant_id: tenant.id, minutes_id: minutes.id, version: 1, presided_by: "", body: "", matters: "[]" })
			.execute();
		await expect(
			db.owner
				.insertInto("minutes_reviews")
				.values({
					tenant_id: tenant.id,
					minutes_id: minutes.id,
					version: 1,
					stage: "union",
					decision: "approve",
					user_id: as("gov_liaison").actor.userId,
				})
				.execute(),
		).rejects.toThrow(/union side's act/);
	});
});

describe("a unit's only administrator: the unit above sets their roles", () => {
	it("sets them for the only active administrator, of one side and keeping the duty; nothing else", async () => {
		const city = await createTenant(db);
		const county = await createTenant(db, { kind: "county", parentId: city.id });
		const cityAdmin = await createActorOptions(db, city, ["admin"]);
		const only = await createMember(db, county.id, ["admin"]);
		const input = (roles: Role[], email = only.email, childId = county.id) => ({ childId, email, roles });
		expect(await setChildAdminRoles(cityAdmin, input(["admin", "gov_head", "union_chair"]))).toEqual({
			ok: false,
			field: "roles",
			error: "people.error.oneSide",
		});
		expect(await setChildAdminRoles(cityAdmin, input(["gov_office"]))).toEqual({
			ok: false,
			field: "roles",
			error: "children.error.keepAdmin",
		});
		expect(await setChildAdminRoles(cityAdmin, input(["admin", "gov_office"], "someone@else.example"))).toEqual({
			ok: false,
			field: "email",
			error: "children.error.notOnlyAdmin",
		});
		expect(await setChildAdminRoles(cityAdmin, input(["admin", "gov_office"]))).toEqual({ ok: true });
		const roles = async () =>
			(
				await db.owner
					.selectFrom("memberships")
					.select("roles")
					.where("tenant_id", "=", county.id)
					.where("user_id", "=", only.id)
					.executeTakeFirstOrThrow()
			).roles;
		expect(await roles()).toEqual(["admin", "gov_office"]);
		// With a second administrator the unit changes its own administrators' roles.
		await createMember(db, county.id, ["admin", "viewer"]);
		expect(await setChildAdminRoles(cityAdmin, input(["admin", "union_staff"]))).toMatchObject({
			ok: false,
			error: "children.error.notOnlyAdmin",
		});
		expect(await roles()).toEqual(["admin", "gov_office"]);
		// Not a child of the acting unit: not found; audited in both units when done.
		const stranger = await createTenant(db);
		await expect(setChildAdminRoles(cityAdmin, input(["admin"], only.email, stranger.id))).rejects.toMatchObject({
			code: "not_found",
		});
		const audit = await db.owner
			.selectFrom("audit_events")
			.select(["tenant_id", "action"])
			.where("tenant_id", "in", [city.id, county.id])
			.where("action", "in", ["tenant.child_admin_roles", "member.roles_changed"])
			.execute();
		expect(audit.filter((a) => a.action === "member.roles_changed")).toEqual([
			{ tenant_id: county.id, action: "member.roles_changed" },
		]);
		// One successful change: one event in each unit; the refused attempts left none.
		expect(audit.filter((a) => a.tenant_id === city.id)).toEqual([
			{ tenant_id: city.id, action: "tenant.child_admin_roles" },
		]);
	});
});
