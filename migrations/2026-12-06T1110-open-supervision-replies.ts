import { type Kysely, sql } from "kysely";
import { flushFunction, noteFunction, rowsFunction } from "./2026-12-06T1100-subtree-sums.ts";

// Frozen in time: imports nothing from the app (the builders of migration 2026-12-06T1100, by flag).
const APP_ROLE = "lianxi_app";

/**
 * 督办 unanswered in the statistics (issue #21): a 督办 (`matter_updates` of kind 'supervision' with
 * `reply_by`, migration 2026-12-05T1400) that has no row in `supervision_replies` is 逾期未答复 once
 * China today is after its `reply_by`. The per-unit-and-year figures keep, per meeting year of the
 * matter, the sorted reply deadlines of the unanswered notices of PUBLISHED matters (the same matters
 * the statistics count: of issued minutes of a published meeting), `open_reply_by`, like
 * `open_deadlines` for overdue matters; the subtree sums keep them as a tally; the page counts them
 * against the day it is read. A 督办 and a reply refresh their matter's unit-year, in the same
 * transaction, behind the unit-year's lock.
 */
const compute = (withReplies: boolean) => `CREATE OR REPLACE FUNCTION unit_year_compute(t uuid, y integer) RETURNS void
   LANGUAGE sql SET search_path = public, pg_temp AS $$
     WITH held AS (
         SELECT m.id, m.kind, m.held_on, n.issued_on
         FROM meetings m
         LEFT JOIN minutes n ON n.tenant_id = m.tenant_id AND n.meeting_id = m.id AND app_published_minutes(n.status)
         WHERE m.tenant_id = t AND m.year = y AND m.held_on IS NOT NULL AND app_published_meeting(m.status, m.accepted_at)),
       mat AS (
         SELECT d.id, d.status, d.deadline, d.closed_on, m.held_on, d.original_deadline, d.extended_after_overdue
         FROM decided_matters d JOIN meetings m ON m.tenant_id = d.tenant_id AND m.id = d.meeting_id
         JOIN minutes n ON n.tenant_id = d.tenant_id AND n.id = d.minutes_id AND app_published_minutes(n.status)
         WHERE d.tenant_id = t AND m.year = y AND app_published_meeting(m.status, m.accepted_at))
       INSERT INTO unit_year_figures AS f (tenant_id, year, regular_on, extraordinary, minutes_issued, minutes_days,
         minutes_issued_late, unissued_held, publicity, matters, matters_closed, matters_done, closed_on_time,
         close_days, open_deadlines, topics, extended_after_overdue, unpublicised_held${withReplies ? ", open_reply_by" : ""})
       SELECT t, y,
         (SELECT min(held_on) FROM held WHERE kind = 'regular'),
         (SELECT count(*) FROM held WHERE kind = 'extraordinary'),
         (SELECT count(issued_on) FROM held),
         (SELECT coalesce(sum(issued_on - held_on), 0) FROM held),
         (SELECT count(*) FROM held WHERE issued_on > held_on + 30),
         (SELECT coalesce(array_agg(held_on ORDER BY held_on), '{}') FROM held WHERE issued_on IS NULL),
         (SELECT count(*) FROM publicity p WHERE p.tenant_id = t
            AND p.published_on BETWEEN make_date(y, 1, 1) AND make_date(y, 12, 31) AND EXISTS (SELECT 1 FROM meetings m WHERE m.tenant_id = p.tenant_id AND m.id = p.meeting_id AND app_published_meeting(m.status, m.accepted_at))),
         (SELECT count(*) FROM mat),
         (SELECT count(*) FROM mat WHERE status = 'verified'),
         (SELECT count(*) FROM mat WHERE status = 'done'),
         (SELECT count(*) FROM mat WHERE status = 'verified'
            AND closed_on <= CASE WHEN extended_after_overdue THEN original_deadline ELSE deadline END),
         (SELECT coalesce(sum(closed_on - held_on), 0) FROM mat
            WHERE status = 'verified' AND closed_on IS NOT NULL AND held_on IS NOT NULL),
         (SELECT coalesce(array_agg(deadline ORDER BY deadline), '{}') FROM mat WHERE status IN ('assigned', 'in_progress')),
         (SELECT array_agg((SELECT count(*) FROM topics x JOIN meetings m ON m.tenant_id = x.tenant_id AND m.id = x.meeting_id
                             WHERE x.tenant_id = t AND m.year = y AND x.category = c AND app_published_topic(x.status)) ORDER BY c)
            FROM generate_series(1, 7) c),
         (SELECT count(*) FROM mat WHERE extended_after_overdue),
         (SELECT coalesce(array_agg(h.held_on ORDER BY h.held_on), '{}') FROM held h
            WHERE NOT EXISTS (SELECT 1 FROM publicity p WHERE p.tenant_id = t AND p.meeting_id = h.id))${
							withReplies
								? `,
         (SELECT coalesce(array_agg(u.reply_by ORDER BY u.reply_by), '{}') FROM matter_updates u
            JOIN mat ON mat.id = u.matter_id
            WHERE u.tenant_id = t AND u.kind = 'supervision' AND u.reply_by IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM supervision_replies r WHERE r.tenant_id = t AND r.supervision_id = u.id))`
								: ""
						}
       ON CONFLICT (tenant_id, year) DO UPDATE SET
         regular_on = excluded.regular_on, extraordinary = excluded.extraordinary,
         minutes_issued = excluded.minutes_issued, minutes_days = excluded.minutes_days,
         minutes_issued_late = excluded.minutes_issued_late, unissued_held = excluded.unissued_held,
         publicity = excluded.publicity, matters = excluded.matters, matters_closed = excluded.matters_closed,
         matters_done = excluded.matters_done, closed_on_time = excluded.closed_on_time,
         close_days = excluded.close_days, open_deadlines = excluded.open_deadlines, topics = excluded.topics,
         extended_after_overdue = excluded.extended_after_overdue, unpublicised_held = excluded.unpublicised_held${withReplies ? ", open_reply_by = excluded.open_reply_by" : ""}
   $$`;

/** The unit-years of 督办 rows (alias r, with tenant_id and id) through their matter's meeting. */
const noticePairs = (rows: string) =>
	`SELECT r.tenant_id, m.year FROM ${rows} r
     JOIN decided_matters d ON d.tenant_id = r.tenant_id AND d.id = r.matter_id
     JOIN meetings m ON m.tenant_id = d.tenant_id AND m.id = d.meeting_id WHERE r.kind = 'supervision'`;
const replyPairs = (rows: string) =>
	`SELECT r.tenant_id, m.year FROM ${rows} r
     JOIN matter_updates u ON u.tenant_id = r.tenant_id AND u.id = r.supervision_id
     JOIN decided_matters d ON d.tenant_id = u.tenant_id AND d.id = u.matter_id
     JOIN meetings m ON m.tenant_id = d.tenant_id AND m.id = d.meeting_id`;

const triggers: [table: string, pairs: (rows: string) => string][] = [
	["matter_updates", noticePairs],
	["supervision_replies", replyPairs],
];

const triggerStatements = (table: string, pairs: (rows: string) => string) => [
	`CREATE FUNCTION ${table}_unit_year_change() RETURNS trigger
   LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
   BEGIN
     IF TG_OP = 'INSERT' THEN
       PERFORM unit_year_refresh(p.tenant_id, p.year)
       FROM (SELECT DISTINCT * FROM (${pairs("new_rows")}) AS x (tenant_id, year)) p;
     ELSIF TG_OP = 'UPDATE' THEN
       PERFORM unit_year_refresh(p.tenant_id, p.year)
       FROM (${pairs("new_rows")} UNION ${pairs("old_rows")}) AS p (tenant_id, year);
     ELSE
       PERFORM unit_year_refresh(p.tenant_id, p.year)
       FROM (SELECT DISTINCT * FROM (${pairs("old_rows")}) AS x (tenant_id, year)) p;
     END IF;
     RETURN NULL;
   END $$`,
	`CREATE TRIGGER ${table}_unit_year_insert AFTER INSERT ON ${table}
   REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${table}_unit_year_change()`,
	`CREATE TRIGGER ${table}_unit_year_update AFTER UPDATE ON ${table}
   REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ${table}_unit_year_change()`,
	`CREATE TRIGGER ${table}_unit_year_delete AFTER DELETE ON ${table}
   REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ${table}_unit_year_change()`,
];

const rowsSignature = "app_rollup_rows(uuid, text, integer, boolean, date, integer, integer)";

export async function up(db: Kysely<any>): Promise<void> {
	const run = async (statements: string[]) => {
		for (const statement of statements) await sql.raw(statement).execute(db);
	};
	await run([
		"ALTER TABLE unit_year_figures ADD COLUMN open_reply_by date[] NOT NULL DEFAULT '{}'",
		"ALTER TABLE unit_subtree_year_figures ADD COLUMN open_reply_by day_tally NOT NULL DEFAULT ROW('{}', '{}')::day_tally",
		compute(true),
		noteFunction(true),
		flushFunction(true),
		`DROP FUNCTION ${rowsSignature}`,
		rowsFunction(true),
		`GRANT EXECUTE ON FUNCTION ${rowsSignature} TO ${APP_ROLE}`,
		...triggers.flatMap(([table, pairs]) => triggerStatements(table, pairs)),
		// The unit-years that have a 督办 with a reply day, once.
		`SELECT unit_year_refresh(p.tenant_id, p.year) FROM (
       SELECT DISTINCT u.tenant_id, m.year FROM matter_updates u
       JOIN decided_matters d ON d.tenant_id = u.tenant_id AND d.id = u.matter_id
       JOIN meetings m ON m.tenant_id = d.tenant_id AND m.id = d.meeting_id
       WHERE u.kind = 'supervision' AND u.reply_by IS NOT NULL ORDER BY 1, 2) p`,
	]);
}

export async function down(db: Kysely<any>): Promise<void> {
	const run = async (statements: string[]) => {
		for (const statement of statements) await sql.raw(statement).execute(db);
	};
	const drops = triggers.flatMap(([table]) => [
		...["insert", "update", "delete"].map((e) => `DROP TRIGGER IF EXISTS ${table}_unit_year_${e} ON ${table}`),
		`DROP FUNCTION IF EXISTS ${table}_unit_year_change()`,
	]);
	await run([
		...drops,
		`DROP FUNCTION ${rowsSignature}`,
		rowsFunction(false),
		`GRANT EXECUTE ON FUNCTION ${rowsSignature} TO ${APP_ROLE}`,
		flushFunction(false),
		noteFunction(false),
		compute(false),
		"ALTER TABLE unit_subtree_year_figures DROP COLUMN open_reply_by",
		"ALTER TABLE unit_year_figures DROP COLUMN open_reply_by",
	]);
}
