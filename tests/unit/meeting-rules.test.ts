import { describe, expect, it } from "vitest";
import {
	awaitedSides,
	checkAction,
	consentOutcome,
	consentSide,
	type MeetingAction,
	type MeetingKind,
	type MeetingStatus,
	meetingActionRoles,
	meetingActionStates,
} from "#app/domain/meetings/meeting-rules.ts";
import { missingLeaders } from "#app/domain/meetings/roster-rules.ts";
import { agreeingSides, topicStatusAfterAgreement, topicsReadyToSchedule } from "#app/domain/meetings/topic-rules.ts";
import { roles } from "#app/domain/tenancy/roles.ts";

const statuses: MeetingStatus[] = [
	"draft",
	"requested",
	"accepted",
	"preparing",
	"scheduled",
	"held",
	"minutes_review",
	"minutes_issued",
	"declined",
	"cancelled",
];
const actions = Object.keys(meetingActionRoles) as MeetingAction[];

describe("meeting state machine: every action × role × state", () => {
	for (const action of actions) {
		for (const role of roles) {
			for (const status of statuses) {
				const kind: MeetingKind = action === "consent" ? "extraordinary" : "regular";
				const verdict = checkAction(action, [role], { status, kind });
				const roleOk = meetingActionRoles[action].includes(role);
				const stateOk = meetingActionStates[action].has(status);
				const expected = !roleOk ? "forbidden" : !stateOk ? "invalid_state" : "ok";
				it(`${action} by ${role} in ${status} → ${expected}`, () => {
					expect(verdict.ok ? "ok" : verdict.code).toBe(expected);
				});
			}
		}
	}
});

describe("O1 acceptance", () => {
	it.each([
		["gov_head", "regular", "ok"],
		["gov_liaison", "regular", "ok"],
		["gov_deputy_secretary", "regular", "forbidden"],
		["union_chair", "regular", "forbidden"],
		["gov_head", "extraordinary", "invalid_state"],
	] as const)("accept by %s of a %s meeting → %s", (role, kind, expected) => {
		const verdict = checkAction("accept", [role], { status: "requested", kind });
		expect(verdict.ok ? "ok" : verdict.code).toBe(expected);
	});

	it("a regular meeting takes no consents", () => {
		expect(checkAction("consent", ["gov_liaison"], { status: "requested", kind: "regular" })).toMatchObject({
			ok: false,
			code: "invalid_state",
		});
	});

	it.each([
		[[], "awaiting"],
		[[{ side: "gov", decision: "consent" }], "awaiting"],
		[[{ side: "union", decision: "consent" }], "awaiting"],
		[
			[
				{ side: "gov", decision: "consent" },
				{ side: "gov", decision: "consent" },
			],
			"awaiting",
		],
		[
			[
				{ side: "gov", decision: "consent" },
				{ side: "union", decision: "consent" },
			],
			"accepted",
		],
		[
			[
				{ side: "gov", decision: "consent" },
				{ side: "union", decision: "decline" },
			],
			"declined",
		],
		[[{ side: "gov", decision: "decline" }], "declined"],
	] as const)("extraordinary consents %j → %s", (consents, outcome) => {
		expect(consentOutcome(consents)).toBe(outcome);
	});

	it("names the sides still awaited", () => {
		expect(awaitedSides([])).toEqual(["gov", "union"]);
		expect(awaitedSides([{ side: "union", decision: "consent" }])).toEqual(["gov"]);
	});

	it("a consent speaks for the liaison vice-head's or the union chair's side", () => {
		expect(consentSide(["gov_liaison"], "consent")).toBe("gov");
		expect(consentSide(["union_chair"], "consent")).toBe("union");
		expect(consentSide(["gov_head"], "consent")).toBeNull();
		expect(consentSide(["gov_head"], "decline")).toBe("gov");
		expect(consentSide(["union_vice_chair"], "consent")).toBeNull();
	});
});

describe("O2 topic agreement", () => {
	it.each([
		[["gov_liaison"], ["gov"]],
		[["gov_deputy_secretary"], ["gov"]],
		[["union_chair"], ["union"]],
		[["union_vice_chair"], ["union"]],
		[["gov_head"], []],
		[["union_staff"], []],
		[["gov_office"], []],
		[
			["gov_liaison", "union_chair"],
			["gov", "union"],
		],
	] as const)("%j may agree for %j", (memberRoles, sides) => {
		expect(agreeingSides(memberRoles)).toEqual(sides);
	});

	it.each([
		[[], "proposed"],
		[["gov"], "proposed"],
		[["union"], "proposed"],
		[["gov", "union"], "agreed"],
	] as const)("agreed by %j → %s", (sides, status) => {
		expect(topicStatusAfterAgreement(sides)).toBe(status);
	});

	it.each([
		[[], false],
		[["agreed"], true],
		[["agreed", "withdrawn"], true],
		[["withdrawn"], false],
		[["agreed", "proposed"], false],
		[["agreed", "returned"], false],
	] as const)("topics %j ready to schedule: %s", (topicStatuses, ready) => {
		expect(topicsReadyToSchedule(topicStatuses)).toBe(ready);
	});
});

describe("O3 required attendance", () => {
	it("warns for each missing leader", () => {
		expect(missingLeaders([])).toEqual(["head_or_liaison", "deputy_secretary", "union_chair"]);
		expect(
			missingLeaders([
				{ capacity: "attend", roles: ["gov_liaison"] },
				{ capacity: "attend", roles: ["gov_deputy_secretary"] },
				{ capacity: "sit_in", roles: ["union_chair"] },
			]),
		).toEqual(["union_chair"]);
		expect(
			missingLeaders([
				{ capacity: "attend", roles: ["gov_head"] },
				{ capacity: "attend", roles: ["gov_deputy_secretary"] },
				{ capacity: "attend", roles: ["union_chair"] },
			]),
		).toEqual([]);
	});
});
