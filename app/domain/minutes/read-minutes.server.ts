import { type Kysely, sql } from "kysely";
import type { Actor } from "#app/domain/actor.ts";
import { runAs } from "#db/run-as.ts";
import type { Database, DraftMatter } from "#db/schema.ts";
import { hasActiveLiaison } from "../directory/liaison-reach.server.ts";
import { memberQualifier } from "../people/member-title.server.ts";

/** The minutes of a meeting with all versions, reviews, and the department names the matters use. */
export function readMinutes(db: Kysely<Database>, actor: Actor, meetingId: string) {
	return runAs(db, actor, async (tx) => {
		const meeting = await tx
			.selectFrom("meetings")
			.select(["id", "title", "status", "held_on as heldOn", "place", "kind", "year"])
			.where("tenant_id", "=", actor.tenantId)
			.where("id", "=", meetingId)
			.executeTakeFirst();
		if (!meeting) return null;
		const minutes = await tx
			.selectFrom("minutes")
			.selectAll()
			.where("tenant_id", "=", actor.tenantId)
			.where("meeting_id", "=", meetingId)
			.executeTakeFirst();
		const versions = minutes
			? await tx
					.selectFrom("minutes_versions as v")
					.leftJoin("users as u", "u.id", "v.saved_by")
					.select([
						"v.version",
						"v.presided_by as presidedBy",
						"v.body",
						"v.matters",
						"v.saved_at as savedAt",
						"u.display_name as savedBy",
					])
					.where("v.tenant_id", "=", actor.tenantId)
					.where("v.minutes_id", "=", minutes.id)
					.orderBy("v.version", "desc")
					.execute()
			: [];
		const reviews = minutes
			? await tx
					.selectFrom("minutes_reviews as r")
					.innerJoin("users as u", "u.id", "r.user_id")
					.select(["r.id", "r.version", "r.stage", "r.decision", "r.comment", "r.at", "u.display_name as name"])
					.where("r.tenant_id", "=", actor.tenantId)
					.where("r.minutes_id", "=", minutes.id)
					.orderBy("r.at")
					.execute()
			: [];
		const departments = await tx
			.selectFrom("departments")
			.select(["id", "name", "archived_at as archivedAt", hasActiveLiaison("departments").as("reachable")])
			.where("tenant_id", "=", actor.tenantId)
			.orderBy("category")
			.orderBy("sort_order")
			.execute();
		// The 纪要 names everyone on the roster: "姓名（职务）", a department's head with the department,
		// a guest with their unit.
		const attendance = await tx
			.selectFrom("attendees as a")
			.leftJoin("users as u", "u.id", "a.user_id")
			.leftJoin("memberships as m", (j) =>
				j.onRef("m.tenant_id", "=", "a.tenant_id").onRef("m.user_id", "=", "a.user_id"),
			)
			.leftJoin("departments as d", (j) =>
				j.onRef("d.tenant_id", "=", "a.tenant_id").onRef("d.id", "=", "a.department_id"),
			)
			.select(["a.capacity", "a.presence", "a.guest_name as guestName", "u.display_name as memberName"])
			.select(["a.leave_reason as leaveReason", "d.name as department", "a.guest_org as organisation"])
			.select(memberQualifier(sql.ref("a.tenant_id"), sql.ref("a.user_id"), sql.ref("m.title")).as("title"))
			.where("a.tenant_id", "=", actor.tenantId)
			.where("a.meeting_id", "=", meetingId)
			.orderBy(sql`array_position(array['attend', 'sit_in', 'invited']::text[], a.capacity)`)
			.orderBy("a.sort_order")
			.orderBy("a.created_at")
			.execute();
		const tenant = await tx
			.selectFrom("tenants")
			.select(["name", "gov_name as govName", "union_name as unionName"])
			.where("id", "=", actor.tenantId)
			.executeTakeFirstOrThrow();
		return {
			meeting,
			tenant,
			minutes: minutes ?? null,
			versions: versions.map((v) => ({ ...v, matters: v.matters as DraftMatter[] })),
			reviews,
			departments,
			attendance: attendance.map((a) => ({
				capacity: a.capacity,
				// The mark made when the meeting was held decides; before it, leave (O3) means absent.
				present: a.presence ? a.presence === "present" : a.leaveReason === null,
				name: a.memberName ?? a.guestName ?? "",
				qualifier: a.title ?? a.department ?? a.organisation,
			})),
		};
	});
}
