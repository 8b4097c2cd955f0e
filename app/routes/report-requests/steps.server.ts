import { z } from "zod";
import type { UseCaseOptions } from "#app/domain/actor.ts";
import { fieldCommentMaxLength, type ReportField } from "#app/domain/report-requests/report-fields.ts";
import { closeReportRequest, urgeReports } from "#app/domain/report-requests/report-request-actions.server.ts";
import { acceptReport, returnReport } from "#app/domain/report-requests/report-review-actions.server.ts";
import { reportApprovers, reportFillers, reportManagers } from "#app/domain/report-requests/report-roles.ts";
import {
	approveAndReport,
	sendBackToDraft,
	withdrawReport,
} from "#app/domain/report-requests/report-submission-actions.server.ts";
import { optionalLine, optionalParagraphs, paragraphs } from "#app/domain/text-fields.ts";
import { type FormStep, formStep } from "#app/lib/form-step.server.ts";

/** What a report request step acts on: the use case's options, the request, and the unit where one is named. */
interface ReportStepContext {
	options: UseCaseOptions;
	requestId: string;
	unitId: string | null;
	fields: readonly ReportField[];
}

/**
 * The tracker (the requesting or an intermediate unit): 一键催报 to every unit not reported that it
 * reviews; the requester ends the request (no more reports are taken, reminders stop).
 */
export const trackerSteps = {
	urge: formStep({
		roles: reportManagers,
		schema: z.object({}),
		run: ({ options, requestId }: ReportStepContext) => urgeReports(options, requestId),
		done: (answer) => ({ key: "reportRequests.tracker.reminded", params: { count: answer.units } }),
	}),
	close: formStep({
		roles: reportManagers,
		schema: z.object({}),
		run: ({ options, requestId }: ReportStepContext) => closeReportRequest(options, requestId),
		done: "reportRequests.tracker.closedNow",
	}),
} satisfies Record<string, FormStep<ReportStepContext>>;

/** One unit's submission as its reviewer sees it: 退回 with a reason and comments at the fields, or 通过. */
export const reviewSteps = {
	return: formStep({
		roles: reportManagers,
		// Comments at the fields are posted as `comment.<key>` (conform reads them as one object); one
		// over its limit is refused at its field (`comment.<key>`), never cut.
		schema: z.object({
			reason: paragraphs(2000, "reportRequests.error.reasonRequired"),
			comment: z.record(z.string(), optionalLine(fieldCommentMaxLength)).optional(),
		}),
		run: ({ options, requestId, unitId, fields }: ReportStepContext, v) => {
			const fieldComments: Record<string, string> = {};
			for (const field of fields) {
				const comment = v.comment?.[field.key];
				if (comment) fieldComments[field.key] = comment;
			}
			return returnReport(options, requestId, unitId ?? "", { reason: v.reason, fieldComments });
		},
		done: "reportRequests.submission.returned",
	}),
	accept: formStep({
		roles: reportManagers,
		schema: z.object({ comment: optionalParagraphs(2000) }),
		run: ({ options, requestId, unitId }: ReportStepContext) => acceptReport(options, requestId, unitId ?? ""),
		done: "reportRequests.submission.accepted",
	}),
} satisfies Record<string, FormStep<ReportStepContext>>;

/** The receiving unit's leader (单位审核: 上报 or send back to the filler) and 撤回; saving is in fill-actions.server.ts. */
export const fillSteps = {
	approve: formStep({
		roles: reportApprovers,
		schema: z.object({ comment: optionalParagraphs(2000) }),
		run: ({ options, requestId }: ReportStepContext) => approveAndReport(options, requestId),
		done: "reportRequests.fill.approved",
	}),
	send_back: formStep({
		roles: reportApprovers,
		schema: z.object({ reason: paragraphs(2000, "reportRequests.error.reasonRequired") }),
		run: ({ options, requestId }: ReportStepContext, v) => sendBackToDraft(options, requestId, v.reason),
		done: "reportRequests.fill.sentBack",
	}),
	withdraw: formStep({
		roles: [...new Set([...reportFillers, ...reportApprovers])],
		schema: z.object({}),
		run: ({ options, requestId }: ReportStepContext) => withdrawReport(options, requestId),
		done: "reportRequests.fill.withdrawn",
	}),
} satisfies Record<string, FormStep<ReportStepContext>>;
