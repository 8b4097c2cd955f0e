import type { Writable } from "node:stream";
import ExcelJS from "exceljs";
import { type Kysely, sql } from "kysely";
import { topicCategories } from "#app/domain/meetings/topic-rules.ts";
import type { Translate } from "#app/i18n/i18n.ts";
import { runAs } from "#db/run-as.ts";
import type { Database, TenantKind } from "#db/schema.ts";
import { publishedMeeting, publishedMinutes } from "../publishing/published-upward.ts";
import type { totalOf, UnitFigures } from "./rollup-figures.server.ts";

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

/**
 * Every published decided matter (of issued minutes, published-upward.ts) of the scope's meetings of
 * the year, and every unit's system record.
 */
export async function readRollupDetail(
	db: Kysely<Database>,
	actor: { userId: string; tenantId: string },
	options: { baseId: string; year: number; kind?: TenantKind; today: string; own?: boolean },
) {
	const kind = options.kind ?? null;
	const own = options.own ?? false;
	return runAs(db, actor, async (tx) => {
		// The same units as the summary: below the base (the base itself when it has none, or as 本级).
		const scope = sql`(select t.id from tenants t join tenants b on b.id = ${options.baseId}
			where t.path <@ b.path and (${kind}::text is null or t.kind = ${kind} or t.id = b.id)
				and (t.id <> b.id or (${own}::boolean and (${kind}::text is null or b.kind = ${kind})) or not exists (select 1 from tenants c where c.parent_id = b.id)))`;
		const matters = await sql<MatterLine>`
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
			order by t.path, m.seq, d.seq`.execute(tx);
		const systems = await sql<SystemLine>`
			select t.name as unit, t.kind,
				max(s.doc_number) filter (where s.superseded_at is null) as "docNumber",
				max(s.issued_on::text) filter (where s.superseded_at is null) as "issuedOn",
				count(s.id)::int as versions
			from tenants t left join systems s on s.tenant_id = t.id
			where t.id in ${scope}
			group by t.id, t.name, t.kind, t.path order by t.path`.execute(tx);
		return { matters: matters.rows, systems: systems.rows };
	});
}

const header = (sheet: ExcelJS.Worksheet, columns: { header: string; width: number }[]) => {
	sheet.columns = columns.map((c, i) => ({ header: c.header, key: String(i), width: c.width }));
	const row = sheet.getRow(1);
	row.font = { bold: true };
	row.commit();
};

/**
 * The statistics page as a workbook, streamed row by row (exceljs' streaming writer: memory stays
 * flat for a large tree): 汇总 (exactly the page's figures), 议定事项明细, 制度建立情况. Chinese headers,
 * frozen header rows, real dates and numbers.
 */
export async function writeRollupWorkbook(
	stream: Writable,
	input: {
		t: Translate;
		rows: UnitFigures[];
		total: ReturnType<typeof totalOf>;
		detail: Awaited<ReturnType<typeof readRollupDetail>>;
	},
): Promise<void> {
	const { t, detail } = input;
	const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true });
	const frozen = [{ state: "frozen" as const, ySplit: 1 }];

	const summary = workbook.addWorksheet(t("reports.sheet.summary"), { views: frozen });
	header(summary, [
		{ header: t("reports.col.unit"), width: 24 },
		{ header: t("reports.col.units"), width: 8 },
		{ header: t("reports.chart.withSystem"), width: 12 },
		{ header: t("reports.chart.regularHeld"), width: 12 },
		{ header: t("reports.col.extraordinary"), width: 10 },
		{ header: t("reports.col.minutes"), width: 10 },
		{ header: t("reports.col.minutesDays"), width: 14 },
		...topicCategories.map((n) => ({
			header: t("reports.xlsx.topicsOf", { category: t(`topic.category.${n}`) }),
			width: 16,
		})),
		{ header: t("reports.col.matters"), width: 10 },
		{ header: t("reports.col.closed"), width: 10 },
		{ header: t("reports.col.done"), width: 12 },
		{ header: t("reports.col.inProgress"), width: 10 },
		{ header: t("reports.col.overdue"), width: 8 },
		{ header: t("reports.col.extendedAfterOverdue"), width: 12 },
		{ header: t("reports.col.repliesOverdue"), width: 14 },
		{ header: t("reports.col.onTime"), width: 12 },
		{ header: t("reports.col.closeDays"), width: 14 },
		{ header: t("reports.col.publicity"), width: 8 },
		{ header: t("reports.flag.notPublicised"), width: 14 },
		{ header: t("reports.col.flags"), width: 40 },
	]);
	const summaryRow = (name: string, r: ReturnType<typeof totalOf>) => {
		const row = summary.addRow([
			name,
			r.units,
			r.withSystem,
			r.regularHeld,
			r.extraordinary,
			r.minutesIssued,
			r.minutesDaysAvg === null ? null : Number(r.minutesDaysAvg.toFixed(1)),
			...r.topics,
			r.matters,
			r.mattersClosed,
			r.mattersDone,
			r.mattersInProgress,
			r.mattersOverdue,
			r.extendedAfterOverdue,
			r.repliesOverdue,
			r.onTimeRate,
			r.closeDaysAvg === null ? null : Number(r.closeDaysAvg.toFixed(1)),
			r.publicity,
			r.notPublicised,
			r.flags.map((f) => t(`reports.flag.${f}`)).join("、"),
		]);
		// 按期办结率 (the 22nd column) as a percentage.
		row.getCell(22).numFmt = "0%";
		row.commit();
	};
	for (const r of input.rows) summaryRow(r.own ? t("reports.own", { unit: r.name }) : r.name, r);
	summaryRow(t("reports.total"), input.total);
	summary.commit();

	const matters = workbook.addWorksheet(t("reports.sheet.matters"), { views: frozen });
	header(matters, [
		{ header: t("reports.col.unit"), width: 20 },
		{ header: t("reports.xlsx.meeting"), width: 30 },
		{ header: t("reports.xlsx.minutes"), width: 24 },
		{ header: t("reports.xlsx.content"), width: 50 },
		{ header: t("reports.xlsx.lead"), width: 18 },
		{ header: t("reports.xlsx.co"), width: 24 },
		{ header: t("reports.xlsx.deadline"), width: 12 },
		{ header: t("reports.xlsx.status"), width: 10 },
		{ header: t("reports.xlsx.overdueDays"), width: 10 },
	]);
	for (const m of detail.matters) {
		const row = matters.addRow([
			m.unit,
			m.meeting,
			m.minutes,
			m.content,
			m.lead,
			m.co,
			new Date(`${m.deadline}T00:00:00Z`),
			t(`matters.status.${m.status}` as never),
			m.overdueDays,
		]);
		row.getCell(7).numFmt = "yyyy-mm-dd";
		row.commit();
	}
	matters.commit();

	const systems = workbook.addWorksheet(t("reports.sheet.systems"), { views: frozen });
	header(systems, [
		{ header: t("reports.col.unit"), width: 24 },
		{ header: t("reports.xlsx.kind"), width: 20 },
		{ header: t("reports.col.system"), width: 10 },
		{ header: t("reports.xlsx.docNumber"), width: 26 },
		{ header: t("reports.xlsx.issuedOn"), width: 12 },
		{ header: t("reports.xlsx.versions"), width: 8 },
	]);
	for (const s of detail.systems) {
		const row = systems.addRow([
			s.unit,
			t(`tenantKind.${s.kind}`),
			t(s.docNumber ? "reports.yes" : "reports.no"),
			s.docNumber,
			s.issuedOn ? new Date(`${s.issuedOn}T00:00:00Z`) : null,
			s.versions,
		]);
		row.getCell(5).numFmt = "yyyy-mm-dd";
		row.commit();
	}
	systems.commit();
	await workbook.commit();
}
