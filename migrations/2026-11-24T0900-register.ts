import { type Kysely, sql } from "kysely";

// Frozen in time: imports nothing from the app.
const APP_ROLE = "lianxi_app";

// Tenant administration (members, departments), the joint-meeting system register (W1, E) and files.
export async function up(db: Kysely<any>): Promise<void> {
	const run = async (statements: string[]) => {
		for (const statement of statements) await sql.raw(statement).execute(db);
	};

	await run([
		// A membership can be disabled by the tenant's admin without touching the person's other tenants.
		"ALTER TABLE memberships ADD COLUMN disabled_at timestamptz",
		"ALTER TABLE users ADD COLUMN phone text CHECK (phone ~ '^[0-9+() -]{5,20}$')",

		`CREATE TABLE departments (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
      side text NOT NULL CHECK (side IN ('gov', 'union')),
      category text NOT NULL CHECK (category IN ('comprehensive', 'functional')),
      sort_order integer NOT NULL DEFAULT 0,
      archived_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      UNIQUE (tenant_id, name)
    )`,

		`CREATE TABLE department_liaisons (
      tenant_id uuid NOT NULL,
      department_id uuid NOT NULL,
      user_id uuid NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, department_id, user_id),
      FOREIGN KEY (tenant_id, department_id) REFERENCES departments (tenant_id, id) ON DELETE CASCADE,
      FOREIGN KEY (tenant_id, user_id) REFERENCES memberships (tenant_id, user_id) ON DELETE CASCADE
    )`,
		"CREATE INDEX department_liaisons_user ON department_liaisons (tenant_id, user_id)",

		// Content-addressed: the bytes live in the file store under their SHA-256; this row says who may read them.
		`CREATE TABLE files (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
      size_bytes bigint NOT NULL CHECK (size_bytes > 0),
      content_type text NOT NULL,
      original_name text NOT NULL CHECK (length(original_name) BETWEEN 1 AND 255),
      uploaded_by uuid REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id)
    )`,

		// The joint-meeting system document of a tenant, versioned: a revision supersedes the current one.
		`CREATE TABLE systems (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      version integer NOT NULL CHECK (version >= 1),
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      issuing_bodies text NOT NULL CHECK (length(issuing_bodies) BETWEEN 1 AND 200),
      doc_number text NOT NULL CHECK (length(doc_number) BETWEEN 1 AND 100),
      issued_on date NOT NULL,
      effective_on date NOT NULL,
      supersedes_doc_number text CHECK (length(supersedes_doc_number) <= 100),
      cadence text NOT NULL DEFAULT 'yearly' CHECK (cadence IN ('yearly', 'half_yearly', 'quarterly')),
      file_id uuid,
      recorded_by uuid REFERENCES users (id),
      recorded_at timestamptz NOT NULL DEFAULT now(),
      superseded_at timestamptz,
      PRIMARY KEY (tenant_id, id),
      UNIQUE (tenant_id, version),
      FOREIGN KEY (tenant_id, file_id) REFERENCES files (tenant_id, id),
      CHECK (effective_on >= issued_on)
    )`,
		"CREATE UNIQUE INDEX systems_one_current ON systems (tenant_id) WHERE superseded_at IS NULL",

		`CREATE TABLE system_leaders (
      tenant_id uuid NOT NULL,
      system_id uuid NOT NULL,
      user_id uuid NOT NULL,
      role text NOT NULL CHECK (role IN ('gov_liaison', 'gov_deputy_secretary', 'union_chair', 'union_vice_chair')),
      PRIMARY KEY (tenant_id, system_id, user_id, role),
      FOREIGN KEY (tenant_id, system_id) REFERENCES systems (tenant_id, id),
      FOREIGN KEY (tenant_id, user_id) REFERENCES memberships (tenant_id, user_id)
    )`,

		// One-time set-password links (global, like sessions): only the secret's SHA-256 is stored.
		`CREATE TABLE password_tokens (
      id text PRIMARY KEY CHECK (length(id) BETWEEN 20 AND 64),
      secret_hash bytea NOT NULL,
      user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
      issued_by uuid REFERENCES users (id),
      issued_in uuid REFERENCES tenants (id),
      expires_at timestamptz NOT NULL,
      used_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
		"CREATE INDEX password_tokens_user ON password_tokens (user_id)",
	]);

	for (const table of ["departments", "department_liaisons", "files", "systems", "system_leaders", "password_tokens"]) {
		await run([`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`, `ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`]);
	}

	const cur = "(SELECT app_current_tenant())";
	const me = "(SELECT app_current_user())";
	const auth = "(SELECT app_is_authenticator())";
	// A row of a descendant tenant (published upward to the current tenant), or of the current tenant.
	const inSubtree = (alias: string) =>
		`EXISTS (SELECT 1 FROM tenants t WHERE t.id = ${alias}.tenant_id AND t.path ~ ('*.' || app_ltree_label(${cur}) || '.*')::lquery)`;

	await run([
		`CREATE POLICY departments_own ON departments FOR ALL TO ${APP_ROLE} USING (tenant_id = ${cur}) WITH CHECK (tenant_id = ${cur})`,
		`CREATE POLICY department_liaisons_own ON department_liaisons FOR ALL TO ${APP_ROLE} USING (tenant_id = ${cur}) WITH CHECK (tenant_id = ${cur})`,

		// Files: the tenant's own, plus a descendant's file that its current or past system record points to.
		`CREATE POLICY files_read ON files FOR SELECT TO ${APP_ROLE} USING (
       tenant_id = ${cur}
       OR (${inSubtree("files")} AND EXISTS (SELECT 1 FROM systems s WHERE s.tenant_id = files.tenant_id AND s.file_id = files.id)))`,
		`CREATE POLICY files_add ON files FOR INSERT TO ${APP_ROLE} WITH CHECK (tenant_id = ${cur})`,

		// The system register is published upward: ancestors read it; only the tenant writes it.
		`CREATE POLICY systems_read ON systems FOR SELECT TO ${APP_ROLE} USING (tenant_id = ${cur} OR ${inSubtree("systems")})`,
		`CREATE POLICY systems_add ON systems FOR INSERT TO ${APP_ROLE} WITH CHECK (tenant_id = ${cur})`,
		`CREATE POLICY systems_supersede ON systems FOR UPDATE TO ${APP_ROLE} USING (tenant_id = ${cur}) WITH CHECK (tenant_id = ${cur})`,
		`CREATE POLICY system_leaders_own ON system_leaders FOR ALL TO ${APP_ROLE} USING (tenant_id = ${cur}) WITH CHECK (tenant_id = ${cur})`,

		`CREATE POLICY password_tokens_issue ON password_tokens FOR INSERT TO ${APP_ROLE} WITH CHECK (
       issued_in = ${cur} AND issued_by = ${me}
       AND EXISTS (SELECT 1 FROM memberships m WHERE m.user_id = password_tokens.user_id AND m.tenant_id = ${cur}))`,
		`CREATE POLICY password_tokens_redeem ON password_tokens FOR SELECT TO ${APP_ROLE} USING (${auth} OR issued_in = ${cur})`,
		`CREATE POLICY password_tokens_use ON password_tokens FOR UPDATE TO ${APP_ROLE} USING (${auth}) WITH CHECK (${auth})`,

		// Adding a person who already has an account: the admin's unit of work may look up exactly one
		// email it names (app.lookup_email), nothing else.
		`CREATE POLICY users_lookup_by_email ON users FOR SELECT TO ${APP_ROLE} USING (
       ${cur} IS NOT NULL AND email = nullif(current_setting('app.lookup_email', true), ''))`,
		// Redeeming a set-password link writes the password in the authenticator unit of work.
		`CREATE POLICY users_set_password ON users FOR UPDATE TO ${APP_ROLE} USING (${auth}) WITH CHECK (${auth})`,
	]);

	await run([
		`GRANT SELECT, INSERT, UPDATE ON departments TO ${APP_ROLE}`,
		`GRANT SELECT, INSERT, DELETE ON department_liaisons TO ${APP_ROLE}`,
		`GRANT SELECT, INSERT ON files TO ${APP_ROLE}`,
		`GRANT SELECT, INSERT ON systems TO ${APP_ROLE}`,
		// Only superseded_at may change on a recorded version: the record itself is never edited.
		`GRANT UPDATE (superseded_at) ON systems TO ${APP_ROLE}`,
		`GRANT SELECT, INSERT ON system_leaders TO ${APP_ROLE}`,
		`GRANT SELECT, INSERT ON password_tokens TO ${APP_ROLE}`,
		`GRANT UPDATE (used_at) ON password_tokens TO ${APP_ROLE}`,
	]);
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const table of ["password_tokens", "system_leaders", "systems", "files", "department_liaisons", "departments"]) {
		await sql.raw(`DROP TABLE IF EXISTS ${table} CASCADE`).execute(db);
	}
	await sql`DROP POLICY IF EXISTS users_lookup_by_email ON users`.execute(db);
	await sql`DROP POLICY IF EXISTS users_set_password ON users`.execute(db);
	await sql`ALTER TABLE memberships DROP COLUMN IF EXISTS disabled_at`.execute(db);
	await sql`ALTER TABLE users DROP COLUMN IF EXISTS phone`.execute(db);
}
