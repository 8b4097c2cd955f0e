import { type Kysely, sql } from "kysely";

// Frozen in time: imports nothing from the app.
const APP_ROLE = "lianxi_app";

// Minutes (O5): versioned drafts, two-stage review, gap-free numbering per tenant and year; the
// decided matters they make live at issue (O6).
export async function up(db: Kysely<any>): Promise<void> {
	const run = async (statements: string[]) => {
		for (const statement of statements) await sql.raw(statement).execute(db);
	};
	await run([
		`CREATE TABLE minutes (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      meeting_id uuid NOT NULL,
      status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'union_review', 'gov_review', 'approved', 'issued')),
      current_version integer NOT NULL DEFAULT 0,
      number_year integer,
      number_seq integer,
      issued_on date,
      issued_by uuid REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      UNIQUE (tenant_id, meeting_id),
      UNIQUE (tenant_id, number_year, number_seq),
      FOREIGN KEY (tenant_id, meeting_id) REFERENCES meetings (tenant_id, id),
      CHECK ((status = 'issued') = (number_seq IS NOT NULL AND issued_on IS NOT NULL))
    )`,
		`CREATE TABLE minutes_versions (
      tenant_id uuid NOT NULL,
      minutes_id uuid NOT NULL,
      version integer NOT NULL CHECK (version >= 1),
      presided_by text NOT NULL DEFAULT '',
      body text NOT NULL DEFAULT '',
      matters jsonb NOT NULL DEFAULT '[]'::jsonb,
      saved_by uuid REFERENCES users (id),
      saved_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, minutes_id, version),
      FOREIGN KEY (tenant_id, minutes_id) REFERENCES minutes (tenant_id, id)
    )`,
		`CREATE TABLE minutes_reviews (
      tenant_id uuid NOT NULL,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      minutes_id uuid NOT NULL,
      version integer NOT NULL,
      stage text NOT NULL CHECK (stage IN ('union', 'gov')),
      decision text NOT NULL CHECK (decision IN ('approve', 'return')),
      comment text,
      user_id uuid NOT NULL REFERENCES users (id),
      at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      FOREIGN KEY (tenant_id, minutes_id, version) REFERENCES minutes_versions (tenant_id, minutes_id, version)
    )`,
		// One row per tenant and year, locked while the next number is taken: gap-free under concurrency.
		`CREATE TABLE minutes_counters (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      year integer NOT NULL,
      last_seq integer NOT NULL DEFAULT 0,
      PRIMARY KEY (tenant_id, year)
    )`,
		`CREATE TABLE decided_matters (
      tenant_id uuid NOT NULL,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      minutes_id uuid NOT NULL,
      meeting_id uuid NOT NULL,
      seq integer NOT NULL,
      content text NOT NULL CHECK (length(content) BETWEEN 1 AND 4000),
      lead_department_id uuid NOT NULL,
      co_department_ids uuid[] NOT NULL DEFAULT '{}',
      deadline date NOT NULL,
      status text NOT NULL DEFAULT 'assigned' CHECK (status IN ('assigned', 'in_progress', 'done', 'verified')),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      UNIQUE (tenant_id, minutes_id, seq),
      FOREIGN KEY (tenant_id, minutes_id) REFERENCES minutes (tenant_id, id),
      FOREIGN KEY (tenant_id, meeting_id) REFERENCES meetings (tenant_id, id),
      FOREIGN KEY (tenant_id, lead_department_id) REFERENCES departments (tenant_id, id)
    )`,
	]);
	const tables = ["minutes", "minutes_versions", "minutes_reviews", "minutes_counters", "decided_matters"];
	for (const table of tables) {
		await run([`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`, `ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`]);
	}
	const cur = "(SELECT app_current_tenant())";
	const inSubtree = (alias: string) =>
		`EXISTS (SELECT 1 FROM tenants t WHERE t.id = ${alias}.tenant_id AND t.path ~ ('*.' || app_ltree_label(${cur}) || '.*')::lquery)`;
	const own = (table: string) =>
		`CREATE POLICY ${table}_own ON ${table} FOR ALL TO ${APP_ROLE} USING (tenant_id = ${cur}) WITH CHECK (tenant_id = ${cur})`;
	await run([
		own("minutes"),
		// Issued minutes (number, date) and their decided matters are published upward; drafts are not.
		`CREATE POLICY minutes_published ON minutes FOR SELECT TO ${APP_ROLE} USING (status = 'issued' AND ${inSubtree("minutes")})`,
		own("minutes_versions"),
		own("minutes_reviews"),
		own("minutes_counters"),
		own("decided_matters"),
		`CREATE POLICY decided_matters_published ON decided_matters FOR SELECT TO ${APP_ROLE} USING (${inSubtree("decided_matters")})`,
		`GRANT SELECT, INSERT, UPDATE ON minutes, minutes_counters, decided_matters TO ${APP_ROLE}`,
		`GRANT SELECT, INSERT ON minutes_versions, minutes_reviews TO ${APP_ROLE}`,
	]);
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const table of ["decided_matters", "minutes_counters", "minutes_reviews", "minutes_versions", "minutes"]) {
		await sql.raw(`DROP TABLE IF EXISTS ${table} CASCADE`).execute(db);
	}
}
