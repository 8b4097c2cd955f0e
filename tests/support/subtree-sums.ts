import { type Kysely, sql } from "kysely";

/**
 * The kept subtree sums (unit_subtree_year_figures, unit_subtree_units; migrations 2026-12-06T1100,
 * 2026-12-07T0900: the unit's own current system and count of versions)
 * against a recomputation from the per-unit rows and systems, in one snapshot: every (unit, year)
 * where the two differ, as text ('kept …' / 'fresh …'); empty when they agree. Rows that sum to zero
 * count as absent on both sides.
 */
export async function subtreeSumMismatches(owner: Kysely<any>): Promise<string[]> {
	const { rows } = await sql<{ line: string }>`
		with expanded as (
			select s.tenant_id, s.year, s.regular_held, s.first_systems, s.extraordinary, s.minutes_issued, s.minutes_days,
				s.minutes_issued_late, s.publicity, s.matters, s.matters_closed, s.matters_done, s.closed_on_time,
				s.close_days, s.extended_after_overdue, s.topics, s.regular_on,
				${sql.join(
					["unissued_held", "unpublicised_held", "open_deadlines", "open_reply_by"].map(
						(c) => sql`(select coalesce(array_agg(x.d order by x.d), '{}') from (
							select u.d, generate_series(1, u.n - coalesce(lag(u.n) over (order by u.i), 0)) from
							unnest((s.${sql.ref(c)}).days, (s.${sql.ref(c)}).upto) with ordinality u (d, n, i)) x) as ${sql.ref(c)}`,
					),
				)}
			from unit_subtree_year_figures s
		),
		kept as (
			select e.tenant_id, e.year, row(e.regular_held, e.first_systems, e.extraordinary, e.minutes_issued,
				e.minutes_days, e.minutes_issued_late, e.publicity, e.matters, e.matters_closed, e.matters_done,
				e.closed_on_time, e.close_days, e.extended_after_overdue, e.topics, e.regular_on, e.unissued_held,
				e.unpublicised_held, e.open_deadlines, e.open_reply_by)::text as v
			from expanded e
		),
		firsts as (
			select s.tenant_id, min(extract(year from s.issued_on))::int as year from systems s group by s.tenant_id
		),
		pairs as (
			select a.id as tenant_id, f.year from tenants a join tenants u on u.path <@ a.path
				join unit_year_figures f on f.tenant_id = u.id
			union select a.id, x.year from tenants a join tenants u on u.path <@ a.path join firsts x on x.tenant_id = u.id
		),
		fresh as (
			select p.tenant_id, p.year, row(
				(select count(*) from tenants u join unit_year_figures f on f.tenant_id = u.id and f.year = p.year
					where u.path <@ a.path and f.regular_on is not null)::int,
				(select count(*) from tenants u join firsts x on x.tenant_id = u.id and x.year = p.year where u.path <@ a.path)::int,
				${sql.join(
					[
						"extraordinary",
						"minutes_issued",
						"minutes_days",
						"minutes_issued_late",
						"publicity",
						"matters",
						"matters_closed",
						"matters_done",
						"closed_on_time",
						"close_days",
						"extended_after_overdue",
					].map(
						(
							c,
						) => sql`(select coalesce(sum(f.${sql.ref(c)}), 0) from tenants u join unit_year_figures f on f.tenant_id = u.id
							and f.year = p.year where u.path <@ a.path)::int`,
					),
				)},
				(select array_agg((select coalesce(sum(f.topics[c]), 0) from tenants u join unit_year_figures f
					on f.tenant_id = u.id and f.year = p.year where u.path <@ a.path)::int order by c) from generate_series(1, 7) c),
				(select f.regular_on from unit_year_figures f where f.tenant_id = p.tenant_id and f.year = p.year),
				${sql.join(
					["unissued_held", "unpublicised_held", "open_deadlines", "open_reply_by"].map(
						(c) => sql`(select coalesce(array_agg(d order by d), '{}') from tenants u join unit_year_figures f
							on f.tenant_id = u.id and f.year = p.year cross join unnest(f.${sql.ref(c)}) d where u.path <@ a.path)`,
					),
				)})::text as v
			from pairs p join tenants a on a.id = p.tenant_id
		),
		zero as (select row(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, '{0,0,0,0,0,0,0}'::int[], null::date, '{}'::date[], '{}'::date[],
			'{}'::date[], '{}'::date[])::text as v),
		units_kept as (
			select tenant_id, row(units, with_system, doc_number, issued_on, versions)::text as v from unit_subtree_units
		),
		-- The subtree's units and those with a current system; the unit's own current system and versions.
		units_fresh as (
			select a.id as tenant_id, row(count(*), count(*) filter (where exists (select 1 from systems s
				where s.tenant_id = u.id and s.superseded_at is null)),
				(select s.doc_number from systems s where s.tenant_id = a.id and s.superseded_at is null),
				(select s.issued_on from systems s where s.tenant_id = a.id and s.superseded_at is null),
				(select count(*) from systems s where s.tenant_id = a.id))::text as v
			from tenants a join tenants u on u.path <@ a.path group by a.id
		)
		select line from (
			(select 'kept ' || tenant_id || ' ' || year || ' ' || v as line from kept where v <> (select v from zero)
				except select 'kept ' || tenant_id || ' ' || year || ' ' || v from fresh)
			union all
			(select 'fresh ' || tenant_id || ' ' || year || ' ' || v from fresh where v <> (select v from zero)
				except select 'fresh ' || tenant_id || ' ' || year || ' ' || v from kept)
			union all
			(select 'kept units ' || tenant_id || ' ' || v from units_kept
				except select 'kept units ' || tenant_id || ' ' || v from units_fresh)
			union all
			(select 'fresh units ' || tenant_id || ' ' || v from units_fresh
				except select 'fresh units ' || tenant_id || ' ' || v from units_kept)
		) x order by line`.execute(owner);
	return rows.map((r) => r.line);
}
