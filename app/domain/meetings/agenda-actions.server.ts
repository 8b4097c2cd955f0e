import { sql } from "kysely";
import type { UseCaseOptions } from "#app/domain/actor.ts";
import { Refusal } from "#app/domain/refusal.ts";
import { AppError } from "../app-error.ts";
import { transition } from "./meeting-transitions.server.ts";

// O4: the meeting's agenda items, added and ordered while it is prepared.
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
