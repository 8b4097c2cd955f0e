/** Login throttling (ADR 0004): failures counted per account and per IP over a sliding window. */
export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_IP = 30;

export interface FailureCounts {
	account: number;
	ip: number;
	/** The oldest failure counted, to tell people when they may try again. */
	oldest: Date | null;
}

export function isThrottled(counts: FailureCounts): boolean {
	return counts.account >= MAX_FAILURES_PER_ACCOUNT || counts.ip >= MAX_FAILURES_PER_IP;
}

/** Whole minutes until the window has slid past the oldest counted failure (at least 1). */
export function retryAfterMinutes(counts: FailureCounts, now: Date): number {
	if (!counts.oldest) return Math.ceil(THROTTLE_WINDOW_MS / 60_000);
	const ms = counts.oldest.getTime() + THROTTLE_WINDOW_MS - now.getTime();
	return Math.max(1, Math.ceil(ms / 60_000));
}
