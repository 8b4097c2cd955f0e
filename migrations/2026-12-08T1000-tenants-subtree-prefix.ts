import { type Kysely, sql } from "kysely";

// Frozen in time: imports nothing from the app.

const APP_ROLE = "lianxi_app";

/**
 * The tenants' read policy tests "in my subtree" by its path's prefix instead of a pattern (issue
 * #25, ADR 0009).
 *
 * `path ~ ('*.' || app_ltree_label(current tenant) || '.*')::lquery` built and parsed its lquery
 * again for every row it looked at, then ran the pattern matcher: on a report request's tracker at
 * 1,011 units, 6 ms of the page statement's 7.6 ms went to that filter on the units joined. The
 * current unit's own path, read once per statement (an InitPlan, like the policies' other
 * settings), and `path <@ it` (its descendants and itself, a comparison of labels) keep the same
 * rows: a unit's label is its id, and each path is its parent's path and its label
 * (tenants_set_path). Without a current unit both are NULL and keep nothing, as before.
 */
export async function up(db: Kysely<any>): Promise<void> {
	for (const statement of [
		`CREATE FUNCTION app_current_path() RETURNS ltree
		   LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
		   BEGIN
		     RETURN (SELECT t.path FROM tenants t WHERE t.id = nullif(current_setting('app.tenant_id', true), '')::uuid);
		   END $$`,
		"REVOKE ALL ON FUNCTION app_current_path() FROM PUBLIC",
		`GRANT EXECUTE ON FUNCTION app_current_path() TO ${APP_ROLE}`,
		`ALTER POLICY tenants_read ON tenants USING (
		   id = (SELECT app_current_tenant())
		   OR path <@ (SELECT app_current_path())
		   OR EXISTS (SELECT 1 FROM memberships m WHERE m.tenant_id = tenants.id AND m.user_id = (SELECT app_current_user())))`,
	])
		await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const statement of [
		`ALTER POLICY tenants_read ON tenants USING (
		   id = (SELECT app_current_tenant())
		   OR path ~ ('*.' || app_ltree_label((SELECT app_current_tenant())) || '.*')::lquery
		   OR EXISTS (SELECT 1 FROM memberships m WHERE m.tenant_id = tenants.id AND m.user_id = (SELECT app_current_user())))`,
		"DROP FUNCTION app_current_path()",
	])
		await sql.raw(statement).execute(db);
}
