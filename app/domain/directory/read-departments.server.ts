import { type Kysely, sql } from "kysely";
import type { Actor } from "#app/domain/actor.ts";
import { runAs } from "#db/run-as.ts";
import type { Database } from "#db/schema.ts";

/** The tenant's departments with their bound liaisons, in directory order. */
export function listDepartments(db: Kysely<Database>, actor: Actor, { includeArchived = false } = {}) {
	return runAs(db, actor, async (tx) => {
		let query = tx
			.selectFrom("departments")
			.select(["id", "name", "side", "category", "sort_order as sortOrder", "archived_at as archivedAt"])
			.where("tenant_id", "=", actor.tenantId)
			.orderBy("category")
			.orderBy("sort_order")
			.orderBy("name");
		if (!includeArchived) query = query.where("archived_at", "is", null);
		const departments = await query.execute();
		const liaisons = await tx
			.selectFrom("department_liaisons as l")
			.innerJoin("users as u", "u.id", "l.user_id")
			.select(["l.department_id as departmentId", "l.user_id as userId", "u.display_name as name"])
			.where("l.tenant_id", "=", actor.tenantId)
			.orderBy("u.display_name")
			.execute();
		return departments.map((d) => ({ ...d, liaisons: liaisons.filter((l) => l.departmentId === d.id) }));
	});
}

/** The departments a department liaison is bound to (their own work lists start here). */
export function listLiaisonDepartments(db: Kysely<Database>, actor: Actor, userId: string) {
	return runAs(db, actor, (tx) =>
		tx
			.selectFrom("departments as d")
			.innerJoin("department_liaisons as l", (join) =>
				join.onRef("l.tenant_id", "=", "d.tenant_id").onRef("l.department_id", "=", "d.id"),
			)
			.select(["d.id", "d.name"])
			.where("d.tenant_id", "=", actor.tenantId)
			.where("l.user_id", "=", userId)
			.where("d.archived_at", "is", null)
			.orderBy("d.name")
			.execute(),
	);
}

/** Active members holding the department_liaison role: the people who may be bound to a department. */
export function listLiaisonCandidates(db: Kysely<Database>, actor: Actor) {
	return runAs(db, actor, (tx) =>
		tx
			.selectFrom("memberships as m")
			.innerJoin("users as u", "u.id", "m.user_id")
			.select(["m.user_id as userId", "u.display_name as name", "u.email"])
			.where("m.tenant_id", "=", actor.tenantId)
			.where("m.disabled_at", "is", null)
			.where(sql<boolean>`'department_liaison' = any(m.roles)`)
			.orderBy("u.display_name")
			.execute(),
	);
}
