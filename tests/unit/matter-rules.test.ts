import { describe, expect, it } from "vitest";
import {
	checkMatterAction,
	extensionFits,
	type MatterAction,
	type MatterStatus,
	matterActionRoles,
	matterNextStatus,
	mayReplyToSupervision,
	supervisionOverdue,
} from "#app/domain/matters/matter-rules.ts";
import { roles } from "#app/domain/tenancy/roles.ts";
import type { Role } from "#db/schema.ts";
import { expectedMatterVerdict, matterStatuses, writtenMatterRules } from "./written-rules.ts";

describe("decided-matter machine (O6)", () => {
	it.each([
		["progress", "department_liaison", "assigned", "ok"],
		["progress", "department_liaison", "in_progress", "ok"],
		["progress", "department_liaison", "done", "invalid_state"],
		["progress", "gov_office", "assigned", "forbidden"],
		["done", "department_liaison", "in_progress", "ok"],
		["done", "union_staff", "in_progress", "forbidden"],
		["reminder", "gov_office", "assigned", "ok"],
		["reminder", "union_staff", "in_progress", "ok"],
		["reminder", "gov_office", "verified", "invalid_state"],
		["reminder", "viewer", "assigned", "forbidden"],
		["supervision", "union_staff", "in_progress", "ok"],
		["supervision", "department_liaison", "in_progress", "forbidden"],
		["verify", "gov_office", "done", "ok"],
		["verify", "union_staff", "in_progress", "invalid_state"],
		["verify", "gov_head", "done", "forbidden"],
		["reopen", "union_staff", "verified", "ok"],
		["reopen", "gov_office", "done", "ok"],
		["reopen", "gov_office", "in_progress", "invalid_state"],
		["extend", "gov_office", "in_progress", "ok"],
		["extend", "union_staff", "assigned", "ok"],
		["extend", "gov_office", "done", "invalid_state"],
		["extend", "gov_liaison", "in_progress", "forbidden"],
		// O6: a new deadline is granted by a government leader, never by the office that asked.
		["approve_extension", "gov_liaison", "in_progress", "ok"],
		["approve_extension", "gov_deputy_secretary", "assigned", "ok"],
		["approve_extension", "gov_office", "in_progress", "forbidden"],
		["approve_extension", "union_staff", "in_progress", "forbidden"],
		["approve_extension", "gov_head", "in_progress", "forbidden"],
		["approve_extension", "union_chair", "in_progress", "forbidden"],
		["approve_extension", "gov_liaison", "done", "invalid_state"],
		["refuse_extension", "gov_deputy_secretary", "in_progress", "ok"],
		["refuse_extension", "gov_office", "in_progress", "forbidden"],
	] as [MatterAction, Role, MatterStatus, string][])(
		"%s by %s on a %s matter → %s",
		(action, role, status, expected) => {
			const verdict = checkMatterAction(action, [role], status);
			expect(verdict.ok ? "ok" : verdict.code).toBe(expected);
		},
	);

	it.each([
		["extend", false, true],
		["extend", true, false],
		["approve_extension", true, true],
		["approve_extension", false, false],
		["refuse_extension", false, false],
		["verify", true, true],
	] as [MatterAction, boolean, boolean][])("%s with a request open: %s → offered %s", (action, open, offered) => {
		expect(extensionFits(action, open)).toBe(offered);
	});

	it("moves 已交办 → 办理中 → 已完成 → 已办结, and back to 办理中 when reopened", () => {
		expect(matterNextStatus).toEqual({
			progress: "in_progress",
			done: "done",
			verify: "verified",
			reopen: "in_progress",
		});
	});
});

describe("matter rules: every action × role × state against the written rules (O6)", () => {
	it("covers the same actions as the rule module", () => {
		expect(Object.keys(matterActionRoles).sort()).toEqual(Object.keys(writtenMatterRules).sort());
	});
	for (const action of Object.keys(writtenMatterRules) as MatterAction[]) {
		for (const role of roles) {
			for (const status of matterStatuses) {
				const expected = expectedMatterVerdict(action, role, status);
				it(`${action} by ${role} on a ${status} matter → ${expected}`, () => {
					const verdict = checkMatterAction(action, [role], status);
					expect(verdict.ok ? "ok" : verdict.code).toBe(expected);
				});
			}
		}
	}
});

describe("督办 replies (O6): the lead department's liaison answers in writing by the reply-by day", () => {
	it.each([
		[["department_liaison"], true, true],
		[["department_liaison"], false, false],
		[["gov_office"], true, false],
		[["union_staff"], true, false],
		[["gov_liaison", "gov_head"], true, false],
		[["viewer"], true, false],
	] as [Role[], boolean, boolean][])("%j of the lead department: %s → may reply: %s", (who, isLead, may) => {
		expect(mayReplyToSupervision(who, isLead)).toBe(may);
	});

	it.each([
		["2031-03-10", false, "2031-03-10", false],
		["2031-03-10", false, "2031-03-11", true],
		["2031-03-10", true, "2031-03-11", false],
		[null, false, "2031-03-11", false],
	] as [string | null, boolean, string, boolean][])(
		"reply by %s, replied %s, today %s → overdue %s",
		(replyBy, replied, today, overdue) => {
			expect(supervisionOverdue({ replyBy, replied }, today)).toBe(overdue);
		},
	);
});
