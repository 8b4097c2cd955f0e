import { type Kysely, sql } from "kysely";

// Frozen in time: imports nothing from the app.

/**
 * Upward means published (ADR 0005, 0010). A parent read a child's draft meeting on the unit's
 * records page: `meetings_read` published every meeting of the subtree, `decided_matters_published`
 * every matter whatever its minutes, and the statistics counted proposed and returned topics and the
 * matters of minutes not issued. One definition now, in three IMMUTABLE SQL predicates (inlined by
 * the planner, so a policy costs what its expression costs):
 *
 * - `app_published_meeting(status, accepted_at)`: the government side accepted it (both sides for an
 *   extraordinary meeting, O1) — accepted and every state after, or cancelled after acceptance. A
 *   draft, a request not yet accepted (提请), a declined meeting and one cancelled before acceptance
 *   stay inside the unit.
 * - `app_published_minutes(status)`: issued (O5). Decided matters are published with their issued
 *   minutes only (O6); publicity with its published meeting (O7).
 * - `app_published_topic(status)`: agreed by both sides (O2). Topics themselves never leave the unit;
 *   the statistics count agreed ones. A topic is agreed only while its meeting is accepted or in
 *   preparation, so its own state is enough.
 *
 * Used by the publishing policies (still hashable: `tenant_id IN (SELECT unnest(app_subtree_ids()))`,
 * migration 2026-11-29T1200), by the per-unit-and-year summaries the statistics read (recomputed here
 * for every existing unit-year), by search's matchers, by the department names of the export and by
 * the public page. The app names the same states in app/domain/publishing/published-upward.ts.
 *
 * The summaries' figures move into `unit_year_compute` (no lock) behind `unit_year_refresh` (the
 * unit-year lock of migration 2026-11-29T1100, then the figures): this migration recomputes every
 * unit-year under one table lock instead of taking one advisory lock per unit-year in one transaction.
 */
const APP_ROLE = "lianxi_app";

const subtree = "tenant_id IN (SELECT unnest(app_subtree_ids()))";
const listed = "tenant_id = ANY ((SELECT app_subtree_ids())::uuid[])";
const current = "tenant_id = (SELECT app_current_tenant())";
const lock = "PERFORM pg_advisory_xact_lock(hashtextextended('unit-year:' || t::text || ':' || y::text, 0));";

const predicates = [
	`CREATE FUNCTION app_published_meeting(status text, accepted_at timestamptz) RETURNS boolean
   LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
     SELECT status IN ('accepted', 'preparing', 'scheduled', 'held', 'minutes_review', 'minutes_issued')
       OR (status = 'cancelled' AND accepted_at IS NOT NULL)
   $$`,
	`CREATE FUNCTION app_published_minutes(status text) RETURNS boolean
   LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT status = 'issued' $$`,
	`CREATE FUNCTION app_published_topic(status text) RETURNS boolean
   LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT status = 'agreed' $$`,
	// The policies are evaluated as the app role.
	`GRANT EXECUTE ON FUNCTION app_published_meeting(text, timestamptz), app_published_minutes(text),
   app_published_topic(text) TO ${APP_ROLE}`,
];

/** A matter (alias `d`) of issued minutes. */
const issuedMatter = (d: string) =>
	`EXISTS (SELECT 1 FROM minutes n WHERE n.tenant_id = ${d}.tenant_id AND n.id = ${d}.minutes_id AND app_published_minutes(n.status))`;
/** A row (alias `r`) of a published meeting. */
const ofPublishedMeeting = (r: string) =>
	`EXISTS (SELECT 1 FROM meetings m WHERE m.tenant_id = ${r}.tenant_id AND m.id = ${r}.meeting_id AND app_published_meeting(m.status, m.accepted_at))`;

/**
 * The policies that publish rows upward: [table, policy, now, before (migration 2026-11-29T1200)].
 * The unit's own rows come first (its `_own` policy shows them anyway): PostgreSQL checks the
 * permissive policies in an order of its own, and an own row should not pay the EXISTS probe.
 */
const policies: [table: string, policy: string, now: string, before: string][] = [
	["meetings", "meetings_read", `${current} OR (app_published_meeting(status, accepted_at) AND ${subtree})`, subtree],
	["minutes", "minutes_published", `app_published_minutes(status) AND ${subtree}`, `status = 'issued' AND ${subtree}`],
	[
		"decided_matters",
		"decided_matters_published",
		`${current} OR (${subtree} AND ${issuedMatter("decided_matters")})`,
		subtree,
	],
	["publicity", "publicity_published", `${current} OR (${subtree} AND ${ofPublishedMeeting("publicity")})`, subtree],
];

/** Search's matchers (migration 2026-11-29T1000) that read the subtree: only what is published, or the own unit's. */
const matcher = (fn: string, table: string, match: string, published: string | null) =>
	`CREATE OR REPLACE FUNCTION ${fn}(pattern text) RETURNS TABLE (tenant_id uuid, id uuid)
   LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp ROWS 100 AS $$
     SELECT DISTINCT tenant_id, id FROM ${table} WHERE ${match} AND ${listed}${published ? ` AND (${current} OR ${published})` : ""}
   $$`;
const matchers = (published: boolean) => [
	matcher(
		"app_search_meetings",
		"meetings",
		"title ILIKE pattern",
		published ? "app_published_meeting(status, accepted_at)" : null,
	),
	matcher(
		"app_search_matters",
		"decided_matters",
		"content ILIKE pattern",
		published ? issuedMatter("decided_matters") : null,
	),
];

/** A department's name for the export (migration 2026-11-27T1300): only of a published matter, or of the own unit. */
const departmentName = (
	published: boolean,
) => `CREATE OR REPLACE FUNCTION app_matter_department_name(unit uuid, department uuid)
   RETURNS text LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
     SELECT d.name FROM departments d
     JOIN tenants t ON t.id = d.tenant_id
     JOIN tenants me ON me.id = nullif(current_setting('app.tenant_id', true), '')::uuid
     WHERE d.tenant_id = unit AND d.id = department AND t.path <@ me.path
       AND EXISTS (SELECT 1 FROM decided_matters m WHERE m.tenant_id = unit
         AND (m.lead_department_id = department OR department = ANY (m.co_department_ids))${
						published ? `\n         AND (unit = me.id OR ${issuedMatter("m")})` : ""
					})
   $$`;

/** The public page's items (migration 2026-11-29T0900): held, released meetings; matters of issued minutes. */
const publicResults = (published: boolean) => `CREATE OR REPLACE FUNCTION app_public_results(page_slug text)
   RETURNS TABLE (meeting_id uuid, title text, held_on date, published_at timestamptz, publicity jsonb, matters jsonb)
   LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
     SELECT m.id, m.title, m.held_on, r.published_at,
       coalesce((SELECT jsonb_agg(jsonb_build_object('channel', p.channel, 'title', p.title, 'link', p.link,
                   'body', p.body, 'publishedOn', p.published_on) ORDER BY p.published_on, p.created_at, p.id)
                 FROM publicity p WHERE p.tenant_id = m.tenant_id AND p.meeting_id = m.id), '[]'::jsonb),
       coalesce((SELECT jsonb_agg(jsonb_build_object('seq', d.seq, 'content', d.content, 'status', d.status,
                   'deadline', d.deadline) ORDER BY d.seq)
                 FROM decided_matters d
                 JOIN minutes n ON n.tenant_id = d.tenant_id AND n.id = d.minutes_id AND ${
										published ? "app_published_minutes(n.status)" : "n.status = 'issued'"
									}
                 WHERE d.tenant_id = m.tenant_id AND d.meeting_id = m.id), '[]'::jsonb)
     FROM tenants t
     JOIN public_pages pg ON pg.tenant_id = t.id AND pg.enabled
     JOIN public_releases r ON r.tenant_id = t.id AND r.withdrawn_at IS NULL AND r.published_at IS NOT NULL
       AND r.union_agreed_at IS NOT NULL AND r.government_agreed_at IS NOT NULL
     JOIN meetings m ON m.tenant_id = r.tenant_id AND m.id = r.meeting_id AND m.held_on IS NOT NULL
       AND m.status IN ('held', 'minutes_review', 'minutes_issued')${
					published ? " AND app_published_meeting(m.status, m.accepted_at)" : ""
				}
     WHERE t.slug = page_slug
     ORDER BY m.held_on DESC, m.seq DESC
   $$`;

/**
 * The figures of unit `t` and year `y` into unit_year_figures (migration 2026-11-28T1000); with
 * `published`, from what the unit publishes upward only.
 */
const figures = (published: boolean) => {
	const meeting = (m: string) => (published ? ` AND app_published_meeting(${m}.status, ${m}.accepted_at)` : "");
	const issued = (n: string) => (published ? `app_published_minutes(${n}.status)` : `${n}.status = 'issued'`);
	return `WITH held AS (
         SELECT m.id, m.kind, m.held_on, n.issued_on
         FROM meetings m
         LEFT JOIN minutes n ON n.tenant_id = m.tenant_id AND n.meeting_id = m.id AND ${issued("n")}
         WHERE m.tenant_id = t AND m.year = y AND m.held_on IS NOT NULL${meeting("m")}),
       mat AS (
         SELECT d.status, d.deadline, d.closed_on, m.held_on
         FROM decided_matters d JOIN meetings m ON m.tenant_id = d.tenant_id AND m.id = d.meeting_id${
						published
							? "\n         JOIN minutes n ON n.tenant_id = d.tenant_id AND n.id = d.minutes_id AND app_published_minutes(n.status)"
							: ""
					}
         WHERE d.tenant_id = t AND m.year = y${meeting("m")})
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
            AND p.published_on BETWEEN make_date(y, 1, 1) AND make_date(y, 12, 31)${
							published ? ` AND ${ofPublishedMeeting("p")}` : ""
						}),
         (SELECT count(*) FROM mat),
         (SELECT count(*) FROM mat WHERE status = 'verified'),
         (SELECT count(*) FROM mat WHERE status = 'done'),
         (SELECT count(*) FROM mat WHERE status = 'verified' AND closed_on <= deadline),
         (SELECT coalesce(sum(closed_on - held_on), 0) FROM mat
            WHERE status = 'verified' AND closed_on IS NOT NULL AND held_on IS NOT NULL),
         (SELECT coalesce(array_agg(deadline ORDER BY deadline), '{}') FROM mat WHERE status IN ('assigned', 'in_progress')),
         (SELECT array_agg((SELECT count(*) FROM topics x JOIN meetings m ON m.tenant_id = x.tenant_id AND m.id = x.meeting_id
                             WHERE x.tenant_id = t AND m.year = y AND x.category = c AND ${
																published ? "app_published_topic(x.status)" : "x.status <> 'withdrawn'"
															}) ORDER BY c)
            FROM generate_series(1, 7) c)
       ON CONFLICT (tenant_id, year) DO UPDATE SET
         regular_on = excluded.regular_on, extraordinary = excluded.extraordinary,
         minutes_issued = excluded.minutes_issued, minutes_days = excluded.minutes_days,
         minutes_issued_late = excluded.minutes_issued_late, unissued_held = excluded.unissued_held,
         publicity = excluded.publicity, matters = excluded.matters, matters_closed = excluded.matters_closed,
         matters_done = excluded.matters_done, closed_on_time = excluded.closed_on_time,
         close_days = excluded.close_days, open_deadlines = excluded.open_deadlines, topics = excluded.topics`;
};

/** Figures without the lock: called by unit_year_refresh after its lock, and by this migration under a table lock. */
const compute = (published: boolean) => `CREATE OR REPLACE FUNCTION unit_year_compute(t uuid, y integer) RETURNS void
   LANGUAGE sql SET search_path = public, pg_temp AS $$
     ${figures(published)}
   $$`;

const refreshCalling = `CREATE OR REPLACE FUNCTION unit_year_refresh(t uuid, y integer) RETURNS void
   LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
   BEGIN
     ${lock}
     PERFORM unit_year_compute(t, y);
   END $$`;

/** As migration 2026-11-29T1100 left it. */
const refreshInline = `CREATE OR REPLACE FUNCTION unit_year_refresh(t uuid, y integer) RETURNS void
   LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
   BEGIN
     ${lock}
     ${figures(false)};
   END $$`;

/** Topics per meeting year and category (migrations 2026-11-27T1300, 2026-11-29T1100). */
const topicCount = (published: boolean) => (published ? "app_published_topic(x.status)" : "x.status <> 'withdrawn'");
const topicCountsRefresh = (
	published: boolean,
) => `CREATE OR REPLACE FUNCTION topic_counts_refresh(t uuid, m uuid, c smallint)
   RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
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
                            WHERE x.tenant_id = t AND y.year = mt.year AND x.category = c AND ${topicCount(published)})
     FROM meetings mt WHERE mt.tenant_id = t AND mt.id = m
     ON CONFLICT (tenant_id, year, category) DO UPDATE SET topics = excluded.topics;
   END $$`;

/** Every kept summary again, from the rows, under one lock of both tables (writers wait for the migration). */
const recompute = (published: boolean) => [
	"LOCK TABLE unit_year_figures, topic_counts IN EXCLUSIVE MODE",
	`SELECT unit_year_compute(p.tenant_id, p.year) FROM (
     SELECT tenant_id, year FROM unit_year_figures
     UNION SELECT tenant_id, year FROM meetings
     UNION SELECT tenant_id, extract(year FROM published_on)::int FROM publicity) p`,
	`INSERT INTO topic_counts (tenant_id, year, category, topics)
   SELECT x.tenant_id, y.year, x.category, count(*) FILTER (WHERE ${topicCount(published)})
   FROM topics x JOIN meetings y ON y.tenant_id = x.tenant_id AND y.id = x.meeting_id
   GROUP BY 1, 2, 3
   ON CONFLICT (tenant_id, year, category) DO UPDATE SET topics = excluded.topics`,
];

export async function up(db: Kysely<any>): Promise<void> {
	const run = async (statements: string[]) => {
		for (const statement of statements) await sql.raw(statement).execute(db);
	};
	await run([
		...predicates,
		...policies.map(([table, policy, now]) => `ALTER POLICY ${policy} ON ${table} USING (${now})`),
		...matchers(true),
		departmentName(true),
		publicResults(true),
		compute(true),
		"REVOKE ALL ON FUNCTION unit_year_compute(uuid, integer) FROM PUBLIC",
		refreshCalling,
		topicCountsRefresh(true),
		...recompute(true),
	]);
}

export async function down(db: Kysely<any>): Promise<void> {
	const run = async (statements: string[]) => {
		for (const statement of statements) await sql.raw(statement).execute(db);
	};
	await run([
		compute(false),
		...recompute(false),
		refreshInline,
		"DROP FUNCTION unit_year_compute(uuid, integer)",
		topicCountsRefresh(false),
		publicResults(false),
		departmentName(false),
		...matchers(false),
		...policies.map(([table, policy, , before]) => `ALTER POLICY ${policy} ON ${table} USING (${before})`),
		"DROP FUNCTION app_published_topic(text)",
		"DROP FUNCTION app_published_minutes(text)",
		"DROP FUNCTION app_published_meeting(text, timestamptz)",
	]);
}
