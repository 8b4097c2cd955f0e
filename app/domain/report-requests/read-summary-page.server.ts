import { type Kysely, sql } from "kysely";
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
 * counts over every reported (submitted or accepted) latest version, the figures of one page of
 * groups, and one page of the units not reported. The figures are the database's kept sums
 * (`report_sums`, migration 2026-12-08T1100): the reader's own row less its own report, and one row
 * per group of the page, whatever the number of units that reported; the Excel export
 * (readSummaryRows) stays complete.
 */
export function readSummaryPage(
	db: Kysely<Database>,
	actor: Actor,
	requestId: string,
	today: string,
	page: { groups: Paging; missing: Paging },
): Promise<SummaryPage | null> {
	const readerId = actor.tenantId as string;
	return runAs(db, actor, async (tx) => {
		const request = await tx
			.selectFrom("report_requests")
			.select(["tenant_id", "due_on", "fields"])
			.where("id", "=", requestId)
			.executeTakeFirst();
		if (!request) return null;
		const fields = (request.fields as ReportField[]).filter(summedField);
		const sums = tx
			.selectFrom("report_sums as s")
			.where("s.tenant_id", "=", request.tenant_id)
			.where("s.request_id", "=", requestId);
		// The reader's row holds its whole subtree, itself included; its own report is not in its summary.
		const base = await sums
			.select(["s.units", "s.groups", "s.figures"])
			.where("s.unit_id", "=", readerId)
			.executeTakeFirst();
		const own =
			request.tenant_id === readerId
				? null
				: ((
						await tx
							.selectFrom("report_targets")
							.select("counted")
							.where("tenant_id", "=", request.tenant_id)
							.where("request_id", "=", requestId)
							.where("unit_id", "=", readerId)
							.executeTakeFirst()
					)?.counted ?? null);
		// A direct child of the reader with everything under it is a group; children's ids order as
		// their labels do, so id order is tree order.
		const groups = await sums
			.innerJoin("tenants as g", "g.id", "s.unit_id")
			.select(["g.id", "g.name", "s.units", "s.figures"])
			.where("g.parent_id", "=", readerId)
			.where("s.units", ">", 0)
			.orderBy("g.id")
			.limit(page.groups.limit)
			.offset(page.groups.offset)
			.execute();
		const missing = await missingPage(tx, request, requestId, readerId, today, page.missing);
		return {
			fields,
			overall: {
				units: (base?.units ?? 0) - (own ? 1 : 0),
				fields: summariseFigures(fields, base?.figures ?? {}, own ?? {}),
			},
			groups: groups.map((g) => ({
				groupId: g.id,
				groupName: g.name,
				units: g.units,
				fields: summariseFigures(fields, g.figures, {}),
			})),
			groupCount: base?.groups ?? 0,
			...missing,
		};
	});
}

/** A choice's or yes/no's options, as counted (yes/no as "yes" and "no"). */
const optionsOf = (f: ReportField): readonly string[] =>
	f.type === "choice" ? f.choices : f.type === "yes_no" ? ["yes", "no"] : [];

/**
 * Kept figures (`n:<field>` answers, `s:<field>` sum, `o:<field>:<option>` count; a missing key is 0)
 * less another unit's, as report-summary.ts's FieldSummary (the same average rule). Sums are of values
 * rounded to the field's scale, so the difference is exact at that scale.
 */
function summariseFigures(
	fields: ReportField[],
	figures: Record<string, number>,
	less: Record<string, number>,
): Record<string, FieldSummary> {
	const of = (key: string) => Number(figures[key] ?? 0) - Number(less[key] ?? 0);
	const out: Record<string, FieldSummary> = {};
	for (const field of fields) {
		if (numericField(field)) {
			const scale = field.type === "decimal" ? field.scale : 0;
			const count = of(`n:${field.key}`);
			const sum = Number(of(`s:${field.key}`).toFixed(scale));
			out[field.key] = {
				kind: "numeric",
				sum,
				avg: count === 0 ? null : Number((sum / count).toFixed(scale + 2)),
				count,
			};
		} else if (field.type === "choice" || field.type === "yes_no") {
			const counts = optionsOf(field).map((option) => ({ option, count: of(`o:${field.key}:${option}`) }));
			out[field.key] = { kind: "counts", counts, count: counts.reduce((s, c) => s + c.count, 0) };
		}
	}
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
	// Not reported: no contribution kept (report_targets.counted is set while the unit's latest
	// version is reported or accepted, migration 2026-12-08T1100).
	const notReported = sql`t.counted is null`;
	// One page in tree order from the targets' own index (migration 2026-12-08T1200), and the count.
	const rows = await sql<{ unitId: string; unitName: string; parentName: string | null; status: TrackerStatus }>`
		select t.unit_id as "unitId", u.name as "unitName", p.name as "parentName", ${status} as status
		from report_targets t join tenants u on u.id = t.unit_id left join tenants p on p.id = u.parent_id
		where t.tenant_id = ${request.tenant_id} and t.request_id = ${requestId} and t.unit_id <> ${readerId} and ${notReported}
		order by t.unit_path limit ${page.limit}::int offset ${page.offset}::int`.execute(tx);
	const counted = await sql<{ n: number }>`
		select count(*)::int as n from report_targets t
		where t.tenant_id = ${request.tenant_id} and t.request_id = ${requestId} and t.unit_id <> ${readerId}
			and ${notReported}`.execute(tx);
	const count = counted.rows[0]?.n ?? 0;
	return {
		missing: rows.rows.map((r) => ({ ...r, parentName: r.parentName ?? "" })),
		missingCount: count,
	};
}
