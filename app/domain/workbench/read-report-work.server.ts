import { sql } from "kysely";
import type { Tx } from "#db/run-as.ts";
import type { Role } from "#db/schema.ts";
import { requesterNames } from "../report-requests/read-report-requests.server.ts";
import { hasAny, reportApprovers, reportFillers, reportManagers } from "../report-requests/report-roles.ts";
import { item, type WorkbenchItem } from "./workbench-item.ts";

/** The workbench's report-request groups (issue #22); null where the person's roles do not act on them. */
interface ReportWork {
	reportFill: WorkbenchItem[] | null;
	reportApprove: WorkbenchItem[] | null;
	reportReview: WorkbenchItem[] | null;
}

/**
 * A unit's report-request work, by the same role lists the actions check: its office staff fill in
 * what is not yet reported (未填, 填报中, 已退回), its leaders approve what waits for 单位审核, and a
 * reviewing unit's managers (a unit with units below it) read what its units have reported and
 * nobody there has opened yet.
 * Inside the workbench's transaction (RLS: the unit's own targets, and those it reviews).
 */
export async function readReportWork(
	tx: Tx,
	tenantId: string,
	roles: readonly Role[],
	today: string,
): Promise<ReportWork> {
	const fills = hasAny(roles, reportFillers);
	const approves = hasAny(roles, reportApprovers);
	const reviews = hasAny(roles, reportManagers);
	const work: ReportWork = { reportFill: null, reportApprove: null, reportReview: null };
	if (!fills && !approves && !reviews) return work;
	// Only a unit with a unit above it is asked to report (the city's people are never told "nothing
	// to fill in"), and only one with units below it reviews reports.
	const unit = await tx
		.selectFrom("tenants as me")
		.select([
			"me.parent_id",
			sql<boolean>`exists (select 1 from tenants c where c.parent_id = me.id)`.as("hasChildren"),
		])
		.where("me.id", "=", tenantId)
		.executeTakeFirst();
	const asked = unit?.parent_id != null;

	const own =
		asked && (fills || approves)
			? await tx
					.selectFrom("report_targets as t")
					.innerJoin("report_requests as r", (j) =>
						j.onRef("r.tenant_id", "=", "t.tenant_id").onRef("r.id", "=", "t.request_id"),
					)
					.select([
						"r.id",
						"r.tenant_id as requesterId",
						"r.title",
						"r.due_on as dueOn",
						"t.status",
						"t.updated_at as since",
					])
					.where("t.unit_id", "=", tenantId)
					.where("r.status", "=", "open")
					.where("t.status", "in", ["not_started", "draft", "returned", "pending_approval"])
					.orderBy("r.due_on")
					.orderBy("r.created_at")
					.execute()
			: [];
	const names = own.length > 0 ? await requesterNames(tx) : new Map<string, string>();
	const ownItem = (r: (typeof own)[number]) =>
		item(`${r.id}:${r.status}`, `report-requests/${r.id}/fill`, r.title, names.get(r.requesterId) ?? "", {
			due: r.dueOn,
			since: r.since,
			overdue: r.dueOn < today,
		});
	if (asked && fills) work.reportFill = own.filter((r) => r.status !== "pending_approval").map(ownItem);
	if (asked && approves) work.reportApprove = own.filter((r) => r.status === "pending_approval").map(ownItem);

	const hasChildren = reviews && unit?.hasChildren === true;
	if (hasChildren) {
		const rows = await tx
			.selectFrom("report_targets as t")
			.innerJoin("report_requests as r", (j) =>
				j.onRef("r.tenant_id", "=", "t.tenant_id").onRef("r.id", "=", "t.request_id"),
			)
			.innerJoin("tenants as u", "u.id", "t.unit_id")
			.select(["r.id", "r.title", "t.unit_id as unitId", "u.name as unitName", "t.reported_at as since"])
			.where("t.reviewer_id", "=", tenantId)
			.where("t.status", "=", "submitted")
			.where("t.opened_at", "is", null)
			.where("r.status", "=", "open")
			.orderBy("t.reported_at")
			.execute();
		work.reportReview = rows.map((r) =>
			item(`${r.id}:${r.unitId}`, `report-requests/${r.id}/units/${r.unitId}`, r.title, r.unitName, {
				since: r.since,
			}),
		);
	}
	return work;
}
