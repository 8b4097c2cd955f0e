import { type Kysely, sql } from "kysely";

// Frozen in time: imports nothing from the app.
const APP_ROLE = "lianxi_app";

/**
 * Every decision keeps its words and its rightful side (NOTICE P, O1, O2):
 * - a leader's 意见 given with 同意 is kept with the act (`topic_agreements.comment`,
 *   `meetings.accept_comment`; consents already keep theirs in `meeting_consents.reason`);
 * - a topic belongs to the side that proposed it (`topics.proposed_side`): only that side withdraws it
 *   alone, with a reason (`topics.withdraw_reason`);
 * - `dual_consents`: the acts that need one leader of each side — cancelling a meeting the government
 *   side has accepted, withdrawing a topic both sides agreed. One row per side, two different people
 *   (the same AFTER trigger as the other two-sided tables).
 */
export async function up(db: Kysely<any>): Promise<void> {
	const cur = "(SELECT app_current_tenant())";
	for (const statement of [
		"ALTER TABLE topic_agreements ADD COLUMN comment text CHECK (char_length(comment) <= 2000)",
		"ALTER TABLE meetings ADD COLUMN accept_comment text CHECK (char_length(accept_comment) <= 2000)",
		"ALTER TABLE topics ADD COLUMN proposed_side text CHECK (proposed_side IN ('gov', 'union'))",
		"ALTER TABLE topics ADD COLUMN withdraw_reason text CHECK (char_length(withdraw_reason) <= 2000)",
		// Existing topics: the side of the person who proposed them; the automatic ones stay open to both.
		`UPDATE topics t SET proposed_side = s.side FROM (
       SELECT t2.tenant_id, t2.id, app_roles_side(m.roles) AS side
       FROM topics t2 JOIN memberships m ON m.tenant_id = t2.tenant_id AND m.user_id = t2.proposed_by) s
     WHERE t.tenant_id = s.tenant_id AND t.id = s.id AND s.side IN ('gov', 'union')`,

		// 延期 is a request an office makes and a government leader approves or refuses (O6); the
		// deadline the meeting decided is kept, and an extension granted once the matter was overdue
		// stays visible as such.
		"ALTER TABLE matter_updates DROP CONSTRAINT matter_updates_kind_check",
		`ALTER TABLE matter_updates ADD CONSTRAINT matter_updates_kind_check CHECK (kind IN ('progress', 'done', 'reminder',
       'supervision', 'verified', 'reopened', 'extended', 'extension_requested', 'extension_approved', 'extension_refused'))`,
		"ALTER TABLE decided_matters ADD COLUMN original_deadline date",
		"ALTER TABLE decided_matters ADD COLUMN extended_after_overdue boolean NOT NULL DEFAULT false",
		`CREATE TABLE dual_consents (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      subject_type text NOT NULL CHECK (subject_type IN ('meeting_cancel', 'topic_withdraw')),
      subject_id uuid NOT NULL,
      side text NOT NULL CHECK (side IN ('gov', 'union')),
      user_id uuid NOT NULL REFERENCES users (id),
      reason text CHECK (char_length(reason) <= 2000),
      at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, subject_type, subject_id, side)
    )`,
		"ALTER TABLE dual_consents ENABLE ROW LEVEL SECURITY",
		"ALTER TABLE dual_consents FORCE ROW LEVEL SECURITY",
		`CREATE POLICY dual_consents_own ON dual_consents FOR ALL TO ${APP_ROLE}
       USING (tenant_id = ${cur}) WITH CHECK (tenant_id = ${cur})`,
		`GRANT SELECT, INSERT ON dual_consents TO ${APP_ROLE}`,
		`CREATE FUNCTION dual_consents_two_people() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       PERFORM app_require_side(NEW.tenant_id, NEW.user_id, NEW.side);
       IF EXISTS (SELECT 1 FROM dual_consents c WHERE c.tenant_id = NEW.tenant_id
                  AND c.subject_type = NEW.subject_type AND c.subject_id = NEW.subject_id
                  AND c.side <> NEW.side AND c.user_id = NEW.user_id) THEN
         RAISE EXCEPTION 'both sides'' consent from one person' USING ERRCODE = 'check_violation';
       END IF;
       RETURN NEW;
     END $$`,
		`CREATE TRIGGER dual_consents_two_people AFTER INSERT ON dual_consents
     FOR EACH ROW EXECUTE FUNCTION dual_consents_two_people()`,
	]) {
		await sql.raw(statement).execute(db);
	}
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const statement of [
		"DROP TABLE IF EXISTS dual_consents",
		"DROP FUNCTION IF EXISTS dual_consents_two_people()",
		"ALTER TABLE topics DROP COLUMN IF EXISTS withdraw_reason",
		"ALTER TABLE decided_matters DROP COLUMN IF EXISTS extended_after_overdue",
		"ALTER TABLE decided_matters DROP COLUMN IF EXISTS original_deadline",
		"DELETE FROM matter_updates WHERE kind IN ('extension_requested', 'extension_approved', 'extension_refused')",
		"ALTER TABLE matter_updates DROP CONSTRAINT matter_updates_kind_check",
		`ALTER TABLE matter_updates ADD CONSTRAINT matter_updates_kind_check CHECK (kind IN ('progress', 'done', 'reminder',
       'supervision', 'verified', 'reopened', 'extended'))`,
		"ALTER TABLE topics DROP COLUMN IF EXISTS proposed_side",
		"ALTER TABLE meetings DROP COLUMN IF EXISTS accept_comment",
		"ALTER TABLE topic_agreements DROP COLUMN IF EXISTS comment",
	]) {
		await sql.raw(statement).execute(db);
	}
}
