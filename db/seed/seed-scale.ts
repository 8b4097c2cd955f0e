import { type Kysely, sql } from "kysely";
import type { Database } from "../schema.ts";
import { seedScaleReportRequests } from "./seed-report-requests.ts";

/**
 * `npm run db:seed -- --scale N`: N more child units under the city (slugs scale-00001 …), each with
 * ten years of history — a system (most), a yearly meeting held (most years) with issued minutes,
 * topics and decided matters in every state — in set-based statements, as the owner. For the
 * roll-up benchmark; never part of the demo.
 *
 * In steps of 200 units, one transaction each: a transaction holds one advisory lock per unit-year
 * whose statistics it refreshes (ADR 0010), and ten years of a thousand units at once would outgrow
 * PostgreSQL's lock table ("out of shared memory"). Each step inserts only what is missing, so a
 * step repeats nothing of the ones before it, and a rerun adds nothing.
 */
export async function seedScale(owner: Kysely<Database>, units: number, lastYear = 2026): Promise<void> {
	for (let upTo = Math.min(stepUnits, units); ; upTo = Math.min(upTo + stepUnits, units)) {
		await seedScaleStep(owner, upTo, lastYear);
		if (upTo >= units) break;
	}
	// Issue 22: a report request to every direct child, for the tracker and summary benchmark.
	await owner.transaction().execute((tx) => seedScaleReportRequests(tx));
}

const stepUnits = 200;

/** Units scale-00001 … scale-<upTo> with their history, adding what is missing. */
async function seedScaleStep(owner: Kysely<Database>, units: number, lastYear: number): Promise<void> {
	const firstYear = lastYear - 9;
	await owner.transaction().execute(async (tx) => {
		const city = await tx.selectFrom("tenants").select("id").where("slug", "=", "smx").executeTakeFirstOrThrow();
		await sql`
			insert into tenants (slug, kind, name, gov_name, union_name, parent_id)
			select 'scale-' || lpad(i::text, 5, '0'), (array['county', 'zone', 'industry'])[1 + i % 3],
				'规模测试单位' || i, '规模测试单位' || i || '政府', '规模测试单位' || i || '工会', ${city.id}
			from generate_series(1, ${units}) i
			on conflict (slug) do nothing`.execute(tx);
		const scope = sql`(select id, slug, row_number() over (order by slug) as n from tenants where slug like 'scale-%')`;
		await sql`
			insert into systems (tenant_id, version, title, issuing_bodies, doc_number, issued_on, effective_on)
			select s.id, 1, '联席会议制度', '办公室', s.slug || '〔2018〕1号', make_date(${firstYear} + (s.n % 5)::int, 3, 1),
				make_date(${firstYear} + (s.n % 5)::int, 3, 1)
			from ${scope} s where s.n % 10 <> 0
				and not exists (select 1 from systems x where x.tenant_id = s.id)`.execute(tx);
		// The date rules (migration 2026-12-04T1200): held on its scheduled day, before today (China
		// time); minutes issued after the meeting and never after today; matters closed after that.
		const today = sql`(now() at time zone 'Asia/Shanghai')::date`;
		await sql`
			insert into meetings (tenant_id, year, seq, kind, status, title, reason, window_from, window_to,
				scheduled_start, scheduled_end, held_on)
			select s.id, y, 1, 'regular', 'minutes_issued', y || '年度联席会议', '年度例会',
				make_date(y, 1, 1), make_date(y, 12, 31),
				(d + time '09:00') at time zone 'Asia/Shanghai', (d + time '11:00') at time zone 'Asia/Shanghai', d
			from ${scope} s cross join generate_series(${firstYear}::int, ${lastYear}::int) y
			cross join lateral (select make_date(y, 1 + (s.n % 11)::int, 10) as d) day
			where (s.n + y) % 7 <> 0 and d < ${today}
			on conflict do nothing`.execute(tx);
		await sql`
			insert into departments (tenant_id, name, side, category)
			select s.id, '人社局', 'gov', 'functional' from ${scope} s
			on conflict do nothing`.execute(tx);
		await sql`
			insert into minutes (tenant_id, meeting_id, status, number_year, number_seq, issued_on)
			select m.tenant_id, m.id, 'issued', m.year, 1, least(m.held_on + 10 + (m.year % 30), ${today})
			from meetings m join tenants t on t.id = m.tenant_id and t.slug like 'scale-%'
			where not exists (select 1 from minutes x where x.tenant_id = m.tenant_id and x.meeting_id = m.id)`.execute(tx);
		await sql`
			insert into topics (tenant_id, meeting_id, category, title, status, sort_order)
			select m.tenant_id, m.id, 1 + (k + m.year) % 7, '议题' || k, 'agreed', k
			from meetings m join tenants t on t.id = m.tenant_id and t.slug like 'scale-%'
			cross join generate_series(1, 3) k
			where not exists (select 1 from topics x where x.tenant_id = m.tenant_id and x.meeting_id = m.id)`.execute(tx);
		await sql`
			insert into decided_matters (tenant_id, minutes_id, meeting_id, seq, content, lead_department_id, co_department_ids, deadline, status)
			select n.tenant_id, n.id, n.meeting_id, k, '议定事项' || k, d.id, '{}'::uuid[], n.issued_on + 60 * k,
				(array['assigned', 'in_progress', 'done', 'verified', 'verified'])[1 + (k + n.number_year) % 5]
			from minutes n join tenants t on t.id = n.tenant_id and t.slug like 'scale-%'
			join departments d on d.tenant_id = n.tenant_id
			cross join generate_series(1, 5) k
			where not exists (select 1 from decided_matters x where x.tenant_id = n.tenant_id and x.minutes_id = n.id)`.execute(
			tx,
		);
	});
}
