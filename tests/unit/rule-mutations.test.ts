import { describe, expect, it } from "vitest";
import {
	checkMatterAction,
	type MatterAction,
	matterActionRoles,
	matterActionStates,
} from "#app/domain/matters/matter-rules.ts";
import {
	cancelRoles,
	checkAction,
	declineRoles,
	type MeetingAction,
	meetingActionRoles,
	meetingActionStates,
} from "#app/domain/meetings/meeting-rules.ts";
import {
	agreeingRoles,
	agreeingSides,
	checkWithdrawTopic,
	withdrawingOffice,
} from "#app/domain/meetings/topic-rules.ts";
import {
	checkMinutesAction,
	type MinutesAction,
	minutesActionRoles,
	minutesActionStates,
} from "#app/domain/minutes/minutes-rules.ts";
import { releaseSideRoles, sidesOf } from "#app/domain/public-results/release-rules.ts";
import { type Role, roles } from "#app/domain/tenancy/roles.ts";
import {
	expectedMatterVerdict,
	expectedMeetingVerdict,
	expectedMinutesVerdict,
	expectedWithdrawVerdict,
	matterStatuses,
	meetingKinds,
	meetingStatuses,
	minutesStatuses,
	topicStatuses,
	writtenMatterRules,
	writtenMeetingRules,
	writtenMinutesRules,
	writtenReleaseSides,
	writtenTopicSides,
} from "./written-rules.ts";

/**
 * Mutation testing of the rule tables (issue "Tests that can fail"): every cell of the meeting, topic,
 * minutes, matter and public-release rule tables is flipped in turn — a role added where it was absent or taken out where it was
 * present, a state likewise — and the comparison the rule tests make (every verdict against the
 * written rules) must then find at least one difference. A table whose cell could change with every
 * test still green would be a table the tests do not test.
 */
type Flip = { table: string; cell: string; apply(): () => void };

/** Toggles `value` in a mutable list; returns the undo. */
function toggle<T>(list: T[], value: T): () => void {
	const at = list.indexOf(value);
	if (at >= 0) {
		list.splice(at, 1);
		return () => list.splice(at, 0, value);
	}
	list.push(value);
	return () => list.splice(list.indexOf(value), 1);
}

function toggleInSet<T>(set: Set<T>, value: T): () => void {
	if (set.has(value)) {
		set.delete(value);
		return () => set.add(value);
	}
	set.add(value);
	return () => set.delete(value);
}

const flips: Flip[] = [];
// decline and cancel are derived from declineRoles and cancelRoles (flipped below), not tables of their own.
for (const [action, list] of Object.entries(meetingActionRoles).filter(([a]) => a !== "decline" && a !== "cancel"))
	for (const role of roles)
		flips.push({ table: "meetingActionRoles", cell: `${action}×${role}`, apply: () => toggle(list, role) });
for (const [action, set] of Object.entries(meetingActionStates))
	for (const status of meetingStatuses)
		flips.push({ table: "meetingActionStates", cell: `${action}×${status}`, apply: () => toggleInSet(set, status) });
for (const [kind, list] of Object.entries(declineRoles))
	for (const role of roles)
		flips.push({ table: "declineRoles", cell: `${kind}×${role}`, apply: () => toggle(list, role) });
for (const [when, list] of Object.entries(cancelRoles))
	for (const role of roles)
		flips.push({
			table: "cancelRoles",
			cell: `${when}×${role}`,
			apply: () => toggle(list as typeof list & unknown[], role),
		});
for (const [action, list] of Object.entries(matterActionRoles))
	for (const role of roles)
		flips.push({ table: "matterActionRoles", cell: `${action}×${role}`, apply: () => toggle(list, role) });
for (const [action, list] of Object.entries(matterActionStates))
	for (const status of matterStatuses)
		flips.push({ table: "matterActionStates", cell: `${action}×${status}`, apply: () => toggle(list, status) });

for (const [action, list] of Object.entries(minutesActionRoles))
	for (const role of roles)
		flips.push({ table: "minutesActionRoles", cell: `${action}×${role}`, apply: () => toggle(list, role) });
for (const [action, list] of Object.entries(minutesActionStates))
	for (const status of minutesStatuses)
		flips.push({ table: "minutesActionStates", cell: `${action}×${status}`, apply: () => toggle(list, status) });
for (const [side, list] of Object.entries(agreeingRoles))
	for (const role of roles)
		flips.push({ table: "agreeingRoles", cell: `${side}×${role}`, apply: () => toggle(list, role) });
for (const [side, list] of Object.entries(withdrawingOffice))
	for (const role of roles)
		flips.push({ table: "withdrawingOffice", cell: `${side}×${role}`, apply: () => toggle(list, role) });
for (const [side, list] of Object.entries(releaseSideRoles))
	for (const role of roles)
		flips.push({ table: "releaseSideRoles", cell: `${side}×${role}`, apply: () => toggle(list as Role[], role) });

/** Whether the rule tests' comparison finds a difference under the current tables. */
function caught(): boolean {
	for (const action of Object.keys(writtenMeetingRules) as MeetingAction[])
		for (const role of roles)
			for (const status of meetingStatuses)
				for (const kind of meetingKinds) {
					const verdict = checkAction(action, [role], { status, kind });
					if ((verdict.ok ? "ok" : verdict.code) !== expectedMeetingVerdict(action, role, status, kind)) return true;
				}
	for (const action of Object.keys(writtenMatterRules) as MatterAction[])
		for (const role of roles)
			for (const status of matterStatuses) {
				const verdict = checkMatterAction(action, [role], status);
				if ((verdict.ok ? "ok" : verdict.code) !== expectedMatterVerdict(action, role, status)) return true;
			}
	for (const action of Object.keys(writtenMinutesRules) as MinutesAction[])
		for (const role of roles)
			for (const status of minutesStatuses) {
				const verdict = checkMinutesAction(action, [role], status);
				if ((verdict.ok ? "ok" : verdict.code) !== expectedMinutesVerdict(action, role, status)) return true;
			}
	for (const role of roles) {
		const sides = (["gov", "union"] as const).filter((side) => writtenTopicSides[side].agree.includes(role));
		if (JSON.stringify(agreeingSides([role])) !== JSON.stringify(sides)) return true;
		for (const status of topicStatuses)
			for (const side of ["gov", "union", null] as const) {
				const verdict = checkWithdrawTopic([role], { status, proposed_side: side });
				if ((verdict.ok ? "ok" : verdict.code) !== expectedWithdrawVerdict(role, status, side)) return true;
			}
		const releaseSides = (["union", "government"] as const).filter((side) => writtenReleaseSides[side].includes(role));
		if (JSON.stringify(sidesOf([role])) !== JSON.stringify(releaseSides)) return true;
	}
	return false;
}

describe("every flipped cell of a rule table fails the rule tests", () => {
	it("the unchanged tables pass", () => {
		expect(caught()).toBe(false);
	});

	it(`catches all ${flips.length} flips`, () => {
		expect(flips.length).toBeGreaterThan(350);
		const survivors: string[] = [];
		for (const flip of flips) {
			const undo = flip.apply();
			try {
				if (!caught()) survivors.push(`${flip.table} ${flip.cell}`);
			} finally {
				undo();
			}
		}
		expect(caught()).toBe(false);
		console.log(`rule mutations: ${flips.length - survivors.length}/${flips.length} caught`);
		expect(survivors).toEqual([]);
	});
});
