import { type Kysely, sql } from "kysely";
import type { MessageKey } from "#app/i18n/i18n.ts";
import { runAs, type Tx } from "#db/run-as.ts";
import type { Database } from "#db/schema.ts";
import { AppError } from "../app-error.ts";
import type { AuditKind } from "../audit/audit-kinds.ts";
import { recordAudit } from "../audit/record-audit.server.ts";
import { settleAsks } from "../notifications/resolve-notifications.server.ts";
import { can } from "../tenancy/permissions.ts";
import type { TenantMembership } from "../tenancy/tenant-access.server.ts";
import type { DepartmentInput } from "./department-schema.ts";

interface DirectoryOptions {
	db: Kysely<Database>;
	actor: { userId: string; membership: TenantMembership };
	meta: { ip: string | null; userAgent: string | null; requestId: string | null };
}

type Outcome = { ok: true; id: string } | { ok: false; field: "name" | "userId"; error: MessageKey };

const isDuplicateName = (error: unknown) =>
	(error as { code?: string }).code === "23505" &&
	String((error as Error).message).includes("departments_tenant_id_name_key");

/** Runs a directory change as the tenant admin: permission, one transaction, its audit event. */
async function change(
	{ db, actor, meta }: DirectoryOptions,
	action: AuditKind,
	entityId: string | null,
	work: (tx: Tx, tenantId: string) => Promise<{ id: string; before?: unknown; after?: unknown } | Outcome>,
): Promise<Outcome> {
	if (!can(actor.membership.roles, "departments.manage")) throw new AppError("forbidden");
	const tenantId = actor.membership.tenant.id;
	try {
		return await runAs(db, { userId: actor.userId, tenantId }, async (tx) => {
			const done = await work(tx, tenantId);
			if ("ok" in done) return done;
			await recordAudit(tx, {
				tenantId,
				actorUserId: actor.userId,
				action,
				entityType: "department",
				entityId: entityId ?? done.id,
				before: done.before,
				after: done.after,
				meta,
			});
			return { ok: true as const, id: done.id };
		});
	} catch (error) {
		if (isDuplicateName(error)) return { ok: false, field: "name", error: "dept.error.duplicate" };
		throw error;
	}
}

async function loadDepartment(tx: Tx, tenantId: string, id: string) {
	const row = await tx
		.selectFrom("departments")
		.selectAll()
		.where("tenant_id", "=", tenantId)
		.where("id", "=", id)
		.executeTakeFirst();
	if (!row) throw new AppError("not_found");
	return row;
}

const fields = (input: DepartmentInput) => ({
	name: input.name,
	side: input.side,
	category: input.category,
	sort_order: input.sortOrder,
});

export function addDepartment(options: DirectoryOptions, input: DepartmentInput) {
	return change(options, "department.added", null, async (tx, tenantId) => {
		const row = await tx
			.insertInto("departments")
			.values({ tenant_id: tenantId, ...fields(input) })
			.returning("id")
			.executeTakeFirstOrThrow();
		return { id: row.id, after: fields(input) };
	});
}

export function updateDepartment(options: DirectoryOptions, id: string, input: DepartmentInput) {
	return change(options, "department.updated", id, async (tx, tenantId) => {
		const before = await loadDepartment(tx, tenantId, id);
		await tx
			.updateTable("departments")
			.set({ ...fields(input), updated_at: new Date() })
			.where("tenant_id", "=", tenantId)
			.where("id", "=", id)
			.execute();
		return {
			id,
			before: { name: before.name, side: before.side, category: before.category, sort_order: before.sort_order },
			after: fields(input),
		};
	});
}

/** No deletion: later records (opinion requests, decided matters) point at departments. */
export function setDepartmentArchived(options: DirectoryOptions, id: string, archived: boolean) {
	return change(options, archived ? "department.archived" : "department.restored", id, async (tx, tenantId) => {
		await loadDepartment(tx, tenantId, id);
		await tx
			.updateTable("departments")
			.set({ archived_at: archived ? new Date() : null, updated_at: new Date() })
			.where("tenant_id", "=", tenantId)
			.where("id", "=", id)
			.execute();
		return { id };
	});
}

export function bindLiaison(options: DirectoryOptions, id: string, userId: string) {
	return change(options, "department.liaison_bound", id, async (tx, tenantId) => {
		await loadDepartment(tx, tenantId, id);
		const member = await tx
			.selectFrom("memberships")
			.select("user_id")
			.where("tenant_id", "=", tenantId)
			.where("user_id", "=", userId)
			.where("disabled_at", "is", null)
			.where(sql<boolean>`'department_liaison' = any(roles)`)
			.executeTakeFirst();
		if (!member) return { ok: false, field: "userId", error: "dept.error.liaison" };
		await tx
			.insertInto("department_liaisons")
			.values({ tenant_id: tenantId, department_id: id, user_id: userId })
			.onConflict((oc) => oc.columns(["tenant_id", "department_id", "user_id"]).doNothing())
			.execute();
		await settleAsks(tx, "department.liaison_bound", { type: "department", id });
		return { id, after: { user_id: userId } };
	});
}

export function unbindLiaison(options: DirectoryOptions, id: string, userId: string) {
	return change(options, "department.liaison_unbound", id, async (tx, tenantId) => {
		await loadDepartment(tx, tenantId, id);
		await tx
			.deleteFrom("department_liaisons")
			.where("tenant_id", "=", tenantId)
			.where("department_id", "=", id)
			.where("user_id", "=", userId)
			.execute();
		return { id, before: { user_id: userId } };
	});
}
