import { type Expression, sql } from "kysely";
import type { UseCaseOptions } from "#app/domain/actor.ts";
import { runAs } from "#db/run-as.ts";
import { AppError } from "../app-error.ts";
import { recordAudit } from "../audit/record-audit.server.ts";
import { can } from "../tenancy/permissions.ts";

/**
 * What a member is called after their name in this unit: the 职务 the administrator set, or else —
 * for a department liaison (O2, O6) — the departments they are bound to, which the unit already
 * knows. NULL when neither is known. `tenant` and `user` are the membership's columns.
 */
export function memberQualifier(
	tenant: Expression<string>,
	user: Expression<string | null>,
	title: Expression<string | null>,
) {
	return sql<string | null>`coalesce(${title}, (
		select string_agg(d.name, '、' order by d.category, d.sort_order, d.name)
		from department_liaisons l
		join departments d on d.tenant_id = l.tenant_id and d.id = l.department_id
		where l.tenant_id = ${tenant} and l.user_id = ${user} and d.archived_at is null))`;
}

/**
 * The administrator sets (or, with null, clears) a member's 职务 in this unit, audited with the title
 * before and after. Another unit's member is not found (row-level security hides the membership).
 */
export async function setMemberTitle(options: UseCaseOptions, userId: string, title: string | null): Promise<void> {
	if (!can(options.actor.membership.roles, "members.manage")) throw new AppError("forbidden");
	if (!/^[0-9a-f-]{36}$/.test(userId)) throw new AppError("not_found");
	const tenantId = options.actor.membership.tenant.id;
	const next = title?.trim() || null;
	await runAs(options.db, { userId: options.actor.userId, tenantId }, async (tx) => {
		const before = await tx
			.selectFrom("memberships")
			.select("title")
			.where("tenant_id", "=", tenantId)
			.where("user_id", "=", userId)
			.forUpdate()
			.executeTakeFirst();
		if (!before) throw new AppError("not_found");
		if (before.title === next) return;
		await tx
			.updateTable("memberships")
			.set({ title: next, updated_at: new Date() })
			.where("tenant_id", "=", tenantId)
			.where("user_id", "=", userId)
			.execute();
		await recordAudit(tx, {
			tenantId,
			actorUserId: options.actor.userId,
			action: "member.title_changed",
			entityType: "user",
			entityId: userId,
			before: { title: before.title },
			after: { title: next },
			meta: options.meta,
		});
	});
}
