import { type Kysely, sql } from "kysely";

// Frozen in time: imports nothing from the app.
const APP_ROLE = "lianxi_app";

/**
 * Statistics at scale (ADR 0010, item 6 of the roll-up issue): one row per unit and year with the
 * figures the statistics page reads, kept exact by statement-level triggers in the same transaction
 * as the change (each touched unit-year is recomputed from its rows once per statement, so a bulk
 * insert costs one refresh per unit-year, not per row). Everything in it is derived from rows the
 * unit already publishes upward (meetings' dates, issued minutes, decided matters, publicity), and
 * it is published upward like them. Figures that depend on the day (overdue matters, minutes not yet
 * issued 30 days after the meeting) keep their dates (`open_deadlines`, `unissued_held`) and are
 * counted when read.
 */
const TRIGGERS: [table: string, pairs: (rows: string) => string][] = [
	["meetings", (rows) => `SELECT tenant_id, year FROM ${rows}`],
	[
		"minutes",
		(rows) =>
			`SELECT r.tenant_id, m.year FROM ${rows} r JOIN meetings m ON m.tenant_id = r.tenant_id AND m.id = r.meeting_id`,
	],
	[
		"decided_matters",
		(rows) =>
			`SELECT r.tenant_id, m.year FROM ${rows} r JOIN meetings m ON m.tenant_id = r.tenant_id AND m.id = r.meeting_id`,
	],
	["publicity", (rows) => `SELECT tenant_id, extract(year FROM published_on)::int FROM ${rows}`],
	[
		"topics",
		(rows) =>
			`SELECT r.tenant_id, m.year FROM ${rows} r JOIN meetings m ON m.tenant_id = r.tenant_id AND m.id = r.meeting_id`,
	],
];

/** Which unit rolls into which row (migration 2026-11-27T1300): same result, found by path prefix. */
const rollupUnits = (join: string) => `CREATE OR REPLACE FUNCTION app_rollup_units(base uuid, only_kind text)
     RETURNS TABLE (row_id uuid, unit_id uuid)
     LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
       WITH b AS (
         SELECT t.id, t.path FROM tenants t
         JOIN tenants me ON me.id = nullif(current_setting('app.tenant_id', true), '')::uuid
         WHERE t.id = base AND t.path <@ me.path),
       k AS (
         SELECT t.id, t.path FROM tenants t JOIN b ON t.parent_id = b.id WHERE only_kind IS NULL OR t.kind = only_kind
         UNION ALL
         SELECT b.id, b.path FROM b WHERE NOT EXISTS (SELECT 1 FROM tenants c WHERE c.parent_id = b.id))
       ${join}
     $$`;
// Before: one GiST probe per row unit. Now: each unit's row is the ancestor one level below the base
// (its path's prefix), matched as text in one hash join over the subtree.
const byPrefix = `SELECT k.id, u.id FROM b JOIN tenants u ON u.path <@ b.path
       JOIN k ON k.path::text = (CASE WHEN u.id = b.id THEN b.path ELSE subpath(u.path, 0, nlevel(b.path) + 1) END)::text`;
const byProbe = "SELECT k.id, u.id FROM k JOIN tenants u ON u.path <@ k.path";

export async function up(db: Kysely<any>): Promise<void> {
	const run = async (statements: string[]) => {
		for (const statement of statements) await sql.raw(statement).execute(db);
	};
	const subtree = "tenant_id = ANY ((SELECT app_subtree_ids())::uuid[])";
	await run([
		rollupUnits(byPrefix),
		`CREATE TABLE unit_year_figures (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      year integer NOT NULL,
      regular_on date,
      extraordinary integer NOT NULL DEFAULT 0,
      minutes_issued integer NOT NULL DEFAULT 0,
      minutes_days integer NOT NULL DEFAULT 0,
      minutes_issued_late integer NOT NULL DEFAULT 0,
      unissued_held date[] NOT NULL DEFAULT '{}',
      publicity integer NOT NULL DEFAULT 0,
      matters integer NOT NULL DEFAULT 0,
      matters_closed integer NOT NULL DEFAULT 0,
      matters_done integer NOT NULL DEFAULT 0,
      closed_on_time integer NOT NULL DEFAULT 0,
      close_days integer NOT NULL DEFAULT 0,
      open_deadlines date[] NOT NULL DEFAULT '{}',
      topics integer[] NOT NULL DEFAULT '{0,0,0,0,0,0,0}',
      PRIMARY KEY (tenant_id, year)
    )`,
		"CREATE INDEX unit_year_figures_year ON unit_year_figures (year, tenant_id)",
		"ALTER TABLE unit_year_figures ENABLE ROW LEVEL SECURITY",
		"ALTER TABLE unit_year_figures FORCE ROW LEVEL SECURITY",
		`CREATE POLICY unit_year_figures_read ON unit_year_figures FOR SELECT TO ${APP_ROLE} USING (${subtree})`,
		`GRANT SELECT ON unit_year_figures TO ${APP_ROLE}`,

		`CREATE FUNCTION unit_year_refresh(t uuid, y integer) RETURNS void
     LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
       WITH held AS (
         SELECT m.id, m.kind, m.held_on, n.issued_on
         FROM meetings m
         LEFT JOIN minutes n ON n.tenant_id = m.tenant_id AND n.meeting_id = m.id AND n.status = 'issued'
         WHERE m.tenant_id = t AND m.year = y AND m.held_on IS NOT NULL),
       mat AS (
         SELECT d.status, d.deadline, d.closed_on, m.held_on
         FROM decided_matters d JOIN meetings m ON m.tenant_id = d.tenant_id AND m.id = d.meeting_id
         WHERE d.tenant_id = t AND m.year = y)
       INSERT INTO unit_year_figures AS f (tenant_id, year, regular_on, extraordinary, minutes_issued, minutes_days,
         minutes_issued_late, unissued_held, publicity, matters, matters_closed, matters_done, closed_on_time,
         close_days, open_deadlines, topics)
       SELECT t, y,
         (SELECT min(held_on) FROM held WHERE kind = 'regular'),
         (SELECT count(*) FROM held WHERE kind = 'extraordinary'),
         (SELECT count(issued_on) FROM held),
         (SELECT coalesce(sum(issued_on - held_on), 0) FROM held),
         (SELECT count(*) FROM held WHERE issued_on > held_on + 30),
         (SELECT coalesce(array_agg(held_on ORDER BY held_on), '{}') FROM held WHERE issued_on IS NULL),
         (SELECT count(*) FROM publicity p WHERE p.tenant_id = t
            AND p.published_on BETWEEN make_date(y, 1, 1) AND make_date(y, 12, 31)),
         (SELECT count(*) FROM mat),
         (SELECT count(*) FROM mat WHERE status = 'verified'),
         (SELECT count(*) FROM mat WHERE status = 'done'),
         (SELECT count(*) FROM mat WHERE status = 'verified' AND closed_on <= deadline),
         (SELECT coalesce(sum(closed_on - held_on), 0) FROM mat
            WHERE status = 'verified' AND closed_on IS NOT NULL AND held_on IS NOT NULL),
         (SELECT coalesce(array_agg(deadline ORDER BY deadline), '{}') FROM mat WHERE status IN ('assigned', 'in_progress')),
         (SELECT array_agg((SELECT count(*) FROM topics x JOIN meetings m ON m.tenant_id = x.tenant_id AND m.id = x.meeting_id
                             WHERE x.tenant_id = t AND m.year = y AND x.category = c AND x.status <> 'withdrawn') ORDER BY c)
            FROM generate_series(1, 7) c)
       ON CONFLICT (tenant_id, year) DO UPDATE SET
         regular_on = excluded.regular_on, extraordinary = excluded.extraordinary,
         minutes_issued = excluded.minutes_issued, minutes_days = excluded.minutes_days,
         minutes_issued_late = excluded.minutes_issued_late, unissued_held = excluded.unissued_held,
         publicity = excluded.publicity, matters = excluded.matters, matters_closed = excluded.matters_closed,
         matters_done = excluded.matters_done, closed_on_time = excluded.closed_on_time,
         close_days = excluded.close_days, open_deadlines = excluded.open_deadlines, topics = excluded.topics
     $$`,
		"REVOKE ALL ON FUNCTION unit_year_refresh(uuid, integer) FROM PUBLIC",
	]);
	for (const [table, pairs] of TRIGGERS) {
		// One function per table; the branch taken names only the transition tables its event has.
		await run([
			`CREATE FUNCTION ${table}_unit_year_change() RETURNS trigger
       LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
       BEGIN
         IF TG_OP = 'INSERT' THEN
           PERFORM unit_year_refresh(p.tenant_id, p.year)
           FROM (SELECT DISTINCT * FROM (${pairs("new_rows")}) AS x (tenant_id, year)) p;
         ELSIF TG_OP = 'UPDATE' THEN
           PERFORM unit_year_refresh(p.tenant_id, p.year)
           FROM (${pairs("new_rows")} UNION ${pairs("old_rows")}) AS p (tenant_id, year);
         ELSE
           PERFORM unit_year_refresh(p.tenant_id, p.year)
           FROM (SELECT DISTINCT * FROM (${pairs("old_rows")}) AS x (tenant_id, year)) p;
         END IF;
         RETURN NULL;
       END $$`,
			`CREATE TRIGGER ${table}_unit_year_insert AFTER INSERT ON ${table}
       REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${table}_unit_year_change()`,
			`CREATE TRIGGER ${table}_unit_year_update AFTER UPDATE ON ${table}
       REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${table}_unit_year_change()`,
			`CREATE TRIGGER ${table}_unit_year_delete AFTER DELETE ON ${table}
       REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ${table}_unit_year_change()`,
		]);
	}
	// What exists already, once.
	await run([
		`SELECT unit_year_refresh(p.tenant_id, p.year) FROM (
       SELECT tenant_id, year FROM meetings
       UNION SELECT tenant_id, extract(year FROM published_on)::int FROM publicity) p`,
	]);
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const [table] of TRIGGERS) {
		for (const event of ["insert", "update", "delete"]) {
			await sql.raw(`DROP TRIGGER IF EXISTS ${table}_unit_year_${event} ON ${table}`).execute(db);
		}
		await sql.raw(`DROP FUNCTION IF EXISTS ${table}_unit_year_change()`).execute(db);
	}
	await sql`DROP FUNCTION IF EXISTS unit_year_refresh(uuid, integer)`.execute(db);
	await sql`DROP TABLE IF EXISTS unit_year_figures`.execute(db);
	await sql.raw(rollupUnits(byProbe)).execute(db);
}
