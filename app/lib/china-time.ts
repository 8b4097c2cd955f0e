/** Times are shown in China Standard Time (UTC+8, no daylight saving), whatever the server's zone. */
export function chinaDateTime(date: Date): string {
	return new Date(date.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace("T", " ");
}

export function chinaToday(now = new Date()): string {
	return chinaDateTime(now).slice(0, 10);
}
