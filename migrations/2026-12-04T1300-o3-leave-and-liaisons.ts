import { type Kysely, sql } from "kysely";

// Frozen in time: imports nothing from the app.

/**
 * O3: a required leader (出席) who cannot come is excused only by leave (请假) that a leader of the
 * unit records, with its reason. Leave belongs to one person on one meeting's roster, so it is three
 * columns of `attendees` (whose tenant policy and grants already cover them), not a table: the
 * reason, who recorded it and when. Withdrawn leave clears all three together.
 */
export async function up(db: Kysely<any>): Promise<void> {
	await sql
		.raw(
			`ALTER TABLE attendees
        ADD COLUMN leave_reason text CHECK (length(leave_reason) BETWEEN 1 AND 200),
        ADD COLUMN leave_by uuid REFERENCES users (id),
        ADD COLUMN leave_at timestamptz,
        ADD CONSTRAINT attendees_leave_whole CHECK (
          (leave_reason IS NULL AND leave_by IS NULL AND leave_at IS NULL)
          OR (leave_reason IS NOT NULL AND leave_by IS NOT NULL AND leave_at IS NOT NULL AND user_id IS NOT NULL)
        )`,
		)
		.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
	await sql
		.raw(
			`ALTER TABLE attendees
        DROP CONSTRAINT IF EXISTS attendees_leave_whole,
        DROP COLUMN IF EXISTS leave_at,
        DROP COLUMN IF EXISTS leave_by,
        DROP COLUMN IF EXISTS leave_reason`,
		)
		.execute(db);
}
