import { type Kysely, sql } from "kysely";
import type { Actor } from "#app/domain/actor.ts";
import { runAs } from "#db/run-as.ts";
import type { Database } from "#db/schema.ts";
import { figuresOf, type Row, rollupColumns, rollupSource, type UnitFigures } from "../rollup/rollup-figures.server.ts";
import { byAttention, flagCount } from "../rollup/rollup-page.server.ts";

/** How many flagged units the home lists; the statistics list the rest. */
const LISTED = 10;

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
 * the first ten in the statistics' order and how many there are, whatever the number of children.
 * `null` when the unit has no subordinate units: nothing is said about what the unit does not have.
 */
export async function readChildrenAttention(
	db: Kysely<Database>,
	actor: Actor,
	today: string,
): Promise<{ year: number; flagged: number; units: UnitNeedingAttention[] } | null> {
	const year = Number(today.slice(0, 4));
	const { rows } = await runAs(db, actor, (tx) =>
		sql<Row & { children: number; flagged: number; flag_count: number }>`
			with r as (
				select ${rollupColumns}, ${flagCount(year, today)} as flag_count
				from ${rollupSource({ baseId: actor.tenantId, kind: null, year, own: false, today })})
			select r.*, (count(*) filter (where r.id <> ${actor.tenantId}) over ())::int as children,
				(count(*) filter (where r.flag_count > 0 and r.id <> ${actor.tenantId}) over ())::int as flagged
			from r order by ${byAttention} limit ${LISTED}`.execute(tx),
	);
	const first = rows[0];
	if (!first || first.children === 0) return null;
	const units = rows
		.filter((row) => row.flag_count > 0 && row.id !== actor.tenantId)
		.map(({ children: _c, flagged: _f, flag_count: _n, ...row }) => figuresOf(row, year, today))
		.map(({ id, name, hasChildren, flags }) => ({ id, name, hasChildren, flags }));
	return { year, flagged: first.flagged, units };
}
