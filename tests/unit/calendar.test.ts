import ICAL from "ical.js";
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

describe("iCalendar text that tries to break out of its value", () => {
	const alarm = (br: string) => ["BEGIN:VALARM", "TRIGGER:-PT15M", "ACTION:DISPLAY", "END:VALARM"].join(br) + br;
	const breakOut = (br: string) => `${br}END:VEVENT${br}BEGIN:VEVENT${br}UID:x${br}${alarm(br)}`;
	const place = `三楼会议室\r${alarm("\r")}大厅\n${alarm("\n")}东楼\r\n${alarm("\r\n")}; 北楼, 西侧 \\ 门口`;
	const title = `联席会议${breakOut("\r")}${breakOut("\n")}${breakOut("\r\n")}`;
	const description = `议程${"很长的议程说明".repeat(40)}\r1. 其他\n2. 其他\r\n3. 其他`;
	const ics = meetingIcs({
		uid: "m2@lianxitong",
		title,
		start: new Date("2026-03-20T01:00:00Z"),
		end: new Date("2026-03-20T03:00:00Z"),
		place,
		description,
		now: new Date("2026-03-01T00:00:00Z"),
	});

	/** Parsed by ical.js, as written and as read by a reader that takes a lone CR or LF for a line end. */
	const readings = () => [ics, ics.replace(/\r\n|\r|\n/g, "\r\n")].map((text) => new ICAL.Component(ICAL.parse(text)));

	it("has line ends only as CRLF, and every line at most 75 octets", () => {
		expect(ics).not.toMatch(/\r(?!\n)|(?<!\r)\n/);
		for (const line of ics.split("\r\n")) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
	});

	it("parses to exactly one event and no alarm", () => {
		for (const calendar of readings()) {
			const events = calendar.getAllSubcomponents("vevent");
			expect(events).toHaveLength(1);
			expect(events[0]?.getAllSubcomponents()).toEqual([]);
			expect(calendar.getAllSubcomponents().map((c) => c.name)).toEqual(["vevent"]);
			expect(events[0]?.getFirstPropertyValue("uid")).toBe("m2@lianxitong");
		}
	});

	it("gives back each text with every kind of line break as a newline", () => {
		const lf = (text: string) => text.replace(/\r\n|\r/g, "\n");
		for (const calendar of readings()) {
			const event = calendar.getFirstSubcomponent("vevent");
			expect(event?.getFirstPropertyValue("location")).toBe(lf(place));
			expect(event?.getFirstPropertyValue("summary")).toBe(lf(title));
			expect(event?.getFirstPropertyValue("description")).toBe(lf(description));
		}
	});
});

describe("China time", () => {
	it("shows UTC instants in UTC+8", () => {
		expect(chinaDateTime(new Date("2026-03-20T01:00:00Z"))).toBe("2026-03-20 09:00");
		expect(chinaToday(new Date("2026-11-23T17:30:00Z"))).toBe("2026-11-24");
	});
});
