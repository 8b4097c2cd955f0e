import { createMeeting } from "#app/domain/meetings/create-meeting.server.ts";
import { acceptMeeting, submitMeeting } from "#app/domain/meetings/meeting-transitions.server.ts";
import { recordHeld, scheduleMeeting } from "#app/domain/meetings/schedule-actions.server.ts";
import { agreeTopic, proposeTopic } from "#app/domain/meetings/topic-actions.server.ts";
import type { DatabaseHandle } from "#db/client.ts";
import type { Role } from "#db/schema.ts";
import type { createActorOptions } from "./integration-db.ts";

type Options = Awaited<ReturnType<typeof createActorOptions>>;

/**
 * A regular meeting taken to "held" by the roles the notice gives each step: proposed, accepted,
 * one topic proposed and every topic (the automatic category-6 one included) agreed, scheduled, held.
 */
export async function holdMeeting(db: DatabaseHandle, as: (role: Role) => Options, year: number): Promise<string> {
	const meeting = await createMeeting({
		...as("union_staff"),
		proposal: { kind: "regular", reason: "例会", windowFrom: `${year}-03-01`, windowTo: `${year}-03-31` },
	});
	await submitMeeting(as("union_staff"), meeting.id);
	await acceptMeeting(as("gov_head"), meeting.id);
	await proposeTopic(as("union_staff"), meeting.id, {
		category: 4,
		title: "议题",
		background: "",
		research: "",
		suggestions: "",
	});
	const topics = await db.owner.selectFrom("topics").select("id").where("meeting_id", "=", meeting.id).execute();
	for (const topic of topics) {
		await agreeTopic(as("gov_liaison"), meeting.id, topic.id);
		await agreeTopic(as("union_chair"), meeting.id, topic.id);
	}
	await scheduleMeeting(as("gov_office"), meeting.id, {
		start: new Date(`${year}-03-20T01:00:00Z`),
		end: new Date(`${year}-03-20T03:00:00Z`),
		place: "会议室",
	});
	await recordHeld(as("gov_office"), meeting.id, { heldOn: `${year}-03-20`, marks: [] });
	return meeting.id;
}
