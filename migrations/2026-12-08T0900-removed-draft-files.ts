import type { Kysely } from "kysely";
import { sql } from "kysely";

// Frozen in time: imports nothing from the app.

const APP_ROLE = "lianxi_app";

/**
 * A document a unit removes from its report draft, or replaces in a file field, before it ever
 * reported it, is deleted with its `files` row instead of staying in the unit's records unused.
 * The app role may delete its own unit's files; the foreign keys of every table that lists a file
 * (register, topics, opinions, matters, report requests and reports) keep any file still listed.
 */
export async function up(db: Kysely<any>): Promise<void> {
	for (const statement of [
		`GRANT DELETE ON files TO ${APP_ROLE}`,
		`CREATE POLICY files_delete_own ON files FOR DELETE TO ${APP_ROLE}
		   USING (tenant_id = (SELECT app_current_tenant()))`,
	])
		await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const statement of ["DROP POLICY files_delete_own ON files", `REVOKE DELETE ON files FROM ${APP_ROLE}`])
		await sql.raw(statement).execute(db);
}
