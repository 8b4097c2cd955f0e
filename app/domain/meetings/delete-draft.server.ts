import type { UseCaseOptions } from "#app/domain/actor.ts";
import { enforce, Refusal } from "#app/domain/refusal.ts";
import { runAs } from "#db/run-as.ts";
import { AppError } from "../app-error.ts";
import { recordAudit } from "../audit/record-audit.server.ts";
import { checkRole } from "./meeting-rules.ts";

/**
 * O1: the side that drafts a meeting request (the union) may delete its own draft as long as it was
 * never sent — nobody else has seen it. Its standard agenda items and automatic topic go with it;
 * the audit event keeps what the draft said. PostgreSQL allows the delete for such a draft only
 * (migration 2026-12-05T1400); a request once sent is withdrawn with a reason instead (取消).
 */
export async function deleteDraftMeeting(options: UseCaseOptions, meetingId: string) {
	const { actor } = options;
	enforce(checkRole("edit_request", actor.membership.roles));
	const tenantId = actor.membership.tenant.id;
	return runAs(options.db, { userId: actor.userId, tenantId }, async (tx) => {
		const meeting = await tx
			.selectFrom("meetings")
			.select(["id", "status", "requested_at", "title", "kind", "reason", "window_from", "window_to", "year", "seq"])
			.where("tenant_id", "=", tenantId)
			.where("id", "=", meetingId)
			.forUpdate()
			.executeTakeFirst();
		if (!meeting) throw new AppError("not_found");
		if (meeting.status !== "draft" || meeting.requested_at !== null) {
			throw new Refusal({ ok: false, code: "invalid_state", reason: "meetings.error.state.delete_draft" });
		}
		for (const table of ["topics", "agenda_items"] as const) {
			await tx.deleteFrom(table).where("tenant_id", "=", tenantId).where("meeting_id", "=", meetingId).execute();
		}
		await tx.deleteFrom("meetings").where("tenant_id", "=", tenantId).where("id", "=", meetingId).execute();
		await recordAudit(tx, {
			tenantId,
			actorUserId: actor.userId,
			action: "meeting.draft_deleted",
			entityType: "meeting",
			entityId: meetingId,
			before: {
				status: meeting.status,
				title: meeting.title,
				kind: meeting.kind,
				reason: meeting.reason,
				windowFrom: meeting.window_from,
				windowTo: meeting.window_to,
				year: meeting.year,
				seq: meeting.seq,
			},
			meta: options.meta,
		});
		return { title: meeting.title };
	});
}
