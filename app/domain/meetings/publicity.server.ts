import type { UseCaseOptions } from "#app/domain/actor.ts";
import { Refusal } from "#app/domain/refusal.ts";
import { runAs } from "#db/run-as.ts";
import { AppError } from "../app-error.ts";
import { recordAudit } from "../audit/record-audit.server.ts";
import { mayRecordPublicity } from "./meeting-abilities.ts";

interface PublicityInput {
	channel: string;
	title: string;
	link: string | null;
	body: string;
	publishedOn: string;
}

/** O7: the union or the government office record how a held meeting was made public. */
export async function recordPublicity({ db, actor, meta }: UseCaseOptions, meetingId: string, input: PublicityInput) {
	if (mayRecordPublicity(actor.membership.roles, "held") === "forbidden") {
		throw new Refusal({ ok: false, code: "forbidden", reason: "meetings.error.forbidden" });
	}
	const tenantId = actor.membership.tenant.id;
	return runAs(db, { userId: actor.userId, tenantId }, async (tx) => {
		const meeting = await tx
			.selectFrom("meetings")
			.select("status")
			.where("tenant_id", "=", tenantId)
			.where("id", "=", meetingId)
			.executeTakeFirst();
		if (!meeting) throw new AppError("not_found");
		if (mayRecordPublicity(actor.membership.roles, meeting.status) !== true)
			throw new Refusal({ ok: false, code: "invalid_state", reason: "meetings.error.notHeldYet" });
		const row = await tx
			.insertInto("publicity")
			.values({
				tenant_id: tenantId,
				meeting_id: meetingId,
				channel: input.channel,
				title: input.title,
				link: input.link,
				body: input.body,
				published_on: input.publishedOn,
				created_by: actor.userId,
			})
			.returning("id")
			.executeTakeFirstOrThrow();
		await recordAudit(tx, {
			tenantId,
			actorUserId: actor.userId,
			action: "meeting.publicised",
			entityType: "meeting",
			entityId: meetingId,
			after: { publicity: row.id, ...input },
			meta,
		});
		return row.id;
	});
}
