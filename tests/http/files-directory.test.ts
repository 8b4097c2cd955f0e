import { readFile } from "node:fs/promises";
import path from "node:path";
import { sql } from "kysely";
import { describe, expect, inject, it } from "vitest";
import { openDatabase } from "#db/client.ts";
import { parseDatabaseEnv } from "#db/database-env.ts";

/**
 * The app, when it starts, marks its files directory as its database's (migration 2026-12-09T0900):
 * the daily collector of unlisted stored bytes deletes from no other directory.
 */
describe("the app's files directory", () => {
	it("is marked with the installation id of the database the app started on", async () => {
		const db = await openDatabase({ env: parseDatabaseEnv({ DATABASE_URL: inject("databaseUrl") }) });
		try {
			const { rows } = await sql<{ id: string }>`select id from installation`.execute(db.owner);
			const mark = await readFile(path.join(inject("dataDir"), "files", ".installation"), "utf8");
			expect(mark.trim()).toBe(rows[0]?.id);
		} finally {
			await db.close();
		}
	});
});
