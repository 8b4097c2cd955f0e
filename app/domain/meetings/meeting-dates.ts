import { chinaToday } from "#app/lib/china-time.ts";
import { allowed, denied, type Verdict } from "../refusal.ts";

/**
 * Every decision keeps its true date (migration 2026-12-04T1200 holds the same rules in PostgreSQL):
 * a meeting is recorded as held from its scheduled day on, never on a day after today, and a held
 * day other than the scheduled one says why. Days are China time (YYYY-MM-DD).
 */

/** The China-time day a meeting was scheduled for; null when it has no time yet. */
export function scheduledDay(start: Date | string | null): string | null {
	return start ? chinaToday(new Date(start)) : null;
}

/** The day from which the meeting can be recorded as held, while that day is still to come; else null. */
export function holdOpensOn(start: Date | string | null, today: string): string | null {
	const day = scheduledDay(start);
	return day !== null && today < day ? day : null;
}

/** The verdict on recording the meeting as held on `heldOn`, posted on `today`. */
export function checkHeldOn(input: {
	heldOn: string;
	scheduledDay: string | null;
	today: string;
	note: string | null;
}): Verdict {
	const { heldOn, scheduledDay: day, today, note } = input;
	if (day !== null && today < day) return denied("invalid_state", "prep.error.holdBeforeDay");
	if (heldOn > today) return denied("invalid_state", "prep.error.heldInFuture");
	if (day !== null && heldOn < day) return denied("invalid_state", "prep.error.heldBeforeDay");
	if (day !== null && heldOn !== day && !note?.trim()) return denied("invalid_state", "prep.error.heldNoteRequired");
	return allowed;
}

/** O5: minutes are issued on the day of issue, never before the meeting was held. */
export function checkIssuedOn(issuedOn: string, heldOn: string | null): Verdict {
	return heldOn !== null && issuedOn >= heldOn ? allowed : denied("invalid_state", "minutes.error.issueBeforeHeld");
}
