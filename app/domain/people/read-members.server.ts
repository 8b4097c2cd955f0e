import { type Kysely, sql } from "kysely";
import type { Actor } from "#app/domain/actor.ts";
import { runAs } from "#db/run-as.ts";
import type { Database } from "#db/schema.ts";

/** The tenant's members: people, roles and status (active first, then by name). */
export function listMembers(db: Kysely<Database>, actor: Actor) {
	return runAs(db, actor, (tx) =>
		tx
			.selectFrom("memberships as m")
			.innerJoin("users as u", "u.id", "m.user_id")
			.select([
				"u.id",
				"u.display_name as name",
				"u.email",
				"u.phone",
				"m.roles",
				"m.title",
				"m.disabled_at as disabledAt",
			])
			.where("m.tenant_id", "=", actor.tenantId)
			.orderBy((eb) => eb.case().when("m.disabled_at", "is", null).then(0).else(1).end())
			.orderBy("u.display_name")
			.execute(),
	);
}

/** One member, and whether this unit holds the account itself (ADR 0008: only then its credentials). */
export async function readMember(db: Kysely<Database>, actor: Actor, userId: string) {
	if (!/^[0-9a-f-]{36}$/.test(userId)) return null;
	const members = await runAs(db, actor, (tx) =>
		tx
			.selectFrom("memberships as m")
			.innerJoin("users as u", "u.id", "m.user_id")
			.select([
				"u.id",
				"u.display_name as name",
				"u.email",
				"u.phone",
				"m.roles",
				"m.title",
				"m.disabled_at as disabledAt",
			])
			.select(sql<boolean>`app_account_managed_by(u.id, m.tenant_id)`.as("managedHere"))
			.where("m.tenant_id", "=", actor.tenantId)
			.where("m.user_id", "=", userId)
			.execute(),
	);
	return members[0] ?? null;
}
