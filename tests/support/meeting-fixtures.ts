import { sql } from "kysely";
import { createMeeting } from "#app/domain/meetings/create-meeting.server.ts";
import { acceptMeeting, submitMeeting } from "#app/domain/meetings/meeting-transitions.server.ts";
import { addAttendee } from "#app/domain/meetings/roster-actions.server.ts";
import { leaderRoles } from "#app/domain/meetings/roster-rules.ts";
import { recordHeld, scheduleMeeting } from "#app/domain/meetings/schedule-actions.server.ts";
import { agreeTopic, proposeTopic } from "#app/domain/meetings/topic-actions.server.ts";
import { chinaToday } from "#app/lib/china-time.ts";
import type { DatabaseHandle } from "#db/client.ts";
import type { Role } from "#db/schema.ts";
import { type createActorOptions, createMember } from "./integration-db.ts";

type Options = Awaited<ReturnType<typeof createActorOptions>>;

/**
 * A regular meeting taken to "held" by the roles the notice gives each step: proposed, accepted,
 * one topic proposed and every topic (the automatic category-6 one included) agreed, every leader
 * O3 requires on the roster to attend (rosterLeaders), scheduled, held.
 * Scheduled and held on 20 March of `year` (China time), which must be a day already past: the date
 * rules (migration 2026-12-04T1200) refuse a meeting held after today or before its scheduled day.
 */
export async function holdMeeting(db: DatabaseHandle, as: (role: Role) => Options, year: number): Promise<string> {
	if (`${year}-03-20` > chinaToday()) throw new Error(`holdMeeting: ${year}-03-20 is still to come`);
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
	await rosterLeaders(db, as, meeting.id);
	await scheduleMeeting(as("gov_office"), meeting.id, {
		start: new Date(`${year}-03-20T01:00:00Z`),
		end: new Date(`${year}-03-20T03:00:00Z`),
		place: "会议室",
	});
	await recordHeld(as("gov_office"), meeting.id, { heldOn: `${year}-03-20`, marks: [] });
	return meeting.id;
}

/** O3: every active leader of the meeting's unit on its roster to attend (what scheduling requires). */
export async function rosterLeaders(db: DatabaseHandle, as: (role: Role) => Options, meetingId: string) {
	const staff = as("union_staff");
	const leaders = await db.owner
		.selectFrom("memberships")
		.select("user_id")
		.where("tenant_id", "=", staff.actor.membership.tenant.id)
		.where("disabled_at", "is", null)
		.where(sql<boolean>`roles && ${sql.val([...leaderRoles])}::text[]`)
		.execute();
	for (const leader of leaders) {
		await addAttendee(staff, meetingId, { source: "member", capacity: "attend", userId: leader.user_id });
	}
}

/** O2/O6: a new liaison bound to the department, so that opinion requests and decided matters reach it. */
export async function bindTestLiaison(db: DatabaseHandle, tenantId: string, departmentId: string) {
	const liaison = await createMember(db, tenantId, ["department_liaison"]);
	await db.owner
		.insertInto("department_liaisons")
		.values({ tenant_id: tenantId, department_id: departmentId, user_id: liaison.id })
		.execute();
	return liaison;
}
