import { type Kysely, sql } from "kysely";
import { z } from "zod";
import type { Actor } from "#app/domain/actor.ts";
import { runAs } from "#db/run-as.ts";
import type { Database, MinutesStatus, Role, Side } from "#db/schema.ts";
import { awaitedSides } from "../meetings/meeting-rules.ts";
import { meetingNextStep, type NextStepLine, nextStepLine, type StepMember } from "./next-step.ts";

const uuid = z.uuid();

/**
 * The meeting page's next step (issue #21): which step the meeting waits for and the members who
 * take it, by name and 职务, or the reader's own turn. One transaction, two statements side by side.
 */
export function readMeetingNextStep(
	db: Kysely<Database>,
	actor: Actor,
	roles: readonly Role[],
	meetingId: string,
): Promise<NextStepLine | null> {
	if (!uuid.safeParse(meetingId).success) return Promise.resolve(null);
	return runAs(db, actor, async (tx) => {
		const [meeting, members] = await Promise.all([
			tx
				.selectFrom("meetings as m")
				.select([
					"m.status",
					"m.kind",
					(eb) =>
						eb
							.selectFrom("minutes as mi")
							.select("mi.status")
							.whereRef("mi.tenant_id", "=", "m.tenant_id")
							.whereRef("mi.meeting_id", "=", "m.id")
							.$castTo<MinutesStatus | null>()
							.as("minutesStatus"),
					sql<{ side: Side; decision: "consent" | "decline" }[]>`coalesce((select json_agg(json_build_object(
						'side', c.side, 'decision', c.decision)) from meeting_consents c
						where c.tenant_id = m.tenant_id and c.meeting_id = m.id), '[]'::json)`.as("consents"),
				])
				.where("m.tenant_id", "=", actor.tenantId)
				.where("m.id", "=", meetingId)
				.executeTakeFirst(),
			readStepMembers(tx, actor.tenantId),
		]);
		if (!meeting) return null;
		const step = meetingNextStep(meeting);
		return nextStepLine(step, members, { userId: actor.userId, roles }, awaitedSides(meeting.consents));
	});
}

/** The unit's active members who act for a side, with their 职务, by name. */
function readStepMembers(tx: Kysely<Database>, tenantId: string): Promise<StepMember[]> {
	return tx
		.selectFrom("memberships as ms")
		.innerJoin("users as u", "u.id", "ms.user_id")
		.select(["ms.user_id as userId", "u.display_name as name", "ms.title", "ms.roles"])
		.where("ms.tenant_id", "=", tenantId)
		.where("ms.disabled_at", "is", null)
		.orderBy("u.display_name")
		.execute();
}
