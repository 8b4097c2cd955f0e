import { type Kysely, sql } from "kysely";
import { z } from "zod";
import { runAs } from "#db/run-as.ts";
import type { Database, TenantKind } from "#db/schema.ts";

/** The statistics page's filters; anything malformed falls back to the default. */
export const rollupFilterSchema = z.object({
	year: z.coerce.number().int().min(2000).max(2100).optional().catch(undefined),
	from: z.coerce.number().int().min(2000).max(2100).optional().catch(undefined),
	kind: z.enum(["county", "zone", "industry"]).optional().catch(undefined),
	under: z.uuid().optional().catch(undefined),
});
export type RollupFilter = z.infer<typeof rollupFilterSchema>;

/** Days after the meeting by which its minutes should be issued (compliance rule, ADR 0010). */
export const MINUTES_DUE_DAYS = 30;

export interface UnitFigures {
	/** The direct child (or, for a unit without children, the unit itself) and its whole subtree. */
	id: string;
	slug: string;
	name: string;
	kind: TenantKind;
	hasChildren: boolean;
	units: number;
	withSystem: number;
	docNumber: string | null;
	issuedOn: string | null;
	versions: number;
	regularHeld: number;
	regularHeldOn: string | null;
	extraordinary: number;
	minutesIssued: number;
	minutesDaysAvg: number | null;
	minutesLate: number;
	topics: number[];
	matters: number;
	mattersClosed: number;
	mattersDone: number;
	mattersInProgress: number;
	mattersOverdue: number;
	onTimeRate: number | null;
	closeDaysAvg: number | null;
	publicity: number;
	flags: ("noSystem" | "noRegularMeeting" | "minutesLate" | "overdueMatters")[];
}

type Row = Omit<UnitFigures, "topics" | "flags" | "onTimeRate" | "closeDaysAvg" | "minutesDaysAvg"> & {
	c1: number;
	c2: number;
	c3: number;
	c4: number;
	c5: number;
	c6: number;
	c7: number;
	closedOnTime: number;
	closeDays: number;
	minutesDays: number;
};

/**
 * W1–W3: figures of the base unit's direct children, each with its whole subtree rolled into its
 * row (a unit without children: itself), for one year. Only what children publish upward is read
 * — row-level security decides — plus the published summaries (topic_counts, closed_on).
 */
export async function readRollup(
	db: Kysely<Database>,
	actor: { userId: string; tenantId: string },
	options: { baseId: string; year: number; kind?: TenantKind; today: string },
): Promise<{ base: { id: string; name: string; slug: string; parentId: string | null } | null; rows: UnitFigures[] }> {
	return runAs(db, actor, async (tx) => {
		const base = await tx
			.selectFrom("tenants")
			.select(["id", "name", "slug", "parent_id as parentId"])
			.where("id", "=", options.baseId)
			.executeTakeFirst();
		if (!base) return { base: null, rows: [] };
		const { year, today } = options;
		const kind = options.kind ?? null;
		const { rows } = await sql<Row>`
			with kids as (
				select t.id, t.slug, t.name, t.kind, t.path from tenants t where t.parent_id = ${base.id}
					and (${kind}::text is null or t.kind = ${kind})
				union all
				select t.id, t.slug, t.name, t.kind, t.path from tenants t where t.id = ${base.id}
					and not exists (select 1 from tenants c where c.parent_id = ${base.id})
			),
			units as (select row_id, unit_id from app_rollup_units(${base.id}, ${kind}::text)),
			held as (
				select m.tenant_id, m.id, m.kind, m.held_on from meetings m join units on units.unit_id = m.tenant_id
				where m.held_on is not null and m.year = ${year}
			),
			-- Each table read once for all units (grouped), then joined: the cost grows with rows, not units × queries.
			with_system as (select distinct s.tenant_id from systems s join units on units.unit_id = s.tenant_id
				where s.superseded_at is null),
			held_by_unit as (
				select h.tenant_id,
					min(h.held_on) filter (where h.kind = 'regular') as regular_on,
					count(*) filter (where h.kind = 'extraordinary') as extraordinary,
					count(n.id) as minutes_issued,
					coalesce(sum(n.issued_on - h.held_on), 0) as minutes_days,
					count(*) filter (where h.held_on < ${today}::date - ${sql.lit(MINUTES_DUE_DAYS)}
						and (n.id is null or n.issued_on > h.held_on + ${sql.lit(MINUTES_DUE_DAYS)})) as minutes_late
				from held h left join minutes n on n.tenant_id = h.tenant_id and n.meeting_id = h.id and n.status = 'issued'
				group by h.tenant_id
			),
			publicity_by_unit as (
				select p.tenant_id, count(*) as publicity from publicity p join units on units.unit_id = p.tenant_id
				where p.published_on between make_date(${year}, 1, 1) and make_date(${year}, 12, 31) group by p.tenant_id
			),
			per_unit as (
				select u.row_id, u.unit_id, ws.tenant_id is not null as has_system, hb.regular_on,
					coalesce(hb.extraordinary, 0) as extraordinary, coalesce(hb.minutes_issued, 0) as minutes_issued,
					coalesce(hb.minutes_days, 0) as minutes_days, coalesce(hb.minutes_late, 0) as minutes_late,
					coalesce(pb.publicity, 0) as publicity
				from units u
				left join with_system ws on ws.tenant_id = u.unit_id
				left join held_by_unit hb on hb.tenant_id = u.unit_id
				left join publicity_by_unit pb on pb.tenant_id = u.unit_id
			),
			matters as (
				select u.row_id,
					count(d.id) as total,
					count(d.id) filter (where d.status = 'verified') as closed,
					count(d.id) filter (where d.status = 'done') as done,
					count(d.id) filter (where d.status in ('assigned', 'in_progress') and d.deadline >= ${today}::date) as in_progress,
					count(d.id) filter (where d.status in ('assigned', 'in_progress') and d.deadline < ${today}::date) as overdue,
					count(d.id) filter (where d.status = 'verified' and d.closed_on <= d.deadline) as closed_on_time,
					coalesce(sum(d.closed_on - m.held_on)
						filter (where d.status = 'verified' and d.closed_on is not null and m.held_on is not null), 0) as close_days
				from units u
				join decided_matters d on d.tenant_id = u.unit_id
				join meetings m on m.tenant_id = d.tenant_id and m.id = d.meeting_id and m.year = ${year}
				group by u.row_id
			),
			topics as (
				select u.row_id, ${sql.join(
					[1, 2, 3, 4, 5, 6, 7].map(
						(c) => sql`coalesce(sum(tc.topics) filter (where tc.category = ${c}), 0)::int as ${sql.ref(`c${c}`)}`,
					),
				)}
				from units u join topic_counts tc on tc.tenant_id = u.unit_id and tc.year = ${year}
				group by u.row_id
			),
			own_system as (
				select s.tenant_id, count(*) as versions,
					max(s.doc_number) filter (where s.superseded_at is null) as doc_number,
					max(s.issued_on) filter (where s.superseded_at is null) as issued_on
				from systems s join kids k on k.id = s.tenant_id group by s.tenant_id
			)
			select k.id, k.slug, k.name, k.kind,
				exists (select 1 from tenants c where c.parent_id = k.id) as "hasChildren",
				count(p.unit_id)::int as units,
				count(p.unit_id) filter (where p.has_system)::int as "withSystem",
				os.doc_number as "docNumber", os.issued_on as "issuedOn", coalesce(os.versions, 0)::int as versions,
				count(p.unit_id) filter (where p.regular_on is not null)::int as "regularHeld",
				min(p.regular_on) filter (where p.unit_id = k.id) as "regularHeldOn",
				coalesce(sum(p.extraordinary), 0)::int as extraordinary,
				coalesce(sum(p.minutes_issued), 0)::int as "minutesIssued",
				coalesce(sum(p.minutes_days), 0)::int as "minutesDays",
				coalesce(sum(p.minutes_late), 0)::int as "minutesLate",
				coalesce(sum(p.publicity), 0)::int as publicity,
				coalesce(max(mt.total), 0)::int as matters, coalesce(max(mt.closed), 0)::int as "mattersClosed",
				coalesce(max(mt.done), 0)::int as "mattersDone", coalesce(max(mt.in_progress), 0)::int as "mattersInProgress",
				coalesce(max(mt.overdue), 0)::int as "mattersOverdue", coalesce(max(mt.closed_on_time), 0)::int as "closedOnTime",
				coalesce(max(mt.close_days), 0)::int as "closeDays",
				coalesce(max(tp.c1), 0)::int as c1, coalesce(max(tp.c2), 0)::int as c2, coalesce(max(tp.c3), 0)::int as c3,
				coalesce(max(tp.c4), 0)::int as c4, coalesce(max(tp.c5), 0)::int as c5, coalesce(max(tp.c6), 0)::int as c6,
				coalesce(max(tp.c7), 0)::int as c7
			from kids k
			join per_unit p on p.row_id = k.id
			left join matters mt on mt.row_id = k.id
			left join topics tp on tp.row_id = k.id
			left join own_system os on os.tenant_id = k.id
			group by k.id, k.slug, k.name, k.kind, k.path, os.doc_number, os.issued_on, os.versions
			order by k.path`.execute(tx);
		return { base, rows: rows.map((row) => figuresOf(row, year, today)) };
	});
}

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);

function figuresOf(row: Row, year: number, today: string): UnitFigures {
	const { c1, c2, c3, c4, c5, c6, c7, closedOnTime, closeDays, minutesDays, ...rest } = row;
	const flags: UnitFigures["flags"] = [];
	if (row.withSystem < row.units) flags.push("noSystem");
	// The year's regular meeting is missing once the year is over, or from 1 December on (O1: yearly).
	const yearClosing = today >= `${year}-12-01`;
	if (row.regularHeld < row.units && yearClosing) flags.push("noRegularMeeting");
	if (row.minutesLate > 0) flags.push("minutesLate");
	if (row.mattersOverdue > 0) flags.push("overdueMatters");
	return {
		...rest,
		topics: [c1, c2, c3, c4, c5, c6, c7],
		onTimeRate: ratio(closedOnTime, row.mattersClosed),
		closeDaysAvg: row.mattersClosed > 0 ? closeDays / row.mattersClosed : null,
		minutesDaysAvg: row.minutesIssued > 0 ? minutesDays / row.minutesIssued : null,
		flags,
	};
}

/** The total row: sums, and rates from the sums. */
export function totalOf(rows: UnitFigures[]): Omit<UnitFigures, "id" | "slug" | "name" | "kind" | "hasChildren"> {
	const sum = (pick: (r: UnitFigures) => number) => rows.reduce((s, r) => s + pick(r), 0);
	const closedOnTime = rows.reduce((s, r) => s + (r.onTimeRate ?? 0) * r.mattersClosed, 0);
	const closeDays = rows.reduce((s, r) => s + (r.closeDaysAvg ?? 0) * r.mattersClosed, 0);
	const minutesDays = rows.reduce((s, r) => s + (r.minutesDaysAvg ?? 0) * r.minutesIssued, 0);
	const closed = sum((r) => r.mattersClosed);
	const issued = sum((r) => r.minutesIssued);
	return {
		units: sum((r) => r.units),
		withSystem: sum((r) => r.withSystem),
		docNumber: null,
		issuedOn: null,
		versions: sum((r) => r.versions),
		regularHeld: sum((r) => r.regularHeld),
		regularHeldOn: null,
		extraordinary: sum((r) => r.extraordinary),
		minutesIssued: issued,
		minutesDaysAvg: issued > 0 ? minutesDays / issued : null,
		minutesLate: sum((r) => r.minutesLate),
		topics: [0, 1, 2, 3, 4, 5, 6].map((i) => sum((r) => r.topics[i] ?? 0)),
		matters: sum((r) => r.matters),
		mattersClosed: closed,
		mattersDone: sum((r) => r.mattersDone),
		mattersInProgress: sum((r) => r.mattersInProgress),
		mattersOverdue: sum((r) => r.mattersOverdue),
		onTimeRate: closed > 0 ? Math.round(closedOnTime) / closed : null,
		closeDaysAvg: closed > 0 ? closeDays / closed : null,
		publicity: sum((r) => r.publicity),
		flags: [...new Set(rows.flatMap((r) => r.flags))],
	};
}
