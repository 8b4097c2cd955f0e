import { type Kysely, sql } from "kysely";

// Frozen in time: imports nothing from the app.
const APP_ROLE = "lianxi_app";

/**
 * Roll-up reports (W1–W3, ADR 0010). Two figures a parent needs are not in what children publish:
 * topics per category (topics stay inside the unit) and when a decided matter was closed (progress
 * reports stay inside the unit). Both are kept current by triggers in the same transaction as the
 * change, and published upward as figures only:
 * - `topic_counts` (tenant, meeting year, category, number of topics not withdrawn);
 * - `decided_matters.closed_on`: the day (China time) the matter was verified as closed (已办结).
 */
/** The policies that publish rows upward (same meaning as before, cheaper form), and their old form. */
const published: [string, string, (subtree: string) => string][] = [
	["systems", "systems_read", (sub) => sub],
	["meetings", "meetings_read", (sub) => sub],
	["minutes", "minutes_published", (sub) => `status = 'issued' AND ${sub}`],
	["decided_matters", "decided_matters_published", (sub) => sub],
	["publicity", "publicity_published", (sub) => sub],
	[
		"files",
		"files_read",
		(sub) =>
			`tenant_id = (SELECT app_current_tenant()) OR (${sub} AND EXISTS (SELECT 1 FROM systems s WHERE s.tenant_id = files.tenant_id AND s.file_id = files.id))`,
	],
];

const oldSubtree = (table: string) =>
	`EXISTS (SELECT 1 FROM tenants t WHERE t.id = ${table}.tenant_id AND t.path ~ ('*.' || app_ltree_label((SELECT app_current_tenant())) || '.*')::lquery)`;

export async function up(db: Kysely<any>): Promise<void> {
	const run = async (statements: string[]) => {
		for (const statement of statements) await sql.raw(statement).execute(db);
	};
	const cur = "(SELECT app_current_tenant())";
	const subtree = "tenant_id = ANY ((SELECT app_subtree_ids())::uuid[])";
	await run([
		`CREATE TABLE topic_counts (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      year integer NOT NULL,
      category smallint NOT NULL CHECK (category BETWEEN 1 AND 7),
      topics integer NOT NULL CHECK (topics >= 0),
      PRIMARY KEY (tenant_id, year, category)
    )`,
		"ALTER TABLE topic_counts ENABLE ROW LEVEL SECURITY",
		"ALTER TABLE topic_counts FORCE ROW LEVEL SECURITY",
		// DESIGN §9: the units below the current one, computed once per statement (an InitPlan), so a
		// published row is an index condition (tenant_id = ANY (…)) instead of a subplan per row.
		`CREATE FUNCTION app_subtree_ids() RETURNS uuid[]
     LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
       SELECT coalesce(array_agg(t.id), '{}') FROM tenants t
       JOIN tenants me ON me.id = nullif(current_setting('app.tenant_id', true), '')::uuid
       WHERE t.path <@ me.path
     $$`,
		"REVOKE ALL ON FUNCTION app_subtree_ids() FROM PUBLIC",
		`GRANT EXECUTE ON FUNCTION app_subtree_ids() TO ${APP_ROLE}`,
		`CREATE POLICY topic_counts_read ON topic_counts FOR SELECT TO ${APP_ROLE} USING (${subtree})`,
		...published.map(([table, policy, using]) => `ALTER POLICY ${policy} ON ${table} USING (${using(subtree)})`),
		`GRANT SELECT ON topic_counts TO ${APP_ROLE}`,

		// Counts are recomputed for the (tenant, year, category) a change touches: exact, never drifting.
		`CREATE FUNCTION topic_counts_refresh(t uuid, m uuid, c smallint) RETURNS void
     LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
       INSERT INTO topic_counts (tenant_id, year, category, topics)
       SELECT t, mt.year, c, (SELECT count(*) FROM topics x JOIN meetings y ON y.tenant_id = x.tenant_id AND y.id = x.meeting_id
                              WHERE x.tenant_id = t AND y.year = mt.year AND x.category = c AND x.status <> 'withdrawn')
       FROM meetings mt WHERE mt.tenant_id = t AND mt.id = m
       ON CONFLICT (tenant_id, year, category) DO UPDATE SET topics = excluded.topics
     $$`,
		`CREATE FUNCTION topics_count_change() RETURNS trigger
     LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
     BEGIN
       IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM topic_counts_refresh(OLD.tenant_id, OLD.meeting_id, OLD.category); END IF;
       IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM topic_counts_refresh(NEW.tenant_id, NEW.meeting_id, NEW.category); END IF;
       RETURN NULL;
     END $$`,
		`CREATE TRIGGER topics_count_change AFTER INSERT OR DELETE OR UPDATE OF category, status, meeting_id ON topics
     FOR EACH ROW EXECUTE FUNCTION topics_count_change()`,

		"ALTER TABLE decided_matters ADD COLUMN closed_on date",
		`CREATE FUNCTION decided_matters_closed_on() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF NEW.status = 'verified' AND (TG_OP = 'INSERT' OR OLD.status IS DISTINCT FROM 'verified') THEN
         NEW.closed_on := (now() AT TIME ZONE 'Asia/Shanghai')::date;
       ELSIF NEW.status <> 'verified' THEN
         NEW.closed_on := NULL;
       END IF;
       RETURN NEW;
     END $$`,
		`CREATE TRIGGER decided_matters_closed_on BEFORE INSERT OR UPDATE OF status ON decided_matters
     FOR EACH ROW EXECUTE FUNCTION decided_matters_closed_on()`,
		"CREATE INDEX decided_matters_deadline ON decided_matters (tenant_id, deadline) WHERE status IN ('assigned', 'in_progress')",
		"CREATE INDEX meetings_year ON meetings (tenant_id, year)",

		// The departments named by a published decided matter, for the parent's export: the name only,
		// and only for a matter of the caller's own unit or of a unit below it.
		`CREATE FUNCTION app_matter_department_name(unit uuid, department uuid) RETURNS text
     LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
       SELECT d.name FROM departments d
       JOIN tenants t ON t.id = d.tenant_id
       JOIN tenants me ON me.id = nullif(current_setting('app.tenant_id', true), '')::uuid
       WHERE d.tenant_id = unit AND d.id = department AND t.path <@ me.path
         AND EXISTS (SELECT 1 FROM decided_matters m WHERE m.tenant_id = unit
           AND (m.lead_department_id = department OR department = ANY (m.co_department_ids)))
     $$`,
		"REVOKE ALL ON FUNCTION app_matter_department_name(uuid, uuid) FROM PUBLIC",
		`GRANT EXECUTE ON FUNCTION app_matter_department_name(uuid, uuid) TO ${APP_ROLE}`,

		// Which unit rolls into which row of the statistics page: the base's children (of a kind, or all;
		// the base itself when it has none) and everything below each. Only for a base in the caller's
		// own subtree; ids only. Spares the page a tenants policy check per pair of units.
		`CREATE FUNCTION app_rollup_units(base uuid, only_kind text) RETURNS TABLE (row_id uuid, unit_id uuid)
     LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
       WITH b AS (
         SELECT t.id, t.path FROM tenants t
         JOIN tenants me ON me.id = nullif(current_setting('app.tenant_id', true), '')::uuid
         WHERE t.id = base AND t.path <@ me.path),
       k AS (
         SELECT t.id, t.path FROM tenants t JOIN b ON t.parent_id = b.id WHERE only_kind IS NULL OR t.kind = only_kind
         UNION ALL
         SELECT b.id, b.path FROM b WHERE NOT EXISTS (SELECT 1 FROM tenants c WHERE c.parent_id = b.id))
       SELECT k.id, u.id FROM k JOIN tenants u ON u.path <@ k.path
     $$`,
		"REVOKE ALL ON FUNCTION app_rollup_units(uuid, text) FROM PUBLIC",
		`GRANT EXECUTE ON FUNCTION app_rollup_units(uuid, text) TO ${APP_ROLE}`,

		// What exists already: counted once, and closing days from the progress reports.
		`INSERT INTO topic_counts (tenant_id, year, category, topics)
     SELECT x.tenant_id, y.year, x.category, count(*) FILTER (WHERE x.status <> 'withdrawn')
     FROM topics x JOIN meetings y ON y.tenant_id = x.tenant_id AND y.id = x.meeting_id
     GROUP BY 1, 2, 3`,
		`UPDATE decided_matters d SET closed_on = (
       SELECT (max(u.at) AT TIME ZONE 'Asia/Shanghai')::date FROM matter_updates u
       WHERE u.tenant_id = d.tenant_id AND u.matter_id = d.id AND u.kind = 'verified')
     WHERE d.status = 'verified'`,
	]);
}

export async function down(db: Kysely<any>): Promise<void> {
	const cur = "(SELECT app_current_tenant())";
	for (const [table, policy] of published) {
		const old =
			table === "minutes"
				? `status = 'issued' AND ${oldSubtree(table)}`
				: table === "files"
					? `tenant_id = ${cur} OR (${oldSubtree(table)} AND EXISTS (SELECT 1 FROM systems s WHERE s.tenant_id = files.tenant_id AND s.file_id = files.id))`
					: table === "systems" || table === "meetings"
						? `tenant_id = ${cur} OR ${oldSubtree(table)}`
						: oldSubtree(table);
		await sql.raw(`ALTER POLICY ${policy} ON ${table} USING (${old})`).execute(db);
	}
	for (const statement of [
		"DROP TRIGGER IF EXISTS topics_count_change ON topics",
		"DROP FUNCTION IF EXISTS topics_count_change()",
		"DROP FUNCTION IF EXISTS topic_counts_refresh(uuid, uuid, smallint)",
		"DROP FUNCTION IF EXISTS app_matter_department_name(uuid, uuid)",
		"DROP FUNCTION IF EXISTS app_rollup_units(uuid, text)",
		"DROP TABLE IF EXISTS topic_counts",
		"DROP TRIGGER IF EXISTS decided_matters_closed_on ON decided_matters",
		"DROP FUNCTION IF EXISTS decided_matters_closed_on()",
		"DROP INDEX IF EXISTS decided_matters_deadline",
		"DROP INDEX IF EXISTS meetings_year",
		"ALTER TABLE decided_matters DROP COLUMN IF EXISTS closed_on",
		"DROP FUNCTION IF EXISTS app_subtree_ids()",
	]) {
		await sql.raw(statement).execute(db);
	}
}
