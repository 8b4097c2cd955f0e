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
 * it has none or, with `own`, beside them as 本级), from what those units publish upward.
 */
export async function readTrends(
	db: Kysely<Database>,
	actor: { userId: string; tenantId: string },
	options: { baseId: string; from: number; to: number; kind?: TenantKind; own?: boolean },
): Promise<YearTrend[]> {
	const kind = options.kind ?? null;
	return runAs(db, actor, async (tx) => {
		// The kept subtree sums (migration 2026-12-06T1100): without a kind, the base's subtree less its
		// own figures, one row per year; with a kind, one row per child of that kind and year.
		const { rows } = await sql<YearTrend>`
			select t.year, t.units, t.with_system as "withSystem", t.regular_held as "regularHeld"
			from app_rollup_trend(${options.baseId}, ${kind}::text, ${options.from}::int, ${options.to}::int,
				${options.own ?? false}::boolean) t order by t.year`.execute(tx);
		return rows;
	});
}
