import { type Kysely, sql } from "kysely";

// Frozen in time: imports nothing from the app.
const APP_ROLE = "lianxi_app";

/** Email categories a person may turn off (in-app notifications always arrive). */
const EMAIL_CATEGORIES = ["meetings", "minutes", "matters", "reminders", "digest", "account"];

/**
 * Jobs behind the outbox (ADR 0011):
 * - `outbox`: `relayed_at` (handed to BullMQ), `failed_at` (gave up after its retries: visible,
 *   never blocks the rows behind it); the pending index skips failed rows.
 * - `notifications.emailed_at` / `email_status`: the email of a notification is sent at most once
 *   per notification row (the handler's own idempotency key; a BullMQ job id dedupes only while
 *   the job exists).
 * - `users.email_off`: the email categories a person turned off.
 * - `reminder_keys`: one row per reminder subject and period (a matter's due date, an overdue
 *   week, a unit's year…): the sweep inserts ON CONFLICT DO NOTHING, so a re-run sends nothing twice.
 */
export async function up(db: Kysely<any>): Promise<void> {
	const run = async (statements: string[]) => {
		for (const statement of statements) await sql.raw(statement).execute(db);
	};
	const cur = "(SELECT app_current_tenant())";
	const categories = EMAIL_CATEGORIES.map((c) => `'${c}'`).join(", ");
	await run([
		"ALTER TABLE outbox ADD COLUMN relayed_at timestamptz, ADD COLUMN failed_at timestamptz",
		"DROP INDEX outbox_pending",
		"CREATE INDEX outbox_pending ON outbox (available_at) WHERE processed_at IS NULL AND failed_at IS NULL",
		"CREATE INDEX outbox_failed ON outbox (failed_at) WHERE failed_at IS NOT NULL",

		`ALTER TABLE notifications ADD COLUMN emailed_at timestamptz,
       ADD COLUMN email_status text CHECK (email_status IN ('sent', 'muted', 'no_recipient'))`,
		`GRANT UPDATE (emailed_at, email_status) ON notifications TO ${APP_ROLE}`,

		`ALTER TABLE users ADD COLUMN email_off text[] NOT NULL DEFAULT '{}'
       CHECK (email_off <@ ARRAY[${categories}]::text[])`,
		`GRANT UPDATE (email_off) ON users TO ${APP_ROLE}`,
		// A change of one's email settings is recorded like a change of password.
		"ALTER TABLE security_events DROP CONSTRAINT security_events_kind_check",
		`ALTER TABLE security_events ADD CONSTRAINT security_events_kind_check CHECK (kind IN
       ('login_succeeded', 'login_failed', 'login_throttled', 'logout', 'password_changed', 'email_settings_changed'))`,

		`CREATE TABLE reminder_keys (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      key text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
      day date NOT NULL,
      recipients integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, key)
    )`,
		"ALTER TABLE reminder_keys ENABLE ROW LEVEL SECURITY",
		"ALTER TABLE reminder_keys FORCE ROW LEVEL SECURITY",
		`CREATE POLICY reminder_keys_own ON reminder_keys FOR ALL TO ${APP_ROLE}
       USING (tenant_id = ${cur}) WITH CHECK (tenant_id = ${cur})`,
		`GRANT SELECT, INSERT ON reminder_keys TO ${APP_ROLE}`,

		// The sweep finds open matters and unanswered opinion requests by date.
		`CREATE INDEX decided_matters_open_deadline ON decided_matters (deadline)
       WHERE status IN ('assigned', 'in_progress')`,
		"CREATE INDEX opinion_requests_open_due ON opinion_requests (due_on) WHERE answered_at IS NULL",
	]);
}

export async function down(db: Kysely<any>): Promise<void> {
	const run = async (statements: string[]) => {
		for (const statement of statements) await sql.raw(statement).execute(db);
	};
	await run([
		"DROP INDEX IF EXISTS opinion_requests_open_due",
		"DROP INDEX IF EXISTS decided_matters_open_deadline",
		"DROP TABLE IF EXISTS reminder_keys",
		"DELETE FROM security_events WHERE kind = 'email_settings_changed'",
		"ALTER TABLE security_events DROP CONSTRAINT security_events_kind_check",
		`ALTER TABLE security_events ADD CONSTRAINT security_events_kind_check CHECK (kind IN
       ('login_succeeded', 'login_failed', 'login_throttled', 'logout', 'password_changed'))`,
		"ALTER TABLE users DROP COLUMN IF EXISTS email_off",
		"ALTER TABLE notifications DROP COLUMN IF EXISTS email_status, DROP COLUMN IF EXISTS emailed_at",
		"DROP INDEX IF EXISTS outbox_failed",
		"DROP INDEX IF EXISTS outbox_pending",
		"ALTER TABLE outbox DROP COLUMN IF EXISTS failed_at, DROP COLUMN IF EXISTS relayed_at",
		"CREATE INDEX outbox_pending ON outbox (available_at) WHERE processed_at IS NULL",
	]);
}
