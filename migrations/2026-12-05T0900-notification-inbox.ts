import { type Kysely, sql } from "kysely";

// Frozen in time: imports nothing from the app. The role name is repeated here on purpose.
const APP_ROLE = "lianxi_app";

/**
 * Notifications as a to-do inbox (ADR 0015):
 * - `resolved_at`: an item that asks for an act is settled when the act is done, by whoever did it.
 * - `app_resolve_notifications`: the act's transaction settles the asks of one subject for every
 *   recipient, though a person reads and marks only their own rows (the policies stay as they are).
 *   Only in the caller's current unit, only unsettled rows, only the kinds named, and, when roles
 *   are given, only for recipients holding one of them (one side's consent settles that side's asks).
 * - an index for the inbox page and the badge (a person's rows in a unit, newest first), and one for
 *   settling (a subject's open asks).
 */
export async function up(db: Kysely<any>): Promise<void> {
	for (const statement of [
		"ALTER TABLE notifications ADD COLUMN resolved_at timestamptz",
		"CREATE INDEX notifications_inbox ON notifications (tenant_id, user_id, created_at DESC, id)",
		`CREATE INDEX notifications_open_asks ON notifications (tenant_id, entity_type, entity_id)
       WHERE resolved_at IS NULL`,
		`CREATE FUNCTION app_resolve_notifications(subject_type text, subject_id text, kinds text[], only_roles text[])
       RETURNS integer
       LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp AS $$
         WITH settled AS (
           UPDATE notifications n SET resolved_at = now()
           WHERE n.tenant_id = app_current_tenant()
             AND n.entity_type = subject_type AND n.entity_id = subject_id
             AND n.kind = ANY (kinds) AND n.resolved_at IS NULL
             AND (only_roles IS NULL OR EXISTS (
               SELECT 1 FROM memberships m
               WHERE m.tenant_id = n.tenant_id AND m.user_id = n.user_id AND m.roles && only_roles))
           RETURNING 1)
         SELECT count(*)::integer FROM settled
     $$`,
		// What was written before: asks whose act is visibly done are settled now, so that an existing
		// unit's badge does not keep counting them (the per-topic split did not exist yet: a topic ask
		// about a meeting is settled once the meeting is past its preparation).
		`UPDATE notifications n SET resolved_at = now() FROM meetings m
       WHERE n.resolved_at IS NULL AND n.entity_type = 'meeting' AND m.tenant_id = n.tenant_id AND m.id::text = n.entity_id
         AND ((n.kind IN ('meeting.requested', 'meeting.consent_awaited') AND m.status <> 'requested')
           OR (n.kind = 'meeting.cancel_awaited' AND m.status = 'cancelled')
           OR (n.kind IN ('topic.proposed', 'topic.agreement_awaited', 'topic.withdrawal_awaited')
               AND m.status NOT IN ('accepted', 'preparing')))`,
		`UPDATE notifications n SET resolved_at = now() FROM minutes x
       WHERE n.resolved_at IS NULL AND n.entity_type = 'meeting' AND x.tenant_id = n.tenant_id AND x.meeting_id::text = n.entity_id
         AND ((n.kind = 'minutes.submit' AND x.status <> 'union_review')
           OR (n.kind = 'minutes.union_approve' AND x.status <> 'gov_review')
           OR (n.kind = 'minutes.gov_approve' AND x.status <> 'approved')
           OR (n.kind = 'minutes.return' AND x.status <> 'draft')
           OR (n.kind = 'reminder.minutes_review' AND x.status NOT IN ('union_review', 'gov_review')))`,
		`UPDATE notifications n SET resolved_at = now() FROM opinion_requests r
       WHERE n.resolved_at IS NULL AND n.entity_type = 'opinion_request' AND r.tenant_id = n.tenant_id
         AND r.id::text = n.entity_id AND r.answered_at IS NOT NULL`,
		`UPDATE notifications n SET resolved_at = now() FROM decided_matters d
       WHERE n.resolved_at IS NULL AND n.entity_type = 'decided_matter' AND d.tenant_id = n.tenant_id AND d.id::text = n.entity_id
         AND ((n.kind IN ('matter.reminder', 'matter.supervision', 'matter.reopen')
               AND (d.status IN ('done', 'verified') OR EXISTS (SELECT 1 FROM matter_updates u WHERE u.tenant_id = d.tenant_id
                 AND u.matter_id = d.id AND u.kind IN ('progress', 'done') AND u.at > n.created_at)))
           OR (n.kind = 'matter.done' AND d.status <> 'done')
           OR (n.kind LIKE 'reminder.matter%' AND d.status IN ('done', 'verified'))
           OR (n.kind = 'matter.extend' AND EXISTS (SELECT 1 FROM matter_updates u WHERE u.tenant_id = d.tenant_id
                 AND u.matter_id = d.id AND u.kind IN ('extension_approved', 'extension_refused') AND u.at > n.created_at)))`,
		"REVOKE ALL ON FUNCTION app_resolve_notifications(text, text, text[], text[]) FROM PUBLIC",
		`GRANT EXECUTE ON FUNCTION app_resolve_notifications(text, text, text[], text[]) TO ${APP_ROLE}`,
	]) {
		await sql.raw(statement).execute(db);
	}
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const statement of [
		"DROP FUNCTION IF EXISTS app_resolve_notifications(text, text, text[], text[])",
		"DROP INDEX IF EXISTS notifications_open_asks",
		"DROP INDEX IF EXISTS notifications_inbox",
		"ALTER TABLE notifications DROP COLUMN IF EXISTS resolved_at",
	]) {
		await sql.raw(statement).execute(db);
	}
}
