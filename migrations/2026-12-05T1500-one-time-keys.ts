import { type Kysely, sql } from "kysely";

// Frozen in time: imports nothing from the app.
const APP_ROLE = "lianxi_app";

/**
 * Writes that happen once (issue 27): every form that creates something carries a one-time key;
 * the first transaction of its submission claims the key here, in the same transaction as the row it
 * creates, so a second click or a parallel copy of the same POST waits for the first, creates
 * nothing and answers what the first answered (`answer`). Keys are per tenant and person and are
 * pruned after a day, when the same person claims another key.
 */
export async function up(db: Kysely<any>): Promise<void> {
	const cur = "(SELECT app_current_tenant())";
	const me = "(SELECT app_current_user())";
	for (const statement of [
		`CREATE TABLE one_time_keys (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      user_id uuid NOT NULL REFERENCES users (id),
      key text NOT NULL CHECK (char_length(key) BETWEEN 8 AND 100),
      answer jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, user_id, key)
    )`,
		"CREATE INDEX one_time_keys_age ON one_time_keys (tenant_id, user_id, created_at)",
		"ALTER TABLE one_time_keys ENABLE ROW LEVEL SECURITY",
		"ALTER TABLE one_time_keys FORCE ROW LEVEL SECURITY",
		// One's own keys in the current unit, nobody else's.
		`CREATE POLICY one_time_keys_own ON one_time_keys FOR ALL TO ${APP_ROLE}
       USING (tenant_id = ${cur} AND user_id = ${me}) WITH CHECK (tenant_id = ${cur} AND user_id = ${me})`,
		`GRANT SELECT, INSERT, DELETE ON one_time_keys TO ${APP_ROLE}`,
		`GRANT UPDATE (answer) ON one_time_keys TO ${APP_ROLE}`,
	]) {
		await sql.raw(statement).execute(db);
	}
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql.raw("DROP TABLE IF EXISTS one_time_keys").execute(db);
}
