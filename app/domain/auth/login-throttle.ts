/**
 * Login throttling (ADR 0004, amended by ADR 0013). Failures are counted per (account, source
 * address), never per account alone: a stranger who guesses wrong from their own address slows only
 * themself, and the person signs in from theirs. A separate limit per source address across accounts
 * stops one source from trying many accounts.
 */

/** Failures of one account from one source before any delay. */
export const FREE_FAILURES = 5;
/** The delay after the fifth failure; it doubles with each further one, up to MAX_DELAY_MS. */
const FIRST_DELAY_MS = 5_000;
export const MAX_DELAY_MS = 15 * 60_000;
/** How far back failures of an (account, source) pair count; a sign-in from that source resets them. */
export const PAIR_LOOKBACK_MS = 24 * 60 * 60_000;
/** Failures from one source across all accounts: at most this many in the sliding window. */
export const MAX_FAILURES_PER_SOURCE = 50;
export const SOURCE_WINDOW_MS = 15 * 60_000;

export interface FailureCounts {
	/** Failures of this account from this source since its last sign-in from there (within the lookback). */
	pair: number;
	/** The latest of those failures. */
	pairLast: Date | null;
	/** The MAX_FAILURES_PER_SOURCE-th newest failure from this source in the window, when there are that many. */
	sourceLimitReachedAt: Date | null;
}

/** The wait after `failures` failures of one account from one source: 0, then 5 s, 10 s, 20 s … 15 min. */
export function pairDelayMs(failures: number): number {
	if (failures < FREE_FAILURES) return 0;
	return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** (failures - FREE_FAILURES));
}

/** When the next attempt from this source for this account may be made, or null when it may be now. */
export function throttledUntil(counts: FailureCounts, now: Date): Date | null {
	let until = 0;
	if (counts.pairLast) until = counts.pairLast.getTime() + pairDelayMs(counts.pair);
	if (counts.sourceLimitReachedAt) until = Math.max(until, counts.sourceLimitReachedAt.getTime() + SOURCE_WINDOW_MS);
	return until > now.getTime() ? new Date(until) : null;
}

/** Whole seconds to wait (at least 1), for the message. */
export function retryAfterSeconds(until: Date, now: Date): number {
	return Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
}

/** The message for a wait: in seconds under a minute, else in whole minutes (rounded up). */
export function throttleMessage(seconds: number): {
	key: "login.throttledSeconds" | "login.throttledMinutes";
	params: Record<string, number>;
} {
	return seconds < 60
		? { key: "login.throttledSeconds", params: { seconds } }
		: { key: "login.throttledMinutes", params: { minutes: Math.ceil(seconds / 60) } };
}
