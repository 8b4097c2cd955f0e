import { type Kysely, sql } from "kysely";
import { rowsFunction, systemFunctions } from "./2026-12-06T1100-subtree-sums.ts";

// Frozen in time: imports nothing from the app (only the builder of an earlier migration).

/**
 * The statistics' two functions planned once per connection, and the trend read by key, whatever
 * the size of the tree (issue #25).
 *
 * - A function in LANGUAGE sql that is not inlined (these are SECURITY DEFINER) plans its query on
 *   every call: 2–3 ms each for these CTEs, on every statistics page view. In plpgsql, `RETURN QUERY`
 *   keeps its plan for the session (generic, as the app's connections ask: plan_cache_mode =
 *   force_generic_plan); the queries are the same. `#variable_conflict use_column`: the output
 *   columns' names are also table columns, and in the queries they always mean the columns.
 * - Migration 2026-12-06T1100's `app_rollup_trend` joined its one or two subtree rows to whole
 *   tables: with an estimate of 64 rows for them, PostgreSQL hashed every unit's kept rows (8,700 rows
 *   and 4–5 ms at 1,011 children, growing with the tree). Each lookup is now a LATERAL subquery by key
 *   (OFFSET 0 keeps it from being turned back into a join), as `app_rollup_rows` already does: a
 *   handful of index reads per year, whatever lies below. Same arguments, same answers.
 * - `app_rollup_rows` probed each child's systems twice (its current system's number and day, and
 *   how many versions it has) beside its two kept rows: half of its per-child work. The unit's
 *   current number, its day and its count of versions are now kept in `unit_subtree_units` by the
 *   function the systems' triggers already call (`unit_system_refresh`, under the unit's lock), so
 *   a child is two lookups by key.
 */
const asPlpgsql = (definition: string) => {
	const [head, rest] = definition.split("AS $$");
	const body = (rest ?? "").slice(0, (rest ?? "").lastIndexOf("$$")).trim();
	return `${(head ?? "").replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION").replace("LANGUAGE sql", "LANGUAGE plpgsql")}AS $$
   #variable_conflict use_column
   BEGIN
     RETURN QUERY ${body};
   END $$`;
};
/** `text` with each of `pairs` replaced, each found exactly once (the builders' text is frozen). */
const replaced = (text: string, pairs: [string, string][]) =>
	pairs.reduce((out, [from, to]) => {
		if (out.split(from).length !== 2) throw new Error(`expected once: ${from}`);
		return out.replace(from, to);
	}, text);

const systemRefresh = (keepsSystem: boolean) => {
	const original = systemFunctions.find((f) => f.includes("CREATE FUNCTION unit_system_refresh"));
	if (!original) throw new Error("unit_system_refresh not found");
	const base = original.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION");
	if (!keepsSystem) return base;
	return replaced(base, [
		["     n_first integer;\n", "     n_first integer;\n     cur systems%ROWTYPE;\n     n_versions integer;\n"],
		[
			"     IF o_has IS NOT DISTINCT FROM n_has AND o_first IS NOT DISTINCT FROM n_first THEN",
			`     SELECT * INTO cur FROM systems WHERE tenant_id = t AND superseded_at IS NULL LIMIT 1;
     SELECT count(*) INTO n_versions FROM systems WHERE tenant_id = t;
     UPDATE unit_subtree_units SET doc_number = cur.doc_number, issued_on = cur.issued_on, versions = n_versions
     WHERE tenant_id = t AND (doc_number, issued_on, versions) IS DISTINCT FROM (cur.doc_number, cur.issued_on, n_versions);
     IF o_has IS NOT DISTINCT FROM n_has AND o_first IS NOT DISTINCT FROM n_first THEN`,
		],
	]);
};

/** The rows function reading the kept system columns instead of probing `systems` per child. */
const rowsReadingKeptSystems = () =>
	replaced(asPlpgsql(rowsFunction(true)), [
		[
			"CROSS JOIN LATERAL (SELECT u.units, u.with_system FROM unit_subtree_units u WHERE u.tenant_id = t.id LIMIT 1) u",
			"CROSS JOIN LATERAL (SELECT u.units, u.with_system, u.doc_number, u.issued_on, u.versions FROM unit_subtree_units u WHERE u.tenant_id = t.id LIMIT 1) u",
		],
		[
			"SELECT t.id, t.slug, t.name, t.kind, t.path, false AS own, u.units, u.with_system, s.regular_held, s.regular_on,",
			"SELECT t.id, t.slug, t.name, t.kind, t.path, false AS own, u.units, u.with_system, u.doc_number, u.issued_on, u.versions, s.regular_held, s.regular_on,",
		],
		[
			"SELECT b.id, b.slug, b.name, b.kind, b.path, b.has_kids, 1, u.has_system::int, (f.regular_on IS NOT NULL)::int,",
			"SELECT b.id, b.slug, b.name, b.kind, b.path, b.has_kids, 1, u.has_system::int, u.doc_number, u.issued_on, u.versions, (f.regular_on IS NOT NULL)::int,",
		],
		[
			"cs.doc_number, cs.issued_on, (SELECT count(*) FROM systems v WHERE v.tenant_id = x.id)::int,",
			"x.doc_number, x.issued_on, x.versions,",
		],
		[
			`
     LEFT JOIN LATERAL (SELECT v.doc_number, v.issued_on FROM systems v
       WHERE v.tenant_id = x.id AND v.superseded_at IS NULL LIMIT 1) cs ON true`,
			"",
		],
	]);

const lookups = `CREATE FUNCTION app_rollup_trend(base uuid, only_kind text, from_year integer, to_year integer,
     with_own boolean)
   RETURNS TABLE (year integer, units integer, with_system integer, regular_held integer)
   LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
     WITH b AS (
       SELECT t.id, t.kind, EXISTS (SELECT 1 FROM tenants c WHERE c.parent_id = t.id) AS has_kids
       FROM tenants t JOIN tenants me ON me.id = nullif(current_setting('app.tenant_id', true), '')::uuid
       WHERE t.id = base AND t.path <@ me.path),
     parts AS (
       SELECT 1 AS sign, b.id, false AS own_only FROM b WHERE only_kind IS NULL AND b.has_kids
       UNION ALL SELECT -1, b.id, true FROM b WHERE only_kind IS NULL AND b.has_kids
       UNION ALL SELECT 1, t.id, false FROM b JOIN tenants t ON t.parent_id = b.id
         WHERE only_kind IS NOT NULL AND t.kind = only_kind
       UNION ALL SELECT 1, b.id, true FROM b
         WHERE NOT b.has_kids OR (with_own AND (only_kind IS NULL OR b.kind = only_kind))),
     n AS (
       SELECT coalesce(sum(p.sign * CASE WHEN p.own_only THEN 1 ELSE u.units END), 0)::int AS units
       FROM parts p CROSS JOIN LATERAL (SELECT u.units FROM unit_subtree_units u WHERE u.tenant_id = p.id OFFSET 0) u),
     yearly AS (
       SELECT s.year, p.sign * s.regular_held AS regular_held, p.sign * s.first_systems AS first_systems
       FROM parts p CROSS JOIN LATERAL (SELECT s.year, s.regular_held, s.first_systems FROM unit_subtree_year_figures s
         WHERE s.tenant_id = p.id AND s.year <= to_year OFFSET 0) s
       WHERE NOT p.own_only
       UNION ALL
       SELECT f.year, p.sign * (f.regular_on IS NOT NULL)::int, 0
       FROM parts p CROSS JOIN LATERAL (SELECT f.year, f.regular_on FROM unit_year_figures f
         WHERE f.tenant_id = p.id AND f.year BETWEEN from_year AND to_year OFFSET 0) f
       WHERE p.own_only
       UNION ALL
       SELECT u.first_system_year, 0, p.sign
       FROM parts p CROSS JOIN LATERAL (SELECT u.first_system_year FROM unit_subtree_units u
         WHERE u.tenant_id = p.id AND u.first_system_year <= to_year OFFSET 0) u
       WHERE p.own_only),
     g AS (SELECT yearly.year, sum(yearly.regular_held) AS r, sum(yearly.first_systems) AS s FROM yearly GROUP BY yearly.year)
     SELECT gy::int, n.units,
       (SELECT coalesce(sum(g.s), 0) FROM g WHERE g.year <= gy)::int,
       (SELECT coalesce(sum(g.r), 0) FROM g WHERE g.year = gy)::int
     FROM generate_series(from_year, to_year) gy, n ORDER BY gy
   $$`;

const joins = `CREATE OR REPLACE FUNCTION app_rollup_trend(base uuid, only_kind text, from_year integer, to_year integer,
     with_own boolean)
   RETURNS TABLE (year integer, units integer, with_system integer, regular_held integer)
   LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
     WITH b AS (
       SELECT t.id, t.kind, EXISTS (SELECT 1 FROM tenants c WHERE c.parent_id = t.id) AS has_kids
       FROM tenants t JOIN tenants me ON me.id = nullif(current_setting('app.tenant_id', true), '')::uuid
       WHERE t.id = base AND t.path <@ me.path),
     parts AS (
       SELECT 1 AS sign, b.id, false AS own_only FROM b WHERE only_kind IS NULL AND b.has_kids
       UNION ALL SELECT -1, b.id, true FROM b WHERE only_kind IS NULL AND b.has_kids
       UNION ALL SELECT 1, t.id, false FROM b JOIN tenants t ON t.parent_id = b.id
         WHERE only_kind IS NOT NULL AND t.kind = only_kind
       UNION ALL SELECT 1, b.id, true FROM b
         WHERE NOT b.has_kids OR (with_own AND (only_kind IS NULL OR b.kind = only_kind))),
     n AS (
       SELECT coalesce(sum(p.sign * CASE WHEN p.own_only THEN 1 ELSE u.units END), 0)::int AS units
       FROM parts p JOIN unit_subtree_units u ON u.tenant_id = p.id),
     yearly AS (
       SELECT s.year, p.sign * s.regular_held AS regular_held, p.sign * s.first_systems AS first_systems
       FROM parts p JOIN unit_subtree_year_figures s ON s.tenant_id = p.id AND s.year <= to_year
       WHERE NOT p.own_only
       UNION ALL
       SELECT f.year, p.sign * (f.regular_on IS NOT NULL)::int, 0
       FROM parts p JOIN unit_year_figures f ON f.tenant_id = p.id AND f.year BETWEEN from_year AND to_year
       WHERE p.own_only
       UNION ALL
       SELECT u.first_system_year, 0, p.sign
       FROM parts p JOIN unit_subtree_units u ON u.tenant_id = p.id AND u.first_system_year <= to_year
       WHERE p.own_only),
     g AS (SELECT yearly.year, sum(yearly.regular_held) AS r, sum(yearly.first_systems) AS s FROM yearly GROUP BY yearly.year)
     SELECT gy::int, n.units,
       (SELECT coalesce(sum(g.s), 0) FROM g WHERE g.year <= gy)::int,
       (SELECT coalesce(sum(g.r), 0) FROM g WHERE g.year = gy)::int
     FROM generate_series(from_year, to_year) gy, n ORDER BY gy
   $$`;

export async function up(db: Kysely<any>): Promise<void> {
	for (const statement of [
		"ALTER TABLE unit_subtree_units ADD COLUMN doc_number text, ADD COLUMN issued_on date, ADD COLUMN versions integer NOT NULL DEFAULT 0",
		systemRefresh(true),
		`UPDATE unit_subtree_units u SET doc_number = c.doc_number, issued_on = c.issued_on,
       versions = (SELECT count(*) FROM systems v WHERE v.tenant_id = u.tenant_id)
     FROM (SELECT u2.tenant_id, cur.doc_number, cur.issued_on FROM unit_subtree_units u2
       LEFT JOIN LATERAL (SELECT v.doc_number, v.issued_on FROM systems v
         WHERE v.tenant_id = u2.tenant_id AND v.superseded_at IS NULL LIMIT 1) cur ON true) c
     WHERE c.tenant_id = u.tenant_id`,
		asPlpgsql(lookups),
		rowsReadingKeptSystems(),
	]) {
		await sql.raw(statement).execute(db);
	}
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const statement of [
		joins,
		rowsFunction(true).replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION"),
		systemRefresh(false),
		"ALTER TABLE unit_subtree_units DROP COLUMN doc_number, DROP COLUMN issued_on, DROP COLUMN versions",
	]) {
		await sql.raw(statement).execute(db);
	}
}
