import { z } from "zod";
import { optionalLine, optionalParagraphs, paragraphs } from "../text-fields.ts";
import type { MinutesDraft } from "./minutes-actions.server.ts";

const row = z.object({
	content: paragraphs(4000),
	leadDepartmentId: z.uuid(),
	coDepartmentIds: z.array(z.uuid()),
	deadline: z.iso.date(),
});

/**
 * Reads the minutes form: presided by, body, and the decided-matter rows (matterContent[i],
 * matterLead[i], matterDeadline[i], matterCo-i). Rows left empty are dropped; a half-filled row is an error.
 */
export function parseMinutesForm(
	form: FormData,
): { ok: true; draft: MinutesDraft } | { ok: false; field?: "presidedBy" | "body"; error?: string } {
	const all = (name: string) => form.getAll(name).map((v) => (typeof v === "string" ? v : ""));
	const contents = all("matterContent");
	const leads = all("matterLead");
	const deadlines = all("matterDeadline");
	const matters: MinutesDraft["matters"] = [];
	for (const [i, content] of contents.entries()) {
		if (!content.trim()) continue;
		const parsed = row.safeParse({
			content,
			leadDepartmentId: leads[i] ?? "",
			coDepartmentIds: all(`matterCo-${i}`).filter((id) => id && id !== leads[i]),
			deadline: deadlines[i] ?? "",
		});
		if (!parsed.success) return { ok: false };
		matters.push(parsed.data);
	}
	// Refused when over the limit, never cut (hardening): the route gives back what was typed.
	const presidedBy = optionalLine(100).safeParse(String(form.get("presidedBy") ?? ""));
	if (!presidedBy.success) return { ok: false, field: "presidedBy", error: presidedBy.error.issues[0]?.message };
	const body = optionalParagraphs(50_000).safeParse(String(form.get("body") ?? ""));
	if (!body.success) return { ok: false, field: "body", error: body.error.issues[0]?.message };
	return { ok: true, draft: { presidedBy: presidedBy.data ?? "", body: body.data, matters } };
}
