import { type Kysely, sql } from "kysely";
import { sums } from "./2026-12-06T1100-subtree-sums.ts";

// Frozen in time: imports nothing from the app (only the figures' list of migration 2026-12-06T1100;
// migration 2026-12-07T1100 reuses the builder below).
const APP_ROLE = "lianxi_app";

/**
 * One page of the statistics in one call, reading whole rows only for the units it shows (issue #25).
 *
 * The page statement of 2026-12-06 asked `app_rollup_rows` for every direct child — thirty columns,
 * five day counts and two lookups each — numbered all of them twice and summed them for the total:
 * 11–14 ms at 1,011 children, for a page of twenty. `app_rollup_page` orders the children on what the
 * order needs only (the flags, overdue and matters: the three figures and four day counts the flags
 * are made of, from the same kept rows), keeps the first `lead` and the page asked for (a top-N sort),
 * reads the whole row of those only, and takes the total from the base's own subtree row — the sums of
 * everything below it, less the base's own figures when its 本级 row is not listed — instead of adding
 * up the children. With a kind, the total is the children of that kind (and 本级), summed from their
 * rows as before. A tree that fits one page keeps the tree's order and is read whole.
 *
 * Same answers as the statement it replaces (tests/integration/rollup-page.test.ts compares every page
 * with the whole list read by `app_rollup_rows`), except the total's count of system versions, which
 * the subtree rows do not keep and the page does not show: NULL.
 */

/** The output columns after (pos, n): those of app_rollup_rows. */
const columns = `row_id uuid, slug text, name text, kind text, path ltree, own boolean, units integer,
     with_system integer, doc_number text, issued_on date, versions integer, regular_held integer,
     regular_held_on date, extraordinary integer, minutes_issued integer, minutes_days integer,
     minutes_issued_late integer, publicity integer, matters integer, matters_closed integer,
     matters_done integer, closed_on_time integer, close_days integer, extended_after_overdue integer,
     topics integer[], minutes_late integer, not_publicised integer, in_progress integer, overdue integer,
     replies_overdue integer`;

const zeroTopics = "'{0,0,0,0,0,0,0}'::integer[]";
const minutesDay = "today - minutes_due - 1";
const publicityDay = "today - publicity_due - 1";
const yesterday = "today - 1";

/** How many days of a unit's own sorted day array are on or before `day`. */
const ownCount = (array: string, day: string) => `(SELECT count(*)::int FROM unnest(${array}) d WHERE d <= ${day})`;

/** A child's whole row (`s`: its subtree's year row, `u`: its subtree units row), as app_rollup_rows gives it. */
const childFigures = `u.units, u.with_system, u.doc_number, u.issued_on, u.versions,
       coalesce(s.regular_held, 0), s.regular_on,
       ${sums.map((c) => `coalesce(s.${c}, 0)`).join(", ")}, coalesce(s.topics, ${zeroTopics}),
       coalesce(s.minutes_issued_late, 0) + day_tally_count(s.unissued_held, ${minutesDay}),
       day_tally_count(s.unpublicised_held, ${publicityDay}),
       day_tally_total(s.open_deadlines) - day_tally_count(s.open_deadlines, ${yesterday}),
       day_tally_count(s.open_deadlines, ${yesterday}),
       day_tally_count(s.open_reply_by, ${yesterday})`;

/** The base's own row (本级, or the base alone when it has no children; `f`: its own year row). */
const ownFigures = `1, u.has_system::int, u.doc_number, u.issued_on, u.versions,
       (f.regular_on IS NOT NULL)::int, f.regular_on,
       ${sums.map((c) => `coalesce(f.${c}, 0)`).join(", ")}, coalesce(f.topics, ${zeroTopics}),
       coalesce(f.minutes_issued_late, 0) + ${ownCount("f.unissued_held", minutesDay)},
       ${ownCount("f.unpublicised_held", publicityDay)},
       coalesce(cardinality(f.open_deadlines), 0) - ${ownCount("f.open_deadlines", yesterday)},
       ${ownCount("f.open_deadlines", yesterday)},
       ${ownCount("f.open_reply_by", yesterday)}`;

/** The figures the order needs, as app_rollup_rows' columns would give them: flags, overdue, matters. */
export const childKeys = `((u.with_system < u.units)::int
         + (coalesce(s.regular_held, 0) < u.units AND today >= make_date(y, 12, 1))::int
         + (coalesce(s.minutes_issued_late, 0) + day_tally_count(s.unissued_held, ${minutesDay}) > 0)::int
         + (day_tally_count(s.open_deadlines, ${yesterday}) > 0)::int
         + (day_tally_count(s.unpublicised_held, ${publicityDay}) > 0)::int) AS flag_count,
       day_tally_count(s.open_deadlines, ${yesterday}) AS overdue, coalesce(s.matters, 0) AS matters`;
const ownKeys = `((NOT u.has_system)::int
         + (f.regular_on IS NULL AND today >= make_date(y, 12, 1))::int
         + (coalesce(f.minutes_issued_late, 0) + ${ownCount("f.unissued_held", minutesDay)} > 0)::int
         + (${ownCount("f.open_deadlines", yesterday)} > 0)::int
         + (${ownCount("f.unpublicised_held", publicityDay)} > 0)::int) AS flag_count,
       ${ownCount("f.open_deadlines", yesterday)} AS overdue, coalesce(f.matters, 0) AS matters`;

/** Lookups by key, each kept a subquery per row (LIMIT 1), as in app_rollup_rows. */
export const childLookups = `CROSS JOIN LATERAL (SELECT u.* FROM unit_subtree_units u WHERE u.tenant_id = t.id LIMIT 1) u
       LEFT JOIN LATERAL (SELECT s.* FROM unit_subtree_year_figures s WHERE s.tenant_id = t.id AND s.year = y LIMIT 1) s ON true`;
const ownLookups = `JOIN unit_subtree_units u ON u.tenant_id = t.id
       LEFT JOIN unit_year_figures f ON f.tenant_id = t.id AND f.year = y`;

/** The total without a kind: the base's subtree less its own figures when its own row is not listed. */
const less = (subtree: string, own: string) => `${subtree} - CASE WHEN own_row THEN 0 ELSE ${own} END`;
const subtreeTotal = `SELECT 0, n_rows, NULL::uuid, NULL::text, NULL::text, NULL::text, NULL::ltree, NULL::boolean,
       ${less("u.units", "1")}, ${less("u.with_system", "u.has_system::int")}, NULL::text, NULL::date, NULL::int,
       ${less("coalesce(s.regular_held, 0)", "(f.regular_on IS NOT NULL)::int")}, NULL::date,
       ${sums.map((c) => less(`coalesce(s.${c}, 0)`, `coalesce(f.${c}, 0)`)).join(",\n       ")},
       (SELECT array_agg(a - CASE WHEN own_row THEN 0 ELSE coalesce(o, 0) END ORDER BY i)::int[]
          FROM unnest(coalesce(s.topics, ${zeroTopics}), coalesce(f.topics, ${zeroTopics})) WITH ORDINALITY z (a, o, i)),
       ${less(`coalesce(s.minutes_issued_late, 0) + day_tally_count(s.unissued_held, ${minutesDay})`, `coalesce(f.minutes_issued_late, 0) + ${ownCount("f.unissued_held", minutesDay)}`)},
       ${less(`day_tally_count(s.unpublicised_held, ${publicityDay})`, ownCount("f.unpublicised_held", publicityDay))},
       ${less(`day_tally_total(s.open_deadlines) - day_tally_count(s.open_deadlines, ${yesterday})`, `coalesce(cardinality(f.open_deadlines), 0) - ${ownCount("f.open_deadlines", yesterday)}`)},
       ${less(`day_tally_count(s.open_deadlines, ${yesterday})`, ownCount("f.open_deadlines", yesterday))},
       ${less(`day_tally_count(s.open_reply_by, ${yesterday})`, ownCount("f.open_reply_by", yesterday))}
     FROM unit_subtree_units u
     LEFT JOIN unit_subtree_year_figures s ON s.tenant_id = u.tenant_id AND s.year = y
     LEFT JOIN unit_year_figures f ON f.tenant_id = u.tenant_id AND f.year = y
     WHERE u.tenant_id = base`;

/** The total with a kind: the listed rows summed (the children of that kind and 本级). */
const rowsTotal = `SELECT 0, n_rows, NULL::uuid, NULL::text, NULL::text, NULL::text, NULL::ltree, NULL::boolean,
       coalesce(sum(r.units), 0)::int, coalesce(sum(r.with_system), 0)::int, NULL::text, NULL::date, NULL::int,
       coalesce(sum(r.regular_held), 0)::int, NULL::date,
       ${sums.map((c) => `coalesce(sum(r.${c}), 0)::int`).join(", ")},
       ARRAY[${[1, 2, 3, 4, 5, 6, 7].map((c) => `coalesce(sum(r.topics[${c}]), 0)::int`).join(", ")}],
       ${["minutes_late", "not_publicised", "in_progress", "overdue", "replies_overdue"]
					.map((c) => `coalesce(sum(r.${c}), 0)::int`)
					.join(", ")}
     FROM app_rollup_rows(base, only_kind, y, with_own, today, minutes_due, publicity_due) r`;

const attention = 'k.flag_count DESC, k.overdue DESC, k.matters DESC, k.name COLLATE "C", k.id';
/** The same order on the kept keys (unit_rollup_keys' index, migration 2026-12-07T1100). */
const keptAttention = 'k.flag_count DESC, k.overdue DESC, k.matters DESC, k.name COLLATE "C", k.unit_id';

/**
 * With `keptOrder` (migration 2026-12-07T1100), the children of a large tree without a kind are
 * ordered on their kept keys (`unit_rollup_keys`), counted again first where they are out of date.
 */
export const pageFunction = (
	keptOrder: boolean,
) => `CREATE OR REPLACE FUNCTION app_rollup_page(base uuid, only_kind text, y integer, with_own boolean,
     today date, minutes_due integer, publicity_due integer, page_size integer, want_page integer, lead integer)
   RETURNS TABLE (pos integer, n integer, ${columns})
   LANGUAGE plpgsql ${keptOrder ? "VOLATILE" : "STABLE"} SECURITY DEFINER SET search_path = public, pg_temp AS $$
   #variable_conflict use_column
   DECLARE
     base_kind text;
     has_kids boolean;
     own_row boolean;
     n_rows integer;
     shown integer;
   BEGIN
     -- Only a base in the caller's subtree, as app_rollup_rows.
     SELECT t.kind, EXISTS (SELECT 1 FROM tenants c WHERE c.parent_id = t.id) INTO base_kind, has_kids
     FROM tenants t JOIN tenants me ON me.id = nullif(current_setting('app.tenant_id', true), '')::uuid
     WHERE t.id = base AND t.path <@ me.path;
     IF NOT FOUND THEN RETURN; END IF;
     own_row := NOT has_kids OR (with_own AND (only_kind IS NULL OR base_kind = only_kind));
     SELECT count(*)::int + own_row::int INTO n_rows FROM tenants t
     WHERE t.parent_id = base AND (only_kind IS NULL OR t.kind = only_kind);
     IF n_rows <= page_size THEN
       -- One page: every row, in the tree's order.
       RETURN QUERY SELECT (row_number() OVER (ORDER BY r.path))::int, n_rows, r.*
         FROM app_rollup_rows(base, only_kind, y, with_own, today, minutes_due, publicity_due) r;
     ELSE
       -- The page asked for (clamped to the pages there are) and the first \`lead\`.
       shown := least(greatest(want_page, 1), ceil(n_rows / page_size::numeric)::int) * page_size;
       ${
					keptOrder
						? `-- Without a kind: every child's kept keys for the year, counted for today (else counted now).
       IF only_kind IS NULL THEN
         PERFORM rollup_keys_ready(base, y, today, minutes_due, publicity_due);
       END IF;`
						: ""
				}
       RETURN QUERY
       WITH k AS (
         ${
						keptOrder
							? `(SELECT k.unit_id AS id, k.name, false AS own, k.flag_count, k.overdue, k.matters
          FROM unit_rollup_keys k
          WHERE only_kind IS NULL AND k.parent_id = base AND k.year = y
          ORDER BY ${keptAttention} LIMIT greatest(lead, shown))
         UNION ALL
         `
							: ""
					}SELECT t.id, t.name, false AS own, ${childKeys}
         FROM tenants t
         ${childLookups}
         WHERE t.parent_id = base AND (only_kind IS NULL OR t.kind = only_kind)${keptOrder ? " AND only_kind IS NOT NULL" : ""}
         UNION ALL
         SELECT t.id, t.name, true, ${ownKeys}
         FROM tenants t
         ${ownLookups}
         WHERE t.id = base AND own_row),
       top AS (SELECT k.id, k.own, (row_number() OVER (ORDER BY ${attention}))::int AS pos
         FROM (SELECT * FROM k ORDER BY ${attention} LIMIT greatest(lead, shown)) k),
       chosen AS (SELECT * FROM top WHERE top.pos <= lead OR top.pos > shown - page_size)
       SELECT c.pos, n_rows, t.id, t.slug, t.name, t.kind, t.path, false, ${childFigures}
       FROM chosen c JOIN tenants t ON t.id = c.id
       ${childLookups}
       WHERE NOT c.own
       UNION ALL
       SELECT c.pos, n_rows, t.id, t.slug, t.name, t.kind, t.path, has_kids, ${ownFigures}
       FROM chosen c JOIN tenants t ON t.id = c.id
       ${ownLookups}
       WHERE c.own;
     END IF;
     IF only_kind IS NULL THEN
       RETURN QUERY ${subtreeTotal};
     ELSE
       RETURN QUERY ${rowsTotal};
     END IF;
   END $$`;

export async function up(db: Kysely<any>): Promise<void> {
	for (const statement of [
		pageFunction(false),
		"REVOKE ALL ON FUNCTION app_rollup_page(uuid, text, integer, boolean, date, integer, integer, integer, integer, integer) FROM PUBLIC",
		`GRANT EXECUTE ON FUNCTION app_rollup_page(uuid, text, integer, boolean, date, integer, integer, integer, integer, integer) TO ${APP_ROLE}`,
	]) {
		await sql.raw(statement).execute(db);
	}
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql
		.raw(
			"DROP FUNCTION app_rollup_page(uuid, text, integer, boolean, date, integer, integer, integer, integer, integer)",
		)
		.execute(db);
}
