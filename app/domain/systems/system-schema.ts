import { z } from "zod";
import { choiceList } from "../list-fields.ts";
import { line, optionalLine } from "../text-fields.ts";

const isoDate = z.iso.date({ error: "systems.error.date" });
const text = (max: number) => line(max, "systems.error.required");

export const cadences = ["yearly", "half_yearly", "quarterly"] as const;
export const leaderRoles = ["gov_liaison", "gov_deputy_secretary", "union_chair", "union_vice_chair"] as const;
/** The leaders a system names (both sides' liaisons, deputy secretaries, chairs and vice-chairs). */
const MAX_LEADERS = 100;

/** The system record form (the file is checked separately, by content). Messages are i18n keys. */
export const systemRecordSchema = z
	.object({
		title: text(200),
		issuingBodies: text(200),
		docNumber: text(100),
		issuedOn: isoDate,
		effectiveOn: isoDate,
		supersedes: optionalLine(100),
		cadence: z.enum(cadences, { error: "systems.error.cadence" }).default("yearly"),
		/** "<role>:<userId>" pairs from the leader checkboxes. */
		leaders: choiceList(
			z.string().regex(/^(gov_liaison|gov_deputy_secretary|union_chair|union_vice_chair):[0-9a-f-]{36}$/),
			MAX_LEADERS,
		).default([]),
	})
	.refine((v) => v.effectiveOn >= v.issuedOn, { path: ["effectiveOn"], message: "systems.error.effectiveBeforeIssue" });

export type SystemRecordInput = z.infer<typeof systemRecordSchema>;
