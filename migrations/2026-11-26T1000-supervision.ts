import { type Kysely, sql } from "kysely";

// Frozen in time: imports nothing from the app.
const APP_ROLE = "lianxi_app";

// Supervising decided matters (O6) and publicity (O7).
export async function up(db: Kysely<any>): Promise<void> {
	const run = async (statements: string[]) => {
		for (const statement of statements) await sql.raw(statement).execute(db);
	};
	await run([
		`CREATE TABLE matter_updates (
      tenant_id uuid NOT NULL,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      matter_id uuid NOT NULL,
      kind text NOT NULL CHECK (kind IN ('progress', 'done', 'reminder', 'supervision', 'verified', 'reopened', 'extended')),
      text text NOT NULL DEFAULT '' CHECK (length(text) <= 4000),
      percent integer CHECK (percent BETWEEN 0 AND 100),
      new_deadline date,
      user_id uuid NOT NULL REFERENCES users (id),
      at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      FOREIGN KEY (tenant_id, matter_id) REFERENCES decided_matters (tenant_id, id)
    )`,
		"CREATE INDEX matter_updates_matter ON matter_updates (tenant_id, matter_id, at)",
		`CREATE TABLE publicity (
      tenant_id uuid NOT NULL,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      meeting_id uuid NOT NULL,
      channel text NOT NULL CHECK (length(channel) BETWEEN 1 AND 50),
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      link text CHECK (link ~ '^https?://'),
      body text NOT NULL DEFAULT '',
      published_on date NOT NULL,
      created_by uuid REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      FOREIGN KEY (tenant_id, meeting_id) REFERENCES meetings (tenant_id, id)
    )`,
	]);
	for (const table of ["matter_updates", "publicity"]) {
		await run([`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`, `ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`]);
	}
	const cur = "(SELECT app_current_tenant())";
	const inSubtree = (alias: string) =>
		`EXISTS (SELECT 1 FROM tenants t WHERE t.id = ${alias}.tenant_id AND t.path ~ ('*.' || app_ltree_label(${cur}) || '.*')::lquery)`;
	await run([
		`CREATE POLICY matter_updates_own ON matter_updates FOR ALL TO ${APP_ROLE} USING (tenant_id = ${cur}) WITH CHECK (tenant_id = ${cur})`,
		`CREATE POLICY publicity_own ON publicity FOR ALL TO ${APP_ROLE} USING (tenant_id = ${cur}) WITH CHECK (tenant_id = ${cur})`,
		// Publicity is public by nature: ancestors read it.
		`CREATE POLICY publicity_published ON publicity FOR SELECT TO ${APP_ROLE} USING (${inSubtree("publicity")})`,
		// Updates are a record: appended, never changed.
		`GRANT SELECT, INSERT ON matter_updates, publicity TO ${APP_ROLE}`,
	]);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`DROP TABLE IF EXISTS publicity CASCADE`.execute(db);
	await sql`DROP TABLE IF EXISTS matter_updates CASCADE`.execute(db);
}
