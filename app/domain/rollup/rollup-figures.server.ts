import { type Kysely, sql } from "kysely";
import { z } from "zod";
import { runAs } from "#db/run-as.ts";
import type { Database, TenantKind } from "#db/schema.ts";
import { PUBLICITY_DUE_DAYS } from "./publicity-rule.ts";
import { ROLLUP_PAGE_SIZES } from "./rollup-options.ts";

/** The statistics page's filters; anything malformed falls back to the default. */
export const rollupFilterSchema = z.object({
	year: z.coerce.number().int().min(2000).max(2100).optional().catch(undefined),
	from: z.coerce.number().int().min(2000).max(2100).optional().catch(undefined),
	kind: z.enum(["county", "zone", "industry"]).optional().catch(undefined),
	under: z.uuid().optional().catch(undefined),
	/** Units a page; anything else falls back to the default. */
	size: z.coerce
		.number()
		.pipe(z.union(ROLLUP_PAGE_SIZES.map((n) => z.literal(n))))
		.optional()
		.catch(undefined),
	page: z.coerce.number().int().min(1).optional().catch(undefined),
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
	/** 督办逾期未答复: supervision notices of the year's matters not answered by their reply day (O6). */
	repliesOverdue: number;
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

export type Row = Omit<UnitFigures, "topics" | "flags" | "onTimeRate" | "closeDaysAvg" | "minutesDaysAvg"> & {
	c1: number;
	c2: number;
	c3: number;
	c4: number;
	c5: number;
	c6: number;
	c7: number;
};

/** The statistics' rows of `app_rollup_rows` (as `r`) in the shape of `Row`. */
export const rollupColumns = sql`r.row_id as id, r.slug, r.name, r.kind, (r.units > 1) as "hasChildren", r.own, r.units,
	r.with_system as "withSystem", r.doc_number as "docNumber", r.issued_on as "issuedOn", r.versions,
	r.regular_held as "regularHeld", r.regular_held_on as "regularHeldOn", r.extraordinary,
	r.minutes_issued as "minutesIssued", r.minutes_days as "minutesDays", r.minutes_late as "minutesLate",
	r.publicity, r.not_publicised as "notPublicised", r.matters, r.matters_closed as "mattersClosed",
	r.matters_done as "mattersDone", r.in_progress as "mattersInProgress", r.overdue as "mattersOverdue",
	r.replies_overdue as "repliesOverdue", r.closed_on_time as "closedOnTime", r.close_days as "closeDays",
	r.extended_after_overdue as "extendedAfterOverdue",
	${sql.join([1, 2, 3, 4, 5, 6, 7].map((c) => sql`r.topics[${sql.lit(c)}] as ${sql.ref(`c${c}`)}`))}`;

/**
 * One row per direct child with its whole subtree's kept sums (migration 2026-12-06T1100, ADR 0010),
 * as `r`: the cost grows with the children, not with what lies below them. The function answers only
 * for a base in the caller's subtree; day-dependent counts against today.
 */
function rollupSource(options: { baseId: string; kind: TenantKind | null; year: number; own: boolean; today: string }) {
	const { baseId, kind, year, own, today } = options;
	return sql`app_rollup_rows(${baseId}, ${kind}::text, ${year}::int, ${own}::boolean, ${today}::date,
		${sql.lit(MINUTES_DUE_DAYS)}, ${sql.lit(PUBLICITY_DUE_DAYS)}) r`;
}

/**
 * One page of `rollupSource`'s rows, as `r` with `pos` (0: the total over every row) and `n` (how many
 * rows there are): the children ordered on the figures the order needs, whole rows read for the page
 * and the first `lead` only (migration 2026-12-07T1000).
 */
export function rollupPageSource(
	options: Parameters<typeof rollupSource>[0] & { pageSize: number; page: number; lead: number },
) {
	const { baseId, kind, year, own, today, pageSize, page, lead } = options;
	return sql`app_rollup_page(${baseId}, ${kind}::text, ${year}::int, ${own}::boolean, ${today}::date,
		${sql.lit(MINUTES_DUE_DAYS)}, ${sql.lit(PUBLICITY_DUE_DAYS)}, ${pageSize}::int, ${page}::int, ${lead}::int) r`;
}

/** How many direct children of the base the statistics flag for the year and day (from the kept keys). */
export function rollupFlaggedCount(options: { baseId: string; year: number; today: string }) {
	return sql<number>`(select app_rollup_flagged(${options.baseId}, ${options.year}::int, ${options.today}::date,
		${sql.lit(MINUTES_DUE_DAYS)}, ${sql.lit(PUBLICITY_DUE_DAYS)}))`;
}

/**
 * W1–W3: figures of the base unit's direct children, each with its whole subtree rolled into its
 * row (a unit without children: itself; with `own`, the base beside them as 本级 — when it has
 * children and is of the kind asked for, so that its breakdown adds up to its row above), for one year.
 * Only what children publish upward is read — row-level security decides — and the per-unit-and-year summaries are kept from published rows
 * only (migration 2026-12-04T1100: accepted meetings, issued minutes and their matters, agreed topics).
 */
export async function readRollup(
	db: Kysely<Database>,
	actor: { userId: string; tenantId: string },
	options: RollupScope,
): Promise<{ base: RollupBase | null; rows: UnitFigures[] }> {
	return runAs(db, actor, async (tx) => {
		const base = await rollupBase(tx, options.baseId);
		return base ? { base, rows: await rollupRows(tx, options) } : { base: null, rows: [] };
	});
}

/** Which unit's figures, for which year (and kind, and with its 本级 row), counted against which day. */
type RollupScope = { baseId: string; year: number; kind?: TenantKind; today: string; own?: boolean };
type RollupBase = { id: string; name: string; slug: string; parentId: string | null };

/** The base unit, if it is in the reader's subtree (row-level security answers), in the caller's transaction. */
export const rollupBase = (tx: Kysely<Database>, baseId: string): Promise<RollupBase | undefined> =>
	tx
		.selectFrom("tenants")
		.select(["id", "name", "slug", "parent_id as parentId"])
		.where("id", "=", baseId)
		.executeTakeFirst();

/** The base unit of a statistics read, or null outside the reader's subtree (the export's 404). */
export function readRollupBase(db: Kysely<Database>, actor: { userId: string; tenantId: string }, baseId: string) {
	return runAs(db, actor, async (tx) => (await rollupBase(tx, baseId)) ?? null);
}

/** Every row of `readRollup`, in the tree's order, in the caller's transaction (the export's snapshot). */
export async function rollupRows(tx: Kysely<Database>, options: RollupScope): Promise<UnitFigures[]> {
	const { year, today } = options;
	const { rows } = await sql<Row>`
		select ${rollupColumns} from ${rollupSource({ baseId: options.baseId, kind: options.kind ?? null, year, own: options.own ?? false, today })}
		order by r.path`.execute(tx);
	return rows.map((row) => figuresOf(row, year, today));
}

const flagOrder: UnitFigures["flags"] = [
	"noSystem",
	"noRegularMeeting",
	"minutesLate",
	"overdueMatters",
	"notPublicised",
];

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);

export function figuresOf(row: Row, year: number, today: string): UnitFigures {
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
		repliesOverdue: sum((r) => r.repliesOverdue),
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
