import { type Kysely, sql } from "kysely";
import type { Actor } from "#app/domain/actor.ts";
import { runAs } from "#db/run-as.ts";
import type { Database } from "#db/schema.ts";
import { type Tracker, trackerRowOf, trackerTargets } from "./read-report-requests.server.ts";
import { isShownReported, type TrackerStatus, trackerStatuses } from "./report-roles.ts";

/** The tracker status in SQL (the same rule as trackerStatus in report-roles.ts), for counting and filtering. */
export const statusSql = (today: string, dueOn: string) =>
	sql<TrackerStatus>`case
		when t.status in ('not_started', 'draft', 'pending_approval') and ${today}::date > ${dueOn}::date then 'overdue_missing'
		when t.status = 'submitted' and t.reported_on > ${dueOn}::date then 'overdue_submitted'
		when t.status = 'accepted' and t.reported_on > ${dueOn}::date then 'accepted_late'
		else t.status end`;

interface TrackerPage extends Tracker {
	/** Units matching the status filter (all when none); `rows` is one page of them. */
	matching: number;
	/** Units the reading unit reviews that have not reported (一键催报 reaches them). */
	urgeable: number;
}

/**
 * The tracker one page at a time, for the page: the counts (and so the chart and completion rate)
 * over every unit computed by the database, the rows of one page (in tree order) filtered by status.
 * Its cost grows with the page, not with the number of units (issue #22 §9).
 */
export function readTrackerPage(
	db: Kysely<Database>,
	actor: Actor,
	requestId: string,
	today: string,
	page: { status?: TrackerStatus | null; limit?: number; offset?: number } = {},
): Promise<TrackerPage | null> {
	const unitId = actor.tenantId as string;
	const limit = Math.min(Math.max(page.limit ?? 100, 1), 500);
	return runAs(db, actor, async (tx) => {
		const request = await tx
			.selectFrom("report_requests")
			.select(["tenant_id", "due_on"])
			.where("id", "=", requestId)
			.executeTakeFirst();
		if (!request) return null;
		const status = statusSql(today, request.due_on);
		const counted = await tx
			.selectFrom("report_targets as t")
			.select([
				sql<TrackerStatus>`${status}`.as("status"),
				sql<number>`count(*)::int`.as("n"),
				sql<number>`(count(*) filter (where t.reviewer_id = ${unitId}::uuid or t.tenant_id = ${unitId}::uuid))::int`.as(
					"reviewed",
				),
			])
			.where("t.tenant_id", "=", request.tenant_id)
			.where("t.request_id", "=", requestId)
			.where("t.unit_id", "<>", unitId)
			.groupBy(sql`1`)
			.execute();
		const counts = Object.fromEntries(trackerStatuses.map((s) => [s, 0])) as Record<TrackerStatus, number>;
		let urgeable = 0;
		for (const c of counted) {
			counts[c.status] = c.n;
			if (
				c.status === "not_started" ||
				c.status === "draft" ||
				c.status === "pending_approval" ||
				c.status === "returned" ||
				c.status === "overdue_missing"
			)
				urgeable += c.reviewed;
		}
		const total = counted.reduce((s, c) => s + c.n, 0);
		const reported = trackerStatuses.filter(isShownReported).reduce((n, s) => n + counts[s], 0);
		let query = trackerTargets(tx, request.tenant_id, requestId, unitId);
		if (page.status) query = query.where(sql<boolean>`${status} = ${page.status}`);
		const rows = await query
			.limit(limit)
			.offset(Math.max(page.offset ?? 0, 0))
			.execute();
		return {
			rows: rows.map((t) => trackerRowOf(t, { ...request, unitId }, today)),
			counts,
			total,
			reported,
			rate: total === 0 ? 0 : reported / total,
			matching: page.status ? counts[page.status] : total,
			urgeable,
		};
	});
}
