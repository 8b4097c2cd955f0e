import type { Tx } from "#db/run-as.ts";
import { AppError } from "../app-error.ts";
import { Refusal } from "../refusal.ts";
import type { ReportField, ReportValues } from "./report-fields.ts";
import { parsePeriodKey, periodKey, previousPeriod } from "./report-periods.ts";

export const refuse = (reason: string, code: "forbidden" | "invalid_state" = "invalid_state"): never => {
	throw new Refusal({ ok: false, code, reason: reason as never });
};

/** A request addressed to the acting unit, its target row (locked) and its latest version. */
export async function unitContext(tx: Tx, unitId: string, requestId: string) {
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
