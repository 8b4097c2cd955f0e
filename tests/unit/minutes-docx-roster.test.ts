import { describe, expect, it } from "vitest";
import { rosterFacts } from "#app/domain/minutes/minutes-docx-roster.ts";
import { personLabel } from "#app/domain/people/member-title.ts";

const labels = { attend: "出席", leave: "请假", sitIn: "列席", invited: "邀请" };

describe("the 纪要's people lines (O3)", () => {
	it("writes 出席, 请假, 列席, 邀请 in that order; whoever did not come is under 请假, whatever their capacity", () => {
		expect(
			rosterFacts(
				[
					{ capacity: "attend", present: true, name: "陈国华", qualifier: "县长" },
					{ capacity: "attend", present: false, name: "王志强", qualifier: "副县长" },
					{ capacity: "sit_in", present: true, name: "李强", qualifier: "县人社局" },
					{ capacity: "sit_in", present: false, name: "张伟", qualifier: "县财政局" },
					{ capacity: "invited", present: true, name: "王师傅", qualifier: "县快递网点" },
					{ capacity: "invited", present: false, name: "刘劳模", qualifier: null },
				],
				labels,
			),
		).toEqual([
			{ label: "出席", value: "陈国华（县长）" },
			{ label: "请假", value: "王志强（副县长）、张伟（县财政局）、刘劳模" },
			{ label: "列席", value: "李强（县人社局）" },
			{ label: "邀请", value: "王师傅（县快递网点）" },
		]);
	});

	it("always writes 出席 and leaves out an empty 请假, 列席 or 邀请", () => {
		expect(rosterFacts([], labels)).toEqual([{ label: "出席", value: "—" }]);
	});
});

describe("a person's label", () => {
	it("brackets the title in the reader's punctuation; a blank title adds nothing", () => {
		expect(personLabel("陈国华", "县长")).toBe("陈国华（县长）");
		expect(personLabel("Chen Guohua", "County Head", { open: " (", close: ")" })).toBe("Chen Guohua (County Head)");
		expect(personLabel("陈国华", "  ")).toBe("陈国华");
		expect(personLabel("陈国华", null)).toBe("陈国华");
	});
});
