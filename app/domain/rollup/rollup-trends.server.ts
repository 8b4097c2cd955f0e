import { type Kysely, sql } from "kysely";
import { runAs } from "#db/run-as.ts";
import type { Database, TenantKind } from "#db/schema.ts";

export interface YearTrend {
	year: number;
	units: number;
	withSystem: number;
	regularHeld: number;
}

/**
 * Adoption over time and annual-meeting compliance by year (W1, O1) over every unit below the base
 * (or the base itself when it has none), from what those units publish upward.
 */
export async function readTrends(
	db: Kysely<Database>,
	actor: { userId: string; tenantId: string },
	options: { baseId: string; from: number; to: number; kind?: TenantKind },
): Promise<YearTrend[]> {
	const kind = options.kind ?? null;
	return runAs(db, actor, async (tx) => {
		const { rows } = await sql<YearTrend>`
			with base as (select id, path from tenants where id = ${options.baseId}),
			scope as (
				select t.id from tenants t, base where t.path <@ base.path and t.id <> base.id
					and (${kind}::text is null or t.kind = ${kind})
				union all
				select base.id from base where not exists (select 1 from tenants c where c.parent_id = base.id)
			),
			years as (select generate_series(${options.from}::int, ${options.to}::int) as year)
			select y.year::int as year,
				(select count(*) from scope)::int as units,
				(select count(*) from scope s where exists (select 1 from systems x where x.tenant_id = s.id
					and x.issued_on <= make_date(y.year, 12, 31)))::int as "withSystem",
				(select count(*) from scope s where exists (select 1 from meetings m where m.tenant_id = s.id
					and m.kind = 'regular' and m.held_on is not null and m.year = y.year))::int as "regularHeld"
			from years y order by y.year`.execute(tx);
		return rows;
	});
}
