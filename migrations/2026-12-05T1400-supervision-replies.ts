import { type Kysely, sql } from "kysely";

// Frozen in time: imports nothing from the app.
const APP_ROLE = "lianxi_app";

/**
 * 督办 asks for a written answer (O6): a supervision notice carries the day by which the lead
 * department replies (`matter_updates.reply_by`, only on a 督办), and the department's liaison
 * records that reply once (`supervision_replies`, one row per notice, appended and never changed).
 * A notice whose day has passed without a reply is overdue (read by the app in China time).
 *
 * A never-submitted draft meeting may be deleted by its own side: its row, its standard agenda items
 * and its automatic topic go, the audit event stays. PostgreSQL allows the delete only for a draft
 * that was never sent (`requested_at IS NULL`).
 */
export async function up(db: Kysely<any>): Promise<void> {
	const cur = "(SELECT app_current_tenant())";
	const neverSent = (alias: string) =>
		`EXISTS (SELECT 1 FROM meetings m WHERE m.tenant_id = ${alias}.tenant_id AND m.id = ${alias}.meeting_id
       AND m.status = 'draft' AND m.requested_at IS NULL)`;
	for (const statement of [
		"ALTER TABLE matter_updates ADD COLUMN reply_by date",
		"ALTER TABLE matter_updates ADD CONSTRAINT matter_updates_reply_by_supervision CHECK (reply_by IS NULL OR kind = 'supervision')",
		`CREATE TABLE supervision_replies (
      tenant_id uuid NOT NULL,
      supervision_id uuid NOT NULL,
      department_id uuid NOT NULL,
      text text NOT NULL CHECK (char_length(text) BETWEEN 1 AND 4000),
      user_id uuid NOT NULL REFERENCES users (id),
      at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, supervision_id),
      FOREIGN KEY (tenant_id, supervision_id) REFERENCES matter_updates (tenant_id, id),
      FOREIGN KEY (tenant_id, department_id) REFERENCES departments (tenant_id, id)
    )`,
		"ALTER TABLE supervision_replies ENABLE ROW LEVEL SECURITY",
		"ALTER TABLE supervision_replies FORCE ROW LEVEL SECURITY",
		`CREATE POLICY supervision_replies_own ON supervision_replies FOR ALL TO ${APP_ROLE}
       USING (tenant_id = ${cur}) WITH CHECK (tenant_id = ${cur})`,
		`GRANT SELECT, INSERT ON supervision_replies TO ${APP_ROLE}`,
		// A reply answers a 督办, nothing else (checked after the row-level policy).
		`CREATE FUNCTION supervision_replies_answer_notice() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF NOT EXISTS (SELECT 1 FROM matter_updates u WHERE u.tenant_id = NEW.tenant_id
                      AND u.id = NEW.supervision_id AND u.kind = 'supervision') THEN
         RAISE EXCEPTION 'a reply answers a supervision notice' USING ERRCODE = 'check_violation';
       END IF;
       RETURN NEW;
     END $$`,
		`CREATE TRIGGER supervision_replies_answer_notice AFTER INSERT ON supervision_replies
     FOR EACH ROW EXECUTE FUNCTION supervision_replies_answer_notice()`,

		// Deleting a never-submitted draft: only such a meeting, and only its own rows.
		`CREATE POLICY meetings_delete_draft ON meetings FOR DELETE TO ${APP_ROLE}
       USING (tenant_id = ${cur} AND status = 'draft' AND requested_at IS NULL)`,
		`CREATE POLICY topics_delete_draft ON topics AS RESTRICTIVE FOR DELETE TO ${APP_ROLE} USING (${neverSent("topics")})`,
		`GRANT DELETE ON meetings, topics TO ${APP_ROLE}`,
	]) {
		await sql.raw(statement).execute(db);
	}
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const statement of [
		`REVOKE DELETE ON meetings, topics FROM ${APP_ROLE}`,
		"DROP POLICY IF EXISTS topics_delete_draft ON topics",
		"DROP POLICY IF EXISTS meetings_delete_draft ON meetings",
		"DROP TABLE IF EXISTS supervision_replies",
		"DROP FUNCTION IF EXISTS supervision_replies_answer_notice()",
		"ALTER TABLE matter_updates DROP CONSTRAINT IF EXISTS matter_updates_reply_by_supervision",
		"ALTER TABLE matter_updates DROP COLUMN IF EXISTS reply_by",
	]) {
		await sql.raw(statement).execute(db);
	}
}
