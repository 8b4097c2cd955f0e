import { sql } from "kysely";
import type { Tx } from "#db/run-as.ts";
import { AppError } from "../app-error.ts";
import { Refusal } from "../refusal.ts";
import type { ReportField, ReportValues } from "./report-fields.ts";
import { parsePeriodKey, periodKey, previousPeriod } from "./report-periods.ts";

export const refuse = (reason: string, code: "forbidden" | "invalid_state" = "invalid_state"): never => {
	throw new Refusal({ ok: false, code, reason: reason as never });
};

/**
 * The order of a request's locks. A unit's report step and a reviewer's step lock one target row,
 * and their writes then share-lock the request's row (the kept sums' trigger, migration
 * 2026-12-08T1100); a form revision locks the request's row, and its rebuild then every target row.
 * Taken in those orders, a revision and a unit's step deadlocked (PostgreSQL aborted one). So each
 * first takes the request's advisory lock: shared for a step on one target (steps of different units
 * go on side by side), exclusive for a revision, which then waits for the steps under way and holds
 * new ones back until it commits.
 */
const requestLock = (requestId: string) => sql<number>`hashtext(${`report-request:${requestId}`})`;

/** Before a step that locks one target row of the request (a unit's report, a review). */
export async function holdRequestForOneTarget(tx: Tx, requestId: string) {
	await sql`select pg_advisory_xact_lock_shared(${requestLock(requestId)})`.execute(tx);
}

/** Before a change that rewrites every target row of the request (a revised form). */
export async function holdRequestForAllTargets(tx: Tx, requestId: string) {
	await sql`select pg_advisory_xact_lock(${requestLock(requestId)})`.execute(tx);
}

/** A request addressed to the acting unit, its target row (locked) and its latest version. */
export async function unitContext(tx: Tx, unitId: string, requestId: string) {
	await holdRequestForOneTarget(tx, requestId);
	const request = await tx.selectFrom("report_requests").selectAll().where("id", "=", requestId).executeTakeFirst();
	if (!request) throw new AppError("not_found");
	const target = await tx
		.selectFrom("report_targets")
		.selectAll()
		.where("tenant_id", "=", request.tenant_id)
		.where("request_id", "=", requestId)
		.where("unit_id", "=", unitId)
		.forUpdate()
		.executeTakeFirst();
	if (!target) throw new AppError("not_found");
	const latest =
		target.version > 0
			? await tx
					.selectFrom("report_submissions")
					.selectAll()
					.where("tenant_id", "=", request.tenant_id)
					.where("request_id", "=", requestId)
					.where("unit_id", "=", unitId)
					.where("version", "=", target.version)
					.executeTakeFirst()
			: undefined;
	return { request, target, latest: latest ?? null, fields: request.fields as ReportField[] };
}

/**
 * The unit's reported values of the series' previous period (核实性: "more than twice last
 * period's"), read by the unit itself: its own rows of the earlier request.
 */
export async function previousPeriodValues(
	tx: Tx,
	unitId: string,
	request: { tenant_id: string; series_id: string; period_key: string },
): Promise<ReportValues | null> {
	const period = parsePeriodKey(request.period_key);
	const previous = period ? previousPeriod(period) : null;
	if (!previous) return null;
	const row = await tx
		.selectFrom("report_submissions as s")
		.innerJoin("report_requests as r", (j) =>
			j.onRef("r.tenant_id", "=", "s.tenant_id").onRef("r.id", "=", "s.request_id"),
		)
		.select("s.values")
		.where("r.tenant_id", "=", request.tenant_id)
		.where("r.series_id", "=", request.series_id)
		.where("r.period_key", "=", periodKey(previous))
		.where("s.unit_id", "=", unitId)
		.where("s.state", "in", ["submitted", "accepted"])
		.orderBy("s.version", "desc")
		.limit(1)
		.executeTakeFirst();
	return (row?.values as ReportValues | undefined) ?? null;
}
