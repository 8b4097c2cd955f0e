import { type Kysely, sql } from "kysely";
import { z } from "zod";
import { runAs } from "#db/run-as.ts";
import type { Database, TenantKind } from "#db/schema.ts";
import { PUBLICITY_DUE_DAYS } from "./publicity-rule.ts";

/** The statistics page's filters; anything malformed falls back to the default. */
export const rollupFilterSchema = z.object({
	year: z.coerce.number().int().min(2000).max(2100).optional().catch(undefined),
	from: z.coerce.number().int().min(2000).max(2100).optional().catch(undefined),
	kind: z.enum(["county", "zone", "industry"]).optional().catch(undefined),
	under: z.uuid().optional().catch(undefined),
});

/** Days after the meeting by which its minutes should be issued (compliance rule, ADR 0010). */
const MINUTES_DUE_DAYS = 30;

export interface UnitFigures {
	/** The direct child (or, for a unit without children, the unit itself) and its whole subtree. */
	id: string;
	slug: string;
	name: string;
	kind: TenantKind;
	hasChildren: boolean;
	/** The base unit's own row (本级) in its breakdown, beside its children. */
	own: boolean;
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
	/** 逾期后延期: extensions granted after the deadline had passed (O6, ADR 0014). */
	extendedAfterOverdue: number;
	onTimeRate: number | null;
	closeDaysAvg: number | null;
	/** The counts the rates come from, kept as counts so that a total adds counts, not rates. */
	closedOnTime: number;
	closeDays: number;
	minutesDays: number;
	publicity: number;
	/** Held meetings with no publicity record more than 30 days on (会议结果未宣传, O7). */
	notPublicised: number;
	flags: ("noSystem" | "noRegularMeeting" | "minutesLate" | "overdueMatters" | "notPublicised")[];
}

type Row = Omit<UnitFigures, "topics" | "flags" | "onTimeRate" | "closeDaysAvg" | "minutesDaysAvg"> & {
	c1: number;
	c2: number;
	c3: number;
	c4: number;
	c5: number;
	c6: number;
	c7: number;
};

/**
 * The base itself as a row of its own breakdown (本级), when asked (`own`), when it has children
 * (a unit without children is its own only row anyway) and when it is of the kind asked for: its
 * breakdown then adds up to its row on the page above.
 */
export const ownRow = (baseId: string, kind: TenantKind | null, own: boolean) =>
	sql`select b.id from tenants b where b.id = ${baseId} and ${own}::boolean
		and (${kind}::text is null or b.kind = ${kind}) and exists (select 1 from tenants c where c.parent_id = b.id)`;

/**
 * W1–W3: figures of the base unit's direct children, each with its whole subtree rolled into its
 * row (a unit without children: itself; with `own`, the base beside them as 本级), for one year.
 * Only what children publish upward is read — row-level security decides — and the per-unit-and-year summaries are kept from published rows
 * only (migration 2026-12-04T1100: accepted meetings, issued minutes and their matters, agreed topics).
 */
export async function readRollup(
	db: Kysely<Database>,
	actor: { userId: string; tenantId: string },
	options: { baseId: string; year: number; kind?: TenantKind; today: string; own?: boolean },
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
		const own = options.own ?? false;
		const { rows } = await sql<Row>`
			with me as (${ownRow(base.id, kind, own)}),
			kids as (
				select t.id, t.slug, t.name, t.kind, t.path, false as own from tenants t where t.parent_id = ${base.id}
					and (${kind}::text is null or t.kind = ${kind})
				union all
				select t.id, t.slug, t.name, t.kind, t.path, exists (select 1 from me) as own from tenants t
					where t.id = ${base.id}
					and (not exists (select 1 from tenants c where c.parent_id = ${base.id}) or exists (select 1 from me))
			),
			units as (
				select row_id, unit_id from app_rollup_units(${base.id}, ${kind}::text)
				union all select me.id, me.id from me
			),
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
					-- The kept date arrays are sorted: width_bucket(x, a) counts the elements ≤ x, without a
					-- subquery per unit.
					coalesce(f.minutes_issued_late, 0) + coalesce(width_bucket(${today}::date - ${sql.lit(MINUTES_DUE_DAYS + 1)},
						f.unissued_held), 0) as minutes_late,
					coalesce(f.publicity, 0) as publicity,
					coalesce(width_bucket(${today}::date - ${sql.lit(PUBLICITY_DUE_DAYS + 1)}, f.unpublicised_held), 0)
						as not_publicised,
					coalesce(f.matters, 0) as matters, coalesce(f.matters_closed, 0) as matters_closed,
					coalesce(f.matters_done, 0) as matters_done,
					coalesce(cardinality(f.open_deadlines) - width_bucket(${today}::date - 1, f.open_deadlines), 0) as in_progress,
					coalesce(width_bucket(${today}::date - 1, f.open_deadlines), 0) as overdue,
					coalesce(f.closed_on_time, 0) as closed_on_time, coalesce(f.close_days, 0) as close_days,
					coalesce(f.extended_after_overdue, 0) as extended_after_overdue,
					coalesce(f.topics, '{0,0,0,0,0,0,0}') as topics
				from units u
				left join sys ws on ws.tenant_id = u.unit_id
				left join unit_year_figures f on f.tenant_id = u.unit_id and f.year = ${year}
			),
			-- Rolled up by row first (a hash aggregate on one key), then joined to the row's unit: a unit
			-- has children exactly when more than itself rolls into its row.
			agg as (
				select p.row_id, count(p.unit_id) as units,
					count(p.unit_id) filter (where p.has_system) as with_system,
					count(p.unit_id) filter (where p.regular_on is not null) as regular_held,
					min(p.regular_on) filter (where p.unit_id = p.row_id) as regular_held_on,
					sum(p.extraordinary) as extraordinary, sum(p.minutes_issued) as minutes_issued,
					sum(p.minutes_days) as minutes_days, sum(p.minutes_late) as minutes_late, sum(p.publicity) as publicity,
					sum(p.not_publicised) as not_publicised,
					sum(p.matters) as matters, sum(p.matters_closed) as matters_closed, sum(p.matters_done) as matters_done,
					sum(p.in_progress) as in_progress, sum(p.overdue) as overdue, sum(p.closed_on_time) as closed_on_time,
					sum(p.close_days) as close_days, sum(p.extended_after_overdue) as extended_after_overdue,
					${sql.join([1, 2, 3, 4, 5, 6, 7].map((c) => sql`sum(p.topics[${sql.lit(c)}]) as ${sql.ref(`t${c}`)}`))}
				from per_unit p group by p.row_id
			)
			select k.id, k.slug, k.name, k.kind,
				(a.units > 1) as "hasChildren", k.own,
				a.units::int as units,
				a.with_system::int as "withSystem",
				os.doc_number as "docNumber", os.issued_on as "issuedOn", coalesce(os.versions, 0)::int as versions,
				a.regular_held::int as "regularHeld",
				a.regular_held_on as "regularHeldOn",
				coalesce(a.extraordinary, 0)::int as extraordinary,
				coalesce(a.minutes_issued, 0)::int as "minutesIssued",
				coalesce(a.minutes_days, 0)::int as "minutesDays",
				coalesce(a.minutes_late, 0)::int as "minutesLate",
				coalesce(a.publicity, 0)::int as publicity,
				coalesce(a.not_publicised, 0)::int as "notPublicised",
				coalesce(a.matters, 0)::int as matters, coalesce(a.matters_closed, 0)::int as "mattersClosed",
				coalesce(a.matters_done, 0)::int as "mattersDone", coalesce(a.in_progress, 0)::int as "mattersInProgress",
				coalesce(a.overdue, 0)::int as "mattersOverdue", coalesce(a.closed_on_time, 0)::int as "closedOnTime",
				coalesce(a.close_days, 0)::int as "closeDays",
				coalesce(a.extended_after_overdue, 0)::int as "extendedAfterOverdue",
				${sql.join([1, 2, 3, 4, 5, 6, 7].map((c) => sql`coalesce(${sql.ref(`a.t${c}`)}, 0)::int as ${sql.ref(`c${c}`)}`))}
			from kids k
			join agg a on a.row_id = k.id
			left join sys os on os.tenant_id = k.id
			order by k.path`.execute(tx);
		return { base, rows: rows.map((row) => figuresOf(row, year, today)) };
	});
}

const flagOrder: UnitFigures["flags"] = [
	"noSystem",
	"noRegularMeeting",
	"minutesLate",
	"overdueMatters",
	"notPublicised",
];

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);

function figuresOf(row: Row, year: number, today: string): UnitFigures {
	const { c1, c2, c3, c4, c5, c6, c7, ...rest } = row;
	const { closedOnTime, closeDays, minutesDays } = row;
	const flags: UnitFigures["flags"] = [];
	if (row.withSystem < row.units) flags.push("noSystem");
	// The year's regular meeting is missing once the year is over, or from 1 December on (O1: yearly).
	const yearClosing = today >= `${year}-12-01`;
	if (row.regularHeld < row.units && yearClosing) flags.push("noRegularMeeting");
	if (row.minutesLate > 0) flags.push("minutesLate");
	if (row.mattersOverdue > 0) flags.push("overdueMatters");
	if (row.notPublicised > 0) flags.push("notPublicised");
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
export function totalOf(
	rows: UnitFigures[],
): Omit<UnitFigures, "id" | "slug" | "name" | "kind" | "hasChildren" | "own"> {
	const sum = (pick: (r: UnitFigures) => number) => rows.reduce((s, r) => s + pick(r), 0);
	const closedOnTime = sum((r) => r.closedOnTime);
	const closeDays = sum((r) => r.closeDays);
	const minutesDays = sum((r) => r.minutesDays);
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
		extendedAfterOverdue: sum((r) => r.extendedAfterOverdue),
		onTimeRate: closed > 0 ? closedOnTime / closed : null,
		closeDaysAvg: closed > 0 ? closeDays / closed : null,
		closedOnTime,
		closeDays,
		minutesDays,
		publicity: sum((r) => r.publicity),
		notPublicised: sum((r) => r.notPublicised),
		// In the rows' own order of flags, so that a breakdown's total reads like its row above.
		flags: flagOrder.filter((flag) => rows.some((r) => r.flags.includes(flag))),
	};
}
