import { type Kysely, sql } from "kysely";
import type { Database } from "#db/schema.ts";

/**
 * For the Excel export's memory at a very wide tree (issue #25): `units` more children of the demo
 * city (slugs wide-00001 …) with one year of published history each — a held regular meeting with
 * issued minutes and five decided matters — in transactions of `chunk` units (each statement takes
 * one advisory lock per unit-year it refreshes, and one transaction holds them all until it commits).
 */
export async function seedWideChildren(owner: Kysely<Database>, units: number, year: number, chunk = 500) {
	const city = await owner.selectFrom("tenants").select("id").where("slug", "=", "smx").executeTakeFirstOrThrow();
	for (let from = 1; from <= units; from += chunk) {
		const to = Math.min(units, from + chunk - 1);
		await owner.transaction().execute(async (tx) => {
			await sql`
				insert into tenants (slug, kind, name, gov_name, union_name, parent_id)
				select 'wide-' || lpad(i::text, 5, '0'), (array['county', 'zone', 'industry'])[1 + i % 3],
					'宽树测试单位' || i, '宽树测试单位' || i || '政府', '宽树测试单位' || i || '工会', ${city.id}
				from generate_series(${from}::int, ${to}::int) i on conflict (slug) do nothing`.execute(tx);
			const scope = sql`(select id from tenants where slug between ${`wide-${String(from).padStart(5, "0")}`}
				and ${`wide-${String(to).padStart(5, "0")}`})`;
			await sql`
				insert into meetings (tenant_id, year, seq, kind, status, title, reason, window_from, window_to,
					scheduled_start, scheduled_end, held_on)
				select s.id, ${year}::int, 1, 'regular', 'minutes_issued', ${year} || '年度联席会议', '年度例会',
					make_date(${year}, 1, 1), make_date(${year}, 12, 31),
					(make_date(${year}, 5, 10) + time '09:00') at time zone 'Asia/Shanghai',
					(make_date(${year}, 5, 10) + time '11:00') at time zone 'Asia/Shanghai', make_date(${year}, 5, 10)
				from ${scope} s on conflict do nothing`.execute(tx);
			await sql`
				insert into departments (tenant_id, name, side, category)
				select s.id, '人社局', 'gov', 'functional' from ${scope} s on conflict do nothing`.execute(tx);
			await sql`
				insert into minutes (tenant_id, meeting_id, status, number_year, number_seq, issued_on)
				select m.tenant_id, m.id, 'issued', m.year, 1, m.held_on + 12
				from meetings m join ${scope} s on s.id = m.tenant_id
				where not exists (select 1 from minutes x where x.tenant_id = m.tenant_id and x.meeting_id = m.id)`.execute(tx);
			await sql`
				insert into decided_matters (tenant_id, minutes_id, meeting_id, seq, content, lead_department_id,
					co_department_ids, deadline, status)
				select n.tenant_id, n.id, n.meeting_id, k, '议定事项' || k || '：落实职工权益保障相关工作', d.id, '{}'::uuid[],
					n.issued_on + 60 * k, (array['assigned', 'in_progress', 'done', 'verified', 'verified'])[1 + k % 5]
				from minutes n join ${scope} s on s.id = n.tenant_id
				join departments d on d.tenant_id = n.tenant_id
				cross join generate_series(1, 5) k
				where not exists (select 1 from decided_matters x where x.tenant_id = n.tenant_id and x.minutes_id = n.id)`.execute(
				tx,
			);
		});
	}
}
