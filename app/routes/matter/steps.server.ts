import { z } from "zod";
import type { UseCaseOptions } from "#app/domain/actor.ts";
import { actOnMatter } from "#app/domain/matters/matter-actions.server.ts";
import {
	matterActionRoles,
	matterPageActions,
	needsLeadBinding,
	needsReason,
	supervisionRepliers,
} from "#app/domain/matters/matter-rules.ts";
import { replyToSupervision } from "#app/domain/matters/supervision-replies.server.ts";
import { optionalParagraphs, paragraphs } from "#app/domain/text-fields.ts";
import { type FormStep, formStep } from "#app/lib/form-step.server.ts";

/** What a matter step acts on: the use case's options and the matter in the URL. */
interface MatterStepContext {
	options: UseCaseOptions;
	matterId: string;
}

export type MatterPageAction = (typeof matterPageActions)[number];

/** O6: one step of the matter page — the reason where the rule asks for one, a percentage, a new deadline, evidence. */
const matterStep = (action: MatterPageAction) =>
	formStep({
		roles: matterActionRoles[action],
		schema: z.object({
			text: needsReason(action) ? paragraphs(4000, "matters.error.reasonRequired") : optionalParagraphs(4000),
			percent: z.number().int().min(0).max(100).optional(),
			newDeadline: action === "extend" ? z.iso.date() : z.iso.date().optional(),
			// 督办 names the day by which the lead department replies in writing.
			replyBy: action === "supervision" ? z.iso.date() : z.iso.date().optional(),
		}),
		uploads: needsLeadBinding(action),
		run: ({ options, matterId }: MatterStepContext, v, evidence) =>
			actOnMatter(
				options,
				matterId,
				action,
				{ text: v.text, percent: v.percent ?? null, newDeadline: v.newDeadline ?? null, replyBy: v.replyBy ?? null },
				evidence,
			),
		done: "matters.done",
	});

/** O6: the lead department's written reply to one 督办 (its liaison, once per notice). */
const replyStep = formStep({
	roles: supervisionRepliers,
	schema: z.object({ supervisionId: z.uuid(), reply: paragraphs(4000, "matters.error.replyRequired") }),
	run: ({ options, matterId }: MatterStepContext, v) => replyToSupervision(options, matterId, v.supervisionId, v.reply),
	done: "matters.reply.done",
});

export const matterSteps = {
	...(Object.fromEntries(matterPageActions.map((a) => [a, matterStep(a)])) as Record<
		MatterPageAction,
		FormStep<MatterStepContext>
	>),
	reply_supervision: replyStep,
};
