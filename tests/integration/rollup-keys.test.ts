import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { readRollup, type UnitFigures } from "#app/domain/rollup/rollup-figures.server.ts";
import { readRollupPage } from "#app/domain/rollup/rollup-page.server.ts";
import { readChildrenAttention } from "#app/domain/workbench/children-attention.server.ts";
import {
	createMember,
	createTenant,
	openIntegrationDatabase,
	type TenantFixture,
} from "#tests/support/integration-db.ts";
import { publishedHistory } from "#tests/support/published-history.ts";
import { attentionOrder } from "#tests/support/rollup-order.ts";

/**
 * The statistics' kept order (migration 2026-12-07T1100, ADR 0010): a page of a large tree is read
 * from kept keys, which writers mark and the page counts again. Whatever happened — a write, a
 * rename, a new unit, a day passing, writers and readers at once — every page equals the whole list
 * ordered in code, and the keys kept as valid for the day equal the figures.
 */
const db = await openIntegrationDatabase();
const YEAR = 2025;
const TODAY = "2026-02-10";

async function cityWith(children: number) {
	const city = await createTenant(db, { kind: "city", parentId: null });
	const actor = { userId: (await createMember(db, city.id, ["gov_office"])).id, tenantId: city.id };
	const units: TenantFixture[] = [];
	for (let i = 0; i < children; i++) units.push(await createTenant(db, { kind: "county", parentId: city.id }));
	return { city, actor, units };
}

/** Every page of `pageSize` against the whole list read by app_rollup_rows, ordered in code. */
async function expectPages(
	actor: { userId: string; tenantId: string },
	baseId: string,
	today: string,
	pageSize: number,
) {
	const whole = (await readRollup(db.app, actor, { baseId, year: YEAR, today })).rows.sort(attentionOrder);
	const pages = Math.ceil(whole.length / pageSize);
	for (let page = 1; page <= pages; page++) {
		const read = await readRollupPage(db.app, actor, { baseId, year: YEAR, today, page, lead: 1, pageSize });
		expect(
			read?.rows.map((r) => r.name),
			`${today} page ${page}`,
		).toEqual(whole.slice((page - 1) * pageSize, page * pageSize).map((r) => r.name));
		expect(read?.rows, `${today} page ${page}`).toEqual(whole.slice((page - 1) * pageSize, page * pageSize));
	}
	// The home's units that need attention: the first ten flagged of that order, and how many there are.
	const homeYear = Number(today.slice(0, 4));
	const flagged = (await readRollup(db.app, actor, { baseId, year: homeYear, today })).rows
		.sort(attentionOrder)
		.filter((r) => r.flags.length > 0);
	expect(await readChildrenAttention(db.app, actor, today), `${today} home`).toEqual({
		year: homeYear,
		flagged: flagged.length,
		units: flagged.slice(0, 10).map(({ id, name, hasChildren, flags }) => ({ id, name, hasChildren, flags })),
	});
	// Every key kept as valid for the day is the figures' (not only those that moved a unit).
	for (const k of await keptAgainstFigures(baseId, today, whole)) expect(k.kept, today).toEqual(k.figures);
	return whole;
}

/** The kept keys of the base's children that are valid for `today`, beside the figures they stand for. */
async function keptAgainstFigures(baseId: string, today: string, whole: UnitFigures[]) {
	const { rows } = await sql<{ unit_id: string; name: string; flag_count: number; overdue: number; matters: number }>`
		select unit_id, name, flag_count, overdue, matters from unit_rollup_keys
		where parent_id = ${baseId} and year = ${YEAR} and as_of <= ${today}::date and until > ${today}::date`.execute(
		db.owner,
	);
	const figures = new Map(whole.map((r) => [r.id, r]));
	return rows.map((k) => {
		const f = figures.get(k.unit_id);
		return {
			kept: [k.name, k.flag_count, k.overdue, k.matters],
			figures: [f?.name, f?.flags.length, f?.mattersOverdue, f?.matters],
		};
	});
}

async function matterIdsOf(t: TenantFixture) {
	return (
		await db.owner.selectFrom("decided_matters").select("id").where("tenant_id", "=", t.id).orderBy("seq").execute()
	).map((r) => r.id);
}

describe("the kept order follows every change", () => {
	it("a write, a rename, a new unit and a day passing move the pages at once", async () => {
		const { city, actor, units } = await cityWith(5);
		const [a, b, c, d, e] = units as [TenantFixture, TenantFixture, TenantFixture, TenantFixture, TenantFixture];
		// e: a meeting held on 15 November without minutes: minutes and publicity late from 16 December.
		await publishedHistory(db, e, { year: YEAR, heldOn: "2025-11-15" });
		await publishedHistory(db, a, {
			year: YEAR,
			system: true,
			heldOn: "2025-03-01",
			issuedOn: "2025-03-10",
			matters: [["verified", "2025-12-31"]],
		});
		await publishedHistory(db, b, {
			year: YEAR,
			system: true,
			heldOn: "2025-03-01",
			issuedOn: "2025-03-10",
			matters: [
				["in_progress", "2025-05-01"],
				["assigned", "2026-03-01"],
			],
		});
		await publishedHistory(db, c, { year: YEAR, heldOn: "2025-04-01", issuedOn: "2025-04-10" });
		await expectPages(actor, city.id, TODAY, 2);
		// Nothing is counted again on a second read the same day.
		const stale = async () =>
			(
				await sql<{ n: number }>`select count(*)::int as n from unit_rollup_keys
					where parent_id = ${city.id} and until <= ${TODAY}::date`.execute(db.owner)
			).rows[0] ?? { n: -1 };
		expect((await stale()).n).toBe(0);

		// A write: a's closed matter reopened and overdue.
		const [reopened] = await matterIdsOf(a);
		await db.owner
			.updateTable("decided_matters")
			.set({ status: "in_progress", deadline: "2025-06-01" })
			.where("id", "=", reopened as string)
			.execute();
		expect((await stale()).n).toBeGreaterThan(0);
		await expectPages(actor, city.id, TODAY, 2);

		// A rename reorders units whose figures tie (c and d: names only).
		await db.owner.updateTable("tenants").set({ name: "〇 最先" }).where("id", "=", d.id).execute();
		await expectPages(actor, city.id, TODAY, 2);
		await db.owner.updateTable("tenants").set({ name: "龥 最后" }).where("id", "=", d.id).execute();
		await expectPages(actor, city.id, TODAY, 2);

		// A new unit is listed.
		await createTenant(db, { kind: "zone", parentId: city.id });
		const whole = await expectPages(actor, city.id, TODAY, 2);
		expect(whole).toHaveLength(6);

		// Days passing: b's second deadline (2026-03-01), then 1 December of a later read of the year.
		await expectPages(actor, city.id, "2026-03-01", 2);
		await expectPages(actor, city.id, "2026-03-02", 2);
		// And back (a day before the one counted for): counted again for that day.
		await expectPages(actor, city.id, "2025-11-30", 2);
		await expectPages(actor, city.id, "2025-12-01", 2);
		await expectPages(actor, city.id, "2025-12-16", 2);
		await expectPages(actor, city.id, "2025-12-17", 2);
	});
});

describe("writers and readers at once", () => {
	it("no deadlock, and the kept keys equal the figures after it", async () => {
		const { city, actor, units } = await cityWith(20);
		for (const unit of units) {
			await publishedHistory(db, unit, {
				year: YEAR,
				system: true,
				heldOn: "2025-03-01",
				issuedOn: "2025-03-10",
				matters: [
					["assigned", "2026-12-31"],
					["assigned", "2026-12-31"],
				],
			});
		}
		await expectPages(actor, city.id, TODAY, 3);
		const writers = units.map(async (unit, i) => {
			const ids = await matterIdsOf(unit);
			// Each writer makes its unit's matters overdue one by one, in transactions of its own.
			for (const [n, id] of ids.entries()) {
				await db.owner.transaction().execute(async (tx) => {
					await tx
						.updateTable("decided_matters")
						.set({ status: "in_progress", deadline: `2025-0${(i % 8) + 1}-0${n + 1}` })
						.where("id", "=", id)
						.execute();
				});
			}
			if (i % 3 === 0)
				await db.owner
					.updateTable("tenants")
					.set({ name: `改名 ${i}` })
					.where("id", "=", unit.id)
					.execute();
			if (i % 4 === 0) await createTenant(db, { kind: "county", parentId: city.id });
			if (i % 4 === 1) await createTenant(db, { kind: "zone", parentId: unit.id });
		});
		const readers = Array.from({ length: 4 }, async (_, r) => {
			for (let round = 0; round < 6; round++) {
				await readRollupPage(db.app, actor, {
					baseId: city.id,
					year: YEAR,
					today: TODAY,
					page: (r % 3) + 1,
					lead: 2,
					pageSize: 3,
				});
			}
		});
		const settled = await Promise.allSettled([...writers, ...readers]);
		expect(settled.filter((s) => s.status === "rejected")).toEqual([]);
		const whole = await expectPages(actor, city.id, TODAY, 3);
		expect(whole).toHaveLength(25);
		const kept = await keptAgainstFigures(city.id, TODAY, whole);
		expect(kept).toHaveLength(25);
		for (const k of kept) expect(k.kept).toEqual(k.figures);
	});
});
