import { describe, expect, it } from "vitest";
import { numberedAgenda } from "#app/domain/meetings/agenda-order.ts";
import { checkHeldOn, checkIssuedOn, holdOpensOn, scheduledDay } from "#app/domain/meetings/meeting-dates.ts";

describe("the day a meeting is recorded as held, written out", () => {
	it.each([
		// heldOn, scheduled day, today, reason, verdict
		["2026-12-15", "2026-12-15", "2026-12-04", null, "prep.error.holdBeforeDay"],
		["2026-12-04", "2026-12-15", "2026-12-04", null, "prep.error.holdBeforeDay"],
		["2026-12-15", "2026-12-15", "2026-12-15", null, "ok"],
		["2026-12-16", "2026-12-15", "2026-12-15", "顺延", "prep.error.heldInFuture"],
		["2026-12-14", "2026-12-15", "2026-12-20", "提前", "prep.error.heldBeforeDay"],
		["2026-12-16", "2026-12-15", "2026-12-20", null, "prep.error.heldNoteRequired"],
		["2026-12-16", "2026-12-15", "2026-12-20", "  ", "prep.error.heldNoteRequired"],
		["2026-12-16", "2026-12-15", "2026-12-20", "因暴雨顺延一天", "ok"],
		["2026-12-20", "2026-12-15", "2026-12-20", "改期", "ok"],
		["2026-12-21", null, "2026-12-20", null, "prep.error.heldInFuture"],
		["2026-12-01", null, "2026-12-20", null, "ok"],
	] as const)("held %s, scheduled %s, today %s, reason %j: %s", (heldOn, day, today, note, expected) => {
		const verdict = checkHeldOn({ heldOn, scheduledDay: day, today, note });
		expect(verdict.ok ? "ok" : verdict.reason).toBe(expected);
	});

	it("the scheduled day is China time, and the form opens on it", () => {
		// 2026-12-14T17:00Z is 01:00 on 15 December in China.
		expect(scheduledDay(new Date("2026-12-14T17:00:00Z"))).toBe("2026-12-15");
		expect(scheduledDay(null)).toBeNull();
		expect(holdOpensOn("2026-12-15T01:00:00.000Z", "2026-12-04")).toBe("2026-12-15");
		expect(holdOpensOn("2026-12-15T01:00:00.000Z", "2026-12-15")).toBeNull();
		expect(holdOpensOn(null, "2026-12-04")).toBeNull();
	});

	it.each([
		["2026-12-05", "2026-12-15", "minutes.error.issueBeforeHeld"],
		["2026-12-05", null, "minutes.error.issueBeforeHeld"],
		["2026-12-15", "2026-12-15", "ok"],
		["2026-12-20", "2026-12-15", "ok"],
	] as const)("minutes issued %s for a meeting held %s: %s", (issuedOn, heldOn, expected) => {
		const verdict = checkIssuedOn(issuedOn, heldOn);
		expect(verdict.ok ? "ok" : verdict.reason).toBe(expected);
	});
});

describe("the agenda (O4), numbered", () => {
	const standard = (n: number, position = n) => ({ position, standardItem: n, title: `规定议程${n}` });
	const added = (title: string, position: number) => ({ position, standardItem: null, title });

	it("added items sit within item 3 as 3.1, 3.2 …; item 4 is last", () => {
		const agenda = numberedAgenda([
			standard(1),
			standard(2),
			standard(3),
			added("甲", 4),
			added("乙", 5),
			standard(4, 6),
		]);
		expect(agenda.map((i) => `${i.number} ${i.title}`)).toEqual([
			"1 规定议程1",
			"2 规定议程2",
			"3 规定议程3",
			"3.1 甲",
			"3.2 乙",
			"4 规定议程4",
		]);
	});

	it("a meeting whose items were added after item 4 (before this rule) still shows item 4 last", () => {
		const agenda = numberedAgenda([added("乙", 6), standard(4), added("甲", 5), standard(2), standard(1), standard(3)]);
		expect(agenda.map((i) => `${i.number} ${i.title}`)).toEqual([
			"1 规定议程1",
			"2 规定议程2",
			"3 规定议程3",
			"3.1 甲",
			"3.2 乙",
			"4 规定议程4",
		]);
	});

	it("with no added items: the four standard items", () => {
		expect(numberedAgenda([standard(1), standard(2), standard(3), standard(4)]).map((i) => i.number)).toEqual([
			"1",
			"2",
			"3",
			"4",
		]);
	});
});
