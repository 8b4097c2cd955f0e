import { sql } from "kysely";
import type { UseCaseOptions } from "#app/domain/actor.ts";
import type { MessageKey } from "#app/i18n/i18n.ts";
import { chinaToday } from "#app/lib/china-time.ts";
import { runAs, type Tx } from "#db/run-as.ts";
import { recordAudit } from "../audit/record-audit.server.ts";
import { membersWithRoles, notify } from "../notifications/notify.server.ts";
import { Refusal } from "../refusal.ts";

/**
 * O2, O6: a department is reached through its liaisons. A request to a department nobody answers for
 * (no liaison bound, or the bound ones no longer active liaisons of the unit) would wait unseen, so
 * it is refused, the sender is told why, and the unit's administrator is asked to bind one.
 */

/** Whether the department row under `alias` has an active bound liaison (one definition for every list). */
export const hasActiveLiaison = (alias: string) =>
	sql<boolean>`exists (
		select 1 from department_liaisons l
		join memberships lm on lm.tenant_id = l.tenant_id and lm.user_id = l.user_id
		where l.tenant_id = ${sql.ref(`${alias}.tenant_id`)} and l.department_id = ${sql.ref(`${alias}.id`)}
			and lm.disabled_at is null and 'department_liaison' = any(lm.roles))`;

/** The tenant's current departments among these ids that no active liaison answers for. */
export async function unreachableDepartments(tx: Tx, tenantId: string, departmentIds: readonly string[]) {
	if (departmentIds.length === 0) return [];
	return tx
		.selectFrom("departments as d")
		.select(["d.id", "d.name"])
		.where("d.tenant_id", "=", tenantId)
		.where("d.id", "in", [...new Set(departmentIds)])
		.where("d.archived_at", "is", null)
		.where(sql<boolean>`not ${hasActiveLiaison("d")}`)
		.orderBy("d.name")
		.execute();
}

const refusalOf: Record<"opinion" | "matter", MessageKey> = {
	opinion: "directory.unreachable.opinion",
	matter: "directory.unreachable.matter",
};

/**
 * Refuses (after telling the administrator) when any of the departments — read in the transaction by
 * `departmentIds` — has no active liaison. The notification and its audit event commit in their own
 * transaction before the refusal is thrown, so the step itself changes nothing and the
 * administrator still hears of it: once per department and day (reminder_keys), however often the
 * sender tries.
 */
export async function refuseUnreachable(
	options: UseCaseOptions,
	purpose: "opinion" | "matter",
	departmentIds: (tx: Tx) => Promise<readonly string[]>,
): Promise<void> {
	const { actor, db, meta } = options;
	const tenant = actor.membership.tenant;
	const unreachable = await runAs(db, { userId: actor.userId, tenantId: tenant.id }, async (tx) => {
		const found = await unreachableDepartments(tx, tenant.id, await departmentIds(tx));
		if (found.length === 0) return found;
		const admins = await membersWithRoles(tx, tenant.id, ["admin"]);
		const today = chinaToday();
		for (const department of found) {
			const first = await tx
				.insertInto("reminder_keys")
				.values({ tenant_id: tenant.id, key: `liaison-missing:${department.id}:${today}`, day: today })
				.onConflict((oc) => oc.columns(["tenant_id", "key"]).doNothing())
				.returning("key")
				.executeTakeFirst();
			if (!first) continue;
			await notify(
				tx,
				{
					tenantId: tenant.id,
					kind: "department.liaison_missing",
					entityType: "department",
					entityId: department.id,
					link: `/t/${tenant.slug}/departments/${department.id}`,
					params: { department: department.name },
				},
				admins,
				actor.userId,
			);
			await recordAudit(tx, {
				tenantId: tenant.id,
				actorUserId: actor.userId,
				action: "department.liaison_missing",
				entityType: "department",
				entityId: department.id,
				after: { purpose, department: department.name, notified: admins.length },
				meta,
			});
		}
		return found;
	});
	if (unreachable.length > 0) {
		throw new Refusal({
			ok: false,
			code: "invalid_state",
			reason: refusalOf[purpose],
			params: { department: unreachable.map((d) => d.name) },
		});
	}
}
