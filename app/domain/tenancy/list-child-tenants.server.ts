import { type Kysely, sql } from "kysely";
import { runAs } from "#db/run-as.ts";
import type { Database, TenantKind } from "#db/schema.ts";

export interface ChildTenant {
	id: string;
	slug: string;
	name: string;
	kind: TenantKind;
	divisionCode: string | null;
	govName: string;
	unionName: string;
}

/** The direct children of the acting tenant (row-level security limits it to the subtree anyway). */
export function listChildTenants(
	db: Kysely<Database>,
	actor: { userId: string; tenantId: string },
): Promise<ChildTenant[]> {
	return runAs(db, actor, (tx) =>
		tx
			.selectFrom("tenants")
			.select([
				"id",
				"slug",
				"name",
				"kind",
				"division_code as divisionCode",
				"gov_name as govName",
				"union_name as unionName",
			])
			.where("parent_id", "=", actor.tenantId)
			// Counties, then management committees, then industry bodies, as the notice lists them.
			.orderBy(sql`array_position(array['county', 'zone', 'industry']::text[], kind)`)
			.orderBy("division_code")
			.orderBy("slug")
			.execute(),
	);
}
