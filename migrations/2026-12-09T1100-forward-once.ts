import type { Kysely } from "kysely";
import { sql } from "kysely";

// Frozen in time: imports nothing from the app.

/**
 * A unit passes a request it received down once (转发): `report_requests_forwarded_once` makes the
 * database refuse a second copy, whatever the code does. The forwarding step still takes its
 * advisory lock and checks first, so that a second attempt is answered in words, not by the index.
 * Copies made twice before that lock existed: the earliest stays the unit's forwarded copy; each later
 * one keeps its units, answers and files and becomes an ordinary request of the unit (its link to the
 * request above is cleared), so that no report is lost.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await sql`
		UPDATE report_requests r SET forwarded_from_tenant_id = NULL, forwarded_from_id = NULL
		WHERE r.forwarded_from_id IS NOT NULL AND EXISTS (
		  SELECT 1 FROM report_requests e
		  WHERE e.tenant_id = r.tenant_id AND e.forwarded_from_id = r.forwarded_from_id
		    AND (e.created_at, e.id) < (r.created_at, r.id))`.execute(db);
	await sql`
		CREATE UNIQUE INDEX report_requests_forwarded_once ON report_requests (tenant_id, forwarded_from_id)
		WHERE forwarded_from_id IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`DROP INDEX report_requests_forwarded_once`.execute(db);
}
