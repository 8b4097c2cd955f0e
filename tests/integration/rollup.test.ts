import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { publicityOverdue } from "#app/domain/rollup/publicity-rule.ts";
import { rollupDetail } from "#app/domain/rollup/rollup-detail.server.ts";
import { readRollup, totalOf } from "#app/domain/rollup/rollup-figures.server.ts";
import { reportYears } from "#app/domain/rollup/rollup-options.ts";
import { readTrends } from "#app/domain/rollup/rollup-trends.server.ts";
import { exportRollupWorkbook } from "#app/domain/rollup/rollup-workbook.server.ts";
import { translator } from "#app/i18n/i18n.ts";
import { chinaToday } from "#app/lib/china-time.ts";
import { runAsSnapshot } from "#db/run-as.ts";
import {
	createMember,
	createTenant,
	openIntegrationDatabase,
	type TenantFixture,
} from "#tests/support/integration-db.ts";
import { publishedHistory } from "#tests/support/published-history.ts";

/** Every batch the detail reader gives, in order. */
async function batchesOf<T>(batches: AsyncIterable<T[]>): Promise<T[][]> {
	const all: T[][] = [];
	for await (const batch of batches) all.push(batch);
	return all;
}

/**
 * W1–W3 roll-up: figures of a small tree made here (city → county A → its association; county B;
 * an industry body), compared with independent counts, at every depth, never showing a sibling.
 */
const db = await openIntegrationDatabase();
const YEAR = 2025;
const TODAY = "2026-02-10";
let city: TenantFixture;
let countyA: TenantFixture;
let association: TenantFixture;
let countyB: TenantFixture;
let industry: TenantFixture;
const actors = new Map<string, { userId: string; tenantId: string }>();

async function unit(kind: "city" | "county" | "industry", parentId?: string) {
	const t = await createTenant(db, { kind, parentId: parentId ?? null });
	const user = await createMember(db, t.id, ["gov_office"]);
	actors.set(t.id, { userId: user.id, tenantId: t.id });
	return t;
}

const history = (t: TenantFixture, options: Omit<Parameters<typeof publishedHistory>[2], "year">) =>
	publishedHistory(db, t, { year: YEAR, ...options });

beforeAll(async () => {
	city = await unit("city");
	countyA = await unit("county", city.id);
	association = await unit("industry", countyA.id);
	countyB = await unit("county", city.id);
	industry = await unit("industry", city.id);
	await history(countyA, {
		system: true,
		heldOn: "2025-03-01",
		issuedOn: "2025-03-15",
		matters: [
			["verified", "2025-12-31"],
			["in_progress", "2025-06-30"],
			["assigned", "2026-06-30"],
		],
		topics: [4, 4, 6],
	});
	await history(association, { system: true, heldOn: "2025-09-01", topics: [1] });
	await history(countyB, {
		heldOn: "2025-04-01",
		issuedOn: "2025-04-11",
		matters: [["done", "2025-10-01"]],
		topics: [3],
	});
	await history(industry, {});
});

describe("roll-up figures", () => {
	it("rolls each child's subtree into its row and matches independent counts", async () => {
		const { rows } = await readRollup(db.app, actors.get(city.id) as never, {
			baseId: city.id,
			year: YEAR,
			today: TODAY,
		});
		expect(rows.map((r) => r.id).sort()).toEqual([countyA.id, countyB.id, industry.id].sort());
		const a = rows.find((r) => r.id === countyA.id);
		expect(a).toMatchObject({
			hasChildren: true,
			units: 2,
			withSystem: 2,
			regularHeld: 2,
			regularHeldOn: "2025-03-01",
			minutesIssued: 1,
			minutesDaysAvg: 14,
			// The association's meeting of 2025-09-01 has no minutes 30 days on.
			minutesLate: 1,
			topics: [1, 0, 0, 2, 0, 1, 0],
			matters: 3,
			mattersClosed: 1,
			mattersInProgress: 1,
			mattersOverdue: 1,
		});
		expect(a?.flags).toEqual(expect.arrayContaining(["minutesLate", "overdueMatters"]));
		const b = rows.find((r) => r.id === countyB.id);
		expect(b).toMatchObject({
			units: 1,
			withSystem: 0,
			mattersDone: 1,
			mattersOverdue: 0,
			topics: [0, 0, 1, 0, 0, 0, 0],
		});
		expect(b?.flags).toContain("noSystem");
		const total = totalOf(rows);
		// Independent counts, as the owner, over the same units.
		const { rows: counted } = await sql<{ units: number; matters: number; topics: number; overdue: number }>`
			select (select count(*) from tenants where parent_id = ${city.id} or parent_id = ${countyA.id})::int as units,
				(select count(*) from decided_matters where tenant_id in (${countyA.id}, ${association.id}, ${countyB.id}, ${industry.id}))::int as matters,
				(select count(*) from topics where tenant_id in (${countyA.id}, ${association.id}, ${countyB.id}, ${industry.id}))::int as topics,
				(select count(*) from decided_matters where status in ('assigned', 'in_progress') and deadline < ${TODAY}::date
					and tenant_id in (${countyA.id}, ${association.id}, ${countyB.id}, ${industry.id}))::int as overdue`.execute(
			db.owner,
		);
		expect({
			units: total.units,
			matters: total.matters,
			topics: total.topics.reduce((x, y) => x + y, 0),
			overdue: total.mattersOverdue,
		}).toEqual(counted[0]);
	});

	it("drills into a child at any depth; a county sees its own subtree and never a sibling", async () => {
		const drilled = await readRollup(db.app, actors.get(city.id) as never, {
			baseId: countyA.id,
			year: YEAR,
			today: TODAY,
		});
		expect(drilled.rows.map((r) => r.id)).toEqual([association.id]);
		const own = await readRollup(db.app, actors.get(countyA.id) as never, {
			baseId: countyA.id,
			year: YEAR,
			today: TODAY,
		});
		expect(own.rows.map((r) => r.id)).toEqual([association.id]);
		const sibling = await readRollup(db.app, actors.get(countyA.id) as never, {
			baseId: countyB.id,
			year: YEAR,
			today: TODAY,
		});
		expect(sibling).toEqual({ base: null, rows: [] });
		const parent = await readRollup(db.app, actors.get(countyB.id) as never, {
			baseId: city.id,
			year: YEAR,
			today: TODAY,
		});
		expect(parent.base).toBeNull();
		// A unit without children sees its own figures.
		const leaf = await readRollup(db.app, actors.get(countyB.id) as never, {
			baseId: countyB.id,
			year: YEAR,
			today: TODAY,
		});
		expect(leaf.rows.map((r) => [r.id, r.mattersDone])).toEqual([[countyB.id, 1]]);
	});

	it("trends count units with a system and with the year's meeting", async () => {
		const trends = await readTrends(db.app, actors.get(city.id) as never, { baseId: city.id, from: 2023, to: 2025 });
		expect(trends).toEqual([
			{ year: 2023, units: 4, withSystem: 0, regularHeld: 0 },
			{ year: 2024, units: 4, withSystem: 2, regularHeld: 0 },
			{ year: 2025, units: 4, withSystem: 2, regularHeld: 3 },
		]);
	});

	it("keeps topic counts and closing days current in the same transaction", async () => {
		const before = await db.owner.selectFrom("topic_counts").selectAll().where("tenant_id", "=", countyB.id).execute();
		expect(before).toEqual([{ tenant_id: countyB.id, year: YEAR, category: 3, topics: 1 }]);
		await db.owner.updateTable("topics").set({ status: "withdrawn" }).where("tenant_id", "=", countyB.id).execute();
		const after = await db.owner
			.selectFrom("topic_counts")
			.select("topics")
			.where("tenant_id", "=", countyB.id)
			.execute();
		expect(after).toEqual([{ topics: 0 }]);
		await db.owner
			.updateTable("decided_matters")
			.set({ status: "verified" })
			.where("tenant_id", "=", countyB.id)
			.execute();
		const closed = await db.owner
			.selectFrom("decided_matters")
			.select("closed_on")
			.where("tenant_id", "=", countyB.id)
			.execute();
		expect(closed[0]?.closed_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
		await db.owner.updateTable("decided_matters").set({ status: "done" }).where("tenant_id", "=", countyB.id).execute();
		await db.owner.updateTable("topics").set({ status: "agreed" }).where("tenant_id", "=", countyB.id).execute();
	});

	it("keeps the unit-year summaries exact through every kind of change (compared in one snapshot)", async () => {
		const units = [countyA.id, association.id, countyB.id, industry.id];
		// Changes of each kind the triggers follow: matter status and deadline, minutes issued late and
		// back, a meeting moved to another year and back.
		await db.owner
			.updateTable("decided_matters")
			.set({ status: "verified" })
			.where("tenant_id", "=", countyA.id)
			.execute();
		await db.owner
			.updateTable("decided_matters")
			.set({ deadline: "2027-01-31" })
			.where("tenant_id", "=", countyB.id)
			.execute();
		await db.owner
			.updateTable("minutes")
			.set({ issued_on: "2025-06-30" })
			.where("tenant_id", "=", countyB.id)
			.execute();
		await db.owner.updateTable("meetings").set({ year: 2024 }).where("tenant_id", "=", association.id).execute();
		const drift = async () => {
			const { rows } = await sql<{ tenant_id: string; year: number; kept: unknown; fresh: unknown }>`
				select f.tenant_id, f.year,
					row(f.regular_on, f.extraordinary, f.minutes_issued, f.minutes_days, f.minutes_issued_late, f.unissued_held,
						f.matters, f.matters_closed, f.matters_done, f.open_deadlines)::text as kept,
					row(
						(select min(m.held_on) from meetings m where m.tenant_id = f.tenant_id and m.year = f.year and m.kind = 'regular'),
						(select count(*) from meetings m where m.tenant_id = f.tenant_id and m.year = f.year and m.kind = 'extraordinary' and m.held_on is not null),
						(select count(*) from minutes n join meetings m on m.id = n.meeting_id where n.tenant_id = f.tenant_id and m.year = f.year and n.status = 'issued' and m.held_on is not null),
						(select coalesce(sum(n.issued_on - m.held_on), 0) from minutes n join meetings m on m.id = n.meeting_id where n.tenant_id = f.tenant_id and m.year = f.year and n.status = 'issued' and m.held_on is not null),
						(select count(*) from minutes n join meetings m on m.id = n.meeting_id where n.tenant_id = f.tenant_id and m.year = f.year and n.status = 'issued' and n.issued_on > m.held_on + 30),
						(select coalesce(array_agg(m.held_on order by m.held_on), '{}') from meetings m where m.tenant_id = f.tenant_id and m.year = f.year and m.held_on is not null
							and not exists (select 1 from minutes n where n.meeting_id = m.id and n.status = 'issued')),
						(select count(*) from decided_matters d join meetings m on m.id = d.meeting_id where d.tenant_id = f.tenant_id and m.year = f.year),
						(select count(*) from decided_matters d join meetings m on m.id = d.meeting_id where d.tenant_id = f.tenant_id and m.year = f.year and d.status = 'verified'),
						(select count(*) from decided_matters d join meetings m on m.id = d.meeting_id where d.tenant_id = f.tenant_id and m.year = f.year and d.status = 'done'),
						(select coalesce(array_agg(d.deadline order by d.deadline), '{}') from decided_matters d join meetings m on m.id = d.meeting_id
							where d.tenant_id = f.tenant_id and m.year = f.year and d.status in ('assigned', 'in_progress'))
					)::text as fresh
				from unit_year_figures f where f.tenant_id = any (${units}::uuid[])`.execute(db.owner);
			return rows.filter((r) => r.kept !== r.fresh);
		};
		expect(await drift()).toEqual([]);
		const moved = await db.owner
			.selectFrom("unit_year_figures")
			.select(["year", "regular_on"])
			.where("tenant_id", "=", association.id)
			.orderBy("year")
			.execute();
		expect(moved).toEqual([
			{ year: 2024, regular_on: "2025-09-01" },
			{ year: 2025, regular_on: null },
		]);
		await db.owner.updateTable("meetings").set({ year: YEAR }).where("tenant_id", "=", association.id).execute();
		await db.owner
			.updateTable("minutes")
			.set({ issued_on: "2025-04-11" })
			.where("tenant_id", "=", countyB.id)
			.execute();
		await db.owner
			.updateTable("decided_matters")
			.set({ deadline: "2025-10-01" })
			.where("tenant_id", "=", countyB.id)
			.execute();
		await db.owner
			.updateTable("decided_matters")
			.set({ status: sql`case seq when 1 then 'verified' when 2 then 'in_progress' else 'assigned' end` as never })
			.where("tenant_id", "=", countyA.id)
			.execute();
		expect(await drift()).toEqual([]);
	});

	it("the workbook's 汇总 holds exactly the page's figures; its detail every published matter", async () => {
		const actor = actors.get(city.id) as { userId: string; tenantId: string };
		const { rows } = await readRollup(db.app, actor, { baseId: city.id, year: YEAR, today: TODAY });
		const stream = new PassThrough();
		const chunks: Buffer[] = [];
		stream.on("data", (c) => chunks.push(c));
		const scope = { baseId: city.id, year: YEAR, today: TODAY };
		await exportRollupWorkbook(db.app, actor, scope, stream, { t: translator("zh-CN") });
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load(Buffer.concat(chunks) as never);
		expect(workbook.worksheets.map((w) => w.name)).toEqual(["汇总", "议定事项明细", "制度建立情况"]);
		const summary = workbook.getWorksheet("汇总") as ExcelJS.Worksheet;
		for (const [i, row] of rows.entries()) {
			const cells = summary.getRow(i + 2).values as unknown[];
			expect(cells.slice(1, 7)).toEqual([
				row.name,
				row.units,
				row.withSystem,
				row.regularHeld,
				row.extraordinary,
				row.minutesIssued,
			]);
			expect(cells.slice(8, 15)).toEqual(row.topics);
			expect(cells.slice(15, 20)).toEqual([
				row.matters,
				row.mattersClosed,
				row.mattersDone,
				row.mattersInProgress,
				row.mattersOverdue,
			]);
		}
		expect((summary.getRow(rows.length + 2).values as unknown[])[1]).toBe("合计");
		// Categories by name, 督办逾期未答复 (none here), 按期办结率 as a percentage, 会议结果未宣传 counted beside 宣传.
		const head = summary.getRow(1).values as unknown[];
		expect(head.slice(8, 15)).toEqual([
			"议题：通报事项",
			"议题：产业工人队伍建设改革",
			"议题：劳动关系和谐稳定",
			"议题：职工切身利益",
			"议题：支持工会工作",
			"议题：上次议定事项落实情况",
			"议题：其他事项",
		]);
		expect(head.slice(21, 27)).toEqual([
			"督办逾期未答复",
			"按期办结率",
			"平均办结天数",
			"宣传",
			"会议结果未宣传",
			"提示",
		]);
		const countyARow = summary.getRow(2 + rows.findIndex((r) => r.id === countyA.id));
		expect(countyARow.getCell(21).value).toBe(0);
		expect(countyARow.getCell(22).numFmt).toBe("0%");
		// Its one closed matter was verified on the day the test runs, after its 2025-12-31 deadline.
		expect(countyARow.getCell(22).value).toBe(0);
		// 县A (2025-03-01) and its association (2025-09-01) held meetings with no publicity record by 2026-02-10.
		expect(countyARow.getCell(25).value).toBe(2);
		expect(String(countyARow.getCell(26).value)).toContain("会议结果未宣传");
		const matters = workbook.getWorksheet("议定事项明细") as ExcelJS.Worksheet;
		expect(matters.rowCount - 1).toBe(totalOf(rows).matters);
		expect(matters.getRow(2).getCell(7).value).toBeInstanceOf(Date);
		expect(matters.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
	});
});

/** A held (accepted, published) meeting of `year` held on `heldOn`, with publicity records on `publicised`. */
async function heldMeeting(t: TenantFixture, year: number, seq: number, heldOn: string, publicised: string[] = []) {
	const meeting = await db.owner
		.insertInto("meetings")
		.values({
			tenant_id: t.id,
			year,
			seq,
			kind: "regular",
			status: "held",
			title: `${year}年度联席会议`,
			reason: "年度例会",
			window_from: `${year}-01-01`,
			window_to: `${year}-12-31`,
			held_on: heldOn,
		})
		.returning("id")
		.executeTakeFirstOrThrow();
	for (const day of publicised) await publicise(t, meeting.id, day);
	return meeting.id;
}

async function publicise(t: TenantFixture, meetingId: string, day: string) {
	await db.owner
		.insertInto("publicity")
		.values({ tenant_id: t.id, meeting_id: meetingId, channel: "门户网站", title: "联席会议召开", published_on: day })
		.execute();
}

describe("会议结果未宣传 (O7): a held meeting with no publicity record after 30 days", () => {
	it("is raised on the 31st day, not on the 30th (China time), and cleared by a publicity record", async () => {
		const top = await unit("city");
		const county = await unit("county", top.id);
		const meetingId = await heldMeeting(county, 2026, 1, "2026-10-01");
		const row = async (today: string, year = 2026) => {
			const { rows } = await readRollup(db.app, actors.get(top.id) as never, { baseId: top.id, year, today });
			const r = rows.find((x) => x.id === county.id);
			return { notPublicised: r?.notPublicised, flagged: r?.flags.includes("notPublicised") };
		};
		// Day 30 after 2026-10-01 is 2026-10-31: still in time.
		expect(await row("2026-10-31")).toEqual({ notPublicised: 0, flagged: false });
		expect(await row("2026-11-01")).toEqual({ notPublicised: 1, flagged: true });
		// China time: 16:00 UTC on 31 October is already 1 November in Beijing; 15:59 is not.
		expect(await row(chinaToday(new Date("2026-10-31T15:59:00Z")))).toEqual({ notPublicised: 0, flagged: false });
		expect(await row(chinaToday(new Date("2026-10-31T16:00:00Z")))).toEqual({ notPublicised: 1, flagged: true });
		// The records page reads the same rule.
		expect(publicityOverdue("2026-10-01", false, "2026-10-31")).toBe(false);
		expect(publicityOverdue("2026-10-01", false, "2026-11-01")).toBe(true);
		expect(publicityOverdue("2026-10-01", true, "2026-11-01")).toBe(false);
		expect(publicityOverdue(null, false, "2026-11-01")).toBe(false);

		// Publicised late, on day 33: the flag clears (a record exists).
		await publicise(county, meetingId, "2026-11-03");
		expect(await row("2026-11-05")).toEqual({ notPublicised: 0, flagged: false });
		expect(
			totalOf(
				(await readRollup(db.app, actors.get(top.id) as never, { baseId: top.id, year: 2026, today: "2026-11-05" }))
					.rows,
			).publicity,
		).toBe(1);

		// A December meeting publicised in January: its own year's row clears too (the trigger refreshes the meeting's year).
		const december = await heldMeeting(county, 2025, 1, "2025-12-20");
		// Day 30 after 2025-12-20 is 2026-01-19.
		expect(await row("2026-01-19", 2025)).toEqual({ notPublicised: 0, flagged: false });
		expect(await row("2026-01-20", 2025)).toEqual({ notPublicised: 1, flagged: true });
		await publicise(county, december, "2026-01-25");
		expect(await row("2026-02-10", 2025)).toEqual({ notPublicised: 0, flagged: false });
		// Withdrawn again (the record deleted): raised again.
		await db.owner.deleteFrom("publicity").where("meeting_id", "=", december).execute();
		expect(await row("2026-02-10", 2025)).toEqual({ notPublicised: 1, flagged: true });
	});
});

describe("a unit's breakdown shows the unit itself (本级)", () => {
	it("so that the breakdown adds up to the unit's row on the page above", async () => {
		const actor = actors.get(city.id) as { userId: string; tenantId: string };
		const above = await readRollup(db.app, actor, { baseId: city.id, year: YEAR, today: TODAY });
		const row = above.rows.find((r) => r.id === countyA.id);
		const breakdown = await readRollup(db.app, actor, { baseId: countyA.id, year: YEAR, today: TODAY, own: true });
		expect(breakdown.rows.map((r) => [r.id, r.own, r.units, r.hasChildren])).toEqual([
			[countyA.id, true, 1, false],
			[association.id, false, 1, false],
		]);
		const [self, child] = breakdown.rows;
		expect(self).toMatchObject({ withSystem: 1, regularHeld: 1, matters: 3, mattersClosed: 1, mattersOverdue: 1 });
		expect(self?.topics).toEqual([0, 0, 0, 2, 0, 1, 0]);
		expect(child).toMatchObject({ withSystem: 1, regularHeld: 1, matters: 0, minutesLate: 1 });
		expect(child?.topics).toEqual([1, 0, 0, 0, 0, 0, 0]);
		const pick = (r: ReturnType<typeof totalOf>) => ({
			units: r.units,
			withSystem: r.withSystem,
			regularHeld: r.regularHeld,
			minutesIssued: r.minutesIssued,
			minutesLate: r.minutesLate,
			matters: r.matters,
			mattersClosed: r.mattersClosed,
			mattersOverdue: r.mattersOverdue,
			topics: r.topics,
			publicity: r.publicity,
			notPublicised: r.notPublicised,
		});
		const expected = {
			units: 2,
			withSystem: 2,
			regularHeld: 2,
			minutesIssued: 1,
			minutesLate: 1,
			matters: 3,
			mattersClosed: 1,
			mattersOverdue: 1,
			topics: [1, 0, 0, 2, 0, 1, 0],
			publicity: 0,
			notPublicised: 2,
		};
		expect(pick(totalOf(breakdown.rows))).toEqual(expected);
		expect(pick(row as ReturnType<typeof totalOf>)).toEqual(expected);
		// Without 本级 (the county's own page): its children only, as before.
		const own = await readRollup(db.app, actors.get(countyA.id) as never, {
			baseId: countyA.id,
			year: YEAR,
			today: TODAY,
		});
		expect(own.rows.map((r) => r.id)).toEqual([association.id]);
		// The trends and the workbook cover the same units.
		const trends = await readTrends(db.app, actor, { baseId: countyA.id, from: 2025, to: 2025, own: true });
		expect(trends).toEqual([{ year: 2025, units: 2, withSystem: 2, regularHeld: 2 }]);
		const scope = { baseId: countyA.id, year: YEAR, today: TODAY, own: true };
		const detail = await runAsSnapshot(db.app, actor, async (tx) => {
			const { matters, systems } = rollupDetail(tx, scope);
			return { matters: (await batchesOf(matters)).flat(), systems: (await batchesOf(systems)).flat() };
		});
		expect(detail.matters).toHaveLength(3);
		expect(detail.systems).toHaveLength(2);
		// A unit without children has no 本级 row: it is its own only row.
		const leaf = await readRollup(db.app, actor, { baseId: countyB.id, year: YEAR, today: TODAY, own: true });
		expect(leaf.rows.map((r) => [r.id, r.own])).toEqual([[countyB.id, false]]);
		// The workbook names the row 本级.
		const stream = new PassThrough();
		const chunks: Buffer[] = [];
		stream.on("data", (c) => chunks.push(c));
		await exportRollupWorkbook(db.app, actor, scope, stream, { t: translator("zh-CN") });
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load(Buffer.concat(chunks) as never);
		const names = (workbook.getWorksheet("汇总")?.getSheetValues() ?? []).slice(2).map((r) => (r as unknown[])?.[1]);
		expect(names).toEqual([expect.stringMatching(/（本级）$/), expect.stringMatching(/^测试单位 /), "合计"]);
	});
});

describe("the year selector", () => {
	it("ends at the current year (China time) and never shows a later one", () => {
		const december = reportYears("2026-12-04", {});
		expect(december.year).toBe(2026);
		expect(december.from).toBe(2023);
		expect(december.options[0]).toBe(2026);
		expect(december.options).toHaveLength(10);
		expect(december.options.at(-1)).toBe(2017);
		expect(december.options).not.toContain(2027);
		// Asked for next year: this year.
		expect(reportYears("2026-12-04", { year: 2027, from: 2027 })).toMatchObject({ year: 2026, from: 2026 });
		// An older trend start is still offered.
		expect(reportYears("2026-12-04", { year: 2020, from: 2010 }).options.at(-1)).toBe(2010);
		// New Year's Eve, 23:59 in Beijing is still 2026; a minute later it is 2027.
		expect(reportYears(chinaToday(new Date("2026-12-31T15:59:00Z")), {}).options[0]).toBe(2026);
		expect(reportYears(chinaToday(new Date("2026-12-31T16:00:00Z")), {}).options[0]).toBe(2027);
	});
});
