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
			-- Published summaries, one row per unit and year, kept by triggers (ADR 0010): the cost grows
			-- with units, not with their meetings and matters. Day-dependent counts from the kept dates.
			sys as (
				select s.tenant_id, bool_or(s.superseded_at is null) as current, count(*) as versions,
					max(s.doc_number) filter (where s.superseded_at is null) as doc_number,
					max(s.issued_on) filter (where s.superseded_at is null) as issued_on
				from systems s join units on units.unit_id = s.tenant_id group by s.tenant_id
			),
			per_unit as (
				select u.row_id, u.unit_id, coalesce(ws.current, false) as has_system, f.regular_on,
					coalesce(f.extraordinary, 0) as extraordinary, coalesce(f.minutes_issued, 0) as minutes_issued,
					coalesce(f.minutes_days, 0) as minutes_days,
					coalesce(f.minutes_issued_late, 0) + coalesce((select count(*) from unnest(f.unissued_held) h
						where h < ${today}::date - ${sql.lit(MINUTES_DUE_DAYS)}), 0) as minutes_late,
					coalesce(f.publicity, 0) as publicity,
					coalesce(f.matters, 0) as matters, coalesce(f.matters_closed, 0) as matters_closed,
					coalesce(f.matters_done, 0) as matters_done,
					coalesce((select count(*) from unnest(f.open_deadlines) d where d >= ${today}::date), 0) as in_progress,
					coalesce((select count(*) from unnest(f.open_deadlines) d where d < ${today}::date), 0) as overdue,
					coalesce(f.closed_on_time, 0) as closed_on_time, coalesce(f.close_days, 0) as close_days,
					coalesce(f.topics, '{0,0,0,0,0,0,0}') as topics
				from units u
				left join sys ws on ws.tenant_id = u.unit_id
				left join unit_year_figures f on f.tenant_id = u.unit_id and f.year = ${year}
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
				coalesce(sum(p.matters), 0)::int as matters, coalesce(sum(p.matters_closed), 0)::int as "mattersClosed",
				coalesce(sum(p.matters_done), 0)::int as "mattersDone", coalesce(sum(p.in_progress), 0)::int as "mattersInProgress",
				coalesce(sum(p.overdue), 0)::int as "mattersOverdue", coalesce(sum(p.closed_on_time), 0)::int as "closedOnTime",
				coalesce(sum(p.close_days), 0)::int as "closeDays",
				${sql.join([1, 2, 3, 4, 5, 6, 7].map((c) => sql`coalesce(sum(p.topics[${sql.lit(c)}]), 0)::int as ${sql.ref(`c${c}`)}`))}
			from kids k
			join per_unit p on p.row_id = k.id
			left join sys os on os.tenant_id = k.id
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
