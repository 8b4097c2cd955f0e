import { z } from "zod";
import { optionalLine } from "../text-fields.ts";

/** 职务 as the database bounds it (migration 2026-12-05T1100): one trimmed line of at most 40 characters. */
const TITLE_MAX = 40;

/** The administrator sets a member's 职务; an empty field clears it. Messages are i18n keys. */
export const memberTitleSchema = z.object({ title: optionalLine(TITLE_MAX) });

/**
 * A person as the 纪要 and the roster name them: "姓名（职务）" for a member, "姓名（单位）" for a
 * department's head or an invited guest; the name alone when neither is known. `open`/`close` are the
 * reader's brackets (full-width in Chinese, the official document always).
 */
export function personLabel(
	name: string,
	qualifier: string | null | undefined,
	brackets: { open: string; close: string } = { open: "（", close: "）" },
): string {
	const shown = qualifier?.trim();
	return shown ? `${name}${brackets.open}${shown}${brackets.close}` : name;
}
