/** O7 (宣传): a held meeting's results are publicised within this many days of the meeting. */
export const PUBLICITY_DUE_DAYS = 30;

/**
 * 会议结果未宣传: a held meeting with no publicity record on the 31st day after it (China-time days;
 * the 30th day is still in time). The statistics count the same from the kept days (rollup-figures).
 */
export function publicityOverdue(heldOn: string | null, publicised: boolean, today: string): boolean {
	if (heldOn === null || publicised) return false;
	const due = new Date(`${heldOn}T00:00:00Z`);
	due.setUTCDate(due.getUTCDate() + PUBLICITY_DUE_DAYS);
	return today > due.toISOString().slice(0, 10);
}
