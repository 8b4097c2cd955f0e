import type { UseCaseOptions } from "#app/domain/actor.ts";
import { Refusal } from "#app/domain/refusal.ts";
import type { Capacity, GuestType } from "#db/schema.ts";
import { AppError } from "../app-error.ts";
import { transition } from "./meeting-transitions.server.ts";

// O3: who is on a meeting's roster — members, department heads, invited guests.
type AttendeeInput =
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

/**
 * O3: a leader (the head, the liaison vice-head or the union chair) records a member's leave (请假)
 * with its reason. The person is on the roster to attend, on leave; a required leader on leave no
 * longer holds up scheduling or the hold. One transaction with its audit event (`transition`).
 */
export function recordLeave(options: UseCaseOptions, meetingId: string, input: { userId: string; reason: string }) {
	return transition(options, meetingId, "record_leave", async (tx, meeting) => {
		const member = await tx
			.selectFrom("memberships")
			.select("user_id")
			.where("tenant_id", "=", meeting.tenant_id)
			.where("user_id", "=", input.userId)
			.where("disabled_at", "is", null)
			.executeTakeFirst();
		if (!member) throw new AppError("not_found");
		const leave = { leave_reason: input.reason, leave_by: options.actor.userId, leave_at: new Date() };
		await tx
			.insertInto("attendees")
			.values({
				tenant_id: meeting.tenant_id,
				meeting_id: meetingId,
				capacity: "attend",
				user_id: input.userId,
				...leave,
			})
			.onConflict((oc) =>
				oc.columns(["tenant_id", "meeting_id", "user_id"]).where("user_id", "is not", null).doUpdateSet(leave),
			)
			.execute();
		return {
			status: meeting.status === "accepted" ? "preparing" : undefined,
			audit: { leave: { user: input.userId, reason: input.reason } },
			result: undefined,
		};
	});
}

/** O3: the leave is withdrawn (the person will attend after all); the roster place stays. */
export function withdrawLeave(options: UseCaseOptions, meetingId: string, userId: string) {
	return transition(options, meetingId, "record_leave", async (tx, meeting) => {
		const updated = await tx
			.updateTable("attendees")
			.set({ leave_reason: null, leave_by: null, leave_at: null })
			.where("tenant_id", "=", meeting.tenant_id)
			.where("meeting_id", "=", meetingId)
			.where("user_id", "=", userId)
			.where("leave_reason", "is not", null)
			.executeTakeFirst();
		if (Number(updated.numUpdatedRows) === 0) throw new AppError("not_found");
		return { audit: { leave_withdrawn: { user: userId } }, result: undefined };
	});
}
