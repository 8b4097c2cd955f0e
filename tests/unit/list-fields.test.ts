import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, it } from "vitest";
import { emailSettingsSchema } from "#app/domain/auth/email-settings.server.ts";
import { minutesFormSchema } from "#app/domain/minutes/minutes-form.ts";
import { addMemberSchema, memberRolesSchema } from "#app/domain/people/member-schema.ts";
import { systemRecordSchema } from "#app/domain/systems/system-schema.ts";

/** A form as the browser posts it: repeated names are repeated fields. */
function form(pairs: [string, string][]) {
	const data = new FormData();
	for (const [name, value] of pairs) data.append(name, value);
	return data;
}

const member = (roles: string[]): [string, string][] => [
	["displayName", "张三"],
	["email", "zhang@smx.example"],
	...roles.map((r): [string, string] => ["roles", r]),
];

/** The messages of a refused submission, by field (none when it was accepted). */
const errorsOf = (submission: object) =>
	"error" in submission ? (submission.error as Record<string, string[] | null> | undefined) : undefined;

const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;

describe("list fields are bounded and counted once", () => {
	it("a role posted many times is one role; one role alone is still a list", () => {
		const twice = parseWithZod(form(member(["viewer", "viewer", "admin", "viewer"])), { schema: addMemberSchema });
		expect(twice.status).toBe("success");
		expect(twice.status === "success" && twice.value.roles).toEqual(["viewer", "admin"]);
		const one = parseWithZod(form([["roles", "viewer"]]), { schema: memberRolesSchema });
		expect(one.status === "success" && one.value.roles).toEqual(["viewer"]);
	});

	it("refuses more role fields than there are roles, an unknown role, and none", () => {
		const many = parseWithZod(form(member(Array(11).fill("viewer"))), { schema: addMemberSchema });
		expect(many.status).toBe("error");
		expect(errorsOf(many)?.roles).toEqual(["form.error.tooMany#10"]);
		const unknown = parseWithZod(form(member(["viewer", "superuser"])), { schema: addMemberSchema });
		expect(unknown.status).toBe("error");
		expect(errorsOf(unknown)?.["roles[1]"]).toEqual(["people.error.roles"]);
		const none = parseWithZod(form(member([])), { schema: addMemberSchema });
		expect(none.status).toBe("error");
		expect(errorsOf(none)?.roles).toEqual(["people.error.roles"]);
	});

	it("email categories: each once, never more than there are", () => {
		const twice = emailSettingsSchema.safeParse({ intent: "email", on: ["minutes", "minutes"] });
		expect(twice.success && twice.data.on).toEqual(["minutes"]);
		const many = emailSettingsSchema.safeParse({ intent: "email", on: Array(50).fill("minutes") });
		expect(many.success).toBe(false);
	});

	it("a system's leaders: each once, at most 100", () => {
		const base: [string, string][] = [
			["title", "联席会议制度"],
			["issuingBodies", "市政府 市总工会"],
			["docNumber", "三政〔2026〕1号"],
			["issuedOn", "2026-01-05"],
			["effectiveOn", "2026-01-05"],
		];
		const leader = `union_chair:${uuid(1)}`;
		const twice = parseWithZod(form([...base, ["leaders", leader], ["leaders", leader]]), {
			schema: systemRecordSchema,
		});
		expect(twice.status === "success" && twice.value.leaders).toEqual([leader]);
		const many = parseWithZod(
			form([
				...base,
				...Array.from({ length: 101 }, (_, i): [string, string] => ["leaders", `union_chair:${uuid(i)}`]),
			]),
			{
				schema: systemRecordSchema,
			},
		);
		expect(many.status).toBe("error");
		expect(errorsOf(many)?.leaders).toEqual(["form.error.tooMany#100"]);
	});

	it("minutes: co-operating departments each once, at most 50; at most 100 decided matters", () => {
		const row = (i: number, co: string[]): [string, string][] => [
			[`matters[${i}].content`, `事项${i}`],
			[`matters[${i}].leadDepartmentId`, uuid(1)],
			[`matters[${i}].deadline`, "2026-06-30"],
			...co.map((id): [string, string] => [`matters[${i}].coDepartmentIds`, id]),
		];
		const twice = parseWithZod(form(row(0, [uuid(2), uuid(2), uuid(3)])), { schema: minutesFormSchema });
		expect(twice.status === "success" && twice.value.matters[0]?.coDepartmentIds).toEqual([uuid(2), uuid(3)]);
		const manyCo = parseWithZod(
			form(
				row(
					0,
					Array.from({ length: 51 }, (_, i) => uuid(i + 2)),
				),
			),
			{
				schema: minutesFormSchema,
			},
		);
		expect(errorsOf(manyCo)?.["matters[0].coDepartmentIds"]).toEqual(["form.error.tooMany#50"]);
		const manyRows = parseWithZod(form(Array.from({ length: 101 }, (_, i) => row(i, [])).flat()), {
			schema: minutesFormSchema,
		});
		expect(errorsOf(manyRows)?.matters).toEqual(["form.error.tooMany#100"]);
	});
});
