import { z } from "zod";
import { translator } from "#app/i18n/i18n.ts";
import { optionalLine, paragraphs } from "../text-fields.ts";
import { standardAgendaKeys } from "./agenda-order.ts";

const isoDate = z.iso.date({ error: "meetings.error.date" });

const proposalFields = z.object({
	kind: z.enum(["regular", "extraordinary"], { error: "meetings.error.kind" }),
	reason: paragraphs(4000, "meetings.error.required"),
	windowFrom: isoDate,
	windowTo: isoDate,
	proposedPlace: optionalLine(200),
});
const windowInOrder = <T extends { windowFrom: string; windowTo: string }>(v: T) => v.windowTo >= v.windowFrom;

/** The proposal (提请) form; messages are i18n keys. */
export const meetingProposalSchema = proposalFields.refine(windowInOrder, {
	path: ["windowTo"],
	message: "meetings.error.window",
});

/** Revising a draft request: the same fields but the kind, which is fixed once proposed. */
export const meetingRequestEditSchema = proposalFields.omit({ kind: true }).refine(windowInOrder, {
	path: ["windowTo"],
	message: "meetings.error.window",
});

export type MeetingProposal = z.infer<typeof meetingProposalSchema>;

export const reasonSchema = z.object({
	reason: paragraphs(2000, "meetings.error.reasonRequired"),
});

/** O4: the four standard agenda items, stored in Chinese with every new meeting, in this order and wording. */
export const standardAgenda = standardAgendaKeys.map((key) => translator("zh-CN")(key));
