import type { UseCaseOptions } from "#app/domain/actor.ts";
import { Refusal } from "#app/domain/refusal.ts";
import type { Tx } from "#db/run-as.ts";
import { AppError } from "../app-error.ts";
import { transition } from "./meeting-transitions.server.ts";

// O4: the meeting's agenda items, added and ordered while it is prepared.
/** O4: an added item sits within item 3, after the items added before it; item 4 stays last. */
export function addAgendaItem(options: UseCaseOptions, meetingId: string, title: string) {
	return transition(options, meetingId, "prepare", async (tx, meeting) => {
		const items = await agendaOf(tx, meeting.tenant_id, meetingId);
		const last = Math.max(0, ...items.map((i) => i.position));
		const fourth = items.find((i) => i.standard_item === 4);
		// The unique position constraint is deferred to commit: item 4 moves behind the new item.
		if (fourth) {
			await tx
				.updateTable("agenda_items")
				.set({ position: last + 2 })
				.where("tenant_id", "=", meeting.tenant_id)
				.where("id", "=", fourth.id)
				.execute();
		}
		await tx
			.insertInto("agenda_items")
			.values({ tenant_id: meeting.tenant_id, meeting_id: meetingId, position: last + 1, title })
			.execute();
		return { audit: { agenda_item: title }, result: undefined };
	});
}

/** Moves an added item up or down among the added items (3.1, 3.2 …); the four standard items keep their places. */
export function moveAgendaItem(options: UseCaseOptions, meetingId: string, itemId: string, direction: "up" | "down") {
	return transition(options, meetingId, "prepare", async (tx, meeting) => {
		const items = await agendaOf(tx, meeting.tenant_id, meetingId);
		const item = items.find((i) => i.id === itemId);
		if (!item) throw new AppError("not_found");
		const added = items.filter((i) => i.standard_item === null);
		const index = added.findIndex((i) => i.id === itemId);
		const other = index === -1 ? undefined : added[direction === "up" ? index - 1 : index + 1];
		if (!other) throw new Refusal({ ok: false, code: "invalid_state", reason: "meetings.error.agendaFixed" });
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

function agendaOf(tx: Tx, tenantId: string, meetingId: string) {
	return tx
		.selectFrom("agenda_items")
		.select(["id", "position", "standard_item"])
		.where("tenant_id", "=", tenantId)
		.where("meeting_id", "=", meetingId)
		.orderBy("position")
		.execute();
}
