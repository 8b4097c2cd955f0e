import { type Kysely, sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { withRequestUnit } from "#db/request-unit.ts";
import { runAs, runAsAuthenticator, runAsSnapshot, unsafeEnterChildTenant } from "#db/run-as.ts";
import type { Database } from "#db/schema.ts";
import {
	createMember,
	createTenant,
	openIntegrationDatabase,
	type TenantFixture,
} from "#tests/support/integration-db.ts";

/**
 * ADR 0009: a page view's runAs calls share one transaction. Each still sees exactly what its own
 * actor may see, whatever ran before it on the connection, in parallel or nested.
 */
const db = await openIntegrationDatabase(2);
let a: TenantFixture;
let b: TenantFixture;
let userA: { id: string };
let userB: { id: string };

const unit = <T>(work: () => Promise<T>) => withRequestUnit(db.app, {}, work);
const tenantIds = (rows: { tenant_id: string }[]) => [...new Set(rows.map((r) => r.tenant_id))];
const visibleAudit = (actor: { userId: string; tenantId: string }) =>
	runAs(db.app, actor, (tx) => tx.selectFrom("audit_events").select("tenant_id").execute());

beforeAll(async () => {
	a = await createTenant(db);
	b = await createTenant(db);
	userA = await createMember(db, a.id, ["admin"]);
	userB = await createMember(db, b.id, ["admin"]);
	for (const [tenant, user] of [
		[a, userA],
		[b, userB],
	] as const) {
		await db.owner
			.insertInto("audit_events")
			.values({ tenant_id: tenant.id, actor_user_id: user.id, action: "t", entity_type: "t", entity_id: "1" })
			.execute();
	}
});

describe("page view unit of work", () => {
	it("runs every runAs in one transaction with its own settings", async () => {
		const seen = await unit(async () => {
			const first = await runAs(db.app, { userId: userA.id, tenantId: a.id }, (tx) =>
				sql<{ x: string }>`select txid_current()::text as x`.execute(tx),
			);
			const second = await runAs(db.app, { userId: userB.id, tenantId: b.id }, (tx) =>
				sql<{ x: string }>`select txid_current()::text as x`.execute(tx),
			);
			return {
				same: first.rows[0]?.x === second.rows[0]?.x,
				a: tenantIds(await visibleAudit({ userId: userA.id, tenantId: a.id })),
				b: tenantIds(await visibleAudit({ userId: userB.id, tenantId: b.id })),
				none: await runAs(db.app, { userId: null, tenantId: null }, (tx) =>
					tx.selectFrom("audit_events").select("tenant_id").execute(),
				),
			};
		});
		expect(seen).toEqual({ same: true, a: [a.id], b: [b.id], none: [] });
	});

	it("parallel calls of different actors never see each other's rows", async () => {
		const results = await unit(() =>
			Promise.all(
				Array.from({ length: 200 }, (_, i) =>
					i % 2 === 0
						? visibleAudit({ userId: userA.id, tenantId: a.id }).then((rows) => ["a", tenantIds(rows)] as const)
						: visibleAudit({ userId: userB.id, tenantId: b.id }).then((rows) => ["b", tenantIds(rows)] as const),
				),
			),
		);
		for (const [who, ids] of results) expect(ids).toEqual([who === "a" ? a.id : b.id]);
	});

	it("a nested call runs with its settings and gives the outer ones back", async () => {
		const outcome = await unit(() =>
			runAs(db.app, { userId: userA.id, tenantId: a.id }, async (tx) => {
				const inner = await runAsAuthenticator(db.app, (inner) =>
					sql<{ auth: string; tenant: string }>`select current_setting('app.auth') as auth,
						current_setting('app.tenant_id') as tenant`.execute(inner),
				);
				const after = await tx.selectFrom("audit_events").select("tenant_id").execute();
				return { inner: inner.rows[0], after: tenantIds(after) };
			}),
		);
		expect(outcome).toEqual({ inner: { auth: "authenticator", tenant: "" }, after: [a.id] });
	});

	it("work of one actor side by side with another's nested call: each statement under its own settings", async () => {
		const outcome = await unit(() =>
			Promise.all([
				// One work reads, then calls the authenticator nested, then reads again.
				runAs(db.app, { userId: userA.id, tenantId: a.id }, async (tx) => {
					const before = tenantIds(await tx.selectFrom("audit_events").select("tenant_id").execute());
					const inner = await runAsAuthenticator(db.app, (auth) =>
						sql<{ tenant: string; auth: string }>`select current_setting('app.tenant_id') as tenant,
							current_setting('app.auth') as auth`.execute(auth),
					);
					const after = tenantIds(await tx.selectFrom("audit_events").select("tenant_id").execute());
					return { before, inner: inner.rows[0], after };
				}),
				// Beside it, the same actor and another one read many times.
				...Array.from({ length: 40 }, (_, i) =>
					i % 2 === 0
						? visibleAudit({ userId: userA.id, tenantId: a.id }).then((rows) => ({ want: a.id, ids: tenantIds(rows) }))
						: visibleAudit({ userId: userB.id, tenantId: b.id }).then((rows) => ({ want: b.id, ids: tenantIds(rows) })),
				),
			]),
		);
		const [nested, ...reads] = outcome;
		expect(nested).toEqual({ before: [a.id], inner: { tenant: "", auth: "authenticator" }, after: [a.id] });
		for (const read of reads as { want: string; ids: string[] }[]) expect(read.ids).toEqual([read.want]);
	});

	it("downloads read from a pool of their own: page views holding every page connection still get theirs", async () => {
		// Two page views at once on a pool of two, each starting a download (ADR 0020).
		const download = (from: Kysely<Database>) =>
			withRequestUnit(db.app, { eager: true }, () =>
				runAsSnapshot(from, { userId: userA.id, tenantId: a.id }, (tx) =>
					tx.selectFrom("audit_events").select("tenant_id").execute(),
				),
			);
		const both = await Promise.all([download(db.downloads), download(db.downloads)]);
		expect(both.map(tenantIds)).toEqual([[a.id], [a.id]]);
		// From the page views' own pool, each waits for the connection the other holds until the pool
		// gives up on one (whose page view then lets its connection go to the other).
		const fromPagePool = await Promise.allSettled([download(db.app), download(db.app)]);
		const refused = fromPagePool.filter((r): r is PromiseRejectedResult => r.status === "rejected");
		expect(refused.length).toBeGreaterThan(0);
		expect(String(refused[0]?.reason)).toMatch(/timeout/i);
	});

	it("refuses a transaction of its own inside the unit", async () => {
		await expect(
			unit(() =>
				runAs(db.app, { userId: userA.id, tenantId: a.id }, (tx) =>
					// A page's work gets a Kysely typed as a transaction; one of its own is refused at run time too.
					(tx as unknown as Kysely<Database>).transaction().execute(async () => 1),
				),
			),
		).rejects.toThrow(/transaction inside a page view/);
	});

	it("a unit that wrote has committed when it returns; read-only units follow each other on the pool", async () => {
		const marker = `unit-${crypto.randomUUID()}`;
		await unit(() =>
			runAs(db.app, { userId: userA.id, tenantId: a.id }, (tx) =>
				tx
					.insertInto("audit_events")
					.values({ tenant_id: a.id, actor_user_id: userA.id, action: marker, entity_type: "t", entity_id: "1" })
					.execute(),
			),
		);
		const written = await db.owner.selectFrom("audit_events").select("id").where("action", "=", marker).execute();
		expect(written).toHaveLength(1);
		// Read-only units send COMMIT without waiting for it: the next ones on the same connections
		// start in their own transactions and see what they should.
		for (let i = 0; i < 20; i++) {
			const seen = await unit(() => visibleAudit({ userId: userB.id, tenantId: b.id }));
			expect(tenantIds(seen)).toEqual([b.id]);
		}
		// And a statement after them runs in a transaction of its own (none was left open).
		const { rows } = await sql<{ fresh: boolean }>`select now() = statement_timestamp() as fresh`.execute(db.app);
		expect(rows[0]?.fresh).toBe(true);
	});

	it("an error rolls the whole unit back; no setting outlives it on the pooled connection", async () => {
		const marker = `unit-${crypto.randomUUID()}`;
		await expect(
			unit(async () => {
				await runAs(db.app, { userId: userA.id, tenantId: a.id }, (tx) =>
					tx
						.insertInto("audit_events")
						.values({ tenant_id: a.id, actor_user_id: userA.id, action: marker, entity_type: "t", entity_id: "1" })
						.execute(),
				);
				throw new Error("page failed");
			}),
		).rejects.toThrow("page failed");
		const written = await db.owner.selectFrom("audit_events").select("id").where("action", "=", marker).execute();
		expect(written).toEqual([]);
		for (let i = 0; i < 4; i++) {
			const { rows } = await sql<{
				tenant: string | null;
			}>`select current_setting('app.tenant_id', true) as tenant`.execute(db.app);
			expect(rows[0]?.tenant ?? "").toBe("");
		}
	});

	it("refuses to move into a child tenant inside a shared unit", async () => {
		await expect(
			unit(() => runAs(db.app, { userId: userA.id, tenantId: a.id }, (tx) => unsafeEnterChildTenant(tx, b.id))),
		).rejects.toThrow(/not in a page view/);
	});
});
