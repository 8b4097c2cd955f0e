import { type Kysely, type RawBuilder, sql } from "kysely";
import type { Actor } from "#app/domain/actor.ts";
import { runAs, type Tx } from "#db/run-as.ts";
import type { Database } from "#db/schema.ts";
import { statusSql } from "./read-tracker-page.server.ts";
import { numericField, type ReportField } from "./report-fields.ts";
import type { TrackerStatus } from "./report-roles.ts";
import type { FieldSummary } from "./report-summary.ts";

/** Fields a sum or a count says something about (text, dates and files are read per unit). */
const summedField = (f: ReportField) => numericField(f) || f.type === "choice" || f.type === "yes_no";

interface FiguresOf {
	units: number;
	fields: Record<string, FieldSummary>;
}

interface SummaryPage {
	fields: ReportField[];
	/** Over every reported unit, computed by the database. */
	overall: FiguresOf;
	/** One page of groups (a direct child of the reader with everything under it), in tree order. */
	groups: (FiguresOf & { groupId: string; groupName: string })[];
	groupCount: number;
	/** One page of the units that have not reported, in tree order. */
	missing: { unitId: string; unitName: string; parentName: string; status: TrackerStatus }[];
	missingCount: number;
}

interface Paging {
	limit: number;
	offset: number;
}

/**
 * The summary page (汇总, issue #22 §4) a page at a time: the overall sums, averages and choice
 * counts over every reported (submitted or accepted) latest version computed in SQL, the figures of
 * one page of groups, and one page of the units not reported. Its cost grows with the page, not with
 * the number of units (§9); the Excel export (readSummaryRows) stays complete.
 */
export function readSummaryPage(
	db: Kysely<Database>,
	actor: Actor,
	requestId: string,
	today: string,
	page: { groups: Paging; missing: Paging },
): Promise<SummaryPage | null> {
	const readerId = actor.tenantId;
	return runAs(db, actor, async (tx) => {
		const request = await tx
			.selectFrom("report_requests")
			.select(["tenant_id", "due_on", "fields"])
			.where("id", "=", requestId)
			.executeTakeFirst();
		if (!request) return null;
		const reader = await tx
			.selectFrom("tenants")
			.select(sql<number>`nlevel(path)`.as("level"))
			.where("id", "=", readerId)
			.executeTakeFirst();
		if (!reader) return null;
		const fields = (request.fields as ReportField[]).filter(summedField);
		// A direct child of the reader is its own group; a unit further down sits under the reader's
		// direct child whose ltree label ('t' and its id's hex) is at the level below the reader. Labels
		// of one level order as the ids do, so groups in id order are in tree order.
		const own =
			request.tenant_id === readerId
				? { depth: 0 }
				: await tx
						.selectFrom("report_targets")
						.select("depth")
						.where("tenant_id", "=", request.tenant_id)
						.where("request_id", "=", requestId)
						.where("unit_id", "=", readerId)
						.executeTakeFirst();
		const childDepth = own ? own.depth + 1 : -1;
		const reported = sql`(
			select s."values" as v, t.unit_id,
				case when t.depth = ${childDepth}::int then t.unit_id else (
					select case when nlevel(u.path) > ${reader.level}::int
						then substr(ltree2text(subltree(u.path, ${reader.level}::int, ${reader.level}::int + 1)), 2)::uuid
						else u.id end
					from tenants u where u.id = t.unit_id) end as group_id
			from report_targets t
			join report_submissions s on s.tenant_id = t.tenant_id and s.request_id = t.request_id
				and s.unit_id = t.unit_id and s.version = t.version
			where t.tenant_id = ${request.tenant_id} and t.request_id = ${requestId} and t.unit_id <> ${readerId}
				and t.version > 0 and t.status in ('submitted', 'accepted') and s.state in ('submitted', 'accepted')
		)`;
		const rows = await figures(tx, reported, fields, page.groups);
		const ids = rows
			.filter((r) => r.place !== null)
			.sort((x, y) => (x.place ?? 0) - (y.place ?? 0))
			.map((r) => r.k);
		const names =
			ids.length === 0 ? [] : await tx.selectFrom("tenants").select(["id", "name"]).where("id", "in", ids).execute();
		const nameOf = new Map(names.map((n) => [n.id, n.name]));
		const groupCount =
			rows.find((r) => r.groups !== null)?.groups ??
			(await sql<{ n: number }>`select count(distinct r.group_id)::int as n from ${reported} r`.execute(tx)).rows[0]
				?.n ??
			0;
		const figuresOf = (k: string): FiguresOf => {
			const row = rows.find((r) => r.k === k);
			return { units: row?.units ?? 0, fields: summariseRow(fields, row) };
		};
		const missing = await missingPage(tx, request, requestId, readerId, today, page.missing);
		return {
			fields,
			overall: figuresOf(""),
			groups: ids.map((id) => ({ groupId: id, groupName: nameOf.get(id) ?? "", ...figuresOf(id) })),
			groupCount,
			...missing,
		};
	});
}

/**
 * One row of the summary's aggregate query per k (a group's id, or "" for every reported unit):
 * `place` and `groups` for a group of the page; n<i>/s<i> the answered count and the sum of the
 * i-th field, a<i>_<j> the count of its j-th option.
 */
interface FigureRow {
	k: string;
	units: number;
	place: number | null;
	groups: number | null;
	[column: string]: string | number | null;
}

/** A choice's or yes/no's options, as counted (yes/no as "yes" and "no"). */
const optionsOf = (f: ReportField): readonly string[] =>
	f.type === "choice" ? f.choices : f.type === "yes_no" ? ["yes", "no"] : [];

/**
 * In one statement over the reported versions (read once, in one pass): the page's groups in tree
 * order and how many there are, and for every reported unit (k "") and each group of the page, the
 * units, the sums of numeric fields (each value rounded to the field's scale, in exact numeric) and
 * the count of each option of choice and yes/no fields. Each report's values are read once, field by
 * field, into columns (f<i>) as the versions are read; the sums and counts then work on those.
 */
async function figures(
	tx: Tx,
	reported: RawBuilder<unknown>,
	fields: ReportField[],
	paging: Paging,
): Promise<FigureRow[]> {
	// f<i>: a numeric field's value rounded to its scale (null when not a number), or a choice's or
	// yes/no's answer as it is stored (jsonb).
	const extracted = fields.map((f, i) => {
		const column = sql.ref(`f${i}`);
		if (!numericField(f)) return sql`q.v -> ${f.key}::text as ${column}`;
		const scale = f.type === "decimal" ? f.scale : 0;
		return sql`case when jsonb_typeof(q.v -> ${f.key}::text) = 'number'
			then round((q.v ->> ${f.key}::text)::numeric, ${scale}::int) end as ${column}`;
	});
	const columns = fields.flatMap((f, i) => {
		const value = sql.ref(`x.f${i}`);
		if (numericField(f))
			return [sql`count(${value})::int as ${sql.ref(`n${i}`)}`, sql`sum(${value})::text as ${sql.ref(`s${i}`)}`];
		return optionsOf(f).map((option, j) => {
			const answer =
				f.type === "yes_no" ? sql`${option === "yes" ? "true" : "false"}::jsonb` : sql`to_jsonb(${option}::text)`;
			return sql`(count(*) filter (where ${value} = ${answer}))::int as ${sql.ref(`a${i}_${j}`)}`;
		});
	});
	// The page's groups: one per reported unit's group, counted over all, the page's in id (tree) order.
	const result = await sql<FigureRow>`
		with r as materialized (
			select q.group_id${extracted.length === 0 ? sql`` : sql`, ${sql.join(extracted)}`} from ${reported} q),
		page as (
			select p.group_id, (row_number() over (order by p.group_id))::int as place, p.groups
			from (
				select d.group_id, count(*) over ()::int as groups
				from (select group_id from r group by group_id) d
				order by d.group_id limit ${paging.limit}::int offset ${paging.offset}::int) p),
		x as (
			select r.*, ''::text as k from r
			union all
			select r.*, r.group_id::text from r join page on page.group_id = r.group_id)
		select x.k, count(*)::int as units, min(page.place) as place, min(page.groups) as groups
			${columns.length === 0 ? sql`` : sql`, ${sql.join(columns)}`}
		from x left join page on page.group_id::text = x.k
		group by x.k`.execute(tx);
	return result.rows;
}

/** One row of the database's sums and counts as report-summary.ts's FieldSummary (the same average rule). */
function summariseRow(fields: ReportField[], row: FigureRow | undefined): Record<string, FieldSummary> {
	const out: Record<string, FieldSummary> = {};
	fields.forEach((field, i) => {
		if (numericField(field)) {
			const scale = field.type === "decimal" ? field.scale : 0;
			const count = Number(row?.[`n${i}`] ?? 0);
			const sum = Number(row?.[`s${i}`] ?? 0);
			out[field.key] = {
				kind: "numeric",
				sum,
				avg: count === 0 ? null : Number((sum / count).toFixed(scale + 2)),
				count,
			};
		} else if (field.type === "choice" || field.type === "yes_no") {
			const counts = optionsOf(field).map((option, j) => ({ option, count: Number(row?.[`a${i}_${j}`] ?? 0) }));
			out[field.key] = { kind: "counts", counts, count: counts.reduce((s, c) => s + c.count, 0) };
		}
	});
	return out;
}

/** One page of the units without a reported version, in tree order, and how many there are. */
async function missingPage(
	tx: Tx,
	request: { tenant_id: string; due_on: string },
	requestId: string,
	readerId: string,
	today: string,
	page: Paging,
) {
	const status = statusSql(today, request.due_on);
	const notReported = sql`not exists (
		select 1 from report_submissions s where s.tenant_id = t.tenant_id and s.request_id = t.request_id
			and s.unit_id = t.unit_id and s.version = t.version and t.version > 0
			and t.status in ('submitted', 'accepted') and s.state in ('submitted', 'accepted'))`;
	const rows = await sql<{
		unitId: string;
		unitName: string;
		parentName: string | null;
		status: TrackerStatus;
		count: number;
	}>`
		select t.unit_id as "unitId", u.name as "unitName", p.name as "parentName", ${status} as status,
			count(*) over ()::int as count
		from report_targets t join tenants u on u.id = t.unit_id left join tenants p on p.id = u.parent_id
		where t.tenant_id = ${request.tenant_id} and t.request_id = ${requestId} and t.unit_id <> ${readerId} and ${notReported}
		order by u.path limit ${page.limit}::int offset ${page.offset}::int`.execute(tx);
	// A page past the end has no rows to carry the count.
	const count =
		rows.rows[0]?.count ??
		(
			await sql<{ n: number }>`
				select count(*)::int as n from report_targets t
				where t.tenant_id = ${request.tenant_id} and t.request_id = ${requestId} and t.unit_id <> ${readerId}
					and ${notReported}`.execute(tx)
		).rows[0]?.n ??
		0;
	return {
		missing: rows.rows.map(({ count: _, ...r }) => ({ ...r, parentName: r.parentName ?? "" })),
		missingCount: count,
	};
}
