import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "#app/domain/auth/password.server.ts";
import { readRollup, readRollupBase, totalOf } from "#app/domain/rollup/rollup-figures.server.ts";
import { exportRollupWorkbook } from "#app/domain/rollup/rollup-workbook.server.ts";
import { translator } from "#app/i18n/i18n.ts";
import { localFileStore } from "#app/lib/file-store.server.ts";
import { type DatabaseHandle, openDatabase } from "#db/client.ts";
import { parseDatabaseEnv } from "#db/database-env.ts";
import { migrateToLatest } from "#db/migrate.ts";
import { withRequestUnit } from "#db/request-unit.ts";
import { seedDemo } from "#db/seed/seed-demo.ts";

// The statistics export on the embedded default's one connection: the page view's unit of work holds
// it while the loader runs, and the export's own snapshot (a cursor, read in batches) takes it after.
let db: DatabaseHandle;
const files = localFileStore(path.join(mkdtempSync(path.join(tmpdir(), "lianxi-pglite-export-")), "files"));

beforeAll(async () => {
	db = await openDatabase({ env: parseDatabaseEnv({}), inMemory: true });
	await migrateToLatest(db.owner);
	await seedDemo(db.owner, { hashPassword, files });
});
afterAll(() => db.close());

describe("the statistics export on PGlite", () => {
	it("streams after the page view's unit of work, in batches, with every published matter", async () => {
		const city = await db.owner.selectFrom("tenants").select("id").where("slug", "=", "smx").executeTakeFirstOrThrow();
		const user = await db.owner
			.selectFrom("users")
			.select("id")
			.where("email", "=", "gov_office@smx.demo")
			.executeTakeFirstOrThrow();
		const actor = { userId: user.id, tenantId: city.id };
		const scope = { baseId: city.id, year: 2025, today: "2026-02-10" };
		const stream = new PassThrough();
		const chunks: Buffer[] = [];
		stream.on("data", (c) => chunks.push(c));
		// As the route does: the export starts inside the unit of work and is not waited for there.
		const { base, writing } = await withRequestUnit(db.app, { eager: true }, async () => {
			const base = await readRollupBase(db.app, actor, scope.baseId);
			const t = translator("zh-CN");
			return { base, writing: exportRollupWorkbook(db.app, actor, scope, stream, { t, batchSize: 3 }) };
		});
		await writing;
		expect(base?.id).toBe(city.id);
		const { rows } = await readRollup(db.app, actor, scope);
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load(Buffer.concat(chunks) as never);
		expect(workbook.worksheets.map((w) => w.name)).toEqual(["汇总", "议定事项明细", "制度建立情况"]);
		expect(rows).toHaveLength(11);
		const matters = workbook.getWorksheet("议定事项明细") as ExcelJS.Worksheet;
		// The demo's five published matters of 2025, read three at a time.
		expect(totalOf(rows).matters).toBe(5);
		expect(matters.rowCount - 1).toBe(5);
		// Every unit below the city (its eleven children and one grandchild) has a system row.
		expect((workbook.getWorksheet("制度建立情况") as ExcelJS.Worksheet).rowCount - 1).toBe(12);
	});
});
