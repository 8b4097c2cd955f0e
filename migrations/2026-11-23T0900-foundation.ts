import { type Kysely, sql } from "kysely";

// Frozen in time: this file imports nothing from the app. The role name is repeated here on purpose.
const APP_ROLE = "lianxi_app";

export async function up(db: Kysely<any>): Promise<void> {
	await sql`CREATE EXTENSION IF NOT EXISTS ltree`.execute(db);

	// The app role logs in (on a server) or is switched to with SET LOCAL ROLE (on PGlite). It owns
	// nothing, is no superuser and has no BYPASSRLS, so every policy below applies to it.
	await sql
		.raw(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${APP_ROLE}') THEN
        CREATE ROLE ${APP_ROLE} LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT;
      END IF;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      NULL; -- another database of the same cluster created it at the same moment
    END $$`)
		.execute(db);
	await sql.raw(`GRANT USAGE ON SCHEMA public TO ${APP_ROLE}`).execute(db);

	// Settings read by policies. Empty string after a pooled transaction ends, hence nullif; policies
	// call these inside a scalar subquery so they are evaluated once per statement.
	await sql`
    CREATE FUNCTION app_current_tenant() RETURNS uuid LANGUAGE sql STABLE AS
    $$ SELECT nullif(current_setting('app.tenant_id', true), '')::uuid $$`.execute(db);
	await sql`
    CREATE FUNCTION app_current_user() RETURNS uuid LANGUAGE sql STABLE AS
    $$ SELECT nullif(current_setting('app.user_id', true), '')::uuid $$`.execute(db);
	// True only inside the authentication unit of work (db/run-as.ts, runAsAuthenticator).
	await sql`
    CREATE FUNCTION app_is_authenticator() RETURNS boolean LANGUAGE sql STABLE AS
    $$ SELECT coalesce(current_setting('app.auth', true), '') = 'authenticator' $$`.execute(db);
	await sql`
    CREATE FUNCTION app_ltree_label(id uuid) RETURNS text LANGUAGE sql IMMUTABLE AS
    $$ SELECT 't' || replace(id::text, '-', '') $$`.execute(db);

	// ---------------------------------------------------------------- tenants (the tenant tree)
	await sql`
    CREATE TABLE tenants (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      parent_id uuid REFERENCES tenants (id),
      kind text NOT NULL CHECK (kind IN ('city', 'county', 'zone', 'industry')),
      slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z][a-z0-9-]{1,38}[a-z0-9]$'),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      gov_name text NOT NULL CHECK (length(gov_name) BETWEEN 1 AND 100),
      union_name text NOT NULL CHECK (length(union_name) BETWEEN 1 AND 100),
      division_code text CHECK (division_code ~ '^[0-9]{6}$'),
      path ltree NOT NULL UNIQUE,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
	await sql`CREATE INDEX tenants_path_gist ON tenants USING gist (path)`.execute(db);
	await sql`CREATE INDEX tenants_parent ON tenants (parent_id)`.execute(db);
	// The path is derived, never written by the app: parent path + own label; the parent never changes.
	await sql`
    CREATE FUNCTION tenants_set_path() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'UPDATE' THEN
        IF NEW.parent_id IS DISTINCT FROM OLD.parent_id OR NEW.id <> OLD.id OR NEW.path <> OLD.path THEN
          RAISE EXCEPTION 'a tenant cannot move in the tree' USING ERRCODE = 'check_violation';
        END IF;
        NEW.updated_at := now();
        RETURN NEW;
      END IF;
      IF NEW.parent_id IS NULL THEN
        NEW.path := app_ltree_label(NEW.id)::ltree;
      ELSE
        SELECT path || app_ltree_label(NEW.id) INTO NEW.path FROM tenants WHERE id = NEW.parent_id;
        IF NEW.path IS NULL THEN
          RAISE EXCEPTION 'parent tenant not found' USING ERRCODE = 'foreign_key_violation';
        END IF;
      END IF;
      RETURN NEW;
    END $$`.execute(db);
	await sql`
    CREATE TRIGGER tenants_set_path BEFORE INSERT OR UPDATE ON tenants
    FOR EACH ROW EXECUTE FUNCTION tenants_set_path()`.execute(db);

	// ---------------------------------------------------------------- users and sessions (global)
	// Global tables: a person and their sessions exist before any tenant is chosen. Access is narrow:
	// a user sees their own row and the members of the current tenant; the authenticator unit of work
	// (login and session validation, one module) sees what it must.
	await sql`
    CREATE TABLE users (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      email text NOT NULL CHECK (email = lower(email) AND email ~ '^[^@\\s]+@[^@\\s]+$'),
      display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 100),
      password_hash text NOT NULL,
      preferred_lang text NOT NULL DEFAULT 'zh-CN' CHECK (preferred_lang IN ('zh-CN', 'en')),
      disabled_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
	await sql`CREATE UNIQUE INDEX users_email ON users (email)`.execute(db);

	await sql`
    CREATE TABLE sessions (
      id text PRIMARY KEY CHECK (length(id) BETWEEN 20 AND 64),
      secret_hash bytea NOT NULL,
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      created_at timestamptz NOT NULL DEFAULT now(),
      last_active_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      ip text,
      user_agent text
    )`.execute(db);
	await sql`CREATE INDEX sessions_user ON sessions (user_id)`.execute(db);

	// Login attempts and other account security events; the rate limiter counts failures here.
	await sql`
    CREATE TABLE security_events (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      kind text NOT NULL CHECK (kind IN ('login_succeeded', 'login_failed', 'login_throttled', 'logout')),
      email text,
      user_id uuid REFERENCES users (id) ON DELETE SET NULL,
      ip text,
      user_agent text,
      request_id text,
      at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
	await sql`CREATE INDEX security_events_email ON security_events (email, at) WHERE kind = 'login_failed'`.execute(db);
	await sql`CREATE INDEX security_events_ip ON security_events (ip, at) WHERE kind = 'login_failed'`.execute(db);

	// ---------------------------------------------------------------- memberships (tenant table)
	await sql`
    CREATE TABLE memberships (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      user_id uuid NOT NULL REFERENCES users (id),
      roles text[] NOT NULL CHECK (
        cardinality(roles) > 0 AND roles <@ ARRAY['admin', 'gov_head', 'gov_liaison', 'gov_deputy_secretary',
          'gov_office', 'union_chair', 'union_vice_chair', 'union_staff', 'department_liaison', 'viewer']::text[]
      ),
      title text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, user_id)
    )`.execute(db);
	await sql`CREATE INDEX memberships_user ON memberships (user_id)`.execute(db);

	// ---------------------------------------------------------------- audit_events (append-only)
	await sql`
    CREATE TABLE audit_events (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      actor_user_id uuid REFERENCES users (id),
      action text NOT NULL,
      entity_type text NOT NULL,
      entity_id text NOT NULL,
      before jsonb,
      after jsonb,
      ip text,
      user_agent text,
      request_id text,
      at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id)
    )`.execute(db);
	await sql`CREATE INDEX audit_events_entity ON audit_events (tenant_id, entity_type, entity_id, at)`.execute(db);

	// ---------------------------------------------------------------- outbox (relay comes later)
	await sql`
    CREATE TABLE outbox (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      topic text NOT NULL,
      payload jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      available_at timestamptz NOT NULL DEFAULT now(),
      processed_at timestamptz,
      attempts integer NOT NULL DEFAULT 0,
      last_error text,
      PRIMARY KEY (tenant_id, id)
    )`.execute(db);
	await sql`CREATE INDEX outbox_pending ON outbox (available_at) WHERE processed_at IS NULL`.execute(db);

	// ---------------------------------------------------------------- row-level security
	for (const table of ["tenants", "users", "sessions", "security_events", "memberships", "audit_events", "outbox"]) {
		await sql.raw(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`).execute(db);
		await sql.raw(`ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`).execute(db);
	}

	const cur = "(SELECT app_current_tenant())";
	const me = "(SELECT app_current_user())";
	const auth = "(SELECT app_is_authenticator())";
	const policies = [
		// A tenant is visible to its own members (switcher), and as itself or a descendant of the current tenant.
		`CREATE POLICY tenants_read ON tenants FOR SELECT TO ${APP_ROLE} USING (
       id = ${cur}
       OR path ~ ('*.' || app_ltree_label(${cur}) || '.*')::lquery
       OR EXISTS (SELECT 1 FROM memberships m WHERE m.tenant_id = tenants.id AND m.user_id = ${me}))`,
		`CREATE POLICY tenants_add_child ON tenants FOR INSERT TO ${APP_ROLE} WITH CHECK (parent_id = ${cur})`,
		`CREATE POLICY tenants_update_self ON tenants FOR UPDATE TO ${APP_ROLE} USING (id = ${cur}) WITH CHECK (id = ${cur})`,

		`CREATE POLICY users_read ON users FOR SELECT TO ${APP_ROLE} USING (
       id = ${me} OR ${auth}
       OR EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = users.id AND m.tenant_id = ${cur}))`,
		`CREATE POLICY users_add ON users FOR INSERT TO ${APP_ROLE} WITH CHECK (${cur} IS NOT NULL)`,
		`CREATE POLICY users_update ON users FOR UPDATE TO ${APP_ROLE} USING (
       id = ${me} OR EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = users.id AND m.tenant_id = ${cur}))`,

		`CREATE POLICY sessions_own ON sessions FOR ALL TO ${APP_ROLE}
       USING (user_id = ${me} OR ${auth}) WITH CHECK (user_id = ${me} OR ${auth})`,
		// Disabling a member (tenant admin) ends that person's sessions.
		`CREATE POLICY sessions_end_member ON sessions FOR DELETE TO ${APP_ROLE} USING (
       EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = sessions.user_id AND m.tenant_id = ${cur}))`,

		`CREATE POLICY security_events_auth ON security_events FOR ALL TO ${APP_ROLE}
       USING (${auth} OR user_id = ${me}) WITH CHECK (${auth} OR user_id = ${me})`,

		`CREATE POLICY memberships_read ON memberships FOR SELECT TO ${APP_ROLE} USING (tenant_id = ${cur} OR user_id = ${me})`,
		`CREATE POLICY memberships_write ON memberships FOR INSERT TO ${APP_ROLE} WITH CHECK (tenant_id = ${cur})`,
		`CREATE POLICY memberships_update ON memberships FOR UPDATE TO ${APP_ROLE} USING (tenant_id = ${cur}) WITH CHECK (tenant_id = ${cur})`,
		`CREATE POLICY memberships_delete ON memberships FOR DELETE TO ${APP_ROLE} USING (tenant_id = ${cur})`,

		`CREATE POLICY audit_events_read ON audit_events FOR SELECT TO ${APP_ROLE} USING (tenant_id = ${cur})`,
		`CREATE POLICY audit_events_append ON audit_events FOR INSERT TO ${APP_ROLE}
       WITH CHECK (tenant_id = ${cur} AND actor_user_id IS NOT DISTINCT FROM ${me})`,

		`CREATE POLICY outbox_read ON outbox FOR SELECT TO ${APP_ROLE} USING (tenant_id = ${cur})`,
		`CREATE POLICY outbox_append ON outbox FOR INSERT TO ${APP_ROLE} WITH CHECK (tenant_id = ${cur})`,
	];
	for (const policy of policies) await sql.raw(policy).execute(db);

	// Privileges: append-only tables get INSERT and SELECT only.
	const grants = [
		`GRANT SELECT, INSERT, UPDATE ON tenants TO ${APP_ROLE}`,
		`GRANT SELECT, INSERT, UPDATE ON users TO ${APP_ROLE}`,
		`GRANT SELECT, INSERT, UPDATE, DELETE ON sessions TO ${APP_ROLE}`,
		`GRANT SELECT, INSERT ON security_events TO ${APP_ROLE}`,
		`GRANT SELECT, INSERT, UPDATE, DELETE ON memberships TO ${APP_ROLE}`,
		`GRANT SELECT, INSERT ON audit_events TO ${APP_ROLE}`,
		`GRANT SELECT, INSERT ON outbox TO ${APP_ROLE}`,
		`GRANT EXECUTE ON FUNCTION app_current_tenant(), app_current_user(), app_is_authenticator(), app_ltree_label(uuid) TO ${APP_ROLE}`,
	];
	for (const grant of grants) await sql.raw(grant).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const table of ["outbox", "audit_events", "memberships", "security_events", "sessions", "users", "tenants"]) {
		await sql.raw(`DROP TABLE IF EXISTS ${table} CASCADE`).execute(db);
	}
	await sql`DROP FUNCTION IF EXISTS tenants_set_path()`.execute(db);
	for (const fn of ["app_current_tenant()", "app_current_user()", "app_is_authenticator()", "app_ltree_label(uuid)"]) {
		await sql.raw(`DROP FUNCTION IF EXISTS ${fn}`).execute(db);
	}
	await sql.raw(`REVOKE ALL ON SCHEMA public FROM ${APP_ROLE}`).execute(db);
}
