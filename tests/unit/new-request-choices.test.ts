import { parseWithZod } from "@conform-to/zod/v4";
import { describe, expect, it } from "vitest";
import { newRequestSchema, toFieldDefinitions } from "#app/domain/report-requests/new-request-form.ts";

/** A single choice's options are refused over twenty, at the box, never cut to the first twenty. */
const form = (choices: string) => {
	const data = new FormData();
	for (const [name, value] of Object.entries({
		title: "职工情况",
		periodKind: "year",
		periodYear: "2026",
		dueOn: "2031-01-31",
		"fields[0].label": "所属行业",
		"fields[0].type": "choice",
		"fields[0].choices": choices,
	}))
		data.set(name, value);
	return data;
};
const options = (n: number) => Array.from({ length: n }, (_, i) => `选项${i + 1}`).join("、");

describe("a single choice's options", () => {
	it("twenty-one are refused at the box with the limit", () => {
		const refused = parseWithZod(form(options(21)), { schema: newRequestSchema });
		expect(refused.status).toBe("error");
		expect(refused.reply().error?.["fields[0].choices"]).toEqual(["reportRequests.form.error.tooManyChoices#20"]);
	});

	it("twenty are kept, all of them", () => {
		const accepted = parseWithZod(form(options(20)), { schema: newRequestSchema });
		if (accepted.status !== "success") throw new Error("twenty options were refused");
		const [field] = toFieldDefinitions(accepted.value.fields);
		expect(field).toMatchObject({ type: "choice" });
		expect(field && "choices" in field ? field.choices.length : 0).toBe(20);
		expect(field && "choices" in field ? field.choices.at(-1) : null).toBe("选项20");
	});
});
