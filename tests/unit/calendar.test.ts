import { describe, expect, it } from "vitest";
import { meetingIcs } from "#app/domain/meetings/calendar.ts";
import { chinaDateTime, chinaToday } from "#app/lib/china-time.ts";

describe("iCalendar event", () => {
	const ics = meetingIcs({
		uid: "m1@lianxitong",
		title: "2026年度政府与工会联席会议",
		start: new Date("2026-03-20T01:00:00Z"),
		end: new Date("2026-03-20T03:00:00Z"),
		place: "市政府第一会议室, 三楼",
		description: "1. 通报上次联席会议议定事项的落实情况\n2. 其他",
		now: new Date("2026-03-01T00:00:00Z"),
	});

	it("has the event in UTC with escaped text and CRLF lines", () => {
		expect(ics.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")).toBe(true);
		expect(ics).toContain("DTSTART:20260320T010000Z\r\n");
		expect(ics).toContain("DTEND:20260320T030000Z\r\n");
		expect(ics).toContain("LOCATION:市政府第一会议室\\, 三楼");
		expect(ics.trimEnd().endsWith("END:VCALENDAR")).toBe(true);
	});

	it("folds long lines at 75 octets without splitting characters", () => {
		for (const line of ics.split("\r\n")) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
		const unfolded = ics.replace(/\r\n /g, "");
		expect(unfolded).toContain("DESCRIPTION:1. 通报上次联席会议议定事项的落实情况\\n2. 其他");
	});
});

describe("China time", () => {
	it("shows UTC instants in UTC+8", () => {
		expect(chinaDateTime(new Date("2026-03-20T01:00:00Z"))).toBe("2026-03-20 09:00");
		expect(chinaToday(new Date("2026-11-23T17:30:00Z"))).toBe("2026-11-24");
	});
});
