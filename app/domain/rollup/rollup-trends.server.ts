import { type Kysely, sql } from "kysely";
import { runAs } from "#db/run-as.ts";
import type { Database, TenantKind } from "#db/schema.ts";
import { ownRow } from "./rollup-figures.server.ts";

export interface YearTrend {
	year: number;
	units: number;
	withSystem: number;
	regularHeld: number;
}

/**
 * Adoption over time and annual-meeting compliance by year (W1, O1) over the units the page's table
 * rolls up (the base's children of the chosen kind and everything below them; the base itself when
 * it has none or, with `own`, beside them as 本级), from what those units publish upward.
 */
export async function readTrends(
	db: Kysely<Database>,
	actor: { userId: string; tenantId: string },
	options: { baseId: string; from: number; to: number; kind?: TenantKind; own?: boolean },
): Promise<YearTrend[]> {
	const kind = options.kind ?? null;
	return runAs(db, actor, async (tx) => {
		// Each table read once: the year of every unit's first system, and the years it held its meeting.
		const { rows } = await sql<YearTrend>`
			-- The same units as the page's table (ADR 0010): the rows' subtrees.
			with scope as (
				select unit_id as id from app_rollup_units(${options.baseId}, ${kind}::text)
				union all ${ownRow(options.baseId, kind, options.own ?? false)}
			),
			-- Each grouped by year once; the series then reads a handful of rows per year.
			first_system as materialized (
				select year, count(*) as n from (
					select min(extract(year from s.issued_on))::int as year
					from systems s join scope on scope.id = s.tenant_id group by s.tenant_id) f
				group by year
			),
			held as materialized (
				select f.year, count(*) as n from unit_year_figures f join scope on scope.id = f.tenant_id
				where f.regular_on is not null and f.year between ${options.from} and ${options.to}
				group by f.year
			),
			years as (select generate_series(${options.from}::int, ${options.to}::int) as year)
			select y.year::int as year, (select count(*) from scope)::int as units,
				(select coalesce(sum(f.n), 0) from first_system f where f.year <= y.year)::int as "withSystem",
				(select coalesce(sum(h.n), 0) from held h where h.year = y.year)::int as "regularHeld"
			from years y order by y.year`.execute(tx);
		return rows;
	});
}
