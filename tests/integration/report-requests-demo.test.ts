import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "#app/domain/auth/password.server.ts";
import { readTracker } from "#app/domain/report-requests/read-report-requests.server.ts";
import { readSummaryRows } from "#app/domain/report-requests/read-report-submissions.server.ts";
import { readSummaryPage } from "#app/domain/report-requests/read-summary-page.server.ts";
import { readTrackerPage } from "#app/domain/report-requests/read-tracker-page.server.ts";
import { createDueRecurringRequests } from "#app/domain/report-requests/report-recurrence.server.ts";
import { localFileStore } from "#app/lib/file-store.server.ts";
import { openDatabase } from "#db/client.ts";
import { parseDatabaseEnv } from "#db/database-env.ts";
import { migrateToLatest } from "#db/migrate.ts";
import { seedDemo } from "#db/seed/seed-demo.ts";
import { annualTitle, scaleTitle } from "#db/seed/seed-report-requests.ts";
import { seedScale } from "#db/seed/seed-scale.ts";
import { createTestDatabase } from "#tests/support/test-databases.ts";
import { runReportReminders } from "#workers/reminders/report-reminders.ts";

/**
 * The demo's report requests (issue #22 §8) read through the app as the city, the `--scale` request,
 * the recurring scheduler making the next quarter once, and the reminder sweep keyed per request,
 * unit and period.
 */
const work = mkdtempSync(path.join(tmpdir(), "lianxi-report-demo-"));
let own: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Awaited<ReturnType<typeof openDatabase>>;
let city: { userId: string; tenantId: string };

afterAll(async () => {
	await db?.close();
	await own?.drop();
	rmSync(work, { recursive: true, force: true });
});

beforeAll(async () => {
	own = await createTestDatabase("report_demo");
	db = await openDatabase({ env: parseDatabaseEnv({ DATABASE_URL: own.url }) });
	await migrateToLatest(db.owner);
	await seedDemo(db.owner, { hashPassword, files: localFileStore(path.join(work, "files")) });
	await seedScale(db.owner, 12);
	const smx = await db.owner.selectFrom("tenants").select("id").where("slug", "=", "smx").executeTakeFirstOrThrow();
	const user = await db.owner
		.selectFrom("users")
		.select("id")
		.where("email", "=", "union_staff@smx.demo")
		.executeTakeFirstOrThrow();
	city = { userId: user.id, tenantId: smx.id };
}, 240_000);

const requestIdOf = async (title: string, periodKey: string) =>
	(
		await db.owner
			.selectFrom("report_requests")
			.select("id")
			.where("tenant_id", "=", city.tenantId)
			.where("title", "=", title)
			.where("period_key", "=", periodKey)
			.executeTakeFirstOrThrow()
	).id;

describe("demo report requests", () => {
	it("the annual request: seven reported, one returned, three overdue, of eleven", async () => {
		const id = await requestIdOf(annualTitle, "2026");
		const tracker = await readTracker(db.app, city, id, "2026-12-05");
		expect(tracker?.total).toBe(11);
		expect(tracker?.reported).toBe(7);
		expect(tracker?.counts).toEqual({
			not_started: 0,
			draft: 0,
			pending_approval: 0,
			submitted: 2,
			returned: 1,
			accepted: 4,
			overdue_missing: 3,
			overdue_submitted: 0,
			// 城乡一体化示范区 reported on 2026-12-02, after the deadline, and was accepted: still late.
			accepted_late: 1,
		});
		const summary = await readSummaryRows(db.app, city, id, "2026-12-05");
		const sum = (key: string) => (summary?.reported ?? []).reduce((s, r) => s + Number(r.values[key] ?? 0), 0);
		expect(sum("f1")).toBe(9);
		expect(sum("f2")).toBe(25);
		const { rows } = await sql<{ f1: string; f2: string }>`
			select sum((s.values->>'f1')::int) as f1, sum((s.values->>'f2')::int) as f2 from report_submissions s
			where s.request_id = ${id} and s.state in ('submitted', 'accepted')`.execute(db.owner);
		expect([Number(rows[0]?.f1), Number(rows[0]?.f2)]).toEqual([9, 25]);
		expect(summary?.missing.length).toBe(4);
		// The page's tracker: the same counts from the database, one page of rows, filtered by status.
		const page = await readTrackerPage(db.app, city, id, "2026-12-05", { status: "overdue_missing", limit: 2 });
		expect(page?.counts).toEqual(tracker?.counts);
		expect([page?.total, page?.reported, page?.matching, page?.urgeable]).toEqual([11, 7, 3, 4]);
		expect(page?.rows.map((r) => r.status)).toEqual(["overdue_missing", "overdue_missing"]);
		const rest = await readTrackerPage(db.app, city, id, "2026-12-05", {
			status: "overdue_missing",
			limit: 2,
			offset: 2,
		});
		expect(rest?.rows).toHaveLength(1);
	});

	it("the tracker pages a filtered list; paging changes neither the counts nor the filter's total", async () => {
		const id = await requestIdOf(annualTitle, "2026");
		const names = new Set<string>();
		for (const offset of [0, 2, 4]) {
			const page = await readTrackerPage(db.app, city, id, "2026-12-05", { status: "accepted", limit: 2, offset });
			expect(page?.counts).toEqual({
				not_started: 0,
				draft: 0,
				pending_approval: 0,
				submitted: 2,
				returned: 1,
				accepted: 4,
				overdue_missing: 3,
				overdue_submitted: 0,
				accepted_late: 1,
			});
			expect([page?.total, page?.reported, page?.matching, page?.rate]).toEqual([11, 7, 4, 7 / 11]);
			expect(page?.rows.every((r) => r.status === "accepted")).toBe(true);
			expect(page?.rows).toHaveLength(offset === 4 ? 0 : 2);
			for (const r of page?.rows ?? []) names.add(r.unitName);
		}
		// Page 2 of the filtered list carries on where page 1 stopped: four different units in all (the
		// fifth accepted, 城乡一体化示范区, reported late and is under 逾期已报（已通过）).
		expect([...names].sort()).toEqual(["卢氏县", "渑池县", "湖滨区", "陕州区"].sort());
		const late = await readTrackerPage(db.app, city, id, "2026-12-05", { status: "accepted_late" });
		expect(late?.rows.map((r) => r.unitName)).toEqual(["城乡一体化示范区"]);
	});

	it("the summary page's overall figures, computed in SQL, are the demo's; its lines and missing units page", async () => {
		const id = await requestIdOf(annualTitle, "2026");
		const first = await readSummaryPage(db.app, city, id, "2026-12-05", {
			groups: { limit: 3, offset: 0 },
			missing: { limit: 3, offset: 0 },
		});
		// The seven reported units (湖滨区 2/6/5/12.5/好, 陕州区 1/4/4/8/好, 渑池县 1/3/2/6.3/较好,
		// 卢氏县 1/2/1/5/一般, 义马市 2/5/5/10/好, 示范区 1/2/2/3.2/较好, 建设 1/3/1/0/较好; all 是).
		expect(first?.overall).toEqual({
			units: 7,
			fields: {
				f1: { kind: "numeric", sum: 9, avg: 1.29, count: 7 },
				f2: { kind: "numeric", sum: 25, avg: 3.57, count: 7 },
				f3: { kind: "numeric", sum: 20, avg: 2.86, count: 7 },
				f4: {
					kind: "counts",
					counts: [
						{ option: "yes", count: 7 },
						{ option: "no", count: 0 },
					],
					count: 7,
				},
				f5: { kind: "numeric", sum: 45, avg: 6.4286, count: 7 },
				f6: {
					kind: "counts",
					counts: [
						{ option: "好", count: 3 },
						{ option: "较好", count: 3 },
						{ option: "一般", count: 1 },
					],
					count: 7,
				},
			},
		});
		// Text fields are read per unit, not summed.
		expect(first?.fields.map((f) => f.key)).toEqual(["f1", "f2", "f3", "f4", "f5", "f6"]);
		expect([first?.groupCount, first?.groups.length, first?.missingCount, first?.missing.length]).toEqual([7, 3, 4, 3]);
		const last = await readSummaryPage(db.app, city, id, "2026-12-05", {
			groups: { limit: 3, offset: 6 },
			missing: { limit: 3, offset: 3 },
		});
		expect(last?.overall).toEqual(first?.overall);
		expect([last?.groups.length, last?.missing.length]).toEqual([1, 1]);
		// Every direct child is its own line: its figures are its own.
		const lines = [...(first?.groups ?? []), ...(last?.groups ?? [])];
		for (const g of lines) expect(g.units).toBe(1);
		const missing = [...(first?.missing ?? []), ...(last?.missing ?? [])];
		expect(missing.map((m) => `${m.unitName}:${m.status}`).sort()).toEqual(
			[
				"经济开发区:returned",
				"灵宝市:overdue_missing",
				"现代服务业开发区:overdue_missing",
				"市快递行业协会:overdue_missing",
			].sort(),
		);
	});

	it("the --scale request reaches every direct child, its figures summed as SQL sums them", async () => {
		const id = await requestIdOf(scaleTitle, "2026");
		const tracker = await readTracker(db.app, city, id, "2026-12-05");
		expect(tracker?.total).toBe(23);
		const summary = await readSummaryRows(db.app, city, id, "2026-12-05");
		const sum = (summary?.reported ?? []).reduce((s, r) => s + Number(r.values.f1), 0);
		const { rows } = await sql<{ n: number; f1: string }>`
			select count(*)::int as n, sum((s.values->>'f1')::int) as f1 from report_submissions s
			where s.request_id = ${id} and s.state in ('submitted', 'accepted')`.execute(db.owner);
		expect(summary?.reported.length).toBe(rows[0]?.n);
		expect(sum).toBe(Number(rows[0]?.f1));
		expect(rows[0]?.n).toBeGreaterThan(10);
	});

	it("the scheduler makes the next quarter's request once, and the sweep reminds each unit once", async () => {
		expect(await createDueRecurringRequests(db, "2026-12-31")).toEqual({ created: 0 });
		expect(await createDueRecurringRequests(db, "2027-01-01")).toEqual({ created: 1 });
		expect(await createDueRecurringRequests(db, "2027-01-01")).toEqual({ created: 0 });
		const q4 = await requestIdOf("工会参与劳动争议调处情况季报", "2026-Q4");
		const q4Row = await db.owner
			.selectFrom("report_requests")
			.select(["due_on", "series_id", "matter_id"])
			.where("id", "=", q4)
			.executeTakeFirstOrThrow();
		const q2 = await requestIdOf("工会参与劳动争议调处情况季报", "2026-Q2");
		expect(q4Row.due_on).toBe("2027-01-15");
		expect(q4Row.series_id).toBe(q2);
		// Six demo counties and four scale units of kind county (3, 6, 9, 12).
		const targets = await db.owner
			.selectFrom("report_targets")
			.select("unit_id")
			.where("request_id", "=", q4)
			.execute();
		expect(targets).toHaveLength(10);
		const first = await runReportReminders(db, "2027-01-12");
		expect(first).toEqual({ found: 10, reminders: 10, units: 10, notifications: 12 });
		expect(await runReportReminders(db, "2027-01-12")).toEqual({ found: 0, reminders: 0, units: 0, notifications: 0 });
		const keys = await db.owner
			.selectFrom("reminder_keys")
			.select("key")
			.where("key", "like", `report:${q4}:%`)
			.execute();
		expect(keys).toHaveLength(10);
		expect(keys.every((k) => k.key.endsWith(":2026-Q4:d-3"))).toBe(true);
	});
});
