import type { UseCaseOptions } from "#app/domain/actor.ts";
import { enforce, Refusal } from "#app/domain/refusal.ts";
import { runAs } from "#db/run-as.ts";
import { AppError } from "../app-error.ts";
import { recordAudit } from "../audit/record-audit.server.ts";
import { membersWithRoles, notify } from "../notifications/notify.server.ts";
import { settleAsks } from "../notifications/resolve-notifications.server.ts";
import { supervisionRepliers, supervisors } from "./matter-rules.ts";

/**
 * O6: the lead department answers a 督办 in writing, once, through one of its own liaisons — in one
 * transaction with its audit event and the notifications of both supervising offices (and whoever
 * sent the 督办). A reply after the reply-by day is still taken; the page shows it was late.
 */
export async function replyToSupervision(
	options: UseCaseOptions,
	matterId: string,
	supervisionId: string,
	text: string,
) {
	const { actor } = options;
	enforce(
		actor.membership.roles.some((r) => supervisionRepliers.includes(r))
			? { ok: true }
			: { ok: false, code: "forbidden", reason: "matters.error.forbidden" },
	);
	const tenantId = actor.membership.tenant.id;
	return runAs(options.db, { userId: actor.userId, tenantId }, async (tx) => {
		const matter = await tx
			.selectFrom("decided_matters")
			.select(["id", "content", "lead_department_id"])
			.where("tenant_id", "=", tenantId)
			.where("id", "=", matterId)
			.forUpdate()
			.executeTakeFirst();
		const notice = matter
			? await tx
					.selectFrom("matter_updates")
					.select(["id", "user_id", "reply_by"])
					.where("tenant_id", "=", tenantId)
					.where("matter_id", "=", matterId)
					.where("id", "=", supervisionId)
					.where("kind", "=", "supervision")
					.executeTakeFirst()
			: undefined;
		if (!matter || !notice) throw new AppError("not_found");
		const bound = await tx
			.selectFrom("department_liaisons")
			.select("user_id")
			.where("tenant_id", "=", tenantId)
			.where("department_id", "=", matter.lead_department_id)
			.where("user_id", "=", actor.userId)
			.executeTakeFirst();
		if (!bound) throw new Refusal({ ok: false, code: "forbidden", reason: "matters.error.notLeadReply" });
		if (!text.trim()) throw new Refusal({ ok: false, code: "invalid_state", reason: "matters.error.replyRequired" });
		const earlier = await tx
			.selectFrom("supervision_replies")
			.select("supervision_id")
			.where("tenant_id", "=", tenantId)
			.where("supervision_id", "=", supervisionId)
			.executeTakeFirst();
		if (earlier) throw new Refusal({ ok: false, code: "invalid_state", reason: "matters.error.alreadyReplied" });
		await tx
			.insertInto("supervision_replies")
			.values({
				tenant_id: tenantId,
				supervision_id: supervisionId,
				department_id: matter.lead_department_id,
				text,
				user_id: actor.userId,
			})
			.execute();
		await recordAudit(tx, {
			tenantId,
			actorUserId: actor.userId,
			action: "matter.supervision_replied",
			entityType: "decided_matter",
			entityId: matterId,
			before: { supervisionId, replyBy: notice.reply_by },
			after: { supervisionId, text },
			meta: options.meta,
		});
		// The 督办's ask is answered (ADR 0015): settled for every liaison it went to.
		await settleAsks(tx, "matter.supervision_replied", { type: "decided_matter", id: matterId });
		const recipients = [...(await membersWithRoles(tx, tenantId, supervisors)), notice.user_id];
		await notify(
			tx,
			{
				tenantId,
				kind: "matter.supervision_replied",
				entityType: "decided_matter",
				entityId: matterId,
				link: `/t/${actor.membership.tenant.slug}/matters/${matterId}`,
				params: { title: matter.content.slice(0, 40), comment: text.trim().slice(0, 500) },
			},
			[...new Set(recipients)],
			actor.userId,
		);
		return { replied: supervisionId };
	});
}
