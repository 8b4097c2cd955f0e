import { type Kysely, sql } from "kysely";

// Frozen in time: imports nothing from the app.
const APP_ROLE = "lianxi_app";

/**
 * Disabling a member: the account itself is disabled only when the person has no other active
 * membership. The admin cannot see other tenants' memberships (RLS), so this one narrow question is
 * answered by a SECURITY DEFINER function that returns a boolean and nothing else.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await sql
		.raw(`CREATE FUNCTION app_has_other_active_membership(target uuid, this_tenant uuid) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS
    $$ SELECT EXISTS (SELECT 1 FROM memberships WHERE user_id = target AND tenant_id <> this_tenant AND disabled_at IS NULL) $$`)
		.execute(db);
	await sql.raw("REVOKE ALL ON FUNCTION app_has_other_active_membership(uuid, uuid) FROM PUBLIC").execute(db);
	await sql.raw(`GRANT EXECUTE ON FUNCTION app_has_other_active_membership(uuid, uuid) TO ${APP_ROLE}`).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`DROP FUNCTION IF EXISTS app_has_other_active_membership(uuid, uuid)`.execute(db);
}
