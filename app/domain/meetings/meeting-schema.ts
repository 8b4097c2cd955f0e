import { z } from "zod";
import { optionalLine, paragraphs } from "../text-fields.ts";

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

/** O4: the four standard agenda items, created with every meeting, in this order and wording. */
export const standardAgenda = [
	"通报上次联席会议议定事项的落实情况",
	"通报本次联席会议议题产生情况及主要内容",
	"研究讨论并协商确定本次联席会议相关事宜",
	"双方领导同志就落实本次联席会议议定事项作部署",
] as const;
