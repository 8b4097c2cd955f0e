import { sql } from "kysely";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { openDatabase } from "#db/client.ts";
import { parseDatabaseEnv } from "#db/database-env.ts";
import { runAs, type Tx } from "#db/run-as.ts";
import {
	createMember,
	createTenant,
	openIntegrationDatabase,
	type TenantFixture,
} from "#tests/support/integration-db.ts";

const db = await openIntegrationDatabase();

let a: TenantFixture;
let b: TenantFixture;
let userA: { id: string };
let userB: { id: string };

/**
 * Each tenant table: how to write a row of a tenant (as owner, for set-up) and what a row looks like.
 * The schema test below fails when a tenant table has no entry here.
 */
const tenantTables: Record<
	string,
	{
		seed(tenantId: string, userId: string): Promise<void>;
		row(tenantId: string, userId: string): Record<string, unknown>;
	}
> = {
	memberships: {
		async seed() {},
		row: (tenantId, userId) => ({ tenant_id: tenantId, user_id: userId, roles: ["viewer"] }),
	},
	audit_events: {
		async seed(tenantId, userId) {
			await db.owner
				.insertInto("audit_events")
				.values(tableRow("audit_events", tenantId, userId) as never)
				.execute();
		},
		row: (tenantId, userId) => ({
			tenant_id: tenantId,
			actor_user_id: userId,
			action: "test",
			entity_type: "t",
			entity_id: "1",
		}),
	},
	outbox: {
		async seed(tenantId) {
			await db.owner
				.insertInto("outbox")
				.values(tableRow("outbox", tenantId, "") as never)
				.execute();
		},
		row: (tenantId) => ({ tenant_id: tenantId, topic: "test", payload: JSON.stringify({ n: 1 }) }),
	},
};

function tableRow(table: string, tenantId: string, userId: string) {
	return tenantTables[table]?.row(tenantId, userId) ?? {};
}

beforeAll(async () => {
	a = await createTenant(db);
	b = await createTenant(db);
	userA = await createMember(db, a.id, ["admin"]);
	userB = await createMember(db, b.id, ["admin"]);
	for (const [, spec] of Object.entries(tenantTables)) {
		await spec.seed(a.id, userA.id);
		await spec.seed(b.id, userB.id);
	}
});

const asA = <T>(work: (tx: Tx) => Promise<T>) => runAs(db.app, { userId: userA.id, tenantId: a.id }, work);

async function expectRefused(work: () => Promise<unknown>) {
	await expect(work()).rejects.toThrow(/row-level security|permission denied/);
}

describe("tenant isolation, as the app role", () => {
	it("covers every tenant table of the schema", async () => {
		const { rows } = await sql<{ name: string }>`
			select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
			where n.nspname = 'public' and c.relkind = 'r'
				and exists (select 1 from pg_attribute x where x.attrelid = c.oid and x.attname = 'tenant_id')
			order by 1`.execute(db.owner);
		expect(rows.map((r) => r.name)).toEqual(Object.keys(tenantTables).sort());
	});

	for (const table of Object.keys(tenantTables)) {
		describe(table, () => {
			it("selects only the current tenant's rows", async () => {
				const rows = await asA((tx) =>
					sql<{ tenant_id: string }>`select tenant_id from ${sql.table(table)}`.execute(tx),
				);
				expect(rows.rows.length).toBeGreaterThan(0);
				expect(new Set(rows.rows.map((r) => r.tenant_id))).toEqual(new Set([a.id]));
			});

			it("cannot insert a row for another tenant", async () => {
				await expectRefused(() =>
					asA((tx) =>
						tx
							.insertInto(table as "outbox")
							.values(tableRow(table, b.id, userA.id) as never)
							.execute(),
					),
				);
			});

			it("cannot update or delete another tenant's rows", async () => {
				// Each statement in its own transaction: a refusal (permission denied) aborts the transaction.
				const affected = async (statement: ReturnType<typeof sql>) => {
					try {
						const result = await asA((tx) => statement.execute(tx));
						return Number(result.numAffectedRows ?? 0);
					} catch (error) {
						if (/permission denied/.test((error as Error).message)) return 0;
						throw error;
					}
				};
				const counts = {
					updated: await affected(sql`update ${sql.table(table)} set tenant_id = tenant_id where tenant_id = ${b.id}`),
					deleted: await affected(sql`delete from ${sql.table(table)} where tenant_id = ${b.id}`),
				};
				expect(counts).toEqual({ updated: 0, deleted: 0 });
				const stillThere = await db.owner
					.selectFrom(table as "outbox")
					.select(sql<number>`count(*)::int`.as("n"))
					.where("tenant_id", "=", b.id)
					.executeTakeFirstOrThrow();
				expect(stillThere.n).toBeGreaterThan(0);
			});

			it("returns no rows when no tenant is set (fails closed)", async () => {
				const rows = await runAs(db.app, { userId: null, tenantId: null }, (tx) =>
					sql`select 1 from ${sql.table(table)}`.execute(tx),
				);
				expect(rows.rows).toEqual([]);
			});
		});
	}

	it("tenants: a tenant sees itself and its subtree, never a sibling or its parent", async () => {
		const child = await createTenant(db, { kind: "county", parentId: a.id });
		const grandchild = await createTenant(db, { kind: "zone", parentId: child.id });
		const visibleFromA = await asA((tx) => tx.selectFrom("tenants").select("id").execute());
		expect(visibleFromA.map((r) => r.id).sort()).toEqual([a.id, child.id, grandchild.id].sort());
		const childUser = await createMember(db, child.id, ["admin"]);
		const visibleFromChild = await runAs(db.app, { userId: childUser.id, tenantId: child.id }, (tx) =>
			tx.selectFrom("tenants").select("id").execute(),
		);
		expect(visibleFromChild.map((r) => r.id).sort()).toEqual([child.id, grandchild.id].sort());
		const renamed = await asA((tx) =>
			tx.updateTable("tenants").set({ name: "改名" }).where("id", "=", b.id).executeTakeFirst(),
		);
		expect(Number(renamed.numUpdatedRows)).toBe(0);
	});

	it("users: a member sees themselves and their tenant's members, not other tenants' people", async () => {
		const seen = await asA((tx) => tx.selectFrom("users").select("id").execute());
		expect(seen.map((r) => r.id)).toContain(userA.id);
		expect(seen.map((r) => r.id)).not.toContain(userB.id);
	});

	it("sessions: nobody reads another user's sessions", async () => {
		await db.owner
			.insertInto("sessions")
			.values({
				id: `s${"b".repeat(31)}`,
				secret_hash: new Uint8Array(32),
				user_id: userB.id,
				expires_at: new Date(Date.now() + 60_000),
			})
			.execute();
		const seen = await asA((tx) => tx.selectFrom("sessions").select("id").execute());
		expect(seen).toEqual([]);
	});

	it("10,000 interleaved requests of two tenants over a pool of 2 see no row of the other tenant", async () => {
		const small = await openDatabase({
			env: parseDatabaseEnv({ DATABASE_URL: inject("databaseUrl"), DATABASE_POOL_MAX: "2" }),
		});
		try {
			let leaks = 0;
			let checked = 0;
			const request = async (i: number) => {
				const [tenant, user] = i % 2 === 0 ? [a, userA] : [b, userB];
				const rows = await runAs(small.app, { userId: user.id, tenantId: tenant.id }, (tx) =>
					tx
						.selectFrom("memberships")
						.select("tenant_id")
						.unionAll(tx.selectFrom("audit_events").select("tenant_id"))
						.execute(),
				);
				checked += rows.length;
				leaks += rows.filter((r) => r.tenant_id !== tenant.id).length;
			};
			const total = 10_000;
			const concurrency = 50;
			for (let start = 0; start < total; start += concurrency) {
				await Promise.all(Array.from({ length: concurrency }, (_, k) => request(start + k)));
			}
			expect(checked).toBeGreaterThanOrEqual(total);
			expect(leaks).toBe(0);
		} finally {
			await small.close();
		}
	});
});
