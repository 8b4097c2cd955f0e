import { describe, expect, it } from "vitest";
import { checkAction } from "#app/domain/meetings/meeting-rules.ts";
import {
	type AttendanceStage,
	type MissingLeaders,
	missingLeaders,
	missingNames,
	type NamedLeader,
	type RosterPlace,
	requiredAttendance,
	type UnitLeader,
} from "#app/domain/meetings/roster-rules.ts";
import type { Role } from "#app/domain/tenancy/roles.ts";

// O3 (三(三) 出席人员), with the verdicts written out: never read back from the rule table.

const head: UnitLeader = { userId: "head", name: "市长甲", roles: ["gov_head"] };
const liaison: UnitLeader = { userId: "liaison", name: "副市长乙", roles: ["gov_liaison"] };
const deputy: UnitLeader = { userId: "deputy", name: "副秘书长丙", roles: ["gov_deputy_secretary"] };
const deputy2: UnitLeader = { userId: "deputy2", name: "副秘书长丁", roles: ["gov_deputy_secretary"] };
const chair: UnitLeader = { userId: "chair", name: "主席戊", roles: ["union_chair"] };
const vice1: UnitLeader = { userId: "vice1", name: "副主席己", roles: ["union_vice_chair"] };
const vice2: UnitLeader = { userId: "vice2", name: "副主席庚", roles: ["union_vice_chair"] };
const everyone = [head, liaison, deputy, chair, vice1, vice2];

const attend = (userId: string, presence: RosterPlace["presence"] = null): RosterPlace => ({
	userId,
	capacity: "attend",
	onLeave: false,
	presence,
});
const sitIn = (userId: string): RosterPlace => ({ userId, capacity: "sit_in", onLeave: false, presence: null });
const leave = (userId: string): RosterPlace => ({ userId, capacity: "attend", onLeave: true, presence: "absent" });
const full = [attend("head"), attend("deputy"), attend("chair"), attend("vice1"), attend("vice2")];

describe("O3 rule rows", () => {
	it("names the clause and who must attend", () => {
		expect(requiredAttendance.map((r) => [r.key, r.clause, [...r.roles], r.needs, r.vacant])).toEqual([
			["head_or_liaison", "O3", ["gov_head", "gov_liaison"], "one", "missing"],
			["deputy_secretary", "O3", ["gov_deputy_secretary"], "one", "none"],
			["union_chair", "O3", ["union_chair"], "each", "missing"],
			["union_vice_chair", "O3", ["union_vice_chair"], "each", "none"],
		]);
	});
});

describe("O3 missing leaders", () => {
	const cases: [string, UnitLeader[], NamedLeader[], RosterPlace[], AttendanceStage, MissingLeaders[]][] = [
		["everyone on the roster", everyone, [], full, "schedule", []],
		[
			"an empty roster names every leader; vacant offices only for the principals",
			everyone,
			[],
			[],
			"schedule",
			[
				{
					key: "head_or_liaison",
					people: [
						{ userId: "head", name: "市长甲" },
						{ userId: "liaison", name: "副市长乙" },
					],
				},
				{ key: "deputy_secretary", people: [{ userId: "deputy", name: "副秘书长丙" }] },
				{ key: "union_chair", people: [{ userId: "chair", name: "主席戊" }] },
				{
					key: "union_vice_chair",
					people: [
						{ userId: "vice1", name: "副主席己" },
						{ userId: "vice2", name: "副主席庚" },
					],
				},
			],
		],
		[
			"the liaison vice-head stands in for the head",
			everyone,
			[],
			[attend("liaison"), attend("deputy"), attend("chair"), attend("vice1"), attend("vice2")],
			"schedule",
			[],
		],
		[
			"a union chair sitting in (列席) does not attend",
			everyone,
			[],
			[attend("head"), attend("deputy"), sitIn("chair"), attend("vice1"), attend("vice2")],
			"schedule",
			[{ key: "union_chair", people: [{ userId: "chair", name: "主席戊" }] }],
		],
		[
			"each vice-chair attends",
			everyone,
			[],
			[attend("head"), attend("deputy"), attend("chair"), attend("vice1")],
			"schedule",
			[{ key: "union_vice_chair", people: [{ userId: "vice2", name: "副主席庚" }] }],
		],
		[
			"leave excuses a vice-chair",
			everyone,
			[],
			[attend("head"), attend("deputy"), attend("chair"), attend("vice1"), leave("vice2")],
			"schedule",
			[],
		],
		[
			"the head on leave does not excuse the liaison vice-head",
			everyone,
			[],
			[leave("head"), attend("deputy"), attend("chair"), attend("vice1"), attend("vice2")],
			"schedule",
			[{ key: "head_or_liaison", people: [{ userId: "liaison", name: "副市长乙" }] }],
		],
		[
			"both on leave: excused",
			everyone,
			[],
			[leave("head"), leave("liaison"), attend("deputy"), attend("chair"), attend("vice1"), attend("vice2")],
			"schedule",
			[],
		],
		[
			"a union chair marked absent at the hold is missing",
			everyone,
			[],
			[attend("head"), attend("deputy"), attend("chair", "absent"), attend("vice1"), attend("vice2")],
			"hold",
			[{ key: "union_chair", people: [{ userId: "chair", name: "主席戊" }] }],
		],
		[
			"the same roster, before the day, is complete",
			everyone,
			[],
			[attend("head"), attend("deputy"), attend("chair", "absent"), attend("vice1"), attend("vice2")],
			"schedule",
			[],
		],
		[
			"on leave and marked absent at the hold: excused",
			everyone,
			[],
			[attend("head"), attend("deputy"), leave("chair"), attend("vice1"), attend("vice2")],
			"hold",
			[],
		],
		[
			"a unit without a deputy secretary-general or vice-chairs needs its head and chair only",
			[head, chair],
			[],
			[attend("head"), attend("chair")],
			"schedule",
			[],
		],
		[
			"a unit without a union chair cannot meet",
			[head],
			[],
			[attend("head")],
			"schedule",
			[{ key: "union_chair", people: [] }],
		],
		[
			"the system record's named deputy secretary-general is the one required",
			[head, deputy, deputy2, chair],
			[{ userId: "deputy2", role: "gov_deputy_secretary" }],
			[attend("head"), attend("deputy"), attend("chair")],
			"schedule",
			[{ key: "deputy_secretary", people: [{ userId: "deputy2", name: "副秘书长丁" }] }],
		],
		[
			"without a named one, any deputy secretary-general attending is enough",
			[head, deputy, deputy2, chair],
			[],
			[attend("head"), attend("deputy"), attend("chair")],
			"schedule",
			[],
		],
		[
			"a named leader who no longer holds the role is not required",
			[head, deputy, chair],
			[{ userId: "gone", role: "gov_deputy_secretary" }],
			[attend("head"), attend("deputy"), attend("chair")],
			"schedule",
			[],
		],
	];
	it.each(cases)("%s", (_, leaders, named, roster, stage, expected) => {
		expect(missingLeaders(leaders, named, roster, stage)).toEqual(expected);
	});

	it("names people, or the office nobody holds", () => {
		expect(
			missingNames([
				{ key: "union_chair", people: [] },
				{ key: "union_vice_chair", people: [{ userId: "vice2", name: "副主席庚" }] },
			]),
		).toEqual(["prep.missing.union_chair", "副主席庚"]);
	});
});

describe("O3 leave is recorded by a leader", () => {
	it.each([
		["gov_head", "ok"],
		["gov_liaison", "ok"],
		["union_chair", "ok"],
		["gov_deputy_secretary", "forbidden"],
		["union_vice_chair", "forbidden"],
		["union_staff", "forbidden"],
		["gov_office", "forbidden"],
		["admin", "forbidden"],
	] as [Role, string][])("record_leave by %s → %s", (role, expected) => {
		const verdict = checkAction("record_leave", [role], { status: "preparing", kind: "regular" });
		expect(verdict.ok ? "ok" : verdict.code).toBe(expected);
	});

	it.each([
		["accepted", "ok"],
		["preparing", "ok"],
		["scheduled", "ok"],
		["held", "invalid_state"],
		["requested", "invalid_state"],
	] as const)("record_leave in %s → %s", (status, expected) => {
		const verdict = checkAction("record_leave", ["union_chair"], { status, kind: "regular" });
		expect(verdict.ok ? "ok" : verdict.code).toBe(expected);
	});
});
