import type { Kysely } from "kysely";
import type { Actor } from "#app/domain/actor.ts";
import type { Database } from "#db/schema.ts";
import { readRollup, type UnitFigures } from "../rollup/rollup-figures.server.ts";

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
 * statistics' compliance flags, read as the statistics read them (only what units publish upward).
 * `null` when the unit has no subordinate units: nothing is said about what the unit does not have.
 */
export async function readChildrenAttention(
	db: Kysely<Database>,
	actor: Actor,
	today: string,
): Promise<{ year: number; units: UnitNeedingAttention[] } | null> {
	const year = Number(today.slice(0, 4));
	const { rows } = await readRollup(db, actor, { baseId: actor.tenantId, year, today });
	const children = rows.filter((row) => row.id !== actor.tenantId);
	if (children.length === 0) return null;
	const units = children
		.filter((row) => row.flags.length > 0)
		.sort((a, b) => b.flags.length - a.flags.length)
		.map(({ id, name, hasChildren, flags }) => ({ id, name, hasChildren, flags }));
	return { year, units };
}
