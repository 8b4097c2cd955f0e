import { createDueRecurringRequests } from "#app/domain/report-requests/report-recurrence.server.ts";
import type { DatabaseHandle } from "#db/client.ts";
import { deliverUnitReminders } from "./deliver-reminders.ts";
import { type Candidate, findDueReminders } from "./find-due.ts";
import { runReportReminders } from "./report-reminders.ts";

interface SweepResult {
	day: string;
	/** Reminders found owing (keys not yet sent). */
	found: number;
	/** Reminders this run sent (keys it claimed). */
	reminders: number;
	notifications: number;
	units: number;
	/** Recurring report requests made for their next period (issue #22). */
	reportRequestsCreated: number;
}

/**
 * The daily sweep (O1, O2, O5, O6, W1): finds what the day owes across every unit, then delivers
 * each unit's share in that unit's own transaction. Idempotent per key: a second run on the same
 * day, or a run racing this one, sends nothing twice.
 */
export async function runReminderSweep(db: DatabaseHandle, day: string): Promise<SweepResult> {
	// Recurring report requests first: the next period's request is made before its reminders are due.
	const recurring = await createDueRecurringRequests(db, day);
	const candidates = await findDueReminders(db.owner, day);
	const byTenant = new Map<string, Candidate[]>();
	for (const c of candidates) byTenant.set(c.tenantId, [...(byTenant.get(c.tenantId) ?? []), c]);
	let reminders = 0;
	let notifications = 0;
	for (const [tenantId, list] of byTenant) {
		const sent = await deliverUnitReminders(db.app, tenantId, day, list);
		reminders += sent.reminders;
		notifications += sent.notifications;
	}
	const reports = await runReportReminders(db, day);
	return {
		day,
		found: candidates.length + reports.found,
		reminders: reminders + reports.reminders,
		notifications: notifications + reports.notifications,
		units: byTenant.size + reports.units,
		reportRequestsCreated: recurring.created,
	};
}
