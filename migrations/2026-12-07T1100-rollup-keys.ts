import { type Kysely, sql } from "kysely";
import { flushFunction } from "./2026-12-06T1100-subtree-sums.ts";
import { childKeys, childLookups, pageFunction } from "./2026-12-07T1000-rollup-page.ts";

// Frozen in time: imports nothing from the app (only the builders of earlier migrations).
const APP_ROLE = "lianxi_app";

/**
 * The statistics' order kept, so that a page of a large tree reads a page of keys (issue #25, ADR 0010).
 *
 * `app_rollup_page` (2026-12-07T1000) still counted every child's flags to order them: 5–6 ms at
 * 1,011 children. The keys of that order — flags, overdue matters, matters, name — are now kept per
 * child and year in `unit_rollup_keys`, beside the day they were counted for (`as_of`) and the first
 * day they may differ (`until`: the day after a kept deadline, 31 days after a held meeting without
 * minutes or publicity, 1 December; they depend on the day only there). A page reads them by an index
 * in the page's order.
 *
 * Who keeps them:
 * - **Writers only say what changed.** The flush of the subtree sums (at commit) marks the keys of
 *   every unit-year whose sums it changed, and of every year of a unit whose count of units or
 *   systems changed (`until = '-infinity'`); renaming a unit marks its keys; adding a unit clears
 *   its parent's `unit_rollup_listed` (the years for which every child has keys).
 * - **The page counts them again** (`rollup_keys_refresh`), from the kept sums, for the children of
 *   its unit and year that have none or whose keys are out of date for its day, then reads them.
 * - **One lock per parent orders the two** (`rollup-keys:<parent>`): writers hold it shared from
 *   their marking to their commit, the page's refresh holds it alone. A refresh therefore counts
 *   after every writer that marked before it has committed (each statement after the lock sees them)
 *   and any writer that marks after it marks what it counted: no change is lost between a count and
 *   a mark. Writers mark rows in one order (year, then the tree's path), so two of them never
 *   deadlock on the same keys; a refresh takes no other lock. Nothing else writes the tables.
 *
 * Internal tables (no privilege for the app role, like unit_subtree_pending, and like it keyed by
 * `unit_id`, not a tenant's row): only the SECURITY DEFINER functions read and write them.
 */
const lockOf = (unit: string) => `hashtextextended('rollup-keys:' || ${unit}::text, 0)`;

const tables = [
	`CREATE TABLE unit_rollup_keys (
     unit_id uuid NOT NULL REFERENCES tenants (id),
     year integer NOT NULL,
     parent_id uuid NOT NULL,
     name text NOT NULL,
     flag_count integer NOT NULL,
     overdue integer NOT NULL,
     matters integer NOT NULL,
     as_of date NOT NULL,
     until date NOT NULL,
     PRIMARY KEY (unit_id, year)
   )`,
	`CREATE INDEX unit_rollup_keys_order ON unit_rollup_keys
     (parent_id, year, flag_count DESC, overdue DESC, matters DESC, name COLLATE "C", unit_id)`,
	"CREATE INDEX unit_rollup_keys_until ON unit_rollup_keys (parent_id, year, until)",
	"CREATE INDEX unit_rollup_keys_as_of ON unit_rollup_keys (parent_id, year, as_of)",
	`CREATE TABLE unit_rollup_listed (
     unit_id uuid PRIMARY KEY REFERENCES tenants (id),
     years integer[] NOT NULL
   )`,
	...["unit_rollup_keys", "unit_rollup_listed"].flatMap((table) => [
		`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`,
		`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`,
	]),
];

/** The first day after `today` at which a count of `tally`'s days on or before (day − `lag`) grows. */
const nextGrowth = (tally: string, lag: string) =>
	`(${tally}).days[width_bucket(today - ${lag}, (${tally}).days) + 1] + ${lag}`;

/** Keys of the unit-years `ids`/`years` (a NULL year: every year) not yet marked. */
const marked = `k.unit_id = ANY (ids) AND k.until <> '-infinity'
       AND EXISTS (SELECT 1 FROM unnest(ids, years) x (id, y) WHERE x.id = k.unit_id AND (x.y IS NULL OR x.y = k.year))`;
/** Whether every child of `base` has keys for year `y`. */
const listed = "coalesce((SELECT y = ANY (l.years) FROM unit_rollup_listed l WHERE l.unit_id = base), false)";
/** A function of the database's own (SECURITY DEFINER, fixed search_path), in PL/pgSQL. */
const definer = (signature: string, returns: string) => `CREATE FUNCTION ${signature} RETURNS ${returns}
   LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$`;

const functions = [
	// Marks the keys of the unit-years (a NULL year: every year of the unit), under the parents' locks.
	`${definer("rollup_keys_mark(ids uuid[], years integer[])", "void")}
   DECLARE
     p record;
   BEGIN
     FOR p IN SELECT DISTINCT t.parent_id, pt.path FROM unnest(ids) x (id)
       JOIN tenants t ON t.id = x.id JOIN tenants pt ON pt.id = t.parent_id ORDER BY pt.path
     LOOP
       PERFORM pg_advisory_xact_lock_shared(${lockOf("p.parent_id")});
     END LOOP;
     PERFORM 1 FROM unit_rollup_keys k JOIN tenants t ON t.id = k.unit_id
     WHERE ${marked}
     ORDER BY k.year, t.path FOR UPDATE OF k;
     UPDATE unit_rollup_keys k SET until = '-infinity'
     WHERE ${marked};
   END $$`,
	"REVOKE ALL ON FUNCTION rollup_keys_mark(uuid[], integer[]) FROM PUBLIC",
	// Every child of `base` with its keys for year `y`, counted for `today` where they are not.
	`${definer("rollup_keys_refresh(base uuid, y integer, today date, minutes_due integer, publicity_due integer)", "void")}
   BEGIN
     PERFORM pg_advisory_xact_lock(${lockOf("base")});
     -- Each statement from here sees every writer that marked before the lock.
     IF NOT ${listed} THEN
       INSERT INTO unit_rollup_keys (unit_id, year, parent_id, name, flag_count, overdue, matters, as_of, until)
       SELECT t.id, y, base, t.name, 0, 0, 0, today, '-infinity' FROM tenants t WHERE t.parent_id = base
       ON CONFLICT (unit_id, year) DO NOTHING;
       INSERT INTO unit_rollup_listed AS l (unit_id, years) VALUES (base, ARRAY[y])
       ON CONFLICT (unit_id) DO UPDATE SET years = array_append(l.years, y) WHERE NOT (y = ANY (l.years));
     END IF;
     UPDATE unit_rollup_keys k SET name = x.name, flag_count = x.flag_count, overdue = x.overdue,
       matters = x.matters, as_of = today, until = x.until
     FROM (
       SELECT t.id, t.name, ${childKeys},
         least(${nextGrowth("s.open_deadlines", "1")}, ${nextGrowth("s.unissued_held", "(minutes_due + 1)")},
           ${nextGrowth("s.unpublicised_held", "(publicity_due + 1)")},
           CASE WHEN today < make_date(y, 12, 1) THEN make_date(y, 12, 1) END, 'infinity'::date) AS until
       FROM unit_rollup_keys k2 JOIN tenants t ON t.id = k2.unit_id
       ${childLookups}
       WHERE k2.parent_id = base AND k2.year = y AND (k2.until <= today OR k2.as_of > today)) x
     WHERE k.unit_id = x.id AND k.year = y;
   END $$`,
	"REVOKE ALL ON FUNCTION rollup_keys_refresh(uuid, integer, date, integer, integer) FROM PUBLIC",
	// Refreshes only when some child has no keys for the year or keys out of date for the day.
	`${definer("rollup_keys_ready(base uuid, y integer, today date, minutes_due integer, publicity_due integer)", "void")}
   BEGIN
     IF NOT ${listed}
       OR EXISTS (SELECT 1 FROM unit_rollup_keys k WHERE k.parent_id = base AND k.year = y AND k.until <= today)
       OR EXISTS (SELECT 1 FROM unit_rollup_keys k WHERE k.parent_id = base AND k.year = y AND k.as_of > today) THEN
       PERFORM rollup_keys_refresh(base, y, today, minutes_due, publicity_due);
     END IF;
   END $$`,
	"REVOKE ALL ON FUNCTION rollup_keys_ready(uuid, integer, date, integer, integer) FROM PUBLIC",
	// How many direct children of a base in the caller's subtree the statistics flag (the home's count).
	`${definer("app_rollup_flagged(base uuid, y integer, today date, minutes_due integer, publicity_due integer)", "integer")}
   BEGIN
     IF NOT EXISTS (SELECT 1 FROM tenants t
       JOIN tenants me ON me.id = nullif(current_setting('app.tenant_id', true), '')::uuid
       WHERE t.id = base AND t.path <@ me.path) THEN
       RETURN NULL;
     END IF;
     PERFORM rollup_keys_ready(base, y, today, minutes_due, publicity_due);
     RETURN (SELECT count(*)::int FROM unit_rollup_keys k WHERE k.parent_id = base AND k.year = y AND k.flag_count > 0);
   END $$`,
	"REVOKE ALL ON FUNCTION app_rollup_flagged(uuid, integer, date, integer, integer) FROM PUBLIC",
	`GRANT EXECUTE ON FUNCTION app_rollup_flagged(uuid, integer, date, integer, integer) TO ${APP_ROLE}`,
	// A new unit: its parent's children have no keys for it yet. A renamed unit: its keys name it.
	`${definer("tenants_rollup_keys()", "trigger")}
   BEGIN
     IF NEW.parent_id IS NULL THEN
       RETURN NULL;
     END IF;
     PERFORM pg_advisory_xact_lock_shared(${lockOf("NEW.parent_id")});
     IF TG_OP = 'INSERT' THEN
       UPDATE unit_rollup_listed SET years = '{}' WHERE unit_id = NEW.parent_id AND years <> '{}';
     ELSE
       PERFORM rollup_keys_mark(ARRAY[NEW.id], ARRAY[NULL::integer]);
     END IF;
     RETURN NULL;
   END $$`,
	`CREATE TRIGGER tenants_rollup_keys_add AFTER INSERT ON tenants
   FOR EACH ROW EXECUTE FUNCTION tenants_rollup_keys()`,
	`CREATE TRIGGER tenants_rollup_keys_rename AFTER UPDATE OF name ON tenants
   FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name) EXECUTE FUNCTION tenants_rollup_keys()`,
];

/** The flush of 2026-12-06T1100 (with the reply deadlines of 2026-12-06T1110), then the marks. */
const replaced = (text: string, pairs: [string, string][]) =>
	pairs.reduce((out, [from, to]) => {
		if (out.split(from).length !== 2) throw new Error(`expected once: ${from}`);
		return out.replace(from, to);
	}, text);
const flushMarking = () =>
	replaced(flushFunction(true), [
		["     r record;\n", "     r record;\n     ids uuid[] := '{}';\n     years integer[] := '{}';\n"],
		[
			"     LOOP\n       IF r.year IS NULL THEN",
			"     LOOP\n       ids := ids || r.aid;\n       years := years || r.year;\n       IF r.year IS NULL THEN",
		],
		[
			"     END LOOP;\n     RETURN NULL;",
			`     END LOOP;
     -- The statistics' kept order (migration 2026-12-07T1100): what changed is counted again when read.
     PERFORM rollup_keys_mark(ids, years);
     RETURN NULL;`,
		],
	]);

export async function up(db: Kysely<any>): Promise<void> {
	for (const statement of [...tables, ...functions, flushMarking(), pageFunction(true)]) {
		await sql.raw(statement).execute(db);
	}
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const statement of [
		pageFunction(false),
		flushFunction(true),
		"DROP TRIGGER tenants_rollup_keys_rename ON tenants",
		"DROP TRIGGER tenants_rollup_keys_add ON tenants",
		"DROP FUNCTION tenants_rollup_keys()",
		"DROP FUNCTION app_rollup_flagged(uuid, integer, date, integer, integer)",
		"DROP FUNCTION rollup_keys_ready(uuid, integer, date, integer, integer)",
		"DROP FUNCTION rollup_keys_refresh(uuid, integer, date, integer, integer)",
		"DROP FUNCTION rollup_keys_mark(uuid[], integer[])",
		"DROP TABLE unit_rollup_listed",
		"DROP TABLE unit_rollup_keys",
	]) {
		await sql.raw(statement).execute(db);
	}
}
