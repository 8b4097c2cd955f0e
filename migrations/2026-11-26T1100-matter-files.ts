import { type Kysely, sql } from "kysely";

// Frozen in time: imports nothing from the app.
const APP_ROLE = "lianxi_app";

// Evidence files on a decided matter's progress reports and completion (O6).
export async function up(db: Kysely<any>): Promise<void> {
	for (const statement of [
		`CREATE TABLE matter_update_files (
      tenant_id uuid NOT NULL,
      update_id uuid NOT NULL,
      file_id uuid NOT NULL,
      PRIMARY KEY (tenant_id, update_id, file_id),
      FOREIGN KEY (tenant_id, update_id) REFERENCES matter_updates (tenant_id, id),
      FOREIGN KEY (tenant_id, file_id) REFERENCES files (tenant_id, id)
    )`,
		"ALTER TABLE matter_update_files ENABLE ROW LEVEL SECURITY",
		"ALTER TABLE matter_update_files FORCE ROW LEVEL SECURITY",
		`CREATE POLICY matter_update_files_own ON matter_update_files FOR ALL TO ${APP_ROLE}
       USING (tenant_id = (SELECT app_current_tenant())) WITH CHECK (tenant_id = (SELECT app_current_tenant()))`,
		`GRANT SELECT, INSERT ON matter_update_files TO ${APP_ROLE}`,
	]) {
		await sql.raw(statement).execute(db);
	}
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`DROP TABLE IF EXISTS matter_update_files`.execute(db);
}
