import path from "node:path";
import ExcelJS from "exceljs";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { zipEntryNames } from "#app/domain/files/zip-entries.ts";
import { reportFieldListSchema } from "#app/domain/report-requests/report-fields.ts";
import { localFileStore } from "#app/lib/file-store.server.ts";
import { type DatabaseHandle, openDatabase } from "#db/client.ts";
import { parseDatabaseEnv } from "#db/database-env.ts";
import { HttpClient } from "#tests/support/http-client.ts";
import { xlsxSheetsAsCsv } from "#tests/support/libreoffice.ts";
import { readZipEntry } from "#tests/support/read-zip.ts";

/**
 * The report request's downloads over HTTP (issue 22 §2, §4, §5): the template for a unit it was sent
 * to, the summary workbook and the documents zip for the unit that asked — and nothing for anyone
 * else. The requests are made here (as the owner) so that the figures are known: 灵宝市 and 卢氏县
 * have reported, 义马市 has only a draft (which must stay in 义马市), 湖滨区 was not asked.
 */
let db: DatabaseHandle;
let formId = "";
let documentsId = "";

const fields = reportFieldListSchema.parse([
	{ key: "cases", label: "协调欠薪案件", type: "integer", required: true, min: 0, unit: "件" },
	{ key: "amount", label: "追回金额", type: "decimal", unit: "万元", scale: 2 },
	{ key: "system", label: "建立制度", type: "yes_no" },
]);

beforeAll(async () => {
	db = await openDatabase({ env: parseDatabaseEnv({ DATABASE_URL: inject("databaseUrl") }) });
	const ids = Object.fromEntries(
		(
			await db.owner
				.selectFrom("tenants")
				.select(["slug", "id"])
				.where("slug", "in", ["smx", "lingbao", "lushi", "yima"])
				.execute()
		).map((t) => [t.slug, t.id]),
	) as Record<string, string>;
	const stored = new TextEncoder().encode("灵宝市落实情况报告（测试）");
	const sha256 = await localFileStore(path.join(inject("dataDir"), "files")).put(stored);
	await db.owner.transaction().execute(async (tx) => {
		const request = async (title: string, kind: "form" | "documents") =>
			(
				await sql<{ id: string }>`
				insert into report_requests (tenant_id, title, kind, period_kind, period_key, due_on, scope, fields, series_id)
				values (${ids.smx}, ${title}, ${kind}, 'quarter', '2026-Q3', '2026-10-15', 'picked',
					${JSON.stringify(kind === "form" ? fields : [])}::jsonb, gen_random_uuid())
				returning id`.execute(tx)
			).rows[0]?.id as string;
		formId = await request("下载测试：欠薪治理情况", "form");
		documentsId = await request("下载测试：落实情况材料", "documents");
		for (const [id, unit, state, values] of [
			[formId, "lingbao", "submitted", { cases: 12, amount: 3.5, system: true }],
			[formId, "lushi", "submitted", { cases: 5, amount: 0.25, system: false }],
			[formId, "yima", "draft", { cases: 777, amount: 1, system: true }],
			[documentsId, "lingbao", "submitted", {}],
		] as const) {
			const reported = state === "submitted";
			await sql`
				insert into report_targets (tenant_id, request_id, unit_id, reviewer_id, depth, status, version, reported_at, reported_on)
				values (${ids.smx}, ${id}, ${ids[unit]}, ${ids.smx}, 1, ${state}, 1,
					${reported ? sql`'2026-10-09T02:30:00Z'::timestamptz` : null}, ${reported ? "2026-10-09" : null})`.execute(
				tx,
			);
			await sql`
				insert into report_submissions (tenant_id, request_id, unit_id, version, state, "values", reported_at)
				values (${ids.smx}, ${id}, ${ids[unit]}, 1, ${state}, ${JSON.stringify(values)}::jsonb,
					${reported ? sql`'2026-10-09T02:30:00Z'::timestamptz` : null})`.execute(tx);
		}
		const file = await sql<{ id: string }>`
			insert into files (tenant_id, sha256, size_bytes, content_type, original_name)
			values (${ids.lingbao}, ${sha256}, ${stored.length}, 'application/pdf', '落实情况报告.pdf') returning id`.execute(
			tx,
		);
		await sql`
			insert into report_submission_files (tenant_id, file_id, request_tenant_id, request_id, version, field_key)
			values (${ids.lingbao}, ${file.rows[0]?.id}, ${ids.smx}, ${documentsId}, 1, '')`.execute(tx);
	});
});

afterAll(async () => {
	await db?.close();
});

async function client(email: string) {
	const c = new HttpClient();
	await c.signIn(email);
	return c;
}

describe("report request downloads", () => {
	it("the city exports the summary: reported units, the total, and the units not reported (a draft stays in its unit)", async () => {
		const office = await client("gov_office@smx.demo");
		const response = await office.request(`/t/smx/report-requests/${formId}/summary.xlsx`);
		expect(response.status).toBe(200);
		expect(response.headers.get("content-type")).toBe(
			"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		);
		expect(response.headers.get("content-disposition")).toContain(
			`filename*=UTF-8''${encodeURIComponent("下载测试：欠薪治理情况-2026年第3季度-汇总.xlsx")}`,
		);
		const sheets = await xlsxSheetsAsCsv(await response.arrayBuffer());
		const lines = (sheets.get("汇总") ?? "").trim().split("\n");
		expect(lines[0]).toBe("单位,所属,状态,上报时间,协调欠薪案件（件）,追回金额（万元）,建立制度");
		// The units in tree order (a path of ids: either order here), then the total and the average.
		expect(lines.slice(1, 3).sort()).toEqual([
			"卢氏县,,已报,2026-10-09 10:30,5,0.25,否",
			"灵宝市,,已报,2026-10-09 10:30,12,3.5,是",
		]);
		expect(lines.slice(3)).toEqual(["合计,,,,17,3.75,是 1 家、否 1 家", "平均,,,,8.5,1.875,"]);
		expect((sheets.get("未报单位") ?? "").trim().split("\n")).toEqual([
			"单位,上级单位,状态",
			"义马市,三门峡市,逾期未报",
		]);
		expect([...sheets.values()].join("")).not.toContain("777");
	}, 120_000);

	it("the demo's annual request: the export's rows and totals agree with independent SQL", async () => {
		const request = await db.owner
			.selectFrom("report_requests as r")
			.innerJoin("tenants as c", "c.id", "r.tenant_id")
			.select(["r.id", "r.tenant_id"])
			.where("c.slug", "=", "smx")
			.where("r.title", "=", "2026年度联席会议制度落实情况报送")
			.executeTakeFirstOrThrow();
		const office = await client("gov_office@smx.demo");
		const response = await office.request(`/t/smx/report-requests/${request.id}/summary.xlsx`);
		expect(response.status).toBe(200);
		const bytes = await response.arrayBuffer();
		const figures = await sql<{ units: number; missing: number; f1: number; f5: string }>`
			select count(*) filter (where t.status in ('submitted', 'accepted'))::int as units,
				count(*) filter (where t.status not in ('submitted', 'accepted'))::int as missing,
				coalesce(sum((s."values"->>'f1')::int) filter (where t.status in ('submitted', 'accepted')), 0)::int as f1,
				coalesce(sum((s."values"->>'f5')::numeric) filter (where t.status in ('submitted', 'accepted')), 0)::text as f5
			from report_targets t
			left join report_submissions s on s.tenant_id = t.tenant_id and s.request_id = t.request_id
				and s.unit_id = t.unit_id and s.version = t.version
			where t.tenant_id = ${request.tenant_id} and t.request_id = ${request.id}`.execute(db.owner);
		const expected = figures.rows[0];
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load(bytes);
		const summary = workbook.getWorksheet("汇总") as ExcelJS.Worksheet;
		// A header, a row per reported unit, 合计 and 平均.
		expect(summary.rowCount).toBe(1 + (expected?.units ?? -1) + 2);
		const total = summary.getRow(summary.rowCount - 1);
		expect(total.getCell(1).value).toBe("合计");
		expect(total.getCell(5).value).toBe(expected?.f1);
		expect(total.getCell(9).value).toBe(Number(expected?.f5));
		expect((workbook.getWorksheet("未报单位") as ExcelJS.Worksheet).rowCount).toBe(1 + (expected?.missing ?? -1));
		// LibreOffice opens it.
		expect([...(await xlsxSheetsAsCsv(bytes)).keys()].sort()).toEqual(["未报单位", "汇总"].sort());
	}, 120_000);

	it("a unit it was sent to downloads its template pre-filled with what it reported", async () => {
		const lushi = await client("gov_office@lushi.demo");
		const response = await lushi.request(`/t/lushi/report-requests/${formId}/template.xlsx`);
		expect(response.status).toBe(200);
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load(await response.arrayBuffer());
		const sheet = workbook.worksheets[0] as ExcelJS.Worksheet;
		expect(sheet.getCell("A2").value).toBe("填报单位：卢氏县");
		expect([5, 6, 7].map((r) => [sheet.getCell(`E${r}`).value, sheet.getCell(`C${r}`).value])).toEqual([
			["cases", 5],
			["amount", 0.25],
			["system", "否"],
		]);
		// The summary and the documents are the asking unit's, not the reporting unit's.
		expect((await lushi.request(`/t/lushi/report-requests/${formId}/summary.xlsx`)).status).toBe(404);
		expect((await lushi.request(`/t/lushi/report-requests/${documentsId}/documents.zip`)).status).toBe(404);
	}, 60_000);

	it("the city downloads the documents as a zip with a folder per unit", async () => {
		const office = await client("gov_office@smx.demo");
		const response = await office.request(`/t/smx/report-requests/${documentsId}/documents.zip`);
		expect(response.status).toBe(200);
		expect(response.headers.get("content-type")).toBe("application/zip");
		const zip = new Uint8Array(await response.arrayBuffer());
		expect(zipEntryNames(zip)).toEqual(["灵宝市/落实情况报告.pdf"]);
		expect(readZipEntry(zip, "灵宝市/落实情况报告.pdf")).toBe("灵宝市落实情况报告（测试）");
		// A form request has no template for the unit that asked it.
		expect((await office.request(`/t/smx/report-requests/${formId}/template.xlsx`)).status).toBe(404);
	});

	it("a unit the request was not sent to, and another tenant's URL, get nothing", async () => {
		const hubin = await client("gov_office@hubin.demo");
		for (const file of [
			`${formId}/template.xlsx`,
			`${formId}/summary.xlsx`,
			`${documentsId}/documents.zip`,
			"not-a-uuid/summary.xlsx",
		]) {
			expect((await hubin.request(`/t/hubin/report-requests/${file}`)).status, file).toBe(404);
			// Through the city's address it is not a member there.
			expect((await hubin.request(`/t/smx/report-requests/${file}`)).status, file).toBe(404);
		}
		const department = await client("department_liaison@smx.demo");
		expect((await department.request(`/t/smx/report-requests/${formId}/summary.xlsx`)).status).toBe(403);
	});
});
