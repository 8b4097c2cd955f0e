import type { Writable } from "node:stream";
import ExcelJS from "exceljs";
import type { Kysely } from "kysely";
import { topicCategories } from "#app/domain/meetings/topic-rules.ts";
import type { Translate } from "#app/i18n/i18n.ts";
import { type Actor, runAsSnapshot } from "#db/run-as.ts";
import type { Database } from "#db/schema.ts";
import { type DetailScope, type RollupDetail, rollupDetail } from "./rollup-detail.server.ts";
import { rollupRows, totalOf, type UnitFigures } from "./rollup-figures.server.ts";

/** The client went away: the download stops, and its snapshot is let go. */
export class DownloadAborted extends Error {
	constructor() {
		super("the client closed the download");
		this.name = "DownloadAborted";
	}
}

/** Resolves at `emitter`'s next 'drain', or rejects when the response closes first. */
function drained(emitter: NodeJS.EventEmitter, stream: Writable): Promise<void> {
	return new Promise((resolve, reject) => {
		const done = (closed: boolean) => () => {
			emitter.off("drain", onDrain);
			stream.off("close", onClose);
			if (closed) reject(new DownloadAborted());
			else resolve();
		};
		const onDrain = done(false);
		const onClose = done(true);
		emitter.once("drain", onDrain);
		stream.once("close", onClose);
	});
}

/**
 * Back-pressure: waits until the response has room and the sheet's part is no longer queued in
 * front of the zip (exceljs writes a part into the zip without waiting, so a slow client would
 * otherwise leave the rows piling up there), and stops once the response is closed.
 */
async function room(stream: Writable, sheet: ExcelJS.Worksheet): Promise<void> {
	for (;;) {
		if (stream.destroyed) throw new DownloadAborted();
		if (stream.writableNeedDrain) {
			await drained(stream, stream);
			continue;
		}
		// The part's buffer (exceljs' StreamBuf) and the zip entry it feeds: internal, so looked at warily.
		const part = (sheet as unknown as { _stream?: { pipes?: NodeJS.WritableStream[] } })._stream;
		const full = part?.pipes?.find(
			(p) => (p as { _writableState?: { needDrain?: boolean } })._writableState?.needDrain,
		);
		if (!full) return;
		await drained(full, stream);
	}
}

/** 汇总 rows written between two waits for the response. */
const summaryBatch = 500;

/**
 * The statistics export: the workbook written into `stream` from one read-only snapshot of its own
 * (db/run-as.ts runAsSnapshot, held while the rows are written, let go when the writing ends, fails
 * or the client closes the download): the summary's rows (the page's, in the tree's order) and then
 * the detail, read a batch at a time as it is written — both sheets as of one moment.
 */
export function exportRollupWorkbook(
	db: Kysely<Database>,
	actor: Actor,
	scope: DetailScope,
	stream: Writable,
	input: { t: Translate; batchSize?: number },
): Promise<void> {
	return runAsSnapshot(db, actor, async (tx) => {
		const rows = await rollupRows(tx, scope);
		return writeRollupWorkbook(stream, {
			t: input.t,
			rows,
			total: totalOf(rows),
			detail: rollupDetail(tx, scope, input.batchSize),
		});
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
 * frozen header rows, real dates and numbers. Each batch of detail is read once the response has
 * taken the one before (back-pressure), so memory does not grow with the tree.
 */
async function writeRollupWorkbook(
	stream: Writable,
	input: {
		t: Translate;
		rows: UnitFigures[];
		total: ReturnType<typeof totalOf>;
		detail: RollupDetail;
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
	for (const [i, r] of input.rows.entries()) {
		summaryRow(r.own ? t("reports.own", { unit: r.name }) : r.name, r);
		// Ten thousand children are ten thousand rows: they too wait for the response.
		if (i % summaryBatch === summaryBatch - 1) await room(stream, summary);
	}
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
	for await (const batch of detail.matters) {
		for (const m of batch) {
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
		await room(stream, matters);
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
	for await (const batch of detail.systems) {
		for (const s of batch) {
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
		await room(stream, systems);
	}
	systems.commit();
	// Finishing the zip waits for the response to take the rest: not for a client that has gone.
	const gone = new Promise<never>((_, reject) =>
		stream.once("close", () => {
			if (!stream.writableFinished) reject(new DownloadAborted());
		}),
	);
	gone.catch(() => {});
	await Promise.race([workbook.commit(), gone]);
}
