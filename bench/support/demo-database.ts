import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { hashPassword } from "#app/domain/auth/password.server.ts";
import { localFileStore } from "#app/lib/file-store.server.ts";
import { type DatabaseHandle, openDatabase } from "#db/client.ts";
import { parseDatabaseEnv } from "#db/database-env.ts";
import { migrateToLatest } from "#db/migrate.ts";
import { seedDemo } from "#db/seed/seed-demo.ts";
import { createTestDatabase } from "#tests/support/test-databases.ts";

export interface DemoDatabase {
	url: string;
	/** The app's DATA_DIR, which holds the demo's files. */
	dataDir: string;
	db: DatabaseHandle;
	/** Drops the database and removes the data directory (close `db` first). */
	drop(): Promise<void>;
}

/** A PostgreSQL database of its own, migrated and seeded with the demo, for one benchmark run. */
export async function seededDemoDatabase(label: string): Promise<DemoDatabase> {
	const database = await createTestDatabase(label);
	const dataDir = mkdtempSync(path.join(tmpdir(), `lianxi-${label}-`));
	const db = await openDatabase({ env: parseDatabaseEnv({ DATABASE_URL: database.url }) });
	await migrateToLatest(db.owner);
	await seedDemo(db.owner, { hashPassword, files: localFileStore(path.join(dataDir, "files")) });
	return {
		url: database.url,
		dataDir,
		db,
		async drop() {
			await database.drop();
			rmSync(dataDir, { recursive: true, force: true });
		},
	};
}

/** The demo city's meeting with issued minutes: the meeting page the benchmarks load. */
export function demoMeeting(db: DatabaseHandle) {
	return db.owner
		.selectFrom("meetings as m")
		.innerJoin("tenants as t", "t.id", "m.tenant_id")
		.select(["m.id", "m.tenant_id"])
		.where("t.slug", "=", "smx")
		.where("m.status", "=", "minutes_issued")
		.executeTakeFirstOrThrow();
}
