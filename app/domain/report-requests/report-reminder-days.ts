/**
 * When the reminder sweep reminds a unit that has not reported (issue 22 §3): 3 days and 1 day
 * before the deadline, on the day, then every 7 days after it. Days are China days ('YYYY-MM-DD');
 * the key tells one reminder of a request, unit and period from the next, so a sweep run twice on a
 * day sends once.
 */
type ReminderStep = "before3" | "before1" | "due" | "overdue";

interface ReminderDue {
	step: ReminderStep;
	/** Days past the deadline (0 before and on the day). */
	daysLate: number;
	/** d-3 | d-1 | d0 | d+7 | d+14 …: with the request, unit and period, the reminder's dedupe key. */
	key: string;
}

const DAY_MS = 86_400_000;

export function reportReminderDue(dueOn: string, today: string): ReminderDue | null {
	const days = Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${dueOn}T00:00:00Z`)) / DAY_MS);
	if (days === -3) return { step: "before3", daysLate: 0, key: "d-3" };
	if (days === -1) return { step: "before1", daysLate: 0, key: "d-1" };
	if (days === 0) return { step: "due", daysLate: 0, key: "d0" };
	if (days > 0 && days % 7 === 0) return { step: "overdue", daysLate: days, key: `d+${days}` };
	return null;
}

/** The dedupe key of one reminder: request, unit, period and day step. */
export function reportReminderKey(requestId: string, unitId: string, periodKey: string, due: ReminderDue): string {
	return `report:${requestId}:${unitId}:${periodKey}:${due.key}`;
}
