import { describe, expect, it } from "vitest";
import {
	awaitedSides,
	checkAction,
	consentOutcome,
	consentSide,
	type MeetingAction,
	meetingActionRoles,
} from "#app/domain/meetings/meeting-rules.ts";
import {
	agreeingSides,
	checkWithdrawTopic,
	mayReturnTopic,
	topicStatusAfterAgreement,
	topicsReadyToSchedule,
} from "#app/domain/meetings/topic-rules.ts";
import { roles } from "#app/domain/tenancy/roles.ts";
import { expectedMeetingVerdict, meetingKinds, meetingStatuses, writtenMeetingRules } from "./written-rules.ts";

const actions = Object.keys(writtenMeetingRules) as MeetingAction[];

describe("meeting rules: every action × role × state × kind against the written rules", () => {
	it("covers the same actions as the rule module", () => {
		expect(Object.keys(meetingActionRoles).sort()).toEqual([...actions].sort());
	});
	for (const action of actions) {
		for (const role of roles) {
			for (const status of meetingStatuses) {
				for (const kind of meetingKinds) {
					const expected = expectedMeetingVerdict(action, role, status, kind);
					it(`${action} by ${role} in ${status} (${kind}) → ${expected}`, () => {
						const verdict = checkAction(action, [role], { status, kind });
						expect(verdict.ok ? "ok" : verdict.code).toBe(expected);
					});
				}
			}
		}
	}
});

describe("rows that matter, written out", () => {
	it.each([
		["cancel", "gov_office", "draft", "regular", "forbidden"],
		["cancel", "gov_office", "scheduled", "regular", "forbidden"],
		["cancel", "union_staff", "scheduled", "regular", "forbidden"],
		["cancel", "union_staff", "requested", "regular", "ok"],
		["cancel", "gov_head", "requested", "regular", "forbidden"],
		["cancel", "gov_head", "preparing", "regular", "ok"],
		["cancel", "viewer", "held", "regular", "forbidden"],
		["cancel", "union_chair", "held", "regular", "invalid_state"],
		["decline", "union_chair", "requested", "regular", "forbidden"],
		["decline", "union_chair", "requested", "extraordinary", "ok"],
		["decline", "gov_head", "requested", "extraordinary", "forbidden"],
		["hold", "union_staff", "draft", "regular", "invalid_state"],
		["accept", "gov_head", "requested", "extraordinary", "invalid_state"],
	] as const)("%s by %s in %s (%s) → %s", (action, role, status, kind, expected) => {
		const verdict = checkAction(action, [role], { status, kind });
		expect(verdict.ok ? "ok" : verdict.code).toBe(expected);
	});
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

	it("a consent or decline is recorded for the side of the person who gave it", () => {
		expect(consentSide(["gov_liaison"])).toBe("gov");
		expect(consentSide(["gov_head", "admin"])).toBe("gov");
		expect(consentSide(["union_chair"])).toBe("union");
		expect(consentSide(["union_vice_chair"])).toBe("union");
		expect(consentSide(["viewer"])).toBeNull();
		expect(consentSide(["admin"])).toBeNull();
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

describe("P, O2: who withdraws or returns a topic", () => {
	it.each([
		[["union_staff"], "proposed", "union", "ok"],
		[["gov_office"], "proposed", "union", "forbidden"],
		[["gov_office"], "returned", "gov", "ok"],
		[["union_staff"], "returned", "gov", "forbidden"],
		[["union_staff"], "proposed", null, "ok"],
		[["gov_office"], "proposed", null, "ok"],
		[["union_chair"], "proposed", "union", "forbidden"],
		// Once both sides agreed: only an agreeing leader of a side, in turn (dual consent).
		[["union_staff"], "agreed", "union", "forbidden"],
		[["gov_office"], "agreed", "union", "forbidden"],
		[["gov_liaison"], "agreed", "union", "ok"],
		[["union_vice_chair"], "agreed", "gov", "ok"],
		[["union_staff"], "withdrawn", "union", "invalid_state"],
	] as const)("%j withdraws a %s topic of the %s side → %s", (memberRoles, status, side, expected) => {
		const verdict = checkWithdrawTopic(memberRoles, { status, proposed_side: side });
		expect(verdict.ok ? "ok" : verdict.code).toBe(expected);
	});

	it.each([
		["proposed", true],
		["agreed", false],
		["returned", false],
		["withdrawn", false],
	] as const)("a %s topic may be returned: %s", (status, expected) => {
		expect(mayReturnTopic(status)).toBe(expected);
	});
});
