import { type Kysely, sql } from "kysely";

// Frozen in time: imports nothing from the app.

/**
 * A report request's units listed a page at a time in tree order without reading them all (issue
 * #25; issue #22 §9). The tracker and the summary's units not reported were ordered by the unit's
 * path in `tenants`, so every page joined and sorted all of the request's units: 4.7 ms at 1,011.
 * Each target now carries its unit's path (`unit_path`, set when the target is made; tenants never
 * move in the tree, the foundation's trigger refuses it), and an index on the request's targets in
 * that order gives a page by reading the page.
 */
export async function up(db: Kysely<any>): Promise<void> {
	for (const statement of [
		"ALTER TABLE report_targets ADD COLUMN unit_path ltree",
		"UPDATE report_targets t SET unit_path = u.path FROM tenants u WHERE u.id = t.unit_id",
		"ALTER TABLE report_targets ALTER COLUMN unit_path SET NOT NULL",
		`CREATE FUNCTION report_targets_path() RETURNS trigger
		   LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
		   BEGIN
		     NEW.unit_path := (SELECT u.path FROM tenants u WHERE u.id = NEW.unit_id);
		     RETURN NEW;
		   END $$`,
		"REVOKE ALL ON FUNCTION report_targets_path() FROM PUBLIC",
		`CREATE TRIGGER report_targets_path BEFORE INSERT ON report_targets
		   FOR EACH ROW EXECUTE FUNCTION report_targets_path()`,
		"CREATE INDEX report_targets_in_tree ON report_targets (tenant_id, request_id, unit_path)",
	])
		await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const statement of [
		"DROP INDEX report_targets_in_tree",
		"DROP TRIGGER report_targets_path ON report_targets",
		"DROP FUNCTION report_targets_path()",
		"ALTER TABLE report_targets DROP COLUMN unit_path",
	])
		await sql.raw(statement).execute(db);
}
