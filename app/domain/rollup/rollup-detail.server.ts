import { type RawBuilder, sql } from "kysely";
import type { Tx } from "#db/run-as.ts";
import type { TenantKind } from "#db/schema.ts";
import { publishedMeeting, publishedMinutes } from "../publishing/published-upward.ts";

interface MatterLine {
	unit: string;
	meeting: string;
	minutes: string | null;
	content: string;
	lead: string | null;
	co: string | null;
	deadline: string;
	status: string;
	overdueDays: number;
}

interface SystemLine {
	unit: string;
	kind: TenantKind;
	docNumber: string | null;
	issuedOn: string | null;
	versions: number;
}

export interface DetailScope {
	baseId: string;
	year: number;
	kind?: TenantKind;
	today: string;
	own?: boolean;
}

/** The export's detail, a batch at a time: what the workbook writer pulls as it writes. */
export interface RollupDetail {
	matters: AsyncIterable<MatterLine[]>;
	systems: AsyncIterable<SystemLine[]>;
}

/** Rows a batch: small next to the workbook's own buffers, large enough that round trips do not count. */
const detailBatchSize = 1000;

/**
 * A query's rows through a server-side cursor, `size` at a time, in order: one execution of the
 * query, never more than a batch of its rows in memory. The cursor lives in `tx` (the caller's
 * snapshot, db/run-as.ts runAsSnapshot) and closes with it if the reading stops early.
 */
async function* cursorBatches<T>(tx: Tx, name: string, query: RawBuilder<T>, size: number): AsyncGenerator<T[]> {
	if (!Number.isSafeInteger(size) || size < 1) throw new Error(`cursorBatches: refused batch size ${size}`);
	await sql`declare ${sql.raw(name)} no scroll cursor for ${query}`.execute(tx);
	for (;;) {
		const { rows } = await sql<T>`fetch forward ${sql.raw(String(size))} from ${sql.raw(name)}`.execute(tx);
		if (rows.length > 0) yield rows;
		if (rows.length < size) break;
	}
	await sql`close ${sql.raw(name)}`.execute(tx);
}

/**
 * Every published decided matter (of issued minutes, published-upward.ts) of the scope's meetings of
 * the year, and every unit's system record, read in `tx` in batches of `batchSize` as they are
 * iterated (matters first, then systems, as the workbook writes them).
 */
export function rollupDetail(tx: Tx, options: DetailScope, batchSize = detailBatchSize): RollupDetail {
	const kind = options.kind ?? null;
	const own = options.own ?? false;
	// The same units as the summary: below the base (the base itself when it has none, or as 本级).
	const scope = sql`(select t.id from tenants t join tenants b on b.id = ${options.baseId}
		where t.path <@ b.path and (${kind}::text is null or t.kind = ${kind} or t.id = b.id)
			and (t.id <> b.id or (${own}::boolean and (${kind}::text is null or b.kind = ${kind})) or not exists (select 1 from tenants c where c.parent_id = b.id)))`;
	const matters = sql<MatterLine>`
		select t.name as unit, m.title as meeting,
			case when n.number_seq is not null then '联席会议纪要〔' || n.number_year || '〕' || n.number_seq || '号' end as minutes,
			d.content, app_matter_department_name(d.tenant_id, d.lead_department_id) as lead,
			(select string_agg(app_matter_department_name(d.tenant_id, c), '、') from unnest(d.co_department_ids) c) as co,
			d.deadline::text as deadline, d.status,
			case when d.status in ('assigned', 'in_progress') and d.deadline < ${options.today}::date
				then (${options.today}::date - d.deadline) else 0 end as "overdueDays"
		from decided_matters d
		join tenants t on t.id = d.tenant_id
		join meetings m on m.tenant_id = d.tenant_id and m.id = d.meeting_id and m.year = ${options.year}
			and ${publishedMeeting("m")}
		join minutes n on n.tenant_id = d.tenant_id and n.id = d.minutes_id and ${publishedMinutes("n")}
		where d.tenant_id in ${scope}
		order by t.path, m.seq, d.seq`;
	const systems = sql<SystemLine>`
		select t.name as unit, t.kind,
			max(s.doc_number) filter (where s.superseded_at is null) as "docNumber",
			max(s.issued_on::text) filter (where s.superseded_at is null) as "issuedOn",
			count(s.id)::int as versions
		from tenants t left join systems s on s.tenant_id = t.id
		where t.id in ${scope}
		group by t.id, t.name, t.kind, t.path order by t.path`;
	return {
		matters: {
			async *[Symbol.asyncIterator]() {
				// Every row is read: plan for all of them, not for the first tenth (a cursor's default).
				await sql`select set_config('cursor_tuple_fraction', '1', true)`.execute(tx);
				yield* cursorBatches(tx, "rollup_matters", matters, batchSize);
			},
		},
		systems: {
			[Symbol.asyncIterator]: () => cursorBatches(tx, "rollup_systems", systems, batchSize),
		},
	};
}
