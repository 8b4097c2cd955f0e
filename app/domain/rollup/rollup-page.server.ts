import { type Kysely, sql } from "kysely";
import { runAs } from "#db/run-as.ts";
import type { Database, TenantKind } from "#db/schema.ts";
import {
	figuresOf,
	type Row,
	rollupBase,
	rollupColumns,
	rollupPageSource,
	type UnitFigures,
} from "./rollup-figures.server.ts";
import { ROLLUP_PAGE_SIZES } from "./rollup-options.ts";

/** How many units one page of the statistics lists unless asked otherwise. */
const ROLLUP_PAGE_SIZE = ROLLUP_PAGE_SIZES[0];

/**
 * Units that need attention first — more flags, more overdue matters, more matters, then by name (in
 * code-point order, as the database's COLLATE "C") and id: the order of `app_rollup_page` for a tree
 * larger than a page, in code for a list read in the tree's order.
 */
export const byAttention = (a: UnitFigures, b: UnitFigures) =>
	b.flags.length - a.flags.length ||
	b.mattersOverdue - a.mattersOverdue ||
	b.matters - a.matters ||
	(a.name < b.name ? -1 : a.name > b.name ? 1 : 0) ||
	(a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The total: every figure but a unit's own (its number, days) and the count of system versions. */
type RollupTotal = Omit<UnitFigures, "id" | "slug" | "name" | "kind" | "hasChildren" | "own" | "versions">;

/**
 * The statistics page's units, read a page at a time whatever the number of children (issue #25):
 * the database orders the base's rows, sums them and returns only the page asked for, the first
 * `lead` units (the charts' units) and the total — the app decodes a page of rows, not the tree.
 * A tree that fits one page keeps the order of the tree; a larger one lists the units that need
 * attention first (more flags, more overdue matters, more matters, then by name). `page` is
 * clamped to the pages there are.
 */
export async function readRollupPage(
	db: Kysely<Database>,
	actor: { userId: string; tenantId: string },
	options: {
		baseId: string;
		year: number;
		kind?: TenantKind;
		today: string;
		own?: boolean;
		page: number;
		lead: number;
		pageSize?: number;
	},
) {
	const { year, today, lead } = options;
	const size = options.pageSize ?? ROLLUP_PAGE_SIZE;
	const requested = Number.isFinite(options.page) ? Math.max(1, Math.trunc(options.page)) : 1;
	return runAs(db, actor, async (tx) => {
		// The function answers nothing for a base outside the caller's subtree, so both go out together.
		const [base, { rows }] = await Promise.all([
			rollupBase(tx, options.baseId),
			sql<Row & { pos: number; n: number }>`
				select r.pos, r.n, ${rollupColumns}
				from ${rollupPageSource({ baseId: options.baseId, kind: options.kind ?? null, year, own: options.own ?? false, today, pageSize: size, page: requested, lead })}
				order by r.pos`.execute(tx),
		]);
		if (!base) return null;
		const [totalRow, ...units] = rows;
		const n = totalRow?.n ?? 0;
		const pages = Math.max(1, Math.ceil(n / size));
		const number = Math.min(pages, requested);
		const figures = units.map(({ pos, n: _, ...row }) => ({ pos, figures: figuresOf(row, year, today) }));
		const { pos: _p, n: _n, ...sums } = totalRow as Row & { pos: number; n: number };
		const { id, slug, name, kind, hasChildren, own, versions, ...total } = figuresOf(sums, year, today);
		return {
			base,
			/** The page's units, in the page's order. */
			rows: figures.filter((u) => u.pos > (number - 1) * size && u.pos <= number * size).map((u) => u.figures),
			/** The first `lead` units of that order (on any page). */
			lead: figures.filter((u) => u.pos <= lead).map((u) => u.figures),
			/** The sums over every unit (a unit's own fields — number, days — are null on it; no count of versions). */
			total: total satisfies RollupTotal,
			page: { number, pages, units: n },
		};
	});
}
