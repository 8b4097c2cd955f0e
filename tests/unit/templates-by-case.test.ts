import { describe, expect, it } from "vitest";
import { templatesByCase } from "#db/statement-template.ts";

describe("templatesByCase", () => {
	it("makes each case once, and starts over past its limit", () => {
		const made: string[] = [];
		const forRoles = templatesByCase(
			(roles: string[]) => roles.join(","),
			(roles: string[]) => {
				made.push(roles.join(","));
				return { roles };
			},
			2,
		);
		const first = forRoles(["union_staff"]);
		expect(forRoles(["union_staff"])).toBe(first);
		forRoles(["gov_head", "gov_office"]);
		expect(made).toEqual(["union_staff", "gov_head,gov_office"]);
		// A third case clears the two kept: the first is made again when asked for.
		forRoles(["viewer"]);
		expect(forRoles(["union_staff"])).not.toBe(first);
		expect(made).toEqual(["union_staff", "gov_head,gov_office", "viewer", "union_staff"]);
	});
});
