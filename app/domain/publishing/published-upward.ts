import { type RawBuilder, sql } from "kysely";
import type { MeetingStatus, MinutesStatus, TopicStatus } from "#db/schema.ts";

/**
 * Upward means published (ADR 0005): what a unit shows the units above it. The database holds the
 * definition — `app_published_meeting`, `app_published_minutes`, `app_published_topic` (migration
 * 2026-12-04T1100), used by the policies that publish rows upward, the statistics' per-unit-and-year
 * summaries, search's matchers, the export's department names and the public page. This module names
 * the same states for a query that filters on its own: a unit reading its own records sees every row
 * of them under row-level security, and pages that show "what is published" filter here.
 * tests/integration/published-upward.test.ts checks, state by state, that both say the same.
 */

/** O1: accepted by the government side (both sides for an extraordinary meeting), and every state after. */
const publishedMeetingStatuses = [
	"accepted",
	"preparing",
	"scheduled",
	"held",
	"minutes_review",
	"minutes_issued",
] as const satisfies readonly MeetingStatus[];

/** O5: minutes leave the unit once issued, with their number; their decided matters with them (O6). */
export const publishedMinutesStatus = "issued" satisfies MinutesStatus;

/** O2: a topic counts (in the statistics, as a figure) once both sides agreed it; topics never leave the unit. */
export const publishedTopicStatus = "agreed" satisfies TopicStatus;

const column = (alias: string, name: string) => sql.ref(`${alias}.${name}`);
const literals = (values: readonly string[]) => sql.join(values.map((v) => sql.lit(v)));

/** The meeting (by its alias) is published: a published state, or cancelled after it had been accepted. */
export function publishedMeeting(alias: string): RawBuilder<boolean> {
	const status = column(alias, "status");
	return sql<boolean>`(${status} in (${literals(publishedMeetingStatuses)}) or (${status} = 'cancelled' and ${column(alias, "accepted_at")} is not null))`;
}

/** The minutes (by their alias) are issued. */
export function publishedMinutes(alias: string): RawBuilder<boolean> {
	return sql<boolean>`${column(alias, "status")} = ${sql.lit(publishedMinutesStatus)}`;
}

/** The decided matter (by its alias) belongs to issued minutes. */
export function publishedMatter(alias: string): RawBuilder<boolean> {
	return sql<boolean>`exists (select 1 from minutes pm where pm.tenant_id = ${column(alias, "tenant_id")} and pm.id = ${column(alias, "minutes_id")} and ${publishedMinutes("pm")})`;
}
