import { type Kysely, sql } from "kysely";
import type { Database, Role } from "#db/schema.ts";
import { hasAny, reportApprovers, reportFillers, reportManagers } from "../report-requests/report-roles.ts";
import { SHOWN_PER_GROUP } from "./shown-workbench.ts";
import { item, type WorkbenchItem } from "./workbench-item.ts";
import { type BenchValues, type JsonRow, timestamp } from "./workbench-json.ts";

/** The workbench's report-request groups (issue #22); null where the person's roles do not act on them. */
interface ReportWork {
	reportFill: WorkbenchItem[] | null;
	reportApprove: WorkbenchItem[] | null;
	reportReview: WorkbenchItem[] | null;
}

/** Which report-request work a person's roles take part in. */
export function reportRoles(roles: readonly Role[]) {
	const fills = hasAny(roles, reportFillers);
	const approves = hasAny(roles, reportApprovers);
	const reviews = hasAny(roles, reportManagers);
	return { fills, approves, reviews, any: fills || approves || reviews };
}

/**
 * Only a unit with a unit above it is asked to report (the city's people are never told "nothing
 * to fill in"), and only one with units below it reviews reports: both read in the workbench's
 * statement (null when the unit itself is not visible).
 */
export function unitShape(db: Kysely<Database>, v: BenchValues) {
	return {
		asked: db
			.selectFrom("tenants as me")
			.select(sql<boolean>`me.parent_id is not null`.as("asked"))
			.where("me.id", "=", v.tenantId),
		hasChildren: db
			.selectFrom("tenants as me")
			.select(sql<boolean>`exists (select 1 from tenants c where c.parent_id = me.id)`.as("hasChildren"))
			.where("me.id", "=", v.tenantId),
	};
}

/**
 * A unit's own report targets still open to its office staff (未填, 填报中, 已退回) or to its leaders
 * (waiting for 单位审核), with the requesting unit's name (shown only to a unit that is asked: `reportWork`).
 * Inside the workbench's transaction (RLS: the unit's own targets).
 */
export function ownTargetsSection(db: Kysely<Database>, v: BenchValues) {
	return db
		.selectFrom("report_targets as t")
		.innerJoin("report_requests as r", (j) =>
			j.onRef("r.tenant_id", "=", "t.tenant_id").onRef("r.id", "=", "t.request_id"),
		)
		.select([
			"r.id",
			"r.title",
			"r.due_on as dueOn",
			"t.status",
			"t.updated_at as since",
			// The units above are not visible through the tenants policy: their names come from the function.
			sql<string>`coalesce((select q.name from app_report_requesters() q where q.id = r.tenant_id limit 1), '')`.as(
				"requester",
			),
		])
		.where("t.unit_id", "=", v.tenantId)
		.where("r.status", "=", "open")
		.where("t.status", "in", ["not_started", "draft", "returned", "pending_approval"])
		.orderBy("r.due_on")
		.orderBy("r.created_at");
}

/** What the units below have reported and nobody here has opened yet. */
function awaitingReview(db: Kysely<Database>, v: BenchValues) {
	return db
		.selectFrom("report_targets as t")
		.innerJoin("report_requests as r", (j) =>
			j.onRef("r.tenant_id", "=", "t.tenant_id").onRef("r.id", "=", "t.request_id"),
		)
		.where("t.reviewer_id", "=", v.tenantId)
		.where("t.status", "=", "submitted")
		.where("t.opened_at", "is", null)
		.where("r.status", "=", "open");
}

/**
 * The first of them, oldest first, as many as the home lists (shown only to a unit with units below:
 * `reportWork`); `reviewCount` counts them all. A city with a thousand units below may have hundreds:
 * the statement no longer builds and sends them all for the home to show eight (issue #25).
 */
export function reviewSection(db: Kysely<Database>, v: BenchValues) {
	return awaitingReview(db, v)
		.innerJoin("tenants as u", "u.id", "t.unit_id")
		.select(["r.id", "r.title", "t.unit_id as unitId", "u.name as unitName", "t.reported_at as since"])
		.orderBy("t.reported_at")
		.orderBy("t.unit_id")
		.limit(SHOWN_PER_GROUP);
}

/** How many reports wait for review (`reviewSection` lists the first). */
export function reviewCount(db: Kysely<Database>, v: BenchValues) {
	return awaitingReview(db, v).select(sql<number>`count(*)::int`.as("reviewCount"));
}

/**
 * A unit's report-request work, by the same role lists the actions check: its office staff fill in
 * what is not yet reported, its leaders approve what waits for 单位审核, and a reviewing unit's
 * managers (a unit with units below it) read what its units have reported and nobody there has opened yet.
 */
export function reportWork(
	roles: readonly Role[],
	today: string,
	read: {
		asked: boolean | null;
		hasChildren: boolean | null;
		own: JsonRow<typeof ownTargetsSection>[] | null;
		review: JsonRow<typeof reviewSection>[] | null;
	},
): ReportWork {
	const { fills, approves, reviews } = reportRoles(roles);
	const work: ReportWork = { reportFill: null, reportApprove: null, reportReview: null };
	const asked = read.asked === true;
	const own = read.own ?? [];
	const ownItem = (r: (typeof own)[number]) =>
		item(`${r.id}:${r.status}`, `report-requests/${r.id}/fill`, r.title, r.requester, {
			due: r.dueOn,
			since: timestamp(r.since),
			overdue: r.dueOn < today,
		});
	if (asked && fills) work.reportFill = own.filter((r) => r.status !== "pending_approval").map(ownItem);
	if (asked && approves) work.reportApprove = own.filter((r) => r.status === "pending_approval").map(ownItem);
	if (reviews && read.hasChildren === true) {
		work.reportReview = (read.review ?? []).map((r) =>
			item(`${r.id}:${r.unitId}`, `report-requests/${r.id}/units/${r.unitId}`, r.title, r.unitName, {
				since: timestamp(r.since),
			}),
		);
	}
	return work;
}
