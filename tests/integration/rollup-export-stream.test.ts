import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { rollupDetail } from "#app/domain/rollup/rollup-detail.server.ts";
import { DownloadAborted, exportRollupWorkbook } from "#app/domain/rollup/rollup-workbook.server.ts";
import { translator } from "#app/i18n/i18n.ts";
import { runAs, runAsSnapshot } from "#db/run-as.ts";
import { createMember, createTenant, openIntegrationDatabase } from "#tests/support/integration-db.ts";

/** Every batch the detail reader gives, in order. */
async function batchesOf<T>(batches: AsyncIterable<T[]>): Promise<T[][]> {
	const all: T[][] = [];
	for await (const batch of batches) all.push(batch);
	return all;
}

/**
 * The statistics export streams (issue: memory must not grow with the tree): its detail is read a
 * batch at a time through a cursor in a read-only snapshot of its own, the workbook is the same
 * whatever the batch, and a download the client abandons lets its connection go. One connection
 * in the app's pool: an export that kept its connection would leave nothing for the next reader.
 */
const db = await openIntegrationDatabase(1);
const YEAR = 2025;
const TODAY = "2026-02-10";
let cityId = "";
let actor = { userId: "", tenantId: "" };
const t = translator("zh-CN");

/** `units` children of the city, each with a held meeting, issued minutes and `matters` matters (content from `content`). */
async function children(parentId: string, prefix: string, units: number, matters: number, content: string) {
	await db.owner.transaction().execute(async (tx) => {
		await sql`
			insert into tenants (slug, kind, name, gov_name, union_name, parent_id)
			select ${prefix} || lpad(i::text, 3, '0'), 'county', '导出测试' || ${prefix} || lpad(i::text, 3, '0'),
				'政府', '工会', ${parentId}
			from generate_series(1, ${units}::int) i`.execute(tx);
		const scope = sql`(select id from tenants where parent_id = ${parentId} and slug like ${`${prefix}%`})`;
		await sql`
			insert into meetings (tenant_id, year, seq, kind, status, title, reason, window_from, window_to,
				scheduled_start, scheduled_end, held_on)
			select s.id, ${YEAR}::int, 1, 'regular', 'minutes_issued', '年度联席会议', '年度例会',
				make_date(${YEAR}, 1, 1), make_date(${YEAR}, 12, 31),
				(make_date(${YEAR}, 5, 10) + time '09:00') at time zone 'Asia/Shanghai',
				(make_date(${YEAR}, 5, 10) + time '11:00') at time zone 'Asia/Shanghai', make_date(${YEAR}, 5, 10)
			from ${scope} s`.execute(tx);
		await sql`insert into departments (tenant_id, name, side, category)
			select s.id, '人社局', 'gov', 'functional' from ${scope} s`.execute(tx);
		await sql`
			insert into minutes (tenant_id, meeting_id, status, number_year, number_seq, issued_on)
			select m.tenant_id, m.id, 'issued', m.year, 1, m.held_on + 12
			from meetings m join ${scope} s on s.id = m.tenant_id`.execute(tx);
		await sql`
			insert into decided_matters (tenant_id, minutes_id, meeting_id, seq, content, lead_department_id,
				co_department_ids, deadline, status)
			select n.tenant_id, n.id, n.meeting_id, k, ${content}, d.id, '{}'::uuid[],
				n.issued_on + 60 * k, (array['assigned', 'in_progress', 'done', 'verified', 'verified'])[1 + k % 5]
			from minutes n join ${scope} s on s.id = n.tenant_id
			join departments d on d.tenant_id = n.tenant_id
			cross join generate_series(1, ${matters}::int) k`.execute(tx);
	});
}

beforeAll(async () => {
	const city = await createTenant(db, { kind: "city" });
	cityId = city.id;
	const user = await createMember(db, city.id, ["gov_office"]);
	actor = { userId: user.id, tenantId: city.id };
	// Three units of two matters: six matters, read two or four at a time.
	await children(city.id, `b${city.slug.slice(2)}-`, 3, 2, "事项");
});

/** The workbook as ExcelJS reads it back: every sheet's name and values. */
async function exported(batchSize: number) {
	const stream = new PassThrough();
	const chunks: Buffer[] = [];
	stream.on("data", (c) => chunks.push(c));
	const scope = { baseId: cityId, year: YEAR, today: TODAY };
	await exportRollupWorkbook(db.app, actor, scope, stream, { t, batchSize });
	const workbook = new ExcelJS.Workbook();
	await workbook.xlsx.load(Buffer.concat(chunks) as never);
	return workbook.worksheets.map((w) => ({ name: w.name, values: w.getSheetValues() }));
}

describe("the statistics export, streamed", () => {
	it("reads the detail in batches of the size asked for, in the page's order", async () => {
		const scope = { baseId: cityId, year: YEAR, today: TODAY };
		const batches = await runAsSnapshot(db.app, actor, async (tx) => {
			const { matters, systems } = rollupDetail(tx, scope, 4);
			return {
				matters: (await batchesOf(matters)).map((b) => b.map((m) => `${m.unit.slice(-3)}:${m.deadline}`)),
				systems: (await batchesOf(systems)).map((b) => b.length),
			};
		});
		// Two batches of four and two; each unit's matters together, in their order (units by tree path).
		expect(batches.matters.map((b) => b.length)).toEqual([4, 2]);
		const flat = batches.matters.flat();
		expect(flat.map((m) => m.slice(4))).toEqual([
			"2025-07-21",
			"2025-09-19",
			"2025-07-21",
			"2025-09-19",
			"2025-07-21",
			"2025-09-19",
		]);
		expect(new Set(flat.map((m) => m.slice(0, 3))).size).toBe(3);
		expect(flat[0]?.slice(0, 3)).toBe(flat[1]?.slice(0, 3));
		expect(flat[2]?.slice(0, 3)).toBe(flat[3]?.slice(0, 3));
		expect(batches.systems).toEqual([3]);
	});

	it("writes the same workbook whatever the batch size", async () => {
		const small = await exported(2);
		const whole = await exported(1000);
		expect(small.map((s) => s.name)).toEqual(["汇总", "议定事项明细", "制度建立情况"]);
		const statuses = small[1]?.values.slice(2).map((r) => (r as unknown[])[8]);
		expect(statuses).toEqual(["办理中", "已完成", "办理中", "已完成", "办理中", "已完成"]);
		expect(small[2]?.values).toHaveLength(5);
		expect(small).toEqual(whole);
	});

	it("runs in a read-only snapshot", async () => {
		const seen = await runAsSnapshot(db.app, actor, async (tx) => {
			const { rows } = await sql<{ iso: string; ro: string }>`
				select current_setting('transaction_isolation') as iso, current_setting('transaction_read_only') as ro`.execute(
				tx,
			);
			return rows[0];
		});
		expect(seen).toEqual({ iso: "repeatable read", ro: "on" });
	});

	it("lets its connection go when the client closes the download", async () => {
		// Enough incompressible detail that an unread response fills and the writer waits for it.
		const big = await createTenant(db, { kind: "city" });
		const user = await createMember(db, big.id, ["gov_office"]);
		const bigActor = { userId: user.id, tenantId: big.id };
		await children(big.id, `w${big.slug.slice(2)}-`, 20, 100, "待定");
		await db.owner
			.updateTable("decided_matters")
			.set({ content: sql`md5(random()::text) || md5(random()::text) || md5(random()::text) || md5(random()::text)` })
			.where("tenant_id", "in", db.owner.selectFrom("tenants").select("id").where("parent_id", "=", big.id))
			.execute();
		const scope = { baseId: big.id, year: YEAR, today: TODAY };
		const stream = new PassThrough();
		const writing = exportRollupWorkbook(db.app, bigActor, scope, stream, { t, batchSize: 7 });
		const settled = writing.then(
			() => "finished",
			(error: unknown) => (error instanceof DownloadAborted ? "aborted" : String(error)),
		);
		const waiting = () =>
			sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
				where datname = current_database() and state = 'idle in transaction'
					and query = 'fetch forward 7 from rollup_matters'`.execute(db.owner);
		// The writer waits, its snapshot open, for a reader that never comes.
		let held = 0;
		for (let i = 0; i < 100 && held === 0; i++) {
			await new Promise((r) => setTimeout(r, 50));
			held = (await waiting()).rows[0]?.n ?? 0;
		}
		expect(held).toBe(1);
		// And goes on waiting there: its last statement is still that fetch.
		await new Promise((r) => setTimeout(r, 300));
		expect((await waiting()).rows[0]?.n).toBe(1);
		expect(await Promise.race([settled, new Promise((r) => setTimeout(() => r("still writing"), 0))])).toBe(
			"still writing",
		);
		stream.destroy();
		expect(await settled).toBe("aborted");
		expect((await waiting()).rows[0]?.n).toBe(0);
		// The pool's one connection is free again: a reader gets it at once.
		const count = await runAs(db.app, bigActor, (tx) =>
			tx
				.selectFrom("tenants")
				.select((eb) => eb.fn.countAll<number>().as("n"))
				.where("parent_id", "=", big.id)
				.executeTakeFirstOrThrow(),
		);
		expect(count.n).toBe(20);
	});
});
