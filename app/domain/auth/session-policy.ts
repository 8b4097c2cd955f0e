/** Session lifetimes (ADR 0004): a working day of inactivity, a week at most. */
export const SESSION_IDLE_MS = 8 * 60 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 7 * 24 * 60 * 60 * 1000;
/** last_active_at is written at most this often, to keep reads from turning into writes. */
export const SESSION_TOUCH_MS = 5 * 60 * 1000;

type SessionVerdict = "valid" | "idle_expired" | "expired";

export function sessionVerdict(session: { last_active_at: Date; expires_at: Date }, now: Date): SessionVerdict {
	if (now.getTime() >= session.expires_at.getTime()) return "expired";
	if (now.getTime() - session.last_active_at.getTime() >= SESSION_IDLE_MS) return "idle_expired";
	return "valid";
}

export function needsTouch(session: { last_active_at: Date }, now: Date): boolean {
	return now.getTime() - session.last_active_at.getTime() >= SESSION_TOUCH_MS;
}
