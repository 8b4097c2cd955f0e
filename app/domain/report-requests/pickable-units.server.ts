import { type Kysely, sql } from "kysely";
import type { Actor } from "#app/domain/actor.ts";
import { runAs } from "#db/run-as.ts";
import type { Database } from "#db/schema.ts";

/**
 * The units below the acting unit that a new report request may pick (issue #22 §1, "picked
 * units"), in tree order with their depth (1 = a direct child). Row-level security limits tenants
 * to the subtree; the statement names the unit anyway.
 */
export function listPickableUnits(db: Kysely<Database>, actor: Actor) {
	return runAs(db, actor, async (tx) => {
		const { rows } = await sql<{ id: string; name: string; depth: number }>`
			select t.id, t.name, (nlevel(t.path) - nlevel(me.path))::int as depth
			from tenants t join tenants me on me.id = ${actor.tenantId}
			where t.path <@ me.path and t.id <> me.id
			order by t.path`.execute(tx);
		return rows;
	});
}
