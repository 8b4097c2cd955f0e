import { type Kysely, sql } from "kysely";

// Frozen in time: imports nothing from the app.

/**
 * 会议结果未宣传 (O7, DESIGN §3): a held meeting with no publicity record 30 days on is a compliance
 * flag of the statistics. The per-unit-and-year figures keep, per meeting year, the sorted days of
 * the held (published) meetings that have no publicity record yet (`unpublicised_held`); the flag is
 * counted from them on the day it is read, as `unissued_held` is for the minutes. A publicity record
 * now also refreshes its meeting's year (a meeting of December may be publicised in January).
 */
const body = (
	withUnpublicised: boolean,
) => `CREATE OR REPLACE FUNCTION unit_year_compute(t uuid, y integer) RETURNS void
   LANGUAGE sql SET search_path = public, pg_temp AS $$
     WITH held AS (
         SELECT m.id, m.kind, m.held_on, n.issued_on
         FROM meetings m
         LEFT JOIN minutes n ON n.tenant_id = m.tenant_id AND n.meeting_id = m.id AND app_published_minutes(n.status)
         WHERE m.tenant_id = t AND m.year = y AND m.held_on IS NOT NULL AND app_published_meeting(m.status, m.accepted_at)),
       mat AS (
         SELECT d.status, d.deadline, d.closed_on, m.held_on, d.original_deadline, d.extended_after_overdue
         FROM decided_matters d JOIN meetings m ON m.tenant_id = d.tenant_id AND m.id = d.meeting_id
         JOIN minutes n ON n.tenant_id = d.tenant_id AND n.id = d.minutes_id AND app_published_minutes(n.status)
         WHERE d.tenant_id = t AND m.year = y AND app_published_meeting(m.status, m.accepted_at))
       INSERT INTO unit_year_figures AS f (tenant_id, year, regular_on, extraordinary, minutes_issued, minutes_days,
         minutes_issued_late, unissued_held, publicity, matters, matters_closed, matters_done, closed_on_time,
         close_days, open_deadlines, topics, extended_after_overdue${withUnpublicised ? ", unpublicised_held" : ""})
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
         (SELECT count(*) FROM mat WHERE extended_after_overdue)${
						withUnpublicised
							? `,
         (SELECT coalesce(array_agg(h.held_on ORDER BY h.held_on), '{}') FROM held h
            WHERE NOT EXISTS (SELECT 1 FROM publicity p WHERE p.tenant_id = t AND p.meeting_id = h.id))`
							: ""
					}
       ON CONFLICT (tenant_id, year) DO UPDATE SET
         regular_on = excluded.regular_on, extraordinary = excluded.extraordinary,
         minutes_issued = excluded.minutes_issued, minutes_days = excluded.minutes_days,
         minutes_issued_late = excluded.minutes_issued_late, unissued_held = excluded.unissued_held,
         publicity = excluded.publicity, matters = excluded.matters, matters_closed = excluded.matters_closed,
         matters_done = excluded.matters_done, closed_on_time = excluded.closed_on_time,
         close_days = excluded.close_days, open_deadlines = excluded.open_deadlines, topics = excluded.topics,
         extended_after_overdue = excluded.extended_after_overdue${withUnpublicised ? ", unpublicised_held = excluded.unpublicised_held" : ""}
   $$`;

/** The publicity trigger's unit-years: the year it was published in and, now, its meeting's year. */
const publicityPairs = (rows: string, withMeetingYear: boolean) =>
	`SELECT tenant_id, extract(year FROM published_on)::int FROM ${rows}${
		withMeetingYear
			? ` UNION SELECT r.tenant_id, m.year FROM ${rows} r JOIN meetings m ON m.tenant_id = r.tenant_id AND m.id = r.meeting_id`
			: ""
	}`;

/** As migration 2026-11-28T1000 wrote it, with the pairs given. */
const publicityTrigger = (
	withMeetingYear: boolean,
) => `CREATE OR REPLACE FUNCTION publicity_unit_year_change() RETURNS trigger
   LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
   BEGIN
     IF TG_OP = 'INSERT' THEN
       PERFORM unit_year_refresh(p.tenant_id, p.year)
       FROM (SELECT DISTINCT * FROM (${publicityPairs("new_rows", withMeetingYear)}) AS x (tenant_id, year)) p;
     ELSIF TG_OP = 'UPDATE' THEN
       PERFORM unit_year_refresh(p.tenant_id, p.year)
       FROM (${publicityPairs("new_rows", withMeetingYear)} UNION ${publicityPairs("old_rows", withMeetingYear)}) AS p (tenant_id, year);
     ELSE
       PERFORM unit_year_refresh(p.tenant_id, p.year)
       FROM (SELECT DISTINCT * FROM (${publicityPairs("old_rows", withMeetingYear)}) AS x (tenant_id, year)) p;
     END IF;
     RETURN NULL;
   END $$`;

async function recompute(db: Kysely<any>) {
	await sql`LOCK TABLE unit_year_figures IN EXCLUSIVE MODE`.execute(db);
	await sql`SELECT unit_year_compute(p.tenant_id, p.year) FROM (
		SELECT tenant_id, year FROM unit_year_figures
		UNION SELECT tenant_id, year FROM meetings WHERE held_on IS NOT NULL) p`.execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
	await sql`ALTER TABLE unit_year_figures ADD COLUMN unpublicised_held date[] NOT NULL DEFAULT '{}'`.execute(db);
	await sql.raw(body(true)).execute(db);
	await sql.raw(publicityTrigger(true)).execute(db);
	await recompute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql.raw(publicityTrigger(false)).execute(db);
	await sql.raw(body(false)).execute(db);
	await sql`ALTER TABLE unit_year_figures DROP COLUMN IF EXISTS unpublicised_held`.execute(db);
	await recompute(db);
}
