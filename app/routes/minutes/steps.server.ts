import { advanceMinutes, saveMinutes } from "#app/domain/minutes/minutes-actions.server.ts";
import { minutesFormSchema, reviewCommentSchema } from "#app/domain/minutes/minutes-form.ts";
import { type MinutesAction, minutesActionRoles, type ReviewStep } from "#app/domain/minutes/minutes-rules.ts";
import { chinaToday } from "#app/lib/china-time.ts";
import { type FormStep, formStep } from "#app/lib/form-step.server.ts";
import type { MeetingStepContext } from "../meeting/steps.server.ts";

/** The review steps (O5): union staff submit, the union then the government approve or return, the office issues. */
const review = (action: ReviewStep) =>
	formStep({
		roles: minutesActionRoles[action],
		schema: reviewCommentSchema,
		run: ({ options, meetingId }: MeetingStepContext, { comment }) =>
			advanceMinutes(options, meetingId, action, { comment: comment || undefined, today: chinaToday() }),
		done: (answer) => ({ key: `minutes.done.${action}`, params: { number: answer.number ?? "" } }),
	});

/** Every step the minutes page can post, by its `intent`: who may, the fields, the domain call. */
export const minutesSteps: Record<MinutesAction, FormStep<MeetingStepContext>> = {
	save: formStep({
		roles: minutesActionRoles.save,
		schema: minutesFormSchema,
		run: ({ options, meetingId }: MeetingStepContext, draft) => saveMinutes(options, meetingId, draft),
		done: (saved) => ({ key: "minutes.saved", params: { version: saved.version } }),
	}),
	submit: review("submit"),
	union_approve: review("union_approve"),
	gov_approve: review("gov_approve"),
	return: review("return"),
	issue: review("issue"),
};
