import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { readRollup } from "#app/domain/rollup/rollup-figures.server.ts";
import { readTrends } from "#app/domain/rollup/rollup-trends.server.ts";
import { chinaToday } from "#app/lib/china-time.ts";
import {
	createMember,
	createTenant,
	openIntegrationDatabase,
	type TenantFixture,
} from "#tests/support/integration-db.ts";
import { publishedHistory } from "#tests/support/published-history.ts";
import { subtreeSumMismatches } from "#tests/support/subtree-sums.ts";

/**
 * The kept subtree sums (migrations 2026-12-06T1100, 2026-12-06T1110): the statistics read one row
 * per direct child; the figures are literal here and equal a recomputation from the per-unit rows,
 * also after a unit is added below. 督办 not answered by their reply day count (issue #21).
 */
const db = await openIntegrationDatabase();
const YEAR = 2025;
const TODAY = "2026-02-10";
let city: TenantFixture;
let county: TenantFixture;
let town: TenantFixture;
let village: TenantFixture;
let other: TenantFixture;
let userId: string;
const actor = () => ({ userId, tenantId: city.id });

/** A regular meeting of YEAR held on `heldOn` with issued minutes and the matters given. */
const meetingWithMatters = async (t: TenantFixture, heldOn: string, matters: [string, string][]) =>
	(await publishedHistory(db, t, { year: YEAR, heldOn, issuedOn: `${YEAR}-09-01`, matters })) as {
		matterIds: string[];
		departmentId: string;
	};

const rowOf = async (baseId: string, today = TODAY, own = false) =>
	(await readRollup(db.app, actor(), { baseId, year: YEAR, today, own })).rows;

beforeAll(async () => {
	city = await createTenant(db, { kind: "city" });
	userId = (await createMember(db, city.id, ["gov_office"])).id;
	county = await createTenant(db, { kind: "county", parentId: city.id });
	town = await createTenant(db, { kind: "zone", parentId: county.id });
	village = await createTenant(db, { kind: "industry", parentId: town.id });
	other = await createTenant(db, { kind: "county", parentId: city.id });
	await meetingWithMatters(county, "2025-03-10", [
		["assigned", "2025-12-31"],
		["verified", "2025-06-30"],
	]);
	await meetingWithMatters(town, "2025-04-10", [["in_progress", "2026-06-30"]]);
	await meetingWithMatters(village, "2025-04-20", [
		["in_progress", "2025-11-30"],
		["done", "2025-12-01"],
	]);
	await db.owner
		.insertInto("systems")
		.values({
			tenant_id: village.id,
			version: 1,
			title: "制度",
			issuing_bodies: "办公室",
			doc_number: "村〔2023〕1号",
			issued_on: "2023-05-01",
			effective_on: "2023-05-01",
		})
		.execute();
});

describe("kept subtree sums", () => {
	it("give each child its whole subtree's figures (literal) and equal a recomputation", async () => {
		const rows = await rowOf(city.id);
		expect(rows.map((r) => r.id)).toEqual(expect.arrayContaining([county.id, other.id]));
		expect(rows.find((r) => r.id === county.id)).toMatchObject({
			units: 3,
			withSystem: 1,
			regularHeld: 3,
			regularHeldOn: "2025-03-10",
			matters: 5,
			mattersClosed: 1,
			mattersDone: 1,
			// 2025-12-31 and 2025-11-30 passed on 2026-02-10; 2026-06-30 has not.
			mattersOverdue: 2,
			mattersInProgress: 1,
			repliesOverdue: 0,
		});
		expect(rows.find((r) => r.id === other.id)).toMatchObject({ units: 1, matters: 0, regularHeld: 0 });
		// The county's breakdown: itself (本级) beside the town with the village below it.
		const breakdown = await rowOf(county.id, TODAY, true);
		expect(breakdown.map((r) => [r.id, r.units, r.matters, r.mattersOverdue])).toEqual([
			[county.id, 1, 2, 1],
			[town.id, 2, 3, 1],
		]);
		const trends = await readTrends(db.app, actor(), { baseId: city.id, from: 2023, to: 2025 });
		expect(trends).toEqual([
			{ year: 2023, units: 4, withSystem: 1, regularHeld: 0 },
			{ year: 2024, units: 4, withSystem: 1, regularHeld: 0 },
			{ year: 2025, units: 4, withSystem: 1, regularHeld: 3 },
		]);
		const kinds = await readTrends(db.app, actor(), { baseId: city.id, from: 2025, to: 2025, kind: "county" });
		expect(kinds).toEqual([{ year: 2025, units: 4, withSystem: 1, regularHeld: 3 }]);
		expect(await subtreeSumMismatches(db.owner)).toEqual([]);
	});

	it("a unit added below starts at zero and adds one unit to every ancestor", async () => {
		const hamlet = await createTenant(db, { kind: "industry", parentId: village.id });
		const rows = await rowOf(city.id);
		expect(rows.find((r) => r.id === county.id)).toMatchObject({ units: 4, matters: 5, withSystem: 1 });
		const { rows: kept } = await sql<{ units: number }>`
			select units from unit_subtree_units where tenant_id = ${hamlet.id}`.execute(db.owner);
		expect(kept).toEqual([{ units: 1 }]);
		await meetingWithMatters(hamlet, "2025-05-05", [["assigned", "2025-07-01"]]);
		expect((await rowOf(city.id)).find((r) => r.id === county.id)).toMatchObject({
			units: 4,
			matters: 6,
			mattersOverdue: 3,
			regularHeld: 4,
		});
		expect(await subtreeSumMismatches(db.owner)).toEqual([]);
	});

	it("counts a 督办 not answered after its reply day (China time), in the row and in the breakdown", async () => {
		const today = chinaToday();
		const day = (offset: number) => {
			const d = new Date(`${today}T00:00:00Z`);
			d.setUTCDate(d.getUTCDate() + offset);
			return d.toISOString().slice(0, 10);
		};
		const { matterIds, departmentId } = await meetingWithMatters(
			await createTenant(db, { kind: "zone", parentId: other.id }),
			"2025-06-01",
			[["in_progress", "2027-12-31"]],
		);
		const matterId = matterIds[0] as string;
		const { rows: matter } = await sql<{ tenant_id: string }>`
			select tenant_id from decided_matters where id = ${matterId}`.execute(db.owner);
		const tenantId = matter[0]?.tenant_id as string;
		const notice = async (replyBy: string) =>
			(
				await db.owner
					.insertInto("matter_updates")
					.values({
						tenant_id: tenantId,
						matter_id: matterId,
						kind: "supervision",
						text: "督办",
						reply_by: replyBy,
						user_id: userId,
					} as never)
					.returning("id")
					.executeTakeFirstOrThrow()
			).id;
		await notice(day(-1)); // yesterday, not answered: overdue
		await notice(day(0)); // today: not yet
		await notice(day(1)); // tomorrow: not yet
		const answered = await notice(day(-1)); // yesterday, answered: not overdue
		await db.owner
			.insertInto("supervision_replies")
			.values({
				tenant_id: tenantId,
				supervision_id: answered,
				department_id: departmentId,
				text: "已答复",
				user_id: userId,
			})
			.execute();
		expect((await rowOf(city.id, today)).find((r) => r.id === other.id)).toMatchObject({ repliesOverdue: 1 });
		const breakdown = await rowOf(other.id, today, true);
		// 本级 (the county itself, none) beside its zone.
		expect(breakdown.map((r) => [r.id === tenantId, r.repliesOverdue])).toEqual([
			[false, 0],
			[true, 1],
		]);
		// The day after tomorrow, the two unanswered of yesterday and today are overdue (tomorrow's is not yet).
		expect((await rowOf(city.id, day(2))).find((r) => r.id === other.id)).toMatchObject({ repliesOverdue: 3 });
		expect(await subtreeSumMismatches(db.owner)).toEqual([]);
	});

	it("keeps a unit's current system, its day and its count of versions as the system is revised", async () => {
		const unit = await createTenant(db, { kind: "county", parentId: city.id });
		const version = (n: number, docNumber: string, issuedOn: string) =>
			db.owner
				.insertInto("systems")
				.values({
					tenant_id: unit.id,
					version: n,
					title: "联席会议制度",
					issuing_bodies: "办公室",
					doc_number: docNumber,
					issued_on: issuedOn,
					effective_on: issuedOn,
				})
				.execute();
		const own = async () => (await rowOf(city.id)).find((r) => r.id === unit.id);
		expect(await own()).toMatchObject({ docNumber: null, issuedOn: null, versions: 0, withSystem: 0 });
		await version(1, "〔2024〕1号", "2024-05-01");
		expect(await own()).toMatchObject({ docNumber: "〔2024〕1号", issuedOn: "2024-05-01", versions: 1, withSystem: 1 });
		await db.owner.updateTable("systems").set({ superseded_at: new Date() }).where("tenant_id", "=", unit.id).execute();
		await version(2, "〔2025〕3号", "2025-02-10");
		expect(await own()).toMatchObject({ docNumber: "〔2025〕3号", issuedOn: "2025-02-10", versions: 2, withSystem: 1 });
		await db.owner
			.updateTable("systems")
			.set({ doc_number: "〔2025〕4号" })
			.where("version", "=", 2)
			.where("tenant_id", "=", unit.id)
			.execute();
		expect(await own()).toMatchObject({ docNumber: "〔2025〕4号", versions: 2 });
		expect(await subtreeSumMismatches(db.owner)).toEqual([]);
	});
});
