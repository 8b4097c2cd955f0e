import { describe, expect, it } from "vitest";
import {
	checkMatterAction,
	type MatterAction,
	type MatterStatus,
	matterNextStatus,
} from "#app/domain/matters/matter-rules.ts";
import type { Role } from "#db/schema.ts";

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
		["extend", "gov_office", "done", "invalid_state"],
	] as [MatterAction, Role, MatterStatus, string][])(
		"%s by %s on a %s matter → %s",
		(action, role, status, expected) => {
			const verdict = checkMatterAction(action, [role], status);
			expect(verdict.ok ? "ok" : verdict.code).toBe(expected);
		},
	);

	it("moves 已交办 → 办理中 → 已完成 → 已办结, and back to 办理中 when reopened", () => {
		expect(matterNextStatus).toEqual({
			progress: "in_progress",
			done: "done",
			verify: "verified",
			reopen: "in_progress",
		});
	});
});
