import type { TestProject } from "vitest/node";
import { openDatabase } from "#db/client.ts";
import { parseDatabaseEnv } from "#db/database-env.ts";
import { migrateToLatest } from "#db/migrate.ts";
import { createTestDatabase } from "./test-databases.ts";

declare module "vitest" {
	export interface ProvidedContext {
		databaseUrl: string;
	}
}

/** One migrated database for the integration suite, dropped at the end; the demo data is never touched. */
export default async function setup(project: TestProject) {
	const database = await createTestDatabase("int");
	const db = await openDatabase({ env: parseDatabaseEnv({ DATABASE_URL: database.url }) });
	try {
		await migrateToLatest(db.owner);
	} finally {
		await db.close();
	}
	project.provide("databaseUrl", database.url);
	return () => database.drop();
}
