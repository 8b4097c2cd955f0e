import { type Kysely, sql } from "kysely";
import { type Migration, type MigrationResultSet, Migrator } from "kysely/migration";
import { migrations } from "../migrations/index.ts";

const provider = { getMigrations: async (): Promise<Record<string, Migration>> => migrations };

function migrator(owner: Kysely<any>) {
	return new Migrator({ db: owner, provider });
}

function check({ error, results }: MigrationResultSet): string[] {
	const failed = results?.find((r) => r.status === "Error");
	if (error || failed) {
		const cause = error instanceof Error ? error.message : String(error ?? "");
		throw new Error(`Migration ${failed?.migrationName ?? ""} failed: ${cause}`, { cause: error });
	}
	return (results ?? []).map((r) => `${r.direction === "Up" ? "applied" : "reverted"} ${r.migrationName}`);
}

/** Runs every pending migration as the owner; returns one line per migration applied. */
export async function migrateToLatest(owner: Kysely<any>): Promise<string[]> {
	return check(await migrator(owner).migrateToLatest());
}

/** Drops everything the migrations made (development only: `npm run db:reset`). */
export async function dropAll(owner: Kysely<any>): Promise<void> {
	await sql`DROP SCHEMA public CASCADE`.execute(owner);
	await sql`CREATE SCHEMA public`.execute(owner);
	await sql`GRANT USAGE ON SCHEMA public TO public`.execute(owner);
}
