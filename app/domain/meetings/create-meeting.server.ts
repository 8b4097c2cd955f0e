import { sql } from "kysely";
import type { UseCaseOptions } from "#app/domain/actor.ts";
import { enforce } from "#app/domain/refusal.ts";
import { translator } from "#app/i18n/i18n.ts";
import { runAs } from "#db/run-as.ts";
import { recordAudit } from "../audit/record-audit.server.ts";
import { checkRole } from "./meeting-rules.ts";
import { type MeetingProposal, standardAgenda } from "./meeting-schema.ts";
import { newMeetingTitle } from "./meeting-title.ts";
import { previousMeetingMatters } from "./previous-matters.server.ts";

/**
 * O1: union staff or a union leader drafts a meeting request. The meeting gets the next number of
 * its year and the four standard agenda items (O4) at once.
 */
export async function createMeeting({ db, actor, meta, proposal }: UseCaseOptions & { proposal: MeetingProposal }) {
	const verdict = checkRole("edit_request", actor.membership.roles);
	enforce(verdict);
	const tenantId = actor.membership.tenant.id;
	const year = Number(proposal.windowFrom.slice(0, 4));
	return runAs(db, { userId: actor.userId, tenantId }, async (tx) => {
		// Numbers are per tenant and year, without gaps: serialise the numbering of one tenant-year.
		await sql`select pg_advisory_xact_lock(hashtext(${`meeting-seq:${tenantId}:${year}`}))`.execute(tx);
		const last = await tx
			.selectFrom("meetings")
			.select(sql<number>`coalesce(max(seq), 0)`.as("seq"))
			.where("tenant_id", "=", tenantId)
			.where("year", "=", year)
			.executeTakeFirstOrThrow();
		const seq = Number(last.seq) + 1;
		const extraordinaryCount = await tx
			.selectFrom("meetings")
			.select(sql<number>`count(*)::int`.as("n"))
			.where("tenant_id", "=", tenantId)
			.where("year", "=", year)
			.where("kind", "=", "extraordinary")
			.executeTakeFirstOrThrow();
		// The title names both parties as the unit's profile has them now (stored in Chinese, rendered per reader).
		const parties = await tx
			.selectFrom("tenants")
			.select(["gov_name as government", "union_name as union"])
			.where("id", "=", tenantId)
			.executeTakeFirstOrThrow();
		const title = newMeetingTitle(proposal.kind, parties, year, extraordinaryCount.n + 1);
		const meeting = await tx
			.insertInto("meetings")
			.values({
				tenant_id: tenantId,
				year,
				seq,
				kind: proposal.kind,
				title,
				reason: proposal.reason,
				window_from: proposal.windowFrom,
				window_to: proposal.windowTo,
				proposed_place: proposal.proposedPlace || null,
				created_by: actor.userId,
			})
			.returning(["id", "title"])
			.executeTakeFirstOrThrow();
		await tx
			.insertInto("agenda_items")
			.values(
				standardAgenda.map((itemTitle, index) => ({
					tenant_id: tenantId,
					meeting_id: meeting.id,
					position: index + 1,
					standard_item: index + 1,
					title: itemTitle,
				})),
			)
			.execute();
		// C6: when an earlier meeting has decided matters, reporting on them is a topic of this one.
		const previous = await previousMeetingMatters(tx, tenantId, meeting.id);
		if (previous.matters.length > 0) {
			await tx
				.insertInto("topics")
				.values({
					tenant_id: tenantId,
					meeting_id: meeting.id,
					category: 6,
					title: translator("zh-CN")("topic.previousMatters"),
					background: previous.matters.map((m, i) => `${i + 1}. ${m.content}（${m.department}）`).join("\n"),
					auto_generated: true,
					proposed_by: actor.userId,
				})
				.execute();
		}
		await recordAudit(tx, {
			tenantId,
			actorUserId: actor.userId,
			action: "meeting.drafted",
			entityType: "meeting",
			entityId: meeting.id,
			after: { ...proposal, title, year, seq },
			meta,
		});
		return { id: meeting.id, title: meeting.title };
	});
}
