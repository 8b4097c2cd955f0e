import { z } from "zod";
import { line } from "../text-fields.ts";

/** What a search looks through, in the order the page shows it. */
const searchKinds = ["meeting", "topic", "minutes", "matter", "update", "system"] as const;
export type SearchKind = (typeof searchKinds)[number];

/** Results shown per kind; the count says how many more there are. */
export const SEARCH_LIMIT = 20;
const QUERY_MAX = 100;

/**
 * The search form (`?q=…&year=…&unit=…`): the words trimmed, 1–100 characters, no control
 * characters; a malformed year or unit is dropped rather than refused (a hand-edited link).
 */
export const searchSchema = z.object({
	q: line(QUERY_MAX),
	year: z.coerce.number().int().min(2000).max(2100).optional().catch(undefined),
	unit: z.uuid().optional().catch(undefined),
});
export type SearchInput = z.infer<typeof searchSchema>;

/** `%…%` for ILIKE with the person's own `\`, `%` and `_` taken literally (ILIKE's escape is `\`). */
export function containsPattern(words: string): string {
	return `%${words.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const regExpSpecial = /[.*+?^${}()|[\]\\]/g;

/** Where the words occur in a text, case-insensitively as ILIKE matches, as [start, end) ranges. */
function matches(text: string, words: string): [number, number][] {
	if (!words) return [];
	const found: [number, number][] = [];
	for (const m of text.matchAll(new RegExp(words.replace(regExpSpecial, "\\$&"), "giu"))) {
		found.push([m.index, m.index + m[0].length]);
	}
	return found;
}

interface TextPart {
	/** Offset in the text: a stable key for the part. */
	at: number;
	text: string;
	mark: boolean;
}

/** The text cut into plain and matched parts, for <mark> in React (never HTML from a string). */
export function highlightParts(text: string, words: string): TextPart[] {
	const parts: TextPart[] = [];
	let at = 0;
	for (const [start, end] of matches(text, words)) {
		if (start > at) parts.push({ at, text: text.slice(at, start), mark: false });
		parts.push({ at: start, text: text.slice(start, end), mark: true });
		at = end;
	}
	if (at < text.length || parts.length === 0) parts.push({ at, text: text.slice(at), mark: false });
	return parts;
}

/**
 * A short passage of a long text around the first match (minutes, a topic's background, a progress
 * report): a little before, more after, on one line, with an ellipsis where it was cut.
 */
export function snippetAround(text: string, words: string, before = 30, after = 90): string {
	const flat = text.replace(/\s+/g, " ").trim();
	const first = matches(flat, words)[0];
	const start = first ? Math.max(0, first[0] - before) : 0;
	const end = Math.min(flat.length, (first ? first[1] : 0) + after);
	return `${start > 0 ? "…" : ""}${flat.slice(start, end)}${end < flat.length ? "…" : ""}`;
}
