import { z } from "zod";
import type { MinutesDraft } from "./minutes-actions.server.ts";

const row = z.object({
	content: z.string().trim().min(1).max(4000),
	leadDepartmentId: z.uuid(),
	coDepartmentIds: z.array(z.uuid()),
	deadline: z.iso.date(),
});

/**
 * Reads the minutes form: presided by, body, and the decided-matter rows (matterContent[i],
 * matterLead[i], matterDeadline[i], matterCo-i). Rows left empty are dropped; a half-filled row is an error.
 */
export function parseMinutesForm(form: FormData): { ok: true; draft: MinutesDraft } | { ok: false } {
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
	const text = (name: string, max: number) =>
		String(form.get(name) ?? "")
			.trim()
			.slice(0, max);
	return { ok: true, draft: { presidedBy: text("presidedBy", 100), body: text("body", 50_000), matters } };
}
