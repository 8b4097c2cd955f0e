import { z } from "zod";

/**
 * The one schema for text typed by people (hardening): trimmed, refused — never cut — when over the
 * limit, and refused when it holds a control character (PostgreSQL refuses NUL; the others are
 * invisible and break exports). Multi-line text may hold line breaks and tabs. Messages are i18n keys;
 * `form.error.tooLong#<max>` carries its limit for the message ("不能超过 4000 个字符").
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are what it refuses
const anyControl = /[\u0000-\u001f\u007f]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are what it refuses
const controlExceptLines = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

const tooLong = (max: number) => `form.error.tooLong#${max}`;

/**
 * Characters as people and PostgreSQL count them (issue 27): Unicode code points, as char_length()
 * and length() count them in the database's CHECKs, not UTF-16 units (`.length` counts 😀 and 𠀀
 * as two). The form's live count (app/components/form-field.tsx) counts the same way.
 */
export const characterCount = (value: string): number => {
	let count = 0;
	for (const _ of value) count++;
	return count;
};

function text(max: number, multiLine: boolean, requiredKey: string) {
	return z
		.string({ error: requiredKey })
		.trim()
		.refine((v) => !(multiLine ? controlExceptLines : anyControl).test(v), "form.error.control")
		.refine((v) => characterCount(v) <= max, tooLong(max));
}

/** A required one-line field (a name, a title). */
export const line = (max: number, requiredKey = "form.error.required") =>
	text(max, false, requiredKey).refine((v) => v.length > 0, requiredKey);

/** An optional one-line field (conform turns an empty input into undefined). */
export const optionalLine = (max: number) => text(max, false, "form.error.required").optional();

/** A required multi-line field (a reason, a body). */
export const paragraphs = (max: number, requiredKey = "form.error.required") =>
	text(max, true, requiredKey).refine((v) => v.length > 0, requiredKey);

/** An optional multi-line field: empty stays "". */
export const optionalParagraphs = (max: number) => text(max, true, "form.error.required").optional().default("");

/** A refusal's message with what it names: `key#{"department":"…"}` (lists stay lists until shown). */
export function withParams(key: string, params?: Record<string, string | number | readonly string[]>): string {
	return params ? `${key}#${JSON.stringify(params)}` : key;
}

/**
 * Splits `key#max` into the key and its `{ max }` parameter, and `key#{…}` (withParams) into the key
 * and its parameters, for the translator; a list is joined by `list` (the reader's punctuation, each
 * item translated where it is a message key).
 */
export function messageOf(
	error: string,
	list: (items: string[]) => string = (items) => items.join("、"),
): [string, Record<string, string | number> | undefined] {
	const at = error.indexOf("#");
	if (at < 0) return [error, undefined];
	const key = error.slice(0, at);
	const rest = error.slice(at + 1);
	if (!rest.startsWith("{")) return [key, { max: Number(rest) }];
	try {
		const parsed = JSON.parse(rest) as Record<string, unknown>;
		const params: Record<string, string | number> = {};
		for (const [name, value] of Object.entries(parsed)) {
			if (Array.isArray(value)) params[name] = list(value.map(String));
			else if (typeof value === "number" || typeof value === "string") params[name] = value;
		}
		return [key, params];
	} catch {
		return [key, undefined];
	}
}
