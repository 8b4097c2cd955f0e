import { type Kysely, sql } from "kysely";

// Frozen in time: imports nothing from the app.
const APP_ROLE = "lianxi_app";

/**
 * A unit's administrator sees the security events (sign-ins, failures, throttling, password changes,
 * sign-outs) of the unit's members; the route allows it to the admin role only. Events of emails with
 * no account, and of people outside the unit, stay invisible.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await sql
		.raw(`CREATE POLICY security_events_of_members ON security_events FOR SELECT TO ${APP_ROLE} USING (
      user_id IS NOT NULL AND EXISTS (
        SELECT 1 FROM memberships m WHERE m.user_id = security_events.user_id AND m.tenant_id = (SELECT app_current_tenant())))`)
		.execute(db);
	await sql`CREATE INDEX security_events_user ON security_events (user_id, at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`DROP INDEX IF EXISTS security_events_user`.execute(db);
	await sql`DROP POLICY IF EXISTS security_events_of_members ON security_events`.execute(db);
}
