import type { Kysely } from "kysely";
import { sql } from "kysely";

// Frozen in time: imports nothing from the app.

/**
 * The daily collector of stored bytes no `files` row lists any more:
 * - `files_sha256`: whether any unit's row lists a content, by index, not by reading every unit's files;
 * - `installation`: this database's identity, which the app writes into its files directory when it
 *   starts (DATA_DIR/files/.installation). The collector deletes nothing from a directory marked for
 *   another database, or not marked at all: a worker started with the wrong DATA_DIR, or a test's
 *   worker beside a developer's demo files, must not delete what another database lists.
 * The app role holds no privilege on `installation` (RLS forced, no policy): only the owner reads it.
 */
export async function up(db: Kysely<any>): Promise<void> {
	for (const statement of [
		"CREATE INDEX files_sha256 ON files (sha256)",
		`CREATE TABLE installation (
		   one boolean PRIMARY KEY DEFAULT true CHECK (one),
		   id uuid NOT NULL DEFAULT gen_random_uuid(),
		   created_at timestamptz NOT NULL DEFAULT now())`,
		"INSERT INTO installation DEFAULT VALUES",
		"ALTER TABLE installation ENABLE ROW LEVEL SECURITY",
		"ALTER TABLE installation FORCE ROW LEVEL SECURITY",
	])
		await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`DROP TABLE installation`.execute(db);
	await sql`DROP INDEX files_sha256`.execute(db);
}
