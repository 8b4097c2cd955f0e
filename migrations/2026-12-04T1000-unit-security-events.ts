import { type Kysely, sql } from "kysely";

// Frozen in time: imports nothing from the app.
const APP_ROLE = "lianxi_app";

/**
 * A unit sees only what its members did in it (replaces the policy of 2026-11-27T1200, which showed
 * every sign-in of anyone who was also a member, from anywhere, at any time):
 * - `session_units`: the first time a session enters a unit (the tenant guard of every request),
 *   with the request's address and device. Written by the person's own unit of work only while their
 *   membership there is active, so an entry is never from before joining or after disablement. No
 *   foreign key to `sessions`: the entry stays after sign-out.
 * - `membership_periods`: when each membership was active, kept by a trigger on `memberships` (the
 *   app never writes it). Throttling events of a person are visible to a unit only inside one of
 *   these periods (`security_events_of_members`).
 * Role and membership changes come from the unit's own audit trail, visible to it already.
 */
export async function up(db: Kysely<any>): Promise<void> {
	const run = async (statements: string[]) => {
		for (const statement of statements) await sql.raw(statement).execute(db);
	};
	const cur = "(SELECT app_current_tenant())";
	const me = "(SELECT app_current_user())";
	await run([
		`CREATE TABLE membership_periods (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      user_id uuid NOT NULL REFERENCES users (id),
      started_at timestamptz NOT NULL,
      ended_at timestamptz,
      PRIMARY KEY (tenant_id, user_id, started_at),
      CHECK (ended_at IS NULL OR ended_at >= started_at)
    )`,
		"CREATE INDEX membership_periods_user ON membership_periods (user_id, tenant_id)",
		// Memberships as they stand: joined when created, ended when disabled (earlier re-enablings are not known).
		`INSERT INTO membership_periods (tenant_id, user_id, started_at, ended_at)
       SELECT tenant_id, user_id, created_at, CASE WHEN disabled_at IS NULL THEN NULL ELSE greatest(disabled_at, created_at) END
       FROM memberships`,
		// Database time, not the app's: a period's ends cannot be chosen by whoever writes the membership.
		`CREATE FUNCTION memberships_track_periods() RETURNS trigger
     LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
     BEGIN
       IF TG_OP = 'INSERT' THEN
         IF NEW.disabled_at IS NULL THEN
           INSERT INTO membership_periods (tenant_id, user_id, started_at) VALUES (NEW.tenant_id, NEW.user_id, now())
           ON CONFLICT DO NOTHING;
         END IF;
         RETURN NULL;
       END IF;
       IF TG_OP = 'DELETE' OR (OLD.disabled_at IS NULL AND NEW.disabled_at IS NOT NULL) THEN
         UPDATE membership_periods SET ended_at = greatest(now(), started_at)
           WHERE tenant_id = OLD.tenant_id AND user_id = OLD.user_id AND ended_at IS NULL;
       ELSIF OLD.disabled_at IS NOT NULL AND NEW.disabled_at IS NULL THEN
         INSERT INTO membership_periods (tenant_id, user_id, started_at) VALUES (NEW.tenant_id, NEW.user_id, now())
         ON CONFLICT (tenant_id, user_id, started_at) DO UPDATE SET ended_at = NULL;
       END IF;
       RETURN NULL;
     END $$`,
		"REVOKE ALL ON FUNCTION memberships_track_periods() FROM PUBLIC",
		`CREATE TRIGGER memberships_track_periods AFTER INSERT OR DELETE OR UPDATE OF disabled_at ON memberships
     FOR EACH ROW EXECUTE FUNCTION memberships_track_periods()`,
		"ALTER TABLE membership_periods ENABLE ROW LEVEL SECURITY",
		"ALTER TABLE membership_periods FORCE ROW LEVEL SECURITY",
		`CREATE POLICY membership_periods_read ON membership_periods FOR SELECT TO ${APP_ROLE}
       USING (tenant_id = ${cur} OR user_id = ${me})`,
		`GRANT SELECT ON membership_periods TO ${APP_ROLE}`,

		`CREATE TABLE session_units (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      session_id text NOT NULL CHECK (length(session_id) BETWEEN 20 AND 64),
      user_id uuid NOT NULL REFERENCES users (id),
      entered_at timestamptz NOT NULL DEFAULT now(),
      ip text,
      user_agent text CHECK (length(user_agent) <= 300),
      PRIMARY KEY (tenant_id, session_id)
    )`,
		"CREATE INDEX session_units_unit ON session_units (tenant_id, entered_at)",
		"CREATE INDEX session_units_user ON session_units (user_id, entered_at)",
		"ALTER TABLE session_units ENABLE ROW LEVEL SECURITY",
		"ALTER TABLE session_units FORCE ROW LEVEL SECURITY",
		// Only the person, with their own live session, into a unit where their membership is active.
		`CREATE POLICY session_units_enter ON session_units FOR INSERT TO ${APP_ROLE} WITH CHECK (
       user_id = ${me}
       AND EXISTS (SELECT 1 FROM memberships m
         WHERE m.tenant_id = session_units.tenant_id AND m.user_id = ${me} AND m.disabled_at IS NULL)
       AND EXISTS (SELECT 1 FROM sessions s WHERE s.id = session_units.session_id AND s.user_id = ${me}))`,
		`CREATE POLICY session_units_read ON session_units FOR SELECT TO ${APP_ROLE}
       USING (tenant_id = ${cur} OR user_id = ${me})`,
		// entered_at is the database's time: not insertable by the app.
		`GRANT SELECT, INSERT (tenant_id, session_id, user_id, ip, user_agent) ON session_units TO ${APP_ROLE}`,

		"DROP POLICY security_events_of_members ON security_events",
		`CREATE POLICY security_events_of_members ON security_events FOR SELECT TO ${APP_ROLE} USING (
       kind = 'login_throttled' AND user_id IS NOT NULL AND EXISTS (
         SELECT 1 FROM membership_periods p
         WHERE p.tenant_id = ${cur} AND p.user_id = security_events.user_id
           AND p.started_at <= security_events.at AND (p.ended_at IS NULL OR security_events.at < p.ended_at)))`,
		// The throttle counts failures per (account, source) and per source.
		"DROP INDEX IF EXISTS security_events_email",
		`CREATE INDEX security_events_email ON security_events (email, at)
       WHERE kind IN ('login_failed', 'login_succeeded')`,
	]);
}

export async function down(db: Kysely<any>): Promise<void> {
	const run = async (statements: string[]) => {
		for (const statement of statements) await sql.raw(statement).execute(db);
	};
	await run([
		"DROP INDEX IF EXISTS security_events_email",
		"CREATE INDEX security_events_email ON security_events (email, at) WHERE kind = 'login_failed'",
		"DROP POLICY IF EXISTS security_events_of_members ON security_events",
		`CREATE POLICY security_events_of_members ON security_events FOR SELECT TO ${APP_ROLE} USING (
      user_id IS NOT NULL AND EXISTS (
        SELECT 1 FROM memberships m WHERE m.user_id = security_events.user_id AND m.tenant_id = (SELECT app_current_tenant())))`,
		"DROP TABLE IF EXISTS session_units",
		"DROP TRIGGER IF EXISTS memberships_track_periods ON memberships",
		"DROP FUNCTION IF EXISTS memberships_track_periods()",
		"DROP TABLE IF EXISTS membership_periods",
	]);
}
