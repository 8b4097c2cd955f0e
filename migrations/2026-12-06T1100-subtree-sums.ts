import { type Kysely, sql } from "kysely";

// Frozen in time: imports nothing from the app (migration 2026-12-06T1110 reuses the builders below).
const APP_ROLE = "lianxi_app";

/**
 * Statistics whose cost does not grow with the tree (issue #25, ADR 0010 "since then"). Beside the
 * per-unit-and-year figures (`unit_year_figures`, what the unit itself publishes upward), every unit
 * keeps the sums of its WHOLE SUBTREE (itself and every unit below it):
 *
 * - `unit_subtree_units`: units in the subtree and how many have a current system (year-independent),
 *   and the unit's own system state (has a current system, year of its first system);
 * - `unit_subtree_year_figures`: per year, the sums of the subtree's `unit_year_figures` (units that
 *   held their regular meeting, counts and day sums, topics per category, units whose first system
 *   was issued that year) and, for the figures that depend on the day they are read, a tally of the
 *   kept days (`day_tally`: distinct sorted days and the running count up to each), so that "how
 *   many on or before day X" is one binary search (`day_tally_count`).
 *
 * Kept in the same transaction as the change: `unit_year_refresh` (after the unit-year's advisory lock
 * of migration 2026-11-29T1100) reads the unit's row before and after recomputing it and adds the
 * difference to the subtree rows of the unit and every ancestor, root first (one order, so writers of
 * different units queue on the shared ancestors instead of deadlocking). A systems trigger does the
 * same for the system figures (under a lock per unit), and a new unit adds one unit to its ancestors
 * and starts at zero: tenants never move in the tree (the foundation's trigger refuses it), so adding
 * a unit is the only change of the tree. Only what a unit publishes upward is in `unit_year_figures`
 * (migration 2026-12-04T1100), so the sums publish upward exactly what the per-unit figures do.
 *
 * The statistics page reads one row per direct child (`app_rollup_rows`) and the trends a handful of
 * rows per year (`app_rollup_trend`), whatever lies below.
 */
const lock = "PERFORM pg_advisory_xact_lock(hashtextextended('unit-year:' || t::text || ':' || y::text, 0));";
/** After a pending row: the transaction has something to flush again (see unit_subtree_flush). */
const pendingAdded = "PERFORM set_config('app.subtree_flushed', '', true);";
const systemLock = "PERFORM pg_advisory_xact_lock(hashtextextended('unit-system:' || t::text, 0));";

/** Additive integer figures of unit_year_figures, summed as they are (migration 2026-12-07T1000 reads them too). */
export const sums = [
	"extraordinary",
	"minutes_issued",
	"minutes_days",
	"minutes_issued_late",
	"publicity",
	"matters",
	"matters_closed",
	"matters_done",
	"closed_on_time",
	"close_days",
	"extended_after_overdue",
];
/** Sorted day arrays of unit_year_figures, kept in the subtree as tallies. */
const tallies = (withReplies: boolean) => [
	"unissued_held",
	"unpublicised_held",
	"open_deadlines",
	...(withReplies ? ["open_reply_by"] : []),
];

export const tallyFunctions = [
	"CREATE TYPE day_tally AS (days date[], upto integer[])",
	// How many kept days are on or before x (days sorted, upto the running count).
	`CREATE FUNCTION day_tally_count(t day_tally, x date) RETURNS integer
   LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT coalesce((t).upto[width_bucket(x, (t).days)], 0) $$`,
	`CREATE FUNCTION day_tally_total(t day_tally) RETURNS integer
   LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT coalesce((t).upto[cardinality((t).upto)], 0) $$`,
	// The tally with the signed days of key `key` added (parallel arrays; a day's count may go to zero).
	`CREATE FUNCTION day_tally_merge(t day_tally, keys smallint[], days date[], ns integer[], key smallint) RETURNS day_tally
   LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
     WITH pairs AS (
       SELECT u.d, u.n - coalesce(lag(u.n) OVER (ORDER BY u.i), 0) AS n
       FROM unnest((t).days, (t).upto) WITH ORDINALITY AS u (d, n, i)
       UNION ALL SELECT x.d, x.n FROM unnest(keys, days, ns) AS x (k, d, n) WHERE x.k = key),
     g AS (SELECT d, sum(n) AS n FROM pairs GROUP BY d HAVING sum(n) <> 0)
     SELECT ROW(coalesce(array_agg(d ORDER BY d), '{}'), coalesce(array_agg(c ORDER BY d), '{}'))::day_tally
     FROM (SELECT d, (sum(n) OVER (ORDER BY d))::integer AS c FROM g) x
   $$`,
	// The sorted days of a unit's own row as a tally.
	`CREATE FUNCTION day_tally_of(days date[]) RETURNS day_tally
   LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
     SELECT day_tally_merge(NULL, array_fill(1::smallint, ARRAY[coalesce(cardinality(days), 0)]), days,
       array_fill(1, ARRAY[coalesce(cardinality(days), 0)]), 1::smallint)
   $$`,
	`GRANT EXECUTE ON FUNCTION day_tally_count(day_tally, date), day_tally_total(day_tally) TO ${APP_ROLE}`,
];

const emptyTally = "ROW('{}', '{}')::day_tally";

/** The subtree rows' columns (migration 2026-12-06T1110 adds the tally of open reply deadlines). */
export const subtreeTable = `CREATE TABLE unit_subtree_year_figures (
   tenant_id uuid NOT NULL REFERENCES tenants (id),
   year integer NOT NULL,
   regular_held integer NOT NULL DEFAULT 0,
   first_systems integer NOT NULL DEFAULT 0,
   ${sums.map((c) => `${c} integer NOT NULL DEFAULT 0`).join(",\n   ")},
   topics integer[] NOT NULL DEFAULT '{0,0,0,0,0,0,0}',
   regular_on date,
   ${tallies(false)
			.map((c) => `${c} day_tally NOT NULL DEFAULT ${emptyTally}`)
			.join(",\n   ")},
   PRIMARY KEY (tenant_id, year)
 )`;

/**
 * The pending differences of the transaction, one row per change (year NULL: the year-independent
 * units), emptied at its commit. Transient and never read by the app (no grant): its unit column is
 * `unit_id`, not a tenant's row.
 */
const pendingTable = `CREATE TABLE unit_subtree_pending (
   id bigint GENERATED ALWAYS AS IDENTITY,
   xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
   unit_id uuid NOT NULL,
   regular_set boolean NOT NULL DEFAULT false,
   regular_on date,
   year integer,
   units integer NOT NULL DEFAULT 0,
   with_system integer NOT NULL DEFAULT 0,
   regular_held integer NOT NULL DEFAULT 0,
   first_systems integer NOT NULL DEFAULT 0,
   ${sums.map((c) => `${c} integer NOT NULL DEFAULT 0`).join(",\n   ")},
   topics integer[] NOT NULL DEFAULT '{0,0,0,0,0,0,0}',
   tally_key smallint[] NOT NULL DEFAULT '{}',
   tally_day date[] NOT NULL DEFAULT '{}',
   tally_n integer[] NOT NULL DEFAULT '{}'
 )`;

/**
 * Records the difference between unit `t`'s figures of year `y` before (`o`) and after (`n`): the
 * day arrays as signed days keyed by tally (1-based, in the order of `tallies`).
 */
export const noteFunction = (withReplies: boolean) => {
	const list = tallies(withReplies);
	const signed = list
		.flatMap((c, i) => [
			`SELECT ${i + 1}::smallint AS k, d, 1 AS s FROM unnest(n.${c}) d`,
			`SELECT ${i + 1}::smallint, d, -1 FROM unnest(o.${c}) d`,
		])
		.join("\n         UNION ALL ");
	return `CREATE OR REPLACE FUNCTION unit_subtree_note(t uuid, y integer, o unit_year_figures, n unit_year_figures)
   RETURNS void LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
   BEGIN
     IF o IS NOT DISTINCT FROM n THEN
       RETURN;
     END IF;
     INSERT INTO unit_subtree_pending (unit_id, year, regular_set, regular_on, regular_held, ${sums.join(", ")}, topics,
       tally_key, tally_day, tally_n)
     SELECT t, y, o.regular_on IS DISTINCT FROM n.regular_on, n.regular_on,
       (n.regular_on IS NOT NULL)::int - (o.regular_on IS NOT NULL)::int,
       ${sums.map((c) => `coalesce(n.${c}, 0) - coalesce(o.${c}, 0)`).join(", ")},
       (SELECT array_agg(coalesce(n.topics[i], 0) - coalesce(o.topics[i], 0) ORDER BY i) FROM generate_series(1, 7) i),
       coalesce(array_agg(x.k), '{}'), coalesce(array_agg(x.d), '{}'), coalesce(array_agg(x.s), '{}')
     FROM (${signed}) x;
     ${pendingAdded}
   END $$`;
};

/**
 * At commit (a deferred constraint trigger): the transaction's pending differences, summed per
 * ancestor (the unit itself and every unit above it) and year, added to the subtree rows in one
 * order for everyone (year, then path: root first), so two committing writers never wait on each
 * other in opposite orders, and a bulk statement of ten thousand unit-years writes each ancestor's
 * row once.
 */
export const flushFunction = (withReplies: boolean) => {
	const list = tallies(withReplies);
	const columns = ["regular_held", "first_systems", ...sums];
	return `CREATE OR REPLACE FUNCTION unit_subtree_flush() RETURNS trigger
   LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
   DECLARE
     r record;
   BEGIN
     -- The first firing at commit emptied them all: the other firings of the transaction return here
     -- (without scanning the index's entries of the rows it deleted, once per firing).
     IF current_setting('app.subtree_flushed', true) = 'yes' THEN
       RETURN NULL;
     END IF;
     PERFORM set_config('app.subtree_flushed', 'yes', true);
     FOR r IN
       WITH p AS (DELETE FROM unit_subtree_pending WHERE xid = pg_current_xact_id() RETURNING *),
       e AS (SELECT a.id AS aid, a.path AS apath, p.* FROM p JOIN tenants me ON me.id = p.unit_id
             JOIN tenants a ON a.path @> me.path)
       SELECT e.aid, e.year, sum(e.units)::int AS units, sum(e.with_system)::int AS with_system,
         ${columns.map((c) => `sum(e.${c})::int AS ${c}`).join(", ")},
         ARRAY[${[1, 2, 3, 4, 5, 6, 7].map((i) => `sum(e.topics[${i}])`).join(", ")}]::int[] AS topics,
         array_cat_agg(e.tally_key) AS tally_key, array_cat_agg(e.tally_day) AS tally_day,
         array_cat_agg(e.tally_n) AS tally_n,
         -- The unit's own day of its regular meeting (shown on its row), as its latest change left it.
         bool_or(e.regular_set AND e.unit_id = e.aid) AS regular_set,
         (array_agg(e.regular_on ORDER BY e.id DESC) FILTER (WHERE e.regular_set AND e.unit_id = e.aid))[1] AS regular_on
       FROM e GROUP BY e.aid, e.apath, e.year ORDER BY e.year NULLS FIRST, e.apath
     LOOP
       IF r.year IS NULL THEN
         UPDATE unit_subtree_units SET units = units + r.units, with_system = with_system + r.with_system
         WHERE tenant_id = r.aid;
       ELSE
         INSERT INTO unit_subtree_year_figures AS s (tenant_id, year, ${columns.join(", ")}, topics, regular_on, ${list.join(", ")})
         VALUES (r.aid, r.year, ${columns.map((c) => `r.${c}`).join(", ")}, r.topics, r.regular_on,
           ${list.map((_, i) => `day_tally_merge(NULL, r.tally_key, r.tally_day, r.tally_n, ${i + 1}::smallint)`).join(",\n           ")})
         ON CONFLICT (tenant_id, year) DO UPDATE SET
           ${columns.map((c) => `${c} = s.${c} + excluded.${c}`).join(", ")},
           topics = (SELECT array_agg(s.topics[i] + excluded.topics[i] ORDER BY i) FROM generate_series(1, 7) i),
           regular_on = CASE WHEN r.regular_set THEN r.regular_on ELSE s.regular_on END,
           ${list.map((c, i) => `${c} = day_tally_merge(s.${c}, r.tally_key, r.tally_day, r.tally_n, ${i + 1}::smallint)`).join(",\n           ")};
       END IF;
     END LOOP;
     RETURN NULL;
   END $$`;
};

const pendingObjects = [
	pendingTable,
	"CREATE INDEX unit_subtree_pending_xid ON unit_subtree_pending (xid)",
	// Written and read by the SECURITY DEFINER functions only.
	"ALTER TABLE unit_subtree_pending ENABLE ROW LEVEL SECURITY",
	"ALTER TABLE unit_subtree_pending FORCE ROW LEVEL SECURITY",
	"CREATE AGGREGATE array_cat_agg(anycompatiblearray) (SFUNC = array_cat, STYPE = anycompatiblearray)",
	flushFunction(false),
	// Fires once per pending row; the first firing of the transaction empties them all, the rest find none.
	`CREATE CONSTRAINT TRIGGER unit_subtree_pending_flush AFTER INSERT ON unit_subtree_pending
   DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION unit_subtree_flush()`,
];

/** The unit-year's figures (unit_year_compute, as migration 2026-12-05T1300 left it), then their difference. */
const refresh = `CREATE OR REPLACE FUNCTION unit_year_refresh(t uuid, y integer) RETURNS void
   LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
   DECLARE
     o unit_year_figures;
     n unit_year_figures;
   BEGIN
     ${lock}
     SELECT * INTO o FROM unit_year_figures f WHERE f.tenant_id = t AND f.year = y;
     PERFORM unit_year_compute(t, y);
     SELECT * INTO n FROM unit_year_figures f WHERE f.tenant_id = t AND f.year = y;
     PERFORM unit_subtree_note(t, y, o, n);
   END $$`;

/** As migration 2026-12-04T1100 left it. */
const refreshBefore = `CREATE OR REPLACE FUNCTION unit_year_refresh(t uuid, y integer) RETURNS void
   LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
   BEGIN
     ${lock}
     PERFORM unit_year_compute(t, y);
   END $$`;

export const systemFunctions = [
	`CREATE FUNCTION unit_system_refresh(t uuid) RETURNS void
   LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
   DECLARE
     o_has boolean;
     o_first integer;
     n_has boolean;
     n_first integer;
   BEGIN
     ${systemLock}
     SELECT has_system, first_system_year INTO o_has, o_first FROM unit_subtree_units WHERE tenant_id = t;
     SELECT coalesce(bool_or(superseded_at IS NULL), false), min(extract(year FROM issued_on))::int
       INTO n_has, n_first FROM systems WHERE tenant_id = t;
     IF o_has IS NOT DISTINCT FROM n_has AND o_first IS NOT DISTINCT FROM n_first THEN
       RETURN;
     END IF;
     UPDATE unit_subtree_units SET has_system = n_has, first_system_year = n_first WHERE tenant_id = t;
     IF o_has IS DISTINCT FROM n_has THEN
       INSERT INTO unit_subtree_pending (unit_id, year, with_system)
       VALUES (t, NULL, n_has::int - coalesce(o_has, false)::int);
       ${pendingAdded}
     END IF;
     IF o_first IS DISTINCT FROM n_first THEN
       INSERT INTO unit_subtree_pending (unit_id, year, first_systems)
       SELECT t, x.y, x.d FROM (VALUES (o_first, -1), (n_first, 1)) x (y, d) WHERE x.y IS NOT NULL;
       ${pendingAdded}
     END IF;
   END $$`,
	`CREATE FUNCTION systems_subtree_change() RETURNS trigger
   LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
   BEGIN
     IF TG_OP = 'INSERT' THEN
       PERFORM unit_system_refresh(p.tenant_id) FROM (SELECT DISTINCT tenant_id FROM new_rows ORDER BY 1) p;
     ELSIF TG_OP = 'UPDATE' THEN
       PERFORM unit_system_refresh(p.tenant_id) FROM (SELECT tenant_id FROM new_rows UNION SELECT tenant_id FROM old_rows ORDER BY 1) p;
     ELSE
       PERFORM unit_system_refresh(p.tenant_id) FROM (SELECT DISTINCT tenant_id FROM old_rows ORDER BY 1) p;
     END IF;
     RETURN NULL;
   END $$`,
	`CREATE TRIGGER systems_subtree_insert AFTER INSERT ON systems
   REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION systems_subtree_change()`,
	`CREATE TRIGGER systems_subtree_update AFTER UPDATE ON systems
   REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION systems_subtree_change()`,
	`CREATE TRIGGER systems_subtree_delete AFTER DELETE ON systems
   REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION systems_subtree_change()`,
	// A new unit: one more unit in its own and each ancestor's subtree; everything else starts at zero.
	`CREATE FUNCTION tenants_subtree_add() RETURNS trigger
   LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
   BEGIN
     INSERT INTO unit_subtree_units (tenant_id, units) VALUES (NEW.id, 0);
     INSERT INTO unit_subtree_pending (unit_id, year, units) VALUES (NEW.id, NULL, 1);
     ${pendingAdded}
     RETURN NULL;
   END $$`,
	`CREATE TRIGGER tenants_subtree_add AFTER INSERT ON tenants FOR EACH ROW EXECUTE FUNCTION tenants_subtree_add()`,
];

/**
 * The statistics' rows for base unit `base` (in the caller's subtree, otherwise nothing): each direct
 * child (of `only_kind`) with its subtree's sums, and the base's own figures (本级) when it has no
 * children or `with_own` asks for it beside them. Day-dependent figures counted against `today`.
 */
export const rowsFunction = (withReplies: boolean) => {
	const list = tallies(withReplies);
	const ownTally = (c: string) => `day_tally_of(f.${c})`;
	return `CREATE FUNCTION app_rollup_rows(base uuid, only_kind text, y integer, with_own boolean, today date,
     minutes_due integer, publicity_due integer)
   RETURNS TABLE (row_id uuid, slug text, name text, kind text, path ltree, own boolean, units integer,
     with_system integer, doc_number text, issued_on date, versions integer, regular_held integer,
     regular_held_on date, ${sums.map((c) => `${c} integer`).join(", ")}, topics integer[],
     minutes_late integer, not_publicised integer, in_progress integer, overdue integer${
				withReplies ? ", replies_overdue integer" : ""
			})
   LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
     WITH b AS (
       SELECT t.id, t.slug, t.name, t.kind, t.path, EXISTS (SELECT 1 FROM tenants c WHERE c.parent_id = t.id) AS has_kids
       FROM tenants t JOIN tenants me ON me.id = nullif(current_setting('app.tenant_id', true), '')::uuid
       WHERE t.id = base AND t.path <@ me.path),
     -- Every lookup below is by key and kept from being turned into a join (LIMIT 1 keeps each
     -- LATERAL a subquery run per row): no estimate can make the page read the whole subtree.
     src AS (
       SELECT t.id, t.slug, t.name, t.kind, t.path, false AS own, u.units, u.with_system, s.regular_held, s.regular_on,
         ${sums.map((c) => `s.${c}`).join(", ")}, s.topics, ${list.map((c) => `s.${c}`).join(", ")}
       FROM b JOIN tenants t ON t.parent_id = b.id
       CROSS JOIN LATERAL (SELECT u.units, u.with_system FROM unit_subtree_units u WHERE u.tenant_id = t.id LIMIT 1) u
       LEFT JOIN LATERAL (SELECT * FROM unit_subtree_year_figures s WHERE s.tenant_id = t.id AND s.year = y LIMIT 1) s ON true
       WHERE only_kind IS NULL OR t.kind = only_kind
       UNION ALL
       SELECT b.id, b.slug, b.name, b.kind, b.path, b.has_kids, 1, u.has_system::int, (f.regular_on IS NOT NULL)::int,
         f.regular_on,
         ${sums.map((c) => `f.${c}`).join(", ")}, f.topics, ${list.map(ownTally).join(", ")}
       FROM b JOIN unit_subtree_units u ON u.tenant_id = b.id
       LEFT JOIN unit_year_figures f ON f.tenant_id = b.id AND f.year = y
       WHERE NOT b.has_kids OR (with_own AND (only_kind IS NULL OR b.kind = only_kind)))
     SELECT x.id, x.slug, x.name, x.kind, x.path, x.own, x.units, x.with_system,
       cs.doc_number, cs.issued_on, (SELECT count(*) FROM systems v WHERE v.tenant_id = x.id)::int,
       coalesce(x.regular_held, 0), x.regular_on,
       ${sums.map((c) => `coalesce(x.${c}, 0)`).join(", ")}, coalesce(x.topics, '{0,0,0,0,0,0,0}'),
       coalesce(x.minutes_issued_late, 0) + day_tally_count(x.unissued_held, today - minutes_due - 1),
       day_tally_count(x.unpublicised_held, today - publicity_due - 1),
       day_tally_total(x.open_deadlines) - day_tally_count(x.open_deadlines, today - 1),
       day_tally_count(x.open_deadlines, today - 1)${
					withReplies ? ",\n       day_tally_count(x.open_reply_by, today - 1)" : ""
				}
     FROM src x
     LEFT JOIN LATERAL (SELECT v.doc_number, v.issued_on FROM systems v
       WHERE v.tenant_id = x.id AND v.superseded_at IS NULL LIMIT 1) cs ON true
   $$`;
};

/**
 * The trends over the same rows (adoption by year, annual meetings held by year), from the from-th
 * to the to-th year. Without a kind, the children's sums are the base's subtree less the base's own
 * (one row per year, whatever the number of children); with a kind, the children of that kind.
 */
const trendFunction = `CREATE FUNCTION app_rollup_trend(base uuid, only_kind text, from_year integer, to_year integer,
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

const policyAndGrants = (table: string) => [
	`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`,
	`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`,
	`CREATE POLICY ${table}_read ON ${table} FOR SELECT TO ${APP_ROLE} USING (tenant_id IN (SELECT unnest(app_subtree_ids())))`,
	`GRANT SELECT ON ${table} TO ${APP_ROLE}`,
];

/** Every subtree sum from the kept per-unit rows, through the same functions the triggers call. */
export const backfill = [
	"LOCK TABLE unit_year_figures, systems, tenants IN SHARE MODE",
	"INSERT INTO unit_subtree_units (tenant_id, units) SELECT t.id, 0 FROM tenants t",
	"INSERT INTO unit_subtree_pending (unit_id, year, units) SELECT t.id, NULL, 1 FROM tenants t",
	"SELECT unit_system_refresh(t.id) FROM tenants t ORDER BY t.path",
	"SELECT unit_subtree_note(f.tenant_id, f.year, NULL, f) FROM unit_year_figures f",
];

export async function up(db: Kysely<any>): Promise<void> {
	const run = async (statements: string[]) => {
		for (const statement of statements) await sql.raw(statement).execute(db);
	};
	await run([
		...tallyFunctions,
		`CREATE TABLE unit_subtree_units (
       tenant_id uuid PRIMARY KEY REFERENCES tenants (id),
       units integer NOT NULL DEFAULT 1,
       with_system integer NOT NULL DEFAULT 0,
       has_system boolean NOT NULL DEFAULT false,
       first_system_year integer
     )`,
		subtreeTable,
		...policyAndGrants("unit_subtree_units"),
		...policyAndGrants("unit_subtree_year_figures"),
		...pendingObjects,
		noteFunction(false),
		"REVOKE ALL ON FUNCTION unit_subtree_note(uuid, integer, unit_year_figures, unit_year_figures) FROM PUBLIC",
		refresh,
		...systemFunctions,
		"REVOKE ALL ON FUNCTION unit_system_refresh(uuid) FROM PUBLIC",
		rowsFunction(false),
		trendFunction,
		`GRANT EXECUTE ON FUNCTION app_rollup_rows(uuid, text, integer, boolean, date, integer, integer),
       app_rollup_trend(uuid, text, integer, integer, boolean) TO ${APP_ROLE}`,
		...backfill,
	]);
}

export async function down(db: Kysely<any>): Promise<void> {
	const run = async (statements: string[]) => {
		for (const statement of statements) await sql.raw(statement).execute(db);
	};
	await run([
		refreshBefore,
		"DROP FUNCTION IF EXISTS app_rollup_trend(uuid, text, integer, integer, boolean)",
		"DROP FUNCTION IF EXISTS app_rollup_rows(uuid, text, integer, boolean, date, integer, integer)",
		"DROP TRIGGER IF EXISTS tenants_subtree_add ON tenants",
		"DROP FUNCTION IF EXISTS tenants_subtree_add()",
		...["insert", "update", "delete"].map((e) => `DROP TRIGGER IF EXISTS systems_subtree_${e} ON systems`),
		"DROP FUNCTION IF EXISTS systems_subtree_change()",
		"DROP FUNCTION IF EXISTS unit_system_refresh(uuid)",
		"DROP FUNCTION IF EXISTS unit_subtree_note(uuid, integer, unit_year_figures, unit_year_figures)",
		"DROP TABLE IF EXISTS unit_subtree_pending",
		"DROP FUNCTION IF EXISTS unit_subtree_flush()",
		"DROP AGGREGATE IF EXISTS array_cat_agg(anycompatiblearray)",
		"DROP FUNCTION IF EXISTS day_tally_of(date[])",
		"DROP TABLE IF EXISTS unit_subtree_year_figures",
		"DROP TABLE IF EXISTS unit_subtree_units",
		"DROP FUNCTION IF EXISTS day_tally_merge(day_tally, smallint[], date[], integer[], smallint)",
		"DROP FUNCTION IF EXISTS day_tally_total(day_tally)",
		"DROP FUNCTION IF EXISTS day_tally_count(day_tally, date)",
		"DROP TYPE IF EXISTS day_tally",
	]);
}
