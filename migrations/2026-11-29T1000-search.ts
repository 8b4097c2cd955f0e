import { type Kysely, sql } from "kysely";

// Frozen in time: imports nothing from the app.
const APP_ROLE = "lianxi_app";

/**
 * Full-text search across a unit (issue #14): trigram indexes on the text people search, so that
 * `ILIKE '%…%'` is served by an index instead of reading every row. pg_trgm works on characters,
 * not words, so Chinese (no spaces between words) matches as it should; a term of fewer than three
 * characters (欠薪) still matches, by a scan. pg_trgm is a trusted extension (PostgreSQL 13+): the
 * owner may create it without being a superuser.
 *
 * Row-level security and the index: ILIKE (texticlike) is not LEAKPROOF, so for the app role the
 * planner must check each row's policies before it may apply ILIKE, and a trigram index can never
 * be its index condition (checked with EXPLAIN: as the app role the plan reads every visible row of
 * the table; as the owner it is a Bitmap Index Scan on the trigram index). Marking texticlike
 * LEAKPROOF would take a superuser and be wrong. So, as app_subtree_ids does for the policies
 * (DESIGN §9), one STABLE SECURITY DEFINER function per searched table finds the matching keys
 * through the index, limited to the units whose rows of that table the caller's policies already
 * show (the subtree for what is published upward, the current unit for what never leaves it). It
 * can only narrow: the search reads the rows themselves as the app role, under every policy.
 */
const INDEXES: [name: string, table: string, column: string][] = [
	["meetings_title_trgm", "meetings", "title"],
	["topics_title_trgm", "topics", "title"],
	["topics_background_trgm", "topics", "background"],
	["minutes_versions_body_trgm", "minutes_versions", "body"],
	["decided_matters_content_trgm", "decided_matters", "content"],
	["matter_updates_text_trgm", "matter_updates", "text"],
	["systems_title_trgm", "systems", "title"],
];

const subtree = "tenant_id = ANY ((SELECT app_subtree_ids())::uuid[])";
const current = "tenant_id = (SELECT app_current_tenant())";

/** [function, table, key column, where the words are, which units (as the table's policies)]. */
const MATCHERS: [fn: string, table: string, key: string, match: string, units: string][] = [
	["app_search_meetings", "meetings", "id", "title ILIKE pattern", subtree],
	["app_search_topics", "topics", "id", "(title ILIKE pattern OR background ILIKE pattern)", current],
	["app_search_minutes", "minutes_versions", "minutes_id", "body ILIKE pattern", current],
	["app_search_matters", "decided_matters", "id", "content ILIKE pattern", subtree],
	["app_search_matter_updates", "matter_updates", "id", "text ILIKE pattern", current],
	["app_search_systems", "systems", "id", "title ILIKE pattern", subtree],
];

export async function up(db: Kysely<any>): Promise<void> {
	await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);
	for (const [name, table, column] of INDEXES) {
		await sql.raw(`CREATE INDEX ${name} ON ${table} USING gin (${column} gin_trgm_ops)`).execute(db);
	}
	for (const [fn, table, key, match, units] of MATCHERS) {
		for (const statement of [
			`CREATE FUNCTION ${fn}(pattern text) RETURNS TABLE (tenant_id uuid, id uuid)
       LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp ROWS 100 AS $$
         SELECT DISTINCT tenant_id, ${key} FROM ${table} WHERE ${match} AND ${units}
       $$`,
			`REVOKE ALL ON FUNCTION ${fn}(text) FROM PUBLIC`,
			`GRANT EXECUTE ON FUNCTION ${fn}(text) TO ${APP_ROLE}`,
		]) {
			await sql.raw(statement).execute(db);
		}
	}
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const [fn] of MATCHERS) await sql.raw(`DROP FUNCTION IF EXISTS ${fn}(text)`).execute(db);
	for (const [name] of INDEXES) await sql.raw(`DROP INDEX IF EXISTS ${name}`).execute(db);
	// The extension stays: it may have been there before (IF NOT EXISTS), and it holds no data.
}
