import { type Kysely, sql } from "kysely";

// Frozen in time: imports nothing from the app.

/**
 * O3 and the 纪要 format name people as "姓名（职务）": a membership's 职务 (title) is the one the person
 * holds in that unit, set by its administrator. The column has been on `memberships` since the
 * foundation (unused, unbounded); it now has bounds: trimmed, not empty (no title is NULL), at most
 * 40 characters. The app role's table-wide UPDATE grant and the tenant's update policy on
 * memberships (foundation) already cover the column: no grant or policy changes here.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await sql`UPDATE memberships SET title = NULLIF(btrim(title), '') WHERE title IS NOT NULL`.execute(db);
	await sql`UPDATE memberships SET title = left(title, 40) WHERE char_length(title) > 40`.execute(db);
	await sql
		.raw(
			`ALTER TABLE memberships ADD CONSTRAINT memberships_title_length CHECK (
        title = btrim(title) AND char_length(title) BETWEEN 1 AND 40
      )`,
		)
		.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql`ALTER TABLE memberships DROP CONSTRAINT IF EXISTS memberships_title_length`.execute(db);
}
