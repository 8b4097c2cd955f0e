// Dates of the reminder sweep, in China time (UTC+8, no daylight saving): pure, unit-tested.

const DAY_MS = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3_600_000;

/** The daily sweep runs at 08:30 China time (cron pattern for BullMQ's job scheduler). */
export const SWEEP_CRON = "30 8 * * *";
export const SWEEP_TIME_ZONE = "Asia/Shanghai";
const SWEEP_MINUTE_OF_DAY = 8 * 60 + 30;

/** 'YYYY-MM-DD' in China time. */
export function chinaDay(now: Date): string {
	return new Date(now.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
	return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The next 08:30 China time strictly after `now`. */
export function nextSweepAt(now: Date): Date {
	const today = chinaDay(now);
	const todayAt = Date.parse(`${today}T00:00:00Z`) - CHINA_OFFSET_MS + SWEEP_MINUTE_OF_DAY * 60_000;
	return new Date(todayAt > now.getTime() ? todayAt : todayAt + DAY_MS);
}

/** Whether today's 08:30 China time has passed (a process starting later catches up once). */
export function sweepDueToday(now: Date): boolean {
	return chinaMinuteOfDay(now) >= SWEEP_MINUTE_OF_DAY;
}

function chinaMinuteOfDay(now: Date): number {
	const t = new Date(now.getTime() + CHINA_OFFSET_MS);
	return t.getUTCHours() * 60 + t.getUTCMinutes();
}

/** ISO 8601 week of a day, '2026-W48': the escalation digest goes out once per week. */
export function isoWeek(day: string): string {
	const date = new Date(`${day}T00:00:00Z`);
	const weekday = date.getUTCDay() || 7;
	// The Thursday of this week decides the year.
	const thursday = new Date(date.getTime() + (4 - weekday) * DAY_MS);
	const year = thursday.getUTCFullYear();
	const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / DAY_MS / 7) + 1;
	return `${year}-W${String(week).padStart(2, "0")}`;
}
