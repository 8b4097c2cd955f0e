import { describe, expect, it } from "vitest";
import { line, paragraphs } from "#app/domain/text-fields.ts";

/**
 * Characters as people count them (issue 27): a limit of N takes N characters whatever they are —
 * CJK, an emoji outside the Basic Multilingual Plane (two UTF-16 units each), a CJK Extension B
 * character such as 𠀀, a letter with a combining mark (two code points, as PostgreSQL's
 * char_length counts it) — and refuses N + 1 with the limit named.
 */
const emoji = "😀";
const extB = "𠀀";
const combined = "e\u0301"; // é as e + COMBINING ACUTE ACCENT: two code points

const refusal = (result: { success: boolean; error?: { issues: { message: string }[] } }) =>
	result.success ? null : result.error?.issues.map((i) => i.message);

describe("text limits count code points, as PostgreSQL's char_length does", () => {
	it("200 emoji fit a 200-character title; 201 are refused with the limit", () => {
		expect(emoji.length).toBe(2);
		expect(line(200).safeParse(emoji.repeat(200)).success).toBe(true);
		expect(refusal(line(200).safeParse(emoji.repeat(201)))).toEqual(["form.error.tooLong#200"]);
	});

	it("CJK Extension B characters: 50 fit a 50-character field, 51 do not", () => {
		expect(extB.length).toBe(2);
		expect(line(50).safeParse(extB.repeat(50)).success).toBe(true);
		expect(refusal(line(50).safeParse(extB.repeat(51)))).toEqual(["form.error.tooLong#50"]);
	});

	it("a combining mark is a character of its own, as the database counts it", () => {
		// 100 letters with a mark are 200 code points: at the limit of 200, refused at 199.
		expect(paragraphs(200).safeParse(combined.repeat(100)).success).toBe(true);
		expect(refusal(paragraphs(199).safeParse(combined.repeat(100)))).toEqual(["form.error.tooLong#199"]);
	});

	it("mixed text: 欠薪 with emoji and 𠀀 at the limit and one over it", () => {
		const atLimit = `欠薪${emoji}${extB}问题`; // 6 characters, 8 UTF-16 units
		expect(atLimit.length).toBe(8);
		expect(line(6).safeParse(atLimit).success).toBe(true);
		expect(refusal(line(6).safeParse(`${atLimit}。`))).toEqual(["form.error.tooLong#6"]);
	});

	it("what is over the limit is refused, never cut: the parsed value is the text as typed", () => {
		const typed = `  ${"工".repeat(10)}${emoji}  `;
		const parsed = line(11).safeParse(typed);
		expect(parsed.success && parsed.data).toBe(`${"工".repeat(10)}${emoji}`);
	});
});
