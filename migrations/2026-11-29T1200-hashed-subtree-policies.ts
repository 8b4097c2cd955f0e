import { type Kysely, sql } from "kysely";

/**
 * The publishing policies, hashable (ADR 0010, 2026-12-01). `tenant_id = ANY ((SELECT
 * app_subtree_ids())::uuid[])` reads the subtree once per statement, but then compares each row's
 * tenant with the array one element at a time: PostgreSQL hashes `= ANY` only for a constant array.
 * With a thousand units below the reader, that was about half of the statistics page's SQL. The
 * same set as `tenant_id IN (SELECT unnest(app_subtree_ids()))` is a hashed SubPlan: built once per
 * statement, one probe per row. Who sees what does not change (same function, same set).
 *
 * Frozen in time: the policies' other conditions are those of migrations 2026-11-27T1300 and
 * 2026-11-28T1000.
 */
const hashed = "tenant_id IN (SELECT unnest(app_subtree_ids()))";
const listed = "tenant_id = ANY ((SELECT app_subtree_ids())::uuid[])";

const policies: [table: string, policy: string, using: (subtree: string) => string][] = [
	["systems", "systems_read", (sub) => sub],
	["meetings", "meetings_read", (sub) => sub],
	["minutes", "minutes_published", (sub) => `status = 'issued' AND ${sub}`],
	["decided_matters", "decided_matters_published", (sub) => sub],
	["publicity", "publicity_published", (sub) => sub],
	[
		"files",
		"files_read",
		(sub) =>
			`tenant_id = (SELECT app_current_tenant()) OR (${sub} AND EXISTS (SELECT 1 FROM systems s WHERE s.tenant_id = files.tenant_id AND s.file_id = files.id))`,
	],
	["topic_counts", "topic_counts_read", (sub) => sub],
	["unit_year_figures", "unit_year_figures_read", (sub) => sub],
];

export async function up(db: Kysely<any>): Promise<void> {
	for (const [table, policy, using] of policies) {
		await sql.raw(`ALTER POLICY ${policy} ON ${table} USING (${using(hashed)})`).execute(db);
	}
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const [table, policy, using] of policies) {
		await sql.raw(`ALTER POLICY ${policy} ON ${table} USING (${using(listed)})`).execute(db);
	}
}
