import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readRollup } from "#app/domain/rollup/rollup-figures.server.ts";
import { readRollupPage } from "#app/domain/rollup/rollup-page.server.ts";
import { readChildrenAttention } from "#app/domain/workbench/children-attention.server.ts";
import { type DatabaseHandle, openDatabase } from "#db/client.ts";
import { parseDatabaseEnv } from "#db/database-env.ts";
import { migrateToLatest } from "#db/migrate.ts";
import { createMember, createTenant, type TenantFixture } from "#tests/support/integration-db.ts";
import { publishedHistory } from "#tests/support/published-history.ts";
import { attentionOrder } from "#tests/support/rollup-order.ts";

// The statistics' kept order (migration 2026-12-07T1100) on the embedded default: its functions,
// its advisory locks and its writes from a page view, on PGlite's one connection.
let db: DatabaseHandle;

beforeAll(async () => {
	db = await openDatabase({ env: parseDatabaseEnv({}), inMemory: true });
	await migrateToLatest(db.owner);
});
afterAll(() => db.close());

describe("the kept order on PGlite", () => {
	it("pages a tree larger than a page, after a write too, as the whole list ordered in code", async () => {
		const city = await createTenant(db, { kind: "city", parentId: null });
		const actor = { userId: (await createMember(db, city.id, ["gov_office"])).id, tenantId: city.id };
		const units = [];
		for (let i = 0; i < 24; i++) units.push(await createTenant(db, { kind: "county", parentId: city.id }));
		for (const [i, unit] of units.entries()) {
			if (i % 3 === 0) continue;
			await publishedHistory(db, unit, {
				year: 2025,
				system: i % 2 === 0,
				heldOn: "2025-03-01",
				issuedOn: "2025-03-10",
				matters: i % 4 === 1 ? [["assigned", "2025-06-01"]] : [["verified", "2025-05-01"]],
			});
		}
		const check = async (today: string) => {
			const whole = (await readRollup(db.app, actor, { baseId: city.id, year: 2025, today })).rows.sort(attentionOrder);
			for (const page of [1, 2, 3]) {
				const read = await readRollupPage(db.app, actor, {
					baseId: city.id,
					year: 2025,
					today,
					page,
					lead: 2,
					pageSize: 10,
				});
				expect(read?.rows, `${today} page ${page}`).toEqual(whole.slice((page - 1) * 10, page * 10));
			}
			const home = await readChildrenAttention(db.app, actor, today);
			const homeWhole = (
				await readRollup(db.app, actor, { baseId: city.id, year: Number(today.slice(0, 4)), today })
			).rows
				.sort(attentionOrder)
				.filter((r) => r.flags.length > 0);
			expect(home?.flagged).toBe(homeWhole.length);
			expect(home?.units.map((u) => u.id)).toEqual(homeWhole.slice(0, 10).map((r) => r.id));
		};
		await check("2026-02-10");
		// A write reorders: the first unit's matter reopened and overdue.
		await publishedHistory(db, units[0] as TenantFixture, {
			year: 2025,
			heldOn: "2025-04-01",
			issuedOn: "2025-04-02",
			matters: [["assigned", "2025-05-01"]],
		});
		await check("2026-02-10");
		await check("2025-12-02");
	});
});
