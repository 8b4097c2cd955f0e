import type { UseCaseOptions } from "#app/domain/actor.ts";
import { enforce, Refusal } from "#app/domain/refusal.ts";
import { runAs } from "#db/run-as.ts";
import { AppError } from "../app-error.ts";
import { recordAudit } from "../audit/record-audit.server.ts";
import { recordUploads, type StoredUpload } from "../files/stored-upload.ts";
import { membersWithRoles, notify } from "../notifications/notify.server.ts";
import {
	checkMatterAction,
	type MatterAction,
	matterNextStatus,
	needsLeadBinding,
	needsReason,
	supervisors,
	updateKindOf,
} from "./matter-rules.ts";

export interface MatterStep {
	text: string;
	percent?: number | null;
	newDeadline?: string | null;
}

/**
 * One step on a decided matter (O6), in one transaction with its update record, audit event and
 * notifications: a department's progress or completion (only the liaisons of the lead department),
 * or the supervisors' reminder (催办), supervision notice (督办), verification (办结), reopening and
 * extension (延期, with the new deadline).
 */
export async function actOnMatter(
	options: UseCaseOptions,
	matterId: string,
	action: MatterAction,
	step: MatterStep,
	evidence: readonly StoredUpload[] = [],
) {
	const { actor } = options;
	const tenantId = actor.membership.tenant.id;
	return runAs(options.db, { userId: actor.userId, tenantId }, async (tx) => {
		const matter = await tx
			.selectFrom("decided_matters")
			.selectAll()
			.where("tenant_id", "=", tenantId)
			.where("id", "=", matterId)
			.forUpdate()
			.executeTakeFirst();
		if (!matter) throw new AppError("not_found");
		const verdict = checkMatterAction(action, actor.membership.roles, matter.status);
		enforce(verdict);
		if (needsLeadBinding(action)) {
			const bound = await tx
				.selectFrom("department_liaisons")
				.select("user_id")
				.where("tenant_id", "=", tenantId)
				.where("department_id", "=", matter.lead_department_id)
				.where("user_id", "=", actor.userId)
				.executeTakeFirst();
			if (!bound) throw new Refusal({ ok: false, code: "forbidden", reason: "matters.error.notLead" });
		}
		if (needsReason(action) && !step.text.trim()) {
			throw new Refusal({ ok: false, code: "invalid_state", reason: "matters.error.reasonRequired" });
		}
		if (action === "extend" && (!step.newDeadline || step.newDeadline <= matter.deadline)) {
			throw new Refusal({ ok: false, code: "invalid_state", reason: "matters.error.deadline" });
		}
		const update = await tx
			.insertInto("matter_updates")
			.values({
				tenant_id: tenantId,
				matter_id: matterId,
				kind: updateKindOf[action],
				text: step.text,
				percent: step.percent ?? null,
				new_deadline: action === "extend" ? (step.newDeadline ?? null) : null,
				user_id: actor.userId,
			})
			.returning("id")
			.executeTakeFirstOrThrow();
		const fileIds = await recordUploads(tx, tenantId, actor.userId, evidence);
		if (fileIds.length > 0) {
			await tx
				.insertInto("matter_update_files")
				.values(fileIds.map((file_id) => ({ tenant_id: tenantId, update_id: update.id, file_id })))
				.execute();
		}
		const status = matterNextStatus[action] ?? matter.status;
		await tx
			.updateTable("decided_matters")
			.set({ status, ...(action === "extend" && step.newDeadline ? { deadline: step.newDeadline } : {}) })
			.where("tenant_id", "=", tenantId)
			.where("id", "=", matterId)
			.execute();
		await recordAudit(tx, {
			tenantId,
			actorUserId: actor.userId,
			action: `matter.${action}`,
			entityType: "decided_matter",
			entityId: matterId,
			before: { status: matter.status, deadline: matter.deadline },
			after: { status, ...step, evidence: evidence.map((f) => f.name) },
			meta: options.meta,
		});
		const leadLiaisons = await tx
			.selectFrom("department_liaisons")
			.select("user_id")
			.where("tenant_id", "=", tenantId)
			.where("department_id", "=", matter.lead_department_id)
			.execute();
		const toDepartment = ["reminder", "supervision", "reopen", "extend", "verify"].includes(action);
		await notify(
			tx,
			{
				tenantId,
				kind: `matter.${action}`,
				entityType: "decided_matter",
				entityId: matterId,
				link: `/t/${actor.membership.tenant.slug}/matters/${matterId}`,
				params: { title: matter.content.slice(0, 40) },
			},
			toDepartment ? leadLiaisons.map((l) => l.user_id) : await membersWithRoles(tx, tenantId, supervisors),
			actor.userId,
		);
		return { status };
	});
}
