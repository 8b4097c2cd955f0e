import { sql } from "kysely";
import type { UseCaseOptions } from "#app/domain/actor.ts";
import { Refusal } from "#app/domain/refusal.ts";
import type { Capacity, GuestType } from "#db/schema.ts";
import { AppError } from "../app-error.ts";
import { membersWithRoles, notify } from "../notifications/notify.server.ts";
import { transition } from "./meeting-transitions.server.ts";
import { previousMeetingMatters } from "./previous-matters.server.ts";
import { topicsReadyToSchedule } from "./topic-rules.ts";

export type AttendeeInput =
	| { source: "member"; capacity: Capacity; userId: string }
	| { source: "department"; capacity: Capacity; departmentId: string; name: string }
	| { source: "guest"; capacity: Capacity; name: string; organisation: string; guestType: GuestType | null };

/** O3: the roster of attend (出席), sit in (列席) and invited (邀请) people. */
export function addAttendee(options: UseCaseOptions, meetingId: string, input: AttendeeInput) {
	return transition(options, meetingId, "prepare", async (tx, meeting) => {
		const base = { tenant_id: meeting.tenant_id, meeting_id: meetingId, capacity: input.capacity };
		if (input.source === "member") {
			const member = await tx
				.selectFrom("memberships")
				.select("user_id")
				.where("tenant_id", "=", meeting.tenant_id)
				.where("user_id", "=", input.userId)
				.where("disabled_at", "is", null)
				.executeTakeFirst();
			if (!member) throw new AppError("not_found");
			await tx
				.insertInto("attendees")
				.values({ ...base, user_id: input.userId })
				.onConflict((oc) =>
					oc
						.columns(["tenant_id", "meeting_id", "user_id"])
						.where("user_id", "is not", null)
						.doUpdateSet({ capacity: input.capacity }),
				)
				.execute();
		} else if (input.source === "department") {
			const department = await tx
				.selectFrom("departments")
				.select("id")
				.where("tenant_id", "=", meeting.tenant_id)
				.where("id", "=", input.departmentId)
				.executeTakeFirst();
			if (!department) throw new AppError("not_found");
			await tx
				.insertInto("attendees")
				.values({ ...base, department_id: department.id, guest_name: input.name })
				.execute();
		} else {
			if (input.guestType && input.capacity !== "invited") {
				throw new Refusal({ ok: false, code: "invalid_state", reason: "meetings.error.guestTypeInvited" });
			}
			await tx
				.insertInto("attendees")
				.values({ ...base, guest_name: input.name, guest_org: input.organisation || null, guest_type: input.guestType })
				.execute();
		}
		return {
			status: meeting.status === "accepted" ? "preparing" : undefined,
			audit: { attendee: input },
			result: undefined,
		};
	});
}

export function removeAttendee(options: UseCaseOptions, meetingId: string, attendeeId: string) {
	return transition(options, meetingId, "prepare", async (tx, meeting) => {
		const removed = await tx
			.deleteFrom("attendees")
			.where("tenant_id", "=", meeting.tenant_id)
			.where("meeting_id", "=", meetingId)
			.where("id", "=", attendeeId)
			.executeTakeFirst();
		if (Number(removed.numDeletedRows) === 0) throw new AppError("not_found");
		return { audit: { attendee_removed: attendeeId }, result: undefined };
	});
}

/** O4: extra agenda items after the four standard ones. */
export function addAgendaItem(options: UseCaseOptions, meetingId: string, title: string) {
	return transition(options, meetingId, "prepare", async (tx, meeting) => {
		const last = await tx
			.selectFrom("agenda_items")
			.select(sql<number>`coalesce(max(position), 0)`.as("p"))
			.where("tenant_id", "=", meeting.tenant_id)
			.where("meeting_id", "=", meetingId)
			.executeTakeFirstOrThrow();
		await tx
			.insertInto("agenda_items")
			.values({ tenant_id: meeting.tenant_id, meeting_id: meetingId, position: Number(last.p) + 1, title })
			.execute();
		return { audit: { agenda_item: title }, result: undefined };
	});
}

/** Moves an extra item up or down among the extra items (the four standard items keep their places). */
export function moveAgendaItem(options: UseCaseOptions, meetingId: string, itemId: string, direction: "up" | "down") {
	return transition(options, meetingId, "prepare", async (tx, meeting) => {
		const items = await tx
			.selectFrom("agenda_items")
			.select(["id", "position", "standard_item"])
			.where("tenant_id", "=", meeting.tenant_id)
			.where("meeting_id", "=", meetingId)
			.orderBy("position")
			.execute();
		const index = items.findIndex((i) => i.id === itemId);
		const item = items[index];
		if (!item) throw new AppError("not_found");
		const other = items[direction === "up" ? index - 1 : index + 1];
		if (item.standard_item !== null || !other || other.standard_item !== null) {
			throw new Refusal({ ok: false, code: "invalid_state", reason: "meetings.error.agendaFixed" });
		}
		// The unique position constraint is deferred to commit, so the two rows can swap.
		await tx
			.updateTable("agenda_items")
			.set({ position: other.position })
			.where("tenant_id", "=", meeting.tenant_id)
			.where("id", "=", item.id)
			.execute();
		await tx
			.updateTable("agenda_items")
			.set({ position: item.position })
			.where("tenant_id", "=", meeting.tenant_id)
			.where("id", "=", other.id)
			.execute();
		return { audit: { agenda_item: itemId, moved: direction }, result: undefined };
	});
}

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
		const onRoster = await tx
			.selectFrom("attendees")
			.select("user_id")
			.where("tenant_id", "=", meeting.tenant_id)
			.where("meeting_id", "=", meetingId)
			.where("user_id", "is not", null)
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

export interface AttendanceMark {
	attendeeId: string;
	presence: "present" | "absent";
	absenceReason: string | null;
	substitute: string | null;
}

/** After the day: held on a date, with each attendee present or absent (with reason, substitute). */
export function recordHeld(
	options: UseCaseOptions,
	meetingId: string,
	input: { heldOn: string; marks: AttendanceMark[] },
) {
	return transition(options, meetingId, "hold", async (tx, meeting) => {
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
			changes: { held_on: input.heldOn },
			audit: { held_on: input.heldOn, marks: input.marks.length },
			result: undefined,
		};
	});
}
