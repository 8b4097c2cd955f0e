import { beforeAll, describe, expect, it } from "vitest";
import { readRollup, totalOf } from "#app/domain/rollup/rollup-figures.server.ts";
import { readRollupPage } from "#app/domain/rollup/rollup-page.server.ts";
import {
	createMember,
	createTenant,
	openIntegrationDatabase,
	type TenantFixture,
} from "#tests/support/integration-db.ts";
import { publishedHistory } from "#tests/support/published-history.ts";
import { attentionOrder } from "#tests/support/rollup-order.ts";

/**
 * The statistics page reads a page of units whatever the number of children (issue #25): the
 * database orders, pages and sums; the orders and totals here are literal.
 */
const db = await openIntegrationDatabase();
const YEAR = 2025;
const TODAY = "2026-02-10";
let city: TenantFixture;
const children: Record<"calm" | "busy" | "late" | "bare", TenantFixture> = {} as never;
let actor: { userId: string; tenantId: string };

beforeAll(async () => {
	city = await createTenant(db, { kind: "city", parentId: null });
	actor = { userId: (await createMember(db, city.id, ["gov_office"])).id, tenantId: city.id };
	for (const name of ["calm", "busy", "late", "bare"] as const) {
		children[name] = await createTenant(db, { kind: "county", parentId: city.id });
	}
	// calm: a system, the year's meeting, minutes in time, one matter closed: no flag once publicised.
	await publishedHistory(db, children.calm, {
		year: YEAR,
		system: true,
		heldOn: "2025-03-01",
		issuedOn: "2025-03-10",
		matters: [["verified", "2025-12-31"]],
	});
	await db.owner
		.insertInto("publicity")
		.values({
			tenant_id: children.calm.id,
			meeting_id: await meetingOf(children.calm),
			channel: "门户网站",
			title: "会议结果",
			published_on: "2025-03-20",
		})
		.execute();
	// busy: a system, the meeting, minutes, two overdue matters and one still open.
	await publishedHistory(db, children.busy, {
		year: YEAR,
		system: true,
		heldOn: "2025-03-01",
		issuedOn: "2025-03-10",
		matters: [
			["in_progress", "2025-05-01"],
			["assigned", "2025-06-01"],
			["assigned", "2026-12-31"],
		],
	});
	// late: no system, the meeting, minutes, one overdue matter.
	await publishedHistory(db, children.late, {
		year: YEAR,
		heldOn: "2025-04-01",
		issuedOn: "2025-04-10",
		matters: [["in_progress", "2025-05-01"]],
	});
	// bare: nothing at all (no system, no meeting).
});

async function meetingOf(t: TenantFixture) {
	return (await db.owner.selectFrom("meetings").select("id").where("tenant_id", "=", t.id).executeTakeFirstOrThrow())
		.id;
}

const names = (rows: { id: string }[]) =>
	rows.map((r) => Object.entries(children).find(([, t]) => t.id === r.id)?.[0] ?? r.id);

describe("the statistics page's units, a page at a time", () => {
	it("a tree larger than a page: flags, then overdue matters, then matters; the page clamped", async () => {
		const read = (page: number) =>
			readRollupPage(db.app, actor, { baseId: city.id, year: YEAR, today: TODAY, page, lead: 1, pageSize: 2 });
		const first = await read(1);
		// late: noSystem, overdueMatters, notPublicised (3); bare: noSystem, noRegularMeeting (2);
		// busy: overdueMatters, notPublicised (2) with 2 overdue; calm: none.
		expect(names(first?.rows ?? [])).toEqual(["late", "busy"]);
		expect(first?.page).toEqual({ number: 1, pages: 2, units: 4 });
		expect(names(first?.lead ?? [])).toEqual(["late"]);
		const last = await read(99);
		expect(last?.page).toEqual({ number: 2, pages: 2, units: 4 });
		expect(names(last?.rows ?? [])).toEqual(["bare", "calm"]);
		// The lead units come from the first page, whatever page is read.
		expect(names(last?.lead ?? [])).toEqual(["late"]);
		expect((await read(Number.NaN))?.page.number).toBe(1);
		expect((await read(-3))?.page.number).toBe(1);
	});

	it("the total sums every unit, not the page, and equals the sum of the rows read whole", async () => {
		const paged = await readRollupPage(db.app, actor, {
			baseId: city.id,
			year: YEAR,
			today: TODAY,
			page: 2,
			lead: 0,
			pageSize: 2,
		});
		expect(paged?.total).toMatchObject({
			units: 4,
			withSystem: 2,
			regularHeld: 3,
			matters: 5,
			mattersOverdue: 3,
			minutesIssued: 3,
			flags: expect.arrayContaining(["noSystem", "noRegularMeeting", "overdueMatters"]),
		});
		const whole = await readRollup(db.app, actor, { baseId: city.id, year: YEAR, today: TODAY });
		// The page does not count system versions in its total (the subtree rows do not keep them).
		const { versions: _versions, ...expected } = totalOf(whole.rows);
		expect(paged?.total).toEqual(expected);
	});

	it("a tree that fits one page keeps the tree's order", async () => {
		const page = await readRollupPage(db.app, actor, { baseId: city.id, year: YEAR, today: TODAY, page: 1, lead: 2 });
		const whole = await readRollup(db.app, actor, { baseId: city.id, year: YEAR, today: TODAY });
		expect(page?.rows.map((r) => r.id)).toEqual(whole.rows.map((r) => r.id));
		expect(page?.rows).toHaveLength(4);
		expect(page?.lead.map((r) => r.id)).toEqual(whole.rows.slice(0, 2).map((r) => r.id));
	});

	it("nothing for a unit outside the reader's subtree", async () => {
		const stranger = await createTenant(db, { kind: "city", parentId: null });
		expect(
			await readRollupPage(db.app, actor, { baseId: stranger.id, year: YEAR, today: TODAY, page: 1, lead: 1 }),
		).toBeNull();
	});
});

describe("every page equals the whole list read by app_rollup_rows, ordered and summed in code", () => {
	it("any size, page, kind, 本级 and day", async () => {
		// A county with its own history and three units below it (one of another kind, one with a unit
		// below it), beside the four counties above: its breakdown lists 本级 among them.
		const parent = await createTenant(db, { kind: "county", parentId: city.id });
		await publishedHistory(db, parent, {
			year: YEAR,
			system: true,
			heldOn: "2025-06-01",
			matters: [["assigned", "2025-07-01"]],
			topics: [1, 2, 2],
		});
		const kids = [
			await createTenant(db, { kind: "zone", parentId: parent.id }),
			await createTenant(db, { kind: "industry", parentId: parent.id }),
			await createTenant(db, { kind: "zone", parentId: parent.id }),
		];
		await publishedHistory(db, kids[0] as TenantFixture, {
			year: YEAR,
			heldOn: "2025-11-20",
			matters: [
				["in_progress", "2025-12-01"],
				["verified", "2025-12-20"],
			],
			topics: [3],
		});
		await publishedHistory(db, kids[1] as TenantFixture, {
			year: YEAR,
			system: true,
			heldOn: "2025-02-01",
			issuedOn: "2025-04-01",
		});
		const below = await createTenant(db, { kind: "zone", parentId: (kids[2] as TenantFixture).id });
		await publishedHistory(db, below, {
			year: YEAR,
			system: true,
			heldOn: "2025-10-01",
			issuedOn: "2025-10-05",
			matters: [["done", "2026-01-05"]],
		});
		// Days before and after the deadlines, the minutes' and publicity's 30 days and 1 December.
		for (const today of ["2025-06-15", "2025-11-30", "2025-12-02", "2025-12-21", TODAY]) {
			for (const [baseId, own] of [
				[city.id, false],
				[parent.id, true],
				[parent.id, false],
			] as const) {
				for (const kind of [undefined, "zone", "county"] as const) {
					const whole = await readRollup(db.app, actor, { baseId, year: YEAR, today, kind, own });
					const { versions: _versions, ...total } = totalOf(whole.rows);
					for (const pageSize of [1, 2, 3, 10]) {
						const ordered = whole.rows.length > pageSize ? [...whole.rows].sort(attentionOrder) : whole.rows;
						const pages = Math.max(1, Math.ceil(ordered.length / pageSize));
						for (let page = 1; page <= pages + 1; page++) {
							const read = await readRollupPage(db.app, actor, {
								baseId,
								year: YEAR,
								today,
								kind,
								own,
								page,
								lead: 2,
								pageSize,
							});
							const number = Math.min(page, pages);
							const at = `${today} ${baseId === city.id ? "city" : "county"} own=${own} kind=${kind} size=${pageSize} page=${page}`;
							expect(read?.page, at).toEqual({ number, pages, units: ordered.length });
							expect(read?.rows, at).toEqual(ordered.slice((number - 1) * pageSize, number * pageSize));
							expect(read?.lead, at).toEqual(ordered.slice(0, 2));
							expect(read?.total, at).toEqual(total);
						}
					}
				}
			}
		}
	});
});
