import { z } from "zod";
import type { UseCaseOptions } from "#app/domain/actor.ts";
import type { StoredUpload } from "#app/domain/files/stored-upload.ts";
import { distinct, rowList } from "#app/domain/list-fields.ts";
import { addAgendaItem, moveAgendaItem } from "#app/domain/meetings/agenda-actions.server.ts";
import { deleteDraftMeeting } from "#app/domain/meetings/delete-draft.server.ts";
import { type MeetingAction, meetingActionRoles } from "#app/domain/meetings/meeting-rules.ts";
import { meetingRequestEditSchema, reasonSchema } from "#app/domain/meetings/meeting-schema.ts";
import {
	acceptMeeting,
	cancelMeeting,
	consentToMeeting,
	declineMeeting,
	editMeetingRequest,
	submitMeeting,
} from "#app/domain/meetings/meeting-transitions.server.ts";
import { requestOpinion } from "#app/domain/meetings/opinion-actions.server.ts";
import { recordPublicity } from "#app/domain/meetings/publicity.server.ts";
import { addAttendee, recordLeave, removeAttendee, withdrawLeave } from "#app/domain/meetings/roster-actions.server.ts";
import { recordHeld, scheduleMeeting } from "#app/domain/meetings/schedule-actions.server.ts";
import {
	agreeTopic,
	proposeTopic,
	returnTopic,
	reviseTopic,
	withdrawTopic,
} from "#app/domain/meetings/topic-actions.server.ts";
import { topicProposers } from "#app/domain/meetings/topic-rules.ts";
import { permissions } from "#app/domain/tenancy/permissions.ts";
import type { Role } from "#app/domain/tenancy/roles.ts";
import { optionalParagraphs, paragraphs } from "#app/domain/text-fields.ts";
import type { MessageKey } from "#app/i18n/i18n.ts";
import { formStep } from "#app/lib/form-step.server.ts";

// The shared text schema (hardening): refused over the limit or with control characters, never cut.
const text = (max: number) => paragraphs(max);
const optionalText = (max: number) => optionalParagraphs(max);
const uuid = z.uuid();
const date = z.iso.date();
const localDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
const capacity = z.enum(["attend", "sit_in", "invited"]);
/** The attendance marks one post may carry (four fields each, within the body's field limit). */
const MAX_ROSTER = 200;

const topicFields = z.object({
	category: z.coerce.number().int().min(1).max(7),
	title: text(200),
	background: optionalText(4000),
	research: optionalText(4000),
	suggestions: optionalText(4000),
});

/** China Standard Time has no daylight saving: "YYYY-MM-DDTHH:mm" on the form is +08:00. */
const fromChinaTime = (value: string) => new Date(`${value}:00+08:00`);

/** What a meeting step acts on: the use case's options and the meeting in the URL. */
export interface MeetingStepContext {
	options: UseCaseOptions;
	meetingId: string;
}
interface MeetingStep<S extends z.ZodType> {
	roles: readonly Role[];
	schema: S;
	uploads?: boolean;
	run(
		options: UseCaseOptions,
		meetingId: string,
		input: z.output<S>,
		uploads: readonly StoredUpload[],
	): Promise<unknown>;
	done?: MessageKey;
}
const step = <S extends z.ZodType>({ run, done = "prep.done", ...definition }: MeetingStep<S>) =>
	formStep<S, MeetingStepContext, unknown>({
		...definition,
		done,
		run: (c, input, files) => run(c.options, c.meetingId, input, files),
	});
const rolesOf = (action: MeetingAction) => meetingActionRoles[action];
const none = z.object({});
/** The optional 意见 a leader gives with a positive act. */
const commentSchema = z.object({ comment: optionalText(2000) });

/**
 * Every step the meeting page can post, by its `intent`: who may post it (checked first, 403),
 * the fields (zod, parsed by conform), the domain call, and what the page says when it is done.
 */
export const meetingSteps = {
	edit_request: step({
		roles: rolesOf("edit_request"),
		// The proposal's own schema without the kind (one schema per form, STYLE).
		schema: meetingRequestEditSchema,
		run: (o, id, v) => editMeetingRequest(o, id, v),
	}),
	// O1: the union's own draft, never sent, deleted with a confirmation (the page then goes to the list).
	delete_draft: step({
		roles: rolesOf("edit_request"),
		schema: none,
		done: "meetings.draft.deleted",
		run: (o, id) => deleteDraftMeeting(o, id),
	}),
	submit: step({
		roles: rolesOf("submit"),
		schema: none,
		done: "meetings.done.submit",
		run: (o, id) => submitMeeting(o, id),
	}),
	// A positive act carries the leader's 意见 if they gave one; a negative one its 理由 (required).
	accept: step({
		roles: rolesOf("accept"),
		schema: commentSchema,
		done: "meetings.done.accept",
		run: (o, id, v) => acceptMeeting(o, id, v.comment || null),
	}),
	consent: step({
		roles: rolesOf("consent"),
		schema: commentSchema,
		done: "meetings.done.consent",
		run: (o, id, v) => consentToMeeting(o, id, v.comment || null),
	}),
	decline: step({
		roles: rolesOf("decline"),
		done: "meetings.done.decline",
		schema: reasonSchema,
		run: (o, id, v) => declineMeeting(o, id, v.reason),
	}),
	cancel: formStep({
		roles: rolesOf("cancel"),
		schema: reasonSchema,
		run: (c: MeetingStepContext, v) => cancelMeeting(c.options, c.meetingId, v.reason),
		done: (outcome) => ({ key: outcome === "awaiting" ? "meetings.done.cancelAwaiting" : "meetings.done.cancel" }),
	}),
	propose_topic: step({
		roles: topicProposers,
		schema: topicFields,
		uploads: true,
		run: (o, id, v, files) => proposeTopic(o, id, v, files),
	}),
	revise_topic: step({
		roles: topicProposers,
		schema: topicFields.extend({ topicId: uuid }),
		uploads: true,
		run: (o, id, { topicId, ...v }, files) => reviseTopic(o, id, topicId, v, files),
	}),
	agree_topic: step({
		roles: rolesOf("agree_topic"),
		schema: commentSchema.extend({ topicId: uuid, confirmPending: z.literal("1").optional() }),
		run: (o, id, v) => agreeTopic(o, id, v.topicId, { comment: v.comment, confirmPending: v.confirmPending === "1" }),
	}),
	return_topic: step({
		roles: rolesOf("agree_topic"),
		schema: z.object({ topicId: uuid, comment: text(1000) }),
		run: (o, id, v) => returnTopic(o, id, v.topicId, v.comment),
	}),
	// The proposing side's office alone before agreement; a leader of each side once agreed (P, O2).
	withdraw_topic: formStep({
		roles: [...new Set([...topicProposers, ...rolesOf("agree_topic")])],
		schema: z.object({ topicId: uuid, reason: text(2000) }),
		run: (c: MeetingStepContext, v) => withdrawTopic(c.options, c.meetingId, v.topicId, v.reason),
		done: (outcome) => ({ key: outcome === "awaiting" ? "topic.done.withdrawAwaiting" : "prep.done" }),
	}),
	request_opinion: step({
		roles: rolesOf("request_opinion"),
		schema: z.object({ topicId: uuid, departmentId: uuid, dueOn: date, note: optionalText(1000) }),
		run: (o, id, v) => requestOpinion(o, id, v),
	}),
	add_member: step({
		roles: rolesOf("prepare"),
		schema: z.object({ capacity, userId: uuid }),
		run: (o, id, v) => addAttendee(o, id, { source: "member", ...v }),
	}),
	add_department: step({
		roles: rolesOf("prepare"),
		schema: z.object({ capacity, departmentId: uuid, name: text(100) }),
		run: (o, id, v) => addAttendee(o, id, { source: "department", ...v }),
	}),
	add_guest: step({
		roles: rolesOf("prepare"),
		schema: z.object({
			capacity,
			name: text(100),
			organisation: optionalText(200),
			guestType: z
				.enum(["grassroots_cadre", "worker_representative", "model_worker", "grassroots_union_cadre", ""])
				.default(""),
		}),
		run: (o, id, v) => addAttendee(o, id, { source: "guest", ...v, guestType: v.guestType || null }),
	}),
	remove_attendee: step({
		roles: rolesOf("prepare"),
		schema: z.object({ attendeeId: uuid }),
		run: (o, id, v) => removeAttendee(o, id, v.attendeeId),
	}),
	record_leave: step({
		roles: rolesOf("record_leave"),
		schema: z.object({ userId: uuid, reason: text(200) }),
		done: "prep.leave.done",
		run: (o, id, v) => recordLeave(o, id, v),
	}),
	withdraw_leave: step({
		roles: rolesOf("record_leave"),
		schema: z.object({ userId: uuid }),
		done: "prep.leave.withdrawn",
		run: (o, id, v) => withdrawLeave(o, id, v.userId),
	}),
	add_agenda: step({
		roles: rolesOf("prepare"),
		schema: z.object({ title: text(200) }),
		run: (o, id, v) => addAgendaItem(o, id, v.title),
	}),
	move_agenda: step({
		roles: rolesOf("prepare"),
		schema: z.object({ itemId: uuid, direction: z.enum(["up", "down"]) }),
		run: (o, id, v) => moveAgendaItem(o, id, v.itemId, v.direction),
	}),
	schedule: step({
		roles: rolesOf("schedule"),
		schema: z
			.object({ start: localDateTime, end: localDateTime, place: text(200) })
			.refine((v) => v.end > v.start, { path: ["end"], message: "prep.error.endBeforeStart" }),
		run: (o, id, v) =>
			scheduleMeeting(o, id, { start: fromChinaTime(v.start), end: fromChinaTime(v.end), place: v.place }),
	}),
	publicity: step({
		roles: permissions["publicity.record"],
		schema: z.object({
			channel: text(50),
			title: text(200),
			link: z.union([z.url({ protocol: /^https?$/ }), z.literal("")]).default(""),
			body: optionalText(4000),
			publishedOn: date,
		}),
		run: (o, id, v) => recordPublicity(o, id, { ...v, link: v.link || null }),
	}),
	hold: step({
		roles: rolesOf("hold"),
		schema: z.object({
			heldOn: date,
			// Why it was held on another day than scheduled (required then; the use case decides).
			heldNote: optionalText(1000),
			// One mark per person on the roster, its fields paired by position.
			attendeeId: rowList(uuid, MAX_ROSTER).refine(distinct, "form.error.invalid").default([]),
			presence: rowList(z.enum(["present", "absent"]), MAX_ROSTER).default([]),
			absenceReason: rowList(optionalParagraphs(200), MAX_ROSTER).default([]),
			substitute: rowList(optionalParagraphs(100), MAX_ROSTER).default([]),
		}),
		run: (o, id, v) =>
			recordHeld(o, id, {
				heldOn: v.heldOn,
				note: v.heldNote,
				marks: v.attendeeId.map((attendeeId, i) => ({
					attendeeId,
					presence: v.presence[i] ?? "present",
					absenceReason: v.absenceReason[i]?.trim() || null,
					substitute: v.substitute[i]?.trim() || null,
				})),
			}),
	}),
} as const;
