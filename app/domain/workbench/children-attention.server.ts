import { type Kysely, sql } from "kysely";
import type { Actor } from "#app/domain/actor.ts";
import { runAs } from "#db/run-as.ts";
import type { Database } from "#db/schema.ts";
import {
	figuresOf,
	type Row,
	rollupColumns,
	rollupFlaggedCount,
	rollupPageSource,
	type UnitFigures,
} from "../rollup/rollup-figures.server.ts";
import { byAttention } from "../rollup/rollup-page.server.ts";

/** How many flagged units the home lists; the statistics list the rest. */
const LISTED = 10;
/**
 * Up to this many children are read whole and ordered here (the statistics' one-page read, as cheap
 * as it gets for a small tree); beyond, the first of the kept order, and the flagged count from it.
 */
const READ_WHOLE = 20;

/** A direct subordinate unit (with its subtree) that the statistics flag now. */
export interface UnitNeedingAttention {
	id: string;
	name: string;
	/** It has units below it: its link opens its own breakdown, else its meetings and matters. */
	hasChildren: boolean;
	flags: UnitFigures["flags"];
}

/**
 * W1–W3 on the home (issue #21): which direct subordinate units need attention this year — the
 * statistics' compliance flags, read as the statistics read them (only what units publish upward) —
 * the first ten in the statistics' order and how many there are, whatever the number of children:
 * the statistics' first page of twenty (migration 2026-12-07T1000: every child, in the tree's order,
 * when there are twenty or fewer — ordered and counted here then) and, beyond, the count of flagged
 * children from the kept keys (2026-12-07T1100).
 * `null` when the unit has no subordinate units: nothing is said about what the unit does not have.
 */
export async function readChildrenAttention(
	db: Kysely<Database>,
	actor: Actor,
	today: string,
): Promise<{ year: number; flagged: number; units: UnitNeedingAttention[] } | null> {
	const year = Number(today.slice(0, 4));
	const { rows } = await runAs(db, actor, (tx) =>
		sql<Row & { pos: number; n: number; flagged: number | null }>`
			with p as (
				select r.pos, r.n, ${rollupColumns}
				from ${rollupPageSource({ baseId: actor.tenantId, kind: null, year, own: false, today, pageSize: READ_WHOLE, page: 1, lead: 0 })})
			-- Counted on the kept keys only when they are what the page read (a scalar subquery runs once, if at all).
			select p.*, case when p.n > ${READ_WHOLE} then ${rollupFlaggedCount({ baseId: actor.tenantId, year, today })} end as flagged
			from p where p.pos > 0`.execute(tx),
	);
	// Without children the one row is the unit itself.
	if (rows.length === 0 || rows.some((row) => row.id === actor.tenantId)) return null;
	const flaggedUnits = rows
		.map(({ pos: _p, n: _n, flagged: _f, ...row }) => figuresOf(row, year, today))
		.filter((unit) => unit.flags.length > 0)
		.sort(byAttention);
	return {
		year,
		flagged: rows[0]?.flagged ?? flaggedUnits.length,
		units: flaggedUnits.slice(0, LISTED).map(({ id, name, hasChildren, flags }) => ({ id, name, hasChildren, flags })),
	};
}
