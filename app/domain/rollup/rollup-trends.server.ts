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
 * Adoption over time and annual-meeting compliance by year (W1, O1) over the units the page's table
 * rolls up (the base's children of the chosen kind and everything below them; the base itself when
 * it has none), from what those units publish upward.
 */
export async function readTrends(
	db: Kysely<Database>,
	actor: { userId: string; tenantId: string },
	options: { baseId: string; from: number; to: number; kind?: TenantKind },
): Promise<YearTrend[]> {
	const kind = options.kind ?? null;
	return runAs(db, actor, async (tx) => {
		// Each table read once: the year of every unit's first system, and the years it held its meeting.
		const { rows } = await sql<YearTrend>`
			-- The same units as the page's table (ADR 0010): the rows' subtrees.
			with scope as (select unit_id as id from app_rollup_units(${options.baseId}, ${kind}::text)),
			first_system as (
				select s.tenant_id, min(extract(year from s.issued_on))::int as year
				from systems s join scope on scope.id = s.tenant_id group by s.tenant_id
			),
			held as (
				select distinct m.tenant_id, m.year from meetings m join scope on scope.id = m.tenant_id
				where m.kind = 'regular' and m.held_on is not null and m.year between ${options.from} and ${options.to}
			),
			years as (select generate_series(${options.from}::int, ${options.to}::int) as year)
			select y.year::int as year, (select count(*) from scope)::int as units,
				(select count(*) from first_system f where f.year <= y.year)::int as "withSystem",
				(select count(*) from held h where h.year = y.year)::int as "regularHeld"
			from years y order by y.year`.execute(tx);
		return rows;
	});
}
