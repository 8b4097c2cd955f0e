import { sql } from "kysely";
import { Migrator } from "kysely/migration";
import { afterAll, expect, it } from "vitest";
import { openDatabase } from "#db/client.ts";
import { parseDatabaseEnv } from "#db/database-env.ts";
import { migrations } from "../../migrations/index.ts";
import { createTenant } from "../support/integration-db.ts";
import { createTestDatabase } from "../support/test-databases.ts";

/**
 * A unit passes a request down once (migration 2026-12-09T1100): the database refuses a second
 * forwarded copy, and copies made twice before are settled without losing one: the earliest stays
 * the forwarded copy, the later ones become ordinary requests of the unit.
 */
const database = await createTestDatabase("forward_once");
const db = await openDatabase({ env: parseDatabaseEnv({ DATABASE_URL: database.url }) });
afterAll(async () => {
	await db.close();
	await database.drop();
});

it("keeps the earliest of copies forwarded twice, and refuses another from then on", async () => {
	const migrator = new Migrator({ db: db.owner, provider: { getMigrations: async () => migrations } });
	expect((await migrator.migrateTo("2026-12-09T1000-session-access")).error).toBeUndefined();
	const owner = db.owner;
	const tenant = async (slug: string) => (await createTenant(db, { slug, kind: "county" })).id;
	const [city, county] = [await tenant("city"), await tenant("county")];
	const request = async (tenantId: string, title: string, createdAt: string, from: [string, string] | null) => {
		const id = crypto.randomUUID();
		await sql`
			insert into report_requests (tenant_id, id, title, kind, period_kind, period_key, due_on, scope,
			  series_id, forwarded_from_tenant_id, forwarded_from_id, created_at)
			values (${tenantId}, ${id}, ${title}, 'documents', 'once', 'once', '2026-12-31', 'children',
			  ${id}, ${from?.[0] ?? null}, ${from?.[1] ?? null}, ${createdAt})`.execute(owner);
		return id;
	};
	const upstream = await request(city, "上级的报送任务", "2026-12-01T08:00:00Z", null);
	const otherUpstream = await request(city, "另一项报送任务", "2026-12-01T09:00:00Z", null);
	// Two staff forwarded the same request before the forwarding step took its lock.
	const later = await request(county, "转发（第二份）", "2026-12-02T10:00:00Z", [city, upstream]);
	const earliest = await request(county, "转发（第一份）", "2026-12-02T09:00:00Z", [city, upstream]);
	const latest = await request(county, "转发（第三份）", "2026-12-02T11:00:00Z", [city, upstream]);
	const single = await request(county, "转发（另一项）", "2026-12-02T12:00:00Z", [city, otherUpstream]);

	expect((await migrator.migrateTo("2026-12-09T1100-forward-once")).error).toBeUndefined();
	const links = await owner
		.selectFrom("report_requests")
		.select(["id", "forwarded_from_id"])
		.where("tenant_id", "=", county)
		.execute();
	expect(new Map(links.map((r) => [r.id, r.forwarded_from_id]))).toEqual(
		new Map([
			[earliest, upstream],
			[later, null],
			[latest, null],
			[single, otherUpstream],
		]),
	);
	// From now on the database itself refuses a second copy in the same unit.
	await expect(request(county, "转发（又一份）", "2026-12-03T09:00:00Z", [city, upstream])).rejects.toMatchObject({
		code: "23505",
		constraint: "report_requests_forwarded_once",
	});
	// Another unit may still forward its own copy.
	const association = await tenant("association");
	await expect(request(association, "协会转发", "2026-12-03T09:00:00Z", [city, upstream])).resolves.toBeTruthy();
});
