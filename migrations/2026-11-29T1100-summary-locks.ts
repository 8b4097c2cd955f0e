import { type Kysely, sql } from "kysely";

/**
 * The per-unit-year summaries under concurrent writers (migrations 2026-11-27T1300 and 2026-11-28T1000).
 * Two transactions of one unit and year that changed topics and meetings in opposite orders
 * deadlocked on the summary rows (topic_counts, then unit_year_figures, or the reverse), and a
 * refresh could compute its figures from a snapshot taken before the other transaction committed and
 * then write them over the other's. Now every refresh of a unit-year first takes one transaction
 * lock for that unit and year, and only then reads, in a statement of its own (PL/pgSQL, so it sees
 * what was committed while it waited): summary writes of one unit-year happen one transaction at a
 * time, always in the same order, and each from the latest committed rows.
 *
 * Frozen in time: the function bodies are those of the earlier migrations, behind the lock.
 */
const lock = "PERFORM pg_advisory_xact_lock(hashtextextended('unit-year:' || t::text || ':' || y::text, 0));";

export async function up(db: Kysely<any>): Promise<void> {
	await sql
		.raw(`CREATE OR REPLACE FUNCTION unit_year_refresh(t uuid, y integer) RETURNS void
     LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
     BEGIN
       ${lock}
       WITH held AS (
         SELECT m.id, m.kind, m.held_on, n.issued_on
         FROM meetings m
         LEFT JOIN minutes n ON n.tenant_id = m.tenant_id AND n.meeting_id = m.id AND n.status = 'issued'
         WHERE m.tenant_id = t AND m.year = y AND m.held_on IS NOT NULL),
       mat AS (
         SELECT d.status, d.deadline, d.closed_on, m.held_on
         FROM decided_matters d JOIN meetings m ON m.tenant_id = d.tenant_id AND m.id = d.meeting_id
         WHERE d.tenant_id = t AND m.year = y)
       INSERT INTO unit_year_figures AS f (tenant_id, year, regular_on, extraordinary, minutes_issued, minutes_days,
         minutes_issued_late, unissued_held, publicity, matters, matters_closed, matters_done, closed_on_time,
         close_days, open_deadlines, topics)
       SELECT t, y,
         (SELECT min(held_on) FROM held WHERE kind = 'regular'),
         (SELECT count(*) FROM held WHERE kind = 'extraordinary'),
         (SELECT count(issued_on) FROM held),
         (SELECT coalesce(sum(issued_on - held_on), 0) FROM held),
         (SELECT count(*) FROM held WHERE issued_on > held_on + 30),
         (SELECT coalesce(array_agg(held_on ORDER BY held_on), '{}') FROM held WHERE issued_on IS NULL),
         (SELECT count(*) FROM publicity p WHERE p.tenant_id = t
            AND p.published_on BETWEEN make_date(y, 1, 1) AND make_date(y, 12, 31)),
         (SELECT count(*) FROM mat),
         (SELECT count(*) FROM mat WHERE status = 'verified'),
         (SELECT count(*) FROM mat WHERE status = 'done'),
         (SELECT count(*) FROM mat WHERE status = 'verified' AND closed_on <= deadline),
         (SELECT coalesce(sum(closed_on - held_on), 0) FROM mat
            WHERE status = 'verified' AND closed_on IS NOT NULL AND held_on IS NOT NULL),
         (SELECT coalesce(array_agg(deadline ORDER BY deadline), '{}') FROM mat WHERE status IN ('assigned', 'in_progress')),
         (SELECT array_agg((SELECT count(*) FROM topics x JOIN meetings m ON m.tenant_id = x.tenant_id AND m.id = x.meeting_id
                             WHERE x.tenant_id = t AND m.year = y AND x.category = c AND x.status <> 'withdrawn') ORDER BY c)
            FROM generate_series(1, 7) c)
       ON CONFLICT (tenant_id, year) DO UPDATE SET
         regular_on = excluded.regular_on, extraordinary = excluded.extraordinary,
         minutes_issued = excluded.minutes_issued, minutes_days = excluded.minutes_days,
         minutes_issued_late = excluded.minutes_issued_late, unissued_held = excluded.unissued_held,
         publicity = excluded.publicity, matters = excluded.matters, matters_closed = excluded.matters_closed,
         matters_done = excluded.matters_done, closed_on_time = excluded.closed_on_time,
         close_days = excluded.close_days, open_deadlines = excluded.open_deadlines, topics = excluded.topics;
     END $$`)
		.execute(db);
	await sql
		.raw(`CREATE OR REPLACE FUNCTION topic_counts_refresh(t uuid, m uuid, c smallint) RETURNS void
     LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
     DECLARE
       y integer;
     BEGIN
       SELECT year INTO y FROM meetings WHERE tenant_id = t AND id = m;
       IF y IS NULL THEN
         RETURN;
       END IF;
       ${lock}
       INSERT INTO topic_counts (tenant_id, year, category, topics)
       SELECT t, mt.year, c, (SELECT count(*) FROM topics x JOIN meetings y ON y.tenant_id = x.tenant_id AND y.id = x.meeting_id
                              WHERE x.tenant_id = t AND y.year = mt.year AND x.category = c AND x.status <> 'withdrawn')
       FROM meetings mt WHERE mt.tenant_id = t AND mt.id = m
       ON CONFLICT (tenant_id, year, category) DO UPDATE SET topics = excluded.topics;
     END $$`)
		.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	// The functions stay as they are now: the earlier bodies without the lock would only bring the
	// deadlock back, and no column or table depends on the change.
	await sql`SELECT 1`.execute(db);
}
