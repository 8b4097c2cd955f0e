import type { UseCaseOptions } from "#app/domain/actor.ts";
import { enforce, Refusal } from "#app/domain/refusal.ts";
import { chinaToday } from "#app/lib/china-time.ts";
import { AppError } from "../app-error.ts";
import { membersWithRoles, notify } from "../notifications/notify.server.ts";
import { checkHeldOn, scheduledDay } from "./meeting-dates.ts";
import { transition } from "./meeting-transitions.server.ts";
import { previousMeetingMatters } from "./previous-matters.server.ts";
import { meetingMissingLeaders } from "./required-leaders.server.ts";
import { missingNames } from "./roster-rules.ts";
import { topicsReadyToSchedule } from "./topic-rules.ts";

// O3/O4: the meeting day — scheduled (time and place), then recorded as held with attendance.
/** Scheduling: once every topic is agreed or withdrawn (and one is agreed), with date, time and place. */
export function scheduleMeeting(
	options: UseCaseOptions,
	meetingId: string,
	input: { start: Date; end: Date; place: string },
) {
	return transition(options, meetingId, "schedule", async (tx, meeting) => {
		const topics = await tx
			.selectFrom("topics")
			.select("status")
			.where("tenant_id", "=", meeting.tenant_id)
			.where("meeting_id", "=", meetingId)
			.execute();
		if (!topicsReadyToSchedule(topics.map((t) => t.status))) {
			throw new Refusal({ ok: false, code: "invalid_state", reason: "meetings.error.topicsNotAgreed" });
		}
		// O3: every required leader is on the roster to attend, or on leave a leader recorded.
		const missing = await meetingMissingLeaders(tx, meeting.tenant_id, meetingId, "schedule");
		if (missing.length > 0) {
			throw new Refusal({
				ok: false,
				code: "invalid_state",
				reason: "meetings.error.leadersNotOnRoster",
				params: { who: missingNames(missing) },
			});
		}
		const onRoster = await tx
			.selectFrom("attendees")
			.select("user_id")
			.where("tenant_id", "=", meeting.tenant_id)
			.where("meeting_id", "=", meetingId)
			.where("user_id", "is not", null)
			.where("leave_reason", "is", null)
			.execute();
		const { membership } = options.actor;
		await notify(
			tx,
			{
				tenantId: meeting.tenant_id,
				kind: "meeting.scheduled",
				entityType: "meeting",
				entityId: meetingId,
				link: `/t/${membership.tenant.slug}/meetings/${meetingId}`,
				params: { title: meeting.title, start: input.start.toISOString() },
			},
			[
				...onRoster.map((a) => a.user_id as string),
				...(await membersWithRoles(tx, meeting.tenant_id, ["union_staff", "gov_office"])),
			],
			options.actor.userId,
		);
		return {
			status: "scheduled",
			changes: { scheduled_start: input.start, scheduled_end: input.end, place: input.place },
			audit: { start: input.start.toISOString(), end: input.end.toISOString(), place: input.place },
			result: undefined,
		};
	});
}

interface AttendanceMark {
	attendeeId: string;
	presence: "present" | "absent";
	absenceReason: string | null;
	substitute: string | null;
}

/** After the day: held on a date, with each attendee present or absent (with reason, substitute). */
export function recordHeld(
	options: UseCaseOptions,
	meetingId: string,
	input: { heldOn: string; note?: string | null; marks: AttendanceMark[] },
) {
	return transition(options, meetingId, "hold", async (tx, meeting) => {
		// Its true day: from the scheduled day on, never after today; another day than scheduled says why.
		const day = scheduledDay(meeting.scheduled_start);
		const note = (input.heldOn !== day && input.note?.trim()) || null;
		enforce(checkHeldOn({ heldOn: input.heldOn, scheduledDay: day, today: chinaToday(), note }));
		for (const mark of input.marks) {
			const updated = await tx
				.updateTable("attendees")
				.set({ presence: mark.presence, absence_reason: mark.absenceReason, substitute: mark.substitute })
				.where("tenant_id", "=", meeting.tenant_id)
				.where("meeting_id", "=", meetingId)
				.where("id", "=", mark.attendeeId)
				.executeTakeFirst();
			if (Number(updated.numUpdatedRows) === 0) throw new AppError("not_found");
		}
		// O3 on the day: a required leader marked absent (or not on the roster) is excused only by leave.
		const absent = await meetingMissingLeaders(tx, meeting.tenant_id, meetingId, "hold");
		if (absent.length > 0) {
			throw new Refusal({
				ok: false,
				code: "invalid_state",
				reason: "meetings.error.leadersAbsent",
				params: { who: missingNames(absent) },
			});
		}
		// Agenda item 1 is frozen as reported on the day: the earlier decided matters and their status.
		await tx
			.updateTable("agenda_items")
			.set({
				snapshot: JSON.stringify({
					frozenAt: new Date().toISOString(),
					...(await previousMeetingMatters(tx, meeting.tenant_id, meetingId)),
				}),
			})
			.where("tenant_id", "=", meeting.tenant_id)
			.where("meeting_id", "=", meetingId)
			.where("standard_item", "=", 1)
			.execute();
		return {
			status: "held",
			changes: { held_on: input.heldOn, held_note: note },
			audit: { held_on: input.heldOn, held_note: note, marks: input.marks.length },
			result: undefined,
		};
	});
}
