import { beforeAll, describe, expect, it } from "vitest";
import { AppError } from "#app/domain/app-error.ts";
import {
	addDepartment,
	bindLiaison,
	setDepartmentArchived,
	unbindLiaison,
	updateDepartment,
} from "#app/domain/directory/manage-departments.server.ts";
import { listDepartments, listLiaisonDepartments } from "#app/domain/directory/read-departments.server.ts";
import type { Role } from "#db/schema.ts";
import {
	createActorOptions,
	createMember,
	createTenant,
	openIntegrationDatabase,
	type TenantFixture,
} from "#tests/support/integration-db.ts";

const db = await openIntegrationDatabase();
let tenant: TenantFixture;
let admin: Awaited<ReturnType<typeof options>>;

const options = (target: TenantFixture, roles: Role[]) => createActorOptions(db, target, roles);
const actorOf = (o: typeof admin) => ({ userId: o.actor.userId, tenantId: o.actor.membership.tenant.id });
const dept = (name: string) => ({ name, side: "gov" as const, category: "functional" as const, sortOrder: 10 });

beforeAll(async () => {
	tenant = await createTenant(db);
	admin = await options(tenant, ["admin"]);
});

describe("the departments directory", () => {
	it("adds departments, refuses a duplicate name, updates with an audit trail", async () => {
		const added = await addDepartment(admin, dept("市人力资源和社会保障局"));
		if (!added.ok) throw new Error("expected ok");
		expect(await addDepartment(admin, dept("市人力资源和社会保障局"))).toEqual({
			ok: false,
			field: "name",
			error: "dept.error.duplicate",
		});
		await updateDepartment(admin, added.id, { name: "市人社局", side: "gov", category: "comprehensive", sortOrder: 1 });
		const list = await listDepartments(db.app, actorOf(admin));
		expect(list.find((d) => d.id === added.id)).toMatchObject({
			name: "市人社局",
			category: "comprehensive",
			sortOrder: 1,
		});
		const audit = await db.owner
			.selectFrom("audit_events")
			.select("action")
			.where("entity_id", "=", added.id)
			.orderBy("at")
			.execute();
		expect(audit.map((a) => a.action)).toEqual(["department.added", "department.updated"]);
	});

	it("archives and restores instead of deleting", async () => {
		const added = await addDepartment(admin, dept("市司法局"));
		if (!added.ok) throw new Error("expected ok");
		await setDepartmentArchived(admin, added.id, true);
		expect((await listDepartments(db.app, actorOf(admin))).some((d) => d.id === added.id)).toBe(false);
		expect(
			(await listDepartments(db.app, actorOf(admin), { includeArchived: true })).find((d) => d.id === added.id)
				?.archivedAt,
		).not.toBeNull();
		await setDepartmentArchived(admin, added.id, false);
		expect((await listDepartments(db.app, actorOf(admin))).some((d) => d.id === added.id)).toBe(true);
	});

	it("binds only department liaisons, and lists a liaison's departments", async () => {
		const added = await addDepartment(admin, dept("市应急管理局"));
		if (!added.ok) throw new Error("expected ok");
		const liaison = await createMember(db, tenant.id, ["department_liaison"]);
		const staff = await createMember(db, tenant.id, ["union_staff"]);
		expect(await bindLiaison(admin, added.id, staff.id)).toEqual({
			ok: false,
			field: "userId",
			error: "dept.error.liaison",
		});
		expect(await bindLiaison(admin, added.id, liaison.id)).toMatchObject({ ok: true });
		expect(await listLiaisonDepartments(db.app, actorOf(admin), liaison.id)).toEqual([
			{ id: added.id, name: "市应急管理局" },
		]);
		const listed = (await listDepartments(db.app, actorOf(admin))).find((d) => d.id === added.id);
		expect(listed?.liaisons.map((l) => l.userId)).toEqual([liaison.id]);
		await unbindLiaison(admin, added.id, liaison.id);
		expect(await listLiaisonDepartments(db.app, actorOf(admin), liaison.id)).toEqual([]);
	});

	it.each([["union_staff"], ["gov_office"], ["viewer"]] as const)("refuses %s, writing nothing", async (role) => {
		const member = await options(tenant, [role]);
		await expect(addDepartment(member, dept(`不应出现-${role}`))).rejects.toThrow(AppError);
		const rows = await db.owner.selectFrom("departments").select("id").where("name", "=", `不应出现-${role}`).execute();
		expect(rows).toEqual([]);
	});

	it("another tenant's department is not found and never listed", async () => {
		const other = await createTenant(db);
		const otherAdmin = await options(other, ["admin"]);
		const theirs = await addDepartment(otherAdmin, dept("他人的部门"));
		if (!theirs.ok) throw new Error("expected ok");
		await expect(updateDepartment(admin, theirs.id, dept("改名"))).rejects.toMatchObject({ code: "not_found" });
		await expect(setDepartmentArchived(admin, theirs.id, true)).rejects.toMatchObject({ code: "not_found" });
		expect(
			(await listDepartments(db.app, actorOf(admin), { includeArchived: true })).some((d) => d.id === theirs.id),
		).toBe(false);
	});
});
