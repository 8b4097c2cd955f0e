import { type Kysely, sql } from "kysely";

// Frozen in time: imports nothing from the app.
const APP_ROLE = "lianxi_app";

/**
 * A session the database verifies in the page's first statement (issue 25, ADR 0009 2026-12-05):
 * the request unit's settings statement sets `app.user_id` to what this function answers for the
 * cookie's session id and the SHA-256 of its secret, so the session with its user and the person's
 * memberships are read in the same round trip, under that person's own policies. It answers the
 * user only for a session that exists with that secret, within its absolute and idle lifetimes
 * (ADR 0004: a week, a working day of inactivity), of a user not disabled; otherwise NULL, and the
 * app takes the path it always took (the authenticator unit of work, which also ends stale sessions).
 * It reads without RLS and returns one id and nothing else.
 */
export async function up(db: Kysely<any>): Promise<void> {
	for (const statement of [
		`CREATE FUNCTION app_session_user(session_id text, secret_sha256 bytea) RETURNS text
     LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
       SELECT s.user_id::text FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE s.id = session_id AND s.secret_hash = secret_sha256
         AND s.expires_at > now() AND s.last_active_at > now() - interval '8 hours'
         AND u.disabled_at IS NULL
     $$`,
		"REVOKE ALL ON FUNCTION app_session_user(text, bytea) FROM PUBLIC",
		`GRANT EXECUTE ON FUNCTION app_session_user(text, bytea) TO ${APP_ROLE}`,
	]) {
		await sql.raw(statement).execute(db);
	}
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`DROP FUNCTION IF EXISTS app_session_user(text, bytea)`.execute(db);
}
