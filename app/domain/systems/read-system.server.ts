import { type Kysely, sql } from "kysely";
import type { Actor } from "#app/domain/actor.ts";
import { runAs } from "#db/run-as.ts";
import type { Database } from "#db/schema.ts";
import { leaderRoles } from "./system-schema.ts";

/** Every version of the tenant's system, newest first, with its file and who recorded it. */
export function readSystemHistory(db: Kysely<Database>, actor: Actor) {
	return runAs(db, actor, async (tx) => {
		const versions = await tx
			.selectFrom("systems as s")
			.leftJoin("files as f", (join) => join.onRef("f.tenant_id", "=", "s.tenant_id").onRef("f.id", "=", "s.file_id"))
			.leftJoin("users as u", "u.id", "s.recorded_by")
			.select([
				"s.id",
				"s.version",
				"s.title",
				"s.issuing_bodies as issuingBodies",
				"s.doc_number as docNumber",
				"s.issued_on as issuedOn",
				"s.effective_on as effectiveOn",
				"s.supersedes_doc_number as supersedes",
				"s.cadence",
				"s.recorded_at as recordedAt",
				"s.superseded_at as supersededAt",
				"u.display_name as recordedBy",
				"f.id as fileId",
				"f.original_name as fileName",
			])
			.where("s.tenant_id", "=", actor.tenantId)
			.orderBy("s.version", "desc")
			.execute();
		const current = versions.find((v) => v.supersededAt === null) ?? null;
		const leaders = current
			? await tx
					.selectFrom("system_leaders as l")
					.innerJoin("users as u", "u.id", "l.user_id")
					.select(["l.role", "u.display_name as name"])
					.where("l.tenant_id", "=", actor.tenantId)
					.where("l.system_id", "=", current.id)
					.orderBy("l.role")
					.execute()
			: [];
		return { current, versions, leaders };
	});
}

/** Active members who may be named liaison leaders, by the role they would be named for. */
export function listLeaderCandidates(db: Kysely<Database>, actor: Actor) {
	return runAs(db, actor, async (tx) => {
		const rows = await tx
			.selectFrom("memberships as m")
			.innerJoin("users as u", "u.id", "m.user_id")
			.select(["m.user_id as userId", "m.roles", "u.display_name as name"])
			.where("m.tenant_id", "=", actor.tenantId)
			.where("m.disabled_at", "is", null)
			.where(sql<boolean>`m.roles && ${sql.val([...leaderRoles])}::text[]`)
			.orderBy("u.display_name")
			.execute();
		return leaderRoles.map((role) => ({
			role,
			members: rows.filter((r) => r.roles.includes(role)).map((r) => ({ userId: r.userId, name: r.name })),
		}));
	});
}
