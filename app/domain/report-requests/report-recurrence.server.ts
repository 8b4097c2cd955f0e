import { sql } from "kysely";
import type { DatabaseHandle } from "#db/client.ts";
import { runAs } from "#db/run-as.ts";
import type { ReportField } from "./report-fields.ts";
import { defaultDueOn, parsePeriodKey, recurringPeriodDue } from "./report-periods.ts";
import { insertRequest } from "./report-request-actions.server.ts";

interface SeriesHead {
	tenant_id: string;
	id: string;
	series_id: string;
	period_key: string;
}

/**
 * Recurring requests (issue #22 §6): each series whose next period has ended by `day` (China) gets
 * that period's request, made by nobody (the scheduler) like the first: same title, form, scope
 * and link, the period's usual deadline. Run by the daily job (BullMQ job scheduler under `npm run
 * worker`, the in-process timer without Redis). One period per series and run; the unique key
 * (unit, series, period) makes a second run, or a concurrent one, make nothing twice.
 */
export async function createDueRecurringRequests(db: DatabaseHandle, day: string): Promise<{ created: number }> {
	// Finding which series are due crosses units (owner connection); each is made inside its unit.
	const { rows } = await sql<SeriesHead>`
		select distinct on (tenant_id, series_id) tenant_id, id, series_id, period_key
		from report_requests where recurrence <> 'none'
		order by tenant_id, series_id, period_key desc`.execute(db.owner);
	let created = 0;
	for (const head of rows) {
		const last = parsePeriodKey(head.period_key);
		const next = last ? recurringPeriodDue(last, day) : null;
		if (!next) continue;
		const made = await runAs(db.app, { userId: null, tenantId: head.tenant_id }, async (tx) => {
			const previous = await tx
				.selectFrom("report_requests")
				.selectAll()
				.where("tenant_id", "=", head.tenant_id)
				.where("id", "=", head.id)
				.executeTakeFirst();
			if (!previous) return false;
			const picked =
				previous.scope === "picked"
					? (
							await tx
								.selectFrom("report_targets")
								.select("unit_id")
								.where("tenant_id", "=", head.tenant_id)
								.where("request_id", "=", head.id)
								.execute()
						).map((t) => t.unit_id)
					: [];
			await insertRequest(
				tx,
				head.tenant_id,
				null,
				{
					title: previous.title,
					instructions: previous.instructions,
					kind: previous.kind,
					period: next,
					dueOn: defaultDueOn(next, day),
					scope: previous.scope,
					scopeKinds: previous.scope_kinds,
					unitIds: picked,
					fields: previous.fields as ReportField[],
					recurrence: previous.recurrence,
					matterId: previous.matter_id,
					seriesId: head.series_id,
				},
				{ ip: null, userAgent: "report request scheduler", requestId: `recurring-${day}` },
				"created_recurring",
				day,
			);
			return true;
		}).catch((error: { code?: string }) => {
			if (error?.code === "23505") return false; // made by a concurrent run
			throw error;
		});
		if (made) created += 1;
	}
	return { created };
}
