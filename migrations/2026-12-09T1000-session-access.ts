import type { Kysely } from "kysely";
import { sql } from "kysely";

// Frozen in time: imports nothing from the app.

const APP_ROLE = "lianxi_app";

/**
 * A page view's session and memberships in the settings statement itself (ADR 0009, 2026-12-09).
 * Before, the first round trip of a signed-in page carried the settings (the session verified by
 * `app_session_user`), then the session's row with its user, then the memberships read as that user:
 * three statements. `app_session_access` answers all of it from the one settings statement: for a
 * session whose secret's hash matches, live and of an enabled user, one row per active membership
 * (tenants in tree order) with the session's and the user's columns, or one row with no membership;
 * nothing otherwise. `here`, in every row, is the unit of the page's address (`p_slug`) when the user
 * is an active member of it: the settings statement sets it as the unit, so that the page's own
 * settings, the same user and unit, need no statement of their own. The same conditions as `app_session_user`, which the settings used so far and
 * which goes.
 * PL/pgSQL, so that its statement is planned once per connection (migration 2026-12-07T1200).
 * The status of waiting invitations is written in, for their partial index by address.
 */
export async function up(db: Kysely<any>): Promise<void> {
	for (const statement of [
		`CREATE FUNCTION app_session_access(p_session_id text, p_secret_sha256 bytea, p_slug text)
		   RETURNS TABLE (user_id uuid, email text, display_name text, preferred_lang text, secret_hash bytea,
		     last_active_at timestamptz, expires_at timestamptz, tenant_id uuid, slug text, name text, kind text,
		     gov_name text, union_name text, division_code text, parent_id uuid, roles text[],
		     pending_invitations integer, entered boolean, here uuid)
		   LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
		   #variable_conflict use_column
		   DECLARE
		     v record;
		   BEGIN
		     -- The session by its key first, whatever the statistics say; then its user's memberships.
		     SELECT u.id AS uid, u.email AS uemail, u.display_name AS uname, u.preferred_lang AS ulang,
		       s.secret_hash AS shash, s.last_active_at AS sactive, s.expires_at AS sexpires
		     INTO v
		     FROM sessions s JOIN users u ON u.id = s.user_id
		     WHERE s.id = p_session_id AND s.secret_hash = p_secret_sha256
		       AND s.expires_at > now() AND s.last_active_at > now() - interval '8 hours'
		       AND u.disabled_at IS NULL;
		     IF NOT FOUND THEN
		       RETURN;
		     END IF;
		     RETURN QUERY
		     SELECT v.uid, v.uemail, v.uname, v.ulang, v.shash, v.sactive, v.sexpires,
		       t.id, t.slug, t.name, t.kind, t.gov_name, t.union_name, t.division_code, t.parent_id, m.roles,
		       (SELECT count(*)::int FROM invitations i
		        WHERE i.email = v.uemail AND i.status = 'pending' AND i.expires_at > now()),
		       (t.id IS NOT NULL AND EXISTS (SELECT 1 FROM session_units su
		        WHERE su.tenant_id = t.id AND su.session_id = p_session_id)),
		       (SELECT t2.id FROM memberships m2 JOIN tenants t2 ON t2.id = m2.tenant_id
		        WHERE m2.user_id = v.uid AND m2.disabled_at IS NULL AND t2.slug = p_slug)
		     FROM (SELECT 1) AS one
		     LEFT JOIN (memberships m JOIN tenants t ON t.id = m.tenant_id)
		       ON m.user_id = v.uid AND m.disabled_at IS NULL
		     ORDER BY t.path;
		   END $$`,
		"REVOKE ALL ON FUNCTION app_session_access(text, bytea, text) FROM PUBLIC",
		`GRANT EXECUTE ON FUNCTION app_session_access(text, bytea, text) TO ${APP_ROLE}`,
		"DROP FUNCTION app_session_user(text, bytea)",
	])
		await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
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
		"DROP FUNCTION app_session_access(text, bytea, text)",
	])
		await sql.raw(statement).execute(db);
}
