import { type Kysely, sql } from "kysely";
import { recordAudit } from "#app/domain/audit/record-audit.server.ts";
import { membersWithRoles, notifyMany } from "#app/domain/notifications/notify.server.ts";
import { reportApprovers, reportFillers } from "#app/domain/report-requests/report-roles.ts";
import { runAs } from "#db/run-as.ts";
import type { Database } from "#db/schema.ts";

/**
 * Report requests' part of the daily sweep (issue #22 §3): a unit that has not reported (not
 * started, a draft, waiting for its leader, returned) is reminded 3 days and 1 day before the
 * deadline, on the day, then every 7 days after (app/domain/report-requests/report-reminder-days.ts
 * says the same in TypeScript). Keyed per request, unit, period and step in the unit's
 * reminder_keys (`report:<request>:<unit>:<period>:d-3|d-1|d0|d+7…`), so a second run sends nothing.
 */
interface ReportCandidate {
	unitId: string;
	requestId: string;
	key: string;
	/** Days to the deadline (due) or past it (overdue). */
	days: number;
	overdue: boolean;
	title: string;
	dueOn: string;
	status: string;
}

async function findDueReportReminders(owner: Kysely<Database>, day: string): Promise<ReportCandidate[]> {
	const { rows } = await sql<ReportCandidate>`
		select t.unit_id as "unitId", r.id as "requestId", k0.key, abs(k0.diff)::int as days, k0.diff > 0 as overdue,
			r.title, to_char(r.due_on, 'YYYY-MM-DD') as "dueOn", t.status
		from report_targets t
		join report_requests r on r.tenant_id = t.tenant_id and r.id = t.request_id
		cross join lateral (select ${day}::date - r.due_on as diff) d
		cross join lateral (select d.diff, 'report:' || r.id || ':' || t.unit_id || ':' || r.period_key || ':'
			|| case when d.diff < 0 then 'd' || d.diff when d.diff = 0 then 'd0' else 'd+' || d.diff end as key) k0
		where r.status = 'open' and t.status in ('not_started', 'draft', 'pending_approval', 'returned')
			and (d.diff in (-3, -1, 0) or (d.diff > 0 and d.diff % 7 = 0))
			and not exists (select 1 from reminder_keys k where k.tenant_id = t.unit_id and k.key = k0.key)`.execute(owner);
	return rows.map((r) => ({ ...r, days: Number(r.days) }));
}

/** One unit's report reminders of the day, in the unit (its policies apply): keys claimed, then notified. */
async function deliverReportReminders(
	app: Kysely<Database>,
	unitId: string,
	day: string,
	candidates: readonly ReportCandidate[],
): Promise<{ reminders: number; notifications: number }> {
	return runAs(app, { userId: null, tenantId: unitId }, async (tx) => {
		const tenant = await tx.selectFrom("tenants").select("slug").where("id", "=", unitId).executeTakeFirst();
		if (!tenant || candidates.length === 0) return { reminders: 0, notifications: 0 };
		const claimed = await tx
			.insertInto("reminder_keys")
			.values(candidates.map((c) => ({ tenant_id: unitId, key: c.key, day })))
			.onConflict((oc) => oc.doNothing())
			.returning("key")
			.execute();
		const keys = new Set(claimed.map((c) => c.key));
		const fillers = await membersWithRoles(tx, unitId, reportFillers);
		const approvers = await membersWithRoles(tx, unitId, reportApprovers);
		const items = candidates
			.filter((c) => keys.has(c.key))
			.map((c) => ({
				notice: {
					tenantId: unitId,
					kind: c.overdue ? "reminder.report_overdue" : "reminder.report_due",
					entityType: "report_request",
					entityId: c.requestId,
					link: `/t/${tenant.slug}/report-requests/${c.requestId}/fill`,
					params: { title: c.title.slice(0, 60), due: c.dueOn, days: c.days },
				},
				// Waiting for the unit's leader: the leaders are reminded too.
				userIds: c.status === "pending_approval" ? [...fillers, ...approvers] : fillers,
			}));
		const notifications = await notifyMany(tx, items);
		if (keys.size > 0) {
			await recordAudit(tx, {
				tenantId: unitId,
				actorUserId: null,
				action: "reminders.sent",
				entityType: "tenant",
				entityId: unitId,
				after: { day, reminders: keys.size, notifications, keys: [...keys].slice(0, 50) },
				meta: { ip: null, userAgent: "reminder sweep", requestId: `sweep-${day}` },
			});
		}
		return { reminders: keys.size, notifications };
	});
}

/** The sweep's report part across units. */
export async function runReportReminders(db: { owner: Kysely<Database>; app: Kysely<Database> }, day: string) {
	const candidates = await findDueReportReminders(db.owner, day);
	const byUnit = new Map<string, ReportCandidate[]>();
	for (const c of candidates) byUnit.set(c.unitId, [...(byUnit.get(c.unitId) ?? []), c]);
	let reminders = 0;
	let notifications = 0;
	for (const [unitId, list] of byUnit) {
		const sent = await deliverReportReminders(db.app, unitId, day, list);
		reminders += sent.reminders;
		notifications += sent.notifications;
	}
	return { found: candidates.length, reminders, notifications, units: byUnit.size };
}
