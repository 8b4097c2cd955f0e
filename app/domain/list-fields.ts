import { z } from "zod";

/**
 * Every field a form may post more than once is bounded here (hardening): a list over its limit is
 * refused with `form.error.tooMany#<max>` ("最多只能选择 10 项"), never cut and never stored as sent
 * (100,000 `roles=viewer` once became one member's roles). The body itself is capped at
 * `MAX_FORM_FIELDS` before any schema runs (app/lib/form-body.server.ts).
 */
export const tooMany = (max: number) => `form.error.tooMany#${max}`;

/**
 * A set of choices posted as repeated fields (checkboxes, a multi-select): at most `max` values, and
 * each kept once — a value posted twice means the same choice.
 */
export function choiceList<T extends z.ZodType<string>>(item: T, max: number, options: { error?: string } = {}) {
	return z
		.array(item, options.error ? { error: options.error } : undefined)
		.max(max, tooMany(max))
		.transform((values) => [...new Set(values)]);
}

/**
 * Rows posted in order as parallel fields (`attendeeId`, `presence`, … by position) or as indexed
 * rows (`matters[0].content`): at most `max`. Duplicates are not merged — positions pair the fields
 * up — so a list of ids among them is checked with `distinct`.
 */
export function rowList<T extends z.ZodType>(item: T, max: number) {
	return z.array(item).max(max, tooMany(max));
}

/** No value twice (a refine for a `rowList` of ids: merging would break the pairing by position). */
export const distinct = (values: readonly unknown[]) => new Set(values).size === values.length;
