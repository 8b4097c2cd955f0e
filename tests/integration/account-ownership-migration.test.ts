import { sql } from "kysely";
import { Migrator } from "kysely/migration";
import { afterAll, expect, it } from "vitest";
import { openDatabase } from "#db/client.ts";
import { parseDatabaseEnv } from "#db/database-env.ts";
import { migrations } from "../../migrations/index.ts";
import { createTestDatabase } from "../support/test-databases.ts";

/**
 * ADR 0008, rule 3: links issued under the old policy for accounts that the issuing unit does not
 * hold are revoked by the migration; a link for an account the unit does hold keeps working.
 */
const database = await createTestDatabase("ownership");
const db = await openDatabase({ env: parseDatabaseEnv({ DATABASE_URL: database.url }) });
afterAll(async () => {
	await db.close();
	await database.drop();
});

it("revokes old set-password links of accounts the issuing unit does not hold", async () => {
	const migrator = new Migrator({ db: db.owner, provider: { getMigrations: async () => migrations } });
	const before = await migrator.migrateTo("2026-11-26T1100-matter-files");
	expect(before.error).toBeUndefined();
	const owner = db.owner;
	const tenant = async (slug: string) =>
		(
			await owner
				.insertInto("tenants")
				.values({ slug, kind: "county", name: slug, gov_name: slug, union_name: slug })
				.returning("id")
				.executeTakeFirstOrThrow()
		).id;
	const [a, b] = [await tenant("unit-a"), await tenant("unit-b")];
	const user = async (email: string, tenants: string[]) => {
		const { id } = await sql<{ id: string }>`
			insert into users (email, display_name, password_hash) values (${email}, 'x', 'h') returning id`
			.execute(owner)
			.then((r) => r.rows[0] as { id: string });
		for (const t of tenants)
			await sql`insert into memberships (tenant_id, user_id, roles) values (${t}, ${id}, ${["viewer"]})`.execute(owner);
		return id;
	};
	const own = await user("own@a.example", [a]);
	const shared = await user("shared@b.example", [b, a]);
	const token = async (id: string, userId: string) =>
		sql`insert into password_tokens (id, secret_hash, user_id, issued_in, expires_at)
			values (${id}, ${new Uint8Array(32)}, ${userId}, ${a}, now() + interval '1 day')`.execute(owner);
	await token("t".repeat(32), own);
	await token("s".repeat(32), shared);

	const after = await migrator.migrateTo("2026-11-27T0900-account-ownership");
	expect(after.error).toBeUndefined();
	const revoked = () =>
		sql<{ id: string; revoked: boolean }>`
			select id, revoked_at is not null as revoked from password_tokens order by id`.execute(owner);
	expect((await revoked()).rows).toEqual([
		{ id: "s".repeat(32), revoked: true },
		{ id: "t".repeat(32), revoked: false },
	]);
	// Links by mail (2026-12-04): a link an administrator was shown before stops working too.
	expect((await migrator.migrateToLatest()).error).toBeUndefined();
	expect((await revoked()).rows).toEqual([
		{ id: "s".repeat(32), revoked: true },
		{ id: "t".repeat(32), revoked: true },
	]);
	const created = await sql<{ email: string; created_in: string }>`
		select email, created_in from users order by email`.execute(owner);
	expect(created.rows).toEqual([
		{ email: "own@a.example", created_in: a },
		{ email: "shared@b.example", created_in: b },
	]);
});
