import type { UseCaseOptions } from "#app/domain/actor.ts";
import { enforce, Refusal } from "#app/domain/refusal.ts";
import { chinaToday } from "#app/lib/china-time.ts";
import { runAs, type Tx } from "#db/run-as.ts";
import { AppError } from "../app-error.ts";
import { recordAudit } from "../audit/record-audit.server.ts";
import { recordUploads, type StoredUpload } from "../files/stored-upload.ts";
import { membersWithRoles, notify } from "../notifications/notify.server.ts";
import { settleAsks } from "../notifications/resolve-notifications.server.ts";
import {
	checkMatterAction,
	extensionApprovers,
	extensionFits,
	type MatterAction,
	matterNextStatus,
	needsLeadBinding,
	needsReason,
	supervisors,
	updateKindOf,
} from "./matter-rules.ts";

interface MatterStep {
	text: string;
	percent?: number | null;
	newDeadline?: string | null;
	/** 督办: the day by which the lead department replies in writing (today or later, China time). */
	replyBy?: string | null;
}

/**
 * One step on a decided matter (O6), in one transaction with its update record, audit event and
 * notifications: a department's progress or completion (only the liaisons of the lead department),
 * or the supervisors' reminder (催办), supervision notice (督办), verification (办结), reopening and
 * extension (延期, with the new deadline).
 */
/** The open request for a new deadline, if any: the newest extension record is a request. */
async function openExtensionRequest(tx: Tx, tenantId: string, matterId: string) {
	const latest = await tx
		.selectFrom("matter_updates")
		.select(["kind", "new_deadline"])
		.where("tenant_id", "=", tenantId)
		.where("matter_id", "=", matterId)
		.where("kind", "in", ["extension_requested", "extension_approved", "extension_refused"])
		.orderBy("at", "desc")
		.limit(1)
		.executeTakeFirst();
	return latest?.kind === "extension_requested" ? latest : null;
}

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
		if (action === "supervision" && (!step.replyBy || step.replyBy < chinaToday())) {
			throw new Refusal({ ok: false, code: "invalid_state", reason: "matters.error.replyBy" });
		}
		if (action === "extend" && (!step.newDeadline || step.newDeadline <= matter.deadline)) {
			throw new Refusal({ ok: false, code: "invalid_state", reason: "matters.error.deadline" });
		}
		// O6: one request for a new deadline at a time; a leader decides the open one.
		const request = await openExtensionRequest(tx, tenantId, matterId);
		if (!extensionFits(action, request !== null)) {
			throw new Refusal({
				ok: false,
				code: "invalid_state",
				reason: action === "extend" ? "matters.error.extensionOpen" : "matters.error.noExtensionOpen",
			});
		}
		// Completed and verified on or after the day its minutes were issued (migration 2026-12-04T1200).
		if (action === "done" || action === "verify") {
			const minutes = await tx
				.selectFrom("minutes")
				.select("issued_on")
				.where("tenant_id", "=", tenantId)
				.where("id", "=", matter.minutes_id)
				.executeTakeFirst();
			if (!minutes?.issued_on || chinaToday() < minutes.issued_on) {
				throw new Refusal({ ok: false, code: "invalid_state", reason: "matters.error.beforeIssued" });
			}
		}
		const update = await tx
			.insertInto("matter_updates")
			.values({
				tenant_id: tenantId,
				matter_id: matterId,
				kind: updateKindOf[action],
				text: step.text,
				percent: step.percent ?? null,
				new_deadline:
					action === "extend"
						? (step.newDeadline ?? null)
						: action === "approve_extension"
							? (request?.new_deadline ?? null)
							: null,
				reply_by: action === "supervision" ? (step.replyBy ?? null) : null,
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
		// Granted: the new deadline applies, the decided one is kept, and lateness stays on record.
		const granted =
			action === "approve_extension" && request?.new_deadline
				? {
						deadline: request.new_deadline,
						original_deadline: matter.original_deadline ?? matter.deadline,
						extended_after_overdue: matter.extended_after_overdue || matter.deadline < chinaToday(),
					}
				: {};
		await tx
			.updateTable("decided_matters")
			.set({ status, ...granted })
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
		await settleAsks(tx, `matter.${action}`, { type: "decided_matter", id: matterId });
		const leadLiaisons = await tx
			.selectFrom("department_liaisons")
			.select("user_id")
			.where("tenant_id", "=", tenantId)
			.where("department_id", "=", matter.lead_department_id)
			.execute();
		const toDepartment = ["reminder", "supervision", "reopen", "approve_extension", "verify"].includes(action);
		// A request goes to the leaders who decide it; their answer to both offices as well as the department.
		const recipients =
			action === "extend"
				? await membersWithRoles(tx, tenantId, extensionApprovers)
				: action === "refuse_extension"
					? await membersWithRoles(tx, tenantId, supervisors)
					: toDepartment
						? [
								...leadLiaisons.map((l) => l.user_id),
								...(action === "approve_extension" ? await membersWithRoles(tx, tenantId, supervisors) : []),
							]
						: await membersWithRoles(tx, tenantId, supervisors);
		await notify(
			tx,
			{
				tenantId,
				kind: `matter.${action}`,
				entityType: "decided_matter",
				entityId: matterId,
				link: `/t/${actor.membership.tenant.slug}/matters/${matterId}`,
				params: step.text.trim()
					? { title: matter.content.slice(0, 40), comment: step.text.trim().slice(0, 500) }
					: { title: matter.content.slice(0, 40) },
			},
			[...new Set(recipients)],
			actor.userId,
		);
		return { status };
	});
}
