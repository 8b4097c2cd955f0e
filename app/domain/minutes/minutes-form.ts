import { z } from "zod";
import { choiceList, rowList } from "../list-fields.ts";
import { optionalLine, optionalParagraphs } from "../text-fields.ts";
import type { MinutesDraft } from "./minutes-actions.server.ts";

/** The decided matters of one minutes, and the co-operating departments of one matter. */
const MAX_MATTERS = 100;
const MAX_CO_DEPARTMENTS = 50;

/**
 * One decided-matter row of the minutes editor (`matters[i].content`, `.leadDepartmentId`,
 * `.deadline`, `.coDepartmentIds`). A row with no content is left out, whatever else was chosen; a
 * row with content needs its lead department and deadline (O6), and says so at that field.
 */
const matterRow = z
	.object({
		content: optionalParagraphs(4000),
		leadDepartmentId: z.uuid().optional(),
		deadline: z.iso.date().optional(),
		coDepartmentIds: choiceList(z.uuid(), MAX_CO_DEPARTMENTS).default([]),
	})
	.superRefine((row, ctx) => {
		if (!row.content) return;
		if (!row.leadDepartmentId)
			ctx.addIssue({ code: "custom", path: ["leadDepartmentId"], message: "form.error.required" });
		if (!row.deadline) ctx.addIssue({ code: "custom", path: ["deadline"], message: "form.error.required" });
	});

/**
 * The minutes editor (O5): presided by, the body, and the decided-matter rows. Refused when over a
 * limit, never cut (hardening); conform gives back what was typed, with each message at its field.
 */
export const minutesFormSchema = z
	.object({
		presidedBy: optionalLine(100),
		body: optionalParagraphs(50_000),
		matters: rowList(matterRow, MAX_MATTERS).default([]),
	})
	.transform(
		(form): MinutesDraft => ({
			presidedBy: form.presidedBy ?? "",
			body: form.body,
			matters: form.matters.flatMap((m) =>
				m.content && m.leadDepartmentId && m.deadline
					? [
							{
								content: m.content,
								leadDepartmentId: m.leadDepartmentId,
								coDepartmentIds: m.coDepartmentIds.filter((id) => id !== m.leadDepartmentId),
								deadline: m.deadline,
							},
						]
					: [],
			),
		}),
	);

/** A review step's optional comment (a return says why). */
export const reviewCommentSchema = z.object({ comment: optionalParagraphs(2000) });
