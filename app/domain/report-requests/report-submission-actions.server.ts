import type { UseCaseOptions } from "#app/domain/actor.ts";
import { chinaToday } from "#app/lib/china-time.ts";
import { runAs, type Tx } from "#db/run-as.ts";
import { recordAudit } from "../audit/record-audit.server.ts";
import { recordUploads, type StoredUpload } from "../files/stored-upload.ts";
import { membersWithRoles, notify } from "../notifications/notify.server.ts";
import { settleAsks } from "../notifications/resolve-notifications.server.ts";
import { checkSubmission, type Explanations, type ReportValues, type SubmissionCheck } from "./report-fields.ts";
import { tellUnits } from "./report-notify.server.ts";
import { hasAny, reportApprovers, reportFillers } from "./report-roles.ts";
import { previousPeriodValues, refuse, unitContext } from "./report-unit-context.server.ts";

/**
 * The receiving unit's side of a report (issue #22 §2): its office staff keep a draft and ask a
 * leader to approve; the leader's approval is the 上报; 撤回 until the parent opens it. Each step is
 * one transaction in the unit with its audit event and notifications; the draft never leaves the unit.
 */
type Ctx = Awaited<ReturnType<typeof unitContext>>;

const editors = [...new Set([...reportFillers, ...reportApprovers])];

function scope(options: UseCaseOptions) {
	const { actor } = options;
	return {
		unitId: actor.membership.tenant.id,
		slug: actor.membership.tenant.slug,
		userId: actor.userId,
		roles: actor.membership.roles,
	};
}

const versionWhere = (ctx: Ctx, unitId: string, version: number) =>
	({ tenant_id: ctx.request.tenant_id, request_id: ctx.request.id, unit_id: unitId, version }) as const;

async function updateVersion(tx: Tx, ctx: Ctx, unitId: string, version: number, set: Record<string, unknown>) {
	const w = versionWhere(ctx, unitId, version);
	await tx
		.updateTable("report_submissions")
		.set(set)
		.where("tenant_id", "=", w.tenant_id)
		.where("request_id", "=", w.request_id)
		.where("unit_id", "=", w.unit_id)
		.where("version", "=", w.version)
		.execute();
}

async function updateTarget(tx: Tx, ctx: Ctx, unitId: string, set: Record<string, unknown>) {
	await tx
		.updateTable("report_targets")
		.set({ ...set, updated_at: new Date() })
		.where("tenant_id", "=", ctx.request.tenant_id)
		.where("request_id", "=", ctx.request.id)
		.where("unit_id", "=", unitId)
		.execute();
}

async function audit(
	tx: Tx,
	options: UseCaseOptions,
	act: string,
	requestId: string,
	after: unknown,
	before?: unknown,
) {
	await recordAudit(tx, {
		tenantId: options.actor.membership.tenant.id,
		actorUserId: options.actor.userId,
		action: `report_request.${act}` as never,
		entityType: "report_request",
		entityId: requestId,
		before,
		after,
		meta: options.meta,
	});
}

interface DraftInput {
	values: ReportValues;
	explanations: Explanations;
}

/**
 * Saves the unit's draft: the open draft version, or a new version (a copy of the returned one's
 * files) after a return. A draft may hold errors; the check comes back for the page.
 */
export async function saveReportDraft(
	options: UseCaseOptions,
	requestId: string,
	input: DraftInput,
	uploads: readonly { fieldKey: string; upload: StoredUpload }[] = [],
	removeFileIds: readonly string[] = [],
): Promise<{ version: number; check: SubmissionCheck }> {
	const { unitId, userId, roles } = scope(options);
	if (!hasAny(roles, editors)) refuse("reportRequests.error.forbidden", "forbidden");
	return runAs(options.db, { userId, tenantId: unitId }, async (tx) => {
		const ctx = await unitContext(tx, unitId, requestId);
		if (ctx.request.status === "closed") refuse("reportRequests.error.closed");
		if (!["not_started", "draft", "returned"].includes(ctx.target.status)) refuse("reportRequests.error.notEditable");
		const fieldKeys = new Set(ctx.fields.map((f) => f.key));
		const values: ReportValues = {};
		for (const [key, value] of Object.entries(input.values)) if (fieldKeys.has(key)) values[key] = value;
		const explanations: Explanations = {};
		for (const [key, text] of Object.entries(input.explanations))
			if (fieldKeys.has(key) && text.trim()) explanations[key] = text.trim();

		let version = ctx.target.version;
		const reuse = ctx.latest?.state === "draft";
		if (!reuse) version += 1;
		const fileIds = await recordUploads(
			tx,
			unitId,
			userId,
			uploads.map((u) => u.upload),
		);
		const newFiles = uploads.map((u, i) => ({
			fieldKey: u.fieldKey,
			fileId: fileIds[i] as string,
			name: u.upload.name,
		}));
		for (const f of newFiles)
			if (f.fieldKey && fieldKeys.has(f.fieldKey)) values[f.fieldKey] = { fileId: f.fileId, name: f.name };
		if (reuse) {
			await updateVersion(tx, ctx, unitId, version, {
				values: JSON.stringify({ ...(ctx.latest?.values as ReportValues), ...values }),
				explanations: JSON.stringify(explanations),
				form_version: ctx.request.form_version,
				saved_by: userId,
				saved_at: new Date(),
			});
		} else {
			await tx
				.insertInto("report_submissions")
				.values({
					tenant_id: ctx.request.tenant_id,
					request_id: requestId,
					unit_id: unitId,
					version,
					form_version: ctx.request.form_version,
					values: JSON.stringify({ ...((ctx.latest?.values as ReportValues | undefined) ?? {}), ...values }),
					explanations: JSON.stringify(explanations),
					saved_by: userId,
				})
				.execute();
			// The files of the returned version come along; the unit removes what it replaces.
			if (ctx.latest) {
				const kept = await tx
					.selectFrom("report_submission_files")
					.select(["file_id", "field_key"])
					.where("tenant_id", "=", unitId)
					.where("request_id", "=", requestId)
					.where("version", "=", ctx.latest.version)
					.execute();
				if (kept.length > 0)
					await tx
						.insertInto("report_submission_files")
						.values(
							kept.map((k) => ({
								tenant_id: unitId,
								file_id: k.file_id,
								request_tenant_id: ctx.request.tenant_id,
								request_id: requestId,
								version,
								field_key: k.field_key,
							})),
						)
						.execute();
			}
		}
		// Files no longer listed by this draft: deleted below if no other version lists them.
		const unlisted: string[] = [];
		if (newFiles.length > 0) {
			// A file field holds one file: the new one replaces the draft's.
			const replaced = [...new Set(newFiles.map((f) => f.fieldKey).filter((k) => k !== ""))];
			if (replaced.length > 0) {
				const gone = await tx
					.deleteFrom("report_submission_files")
					.where("tenant_id", "=", unitId)
					.where("request_id", "=", requestId)
					.where("version", "=", version)
					.where("field_key", "in", replaced)
					.returning("file_id")
					.execute();
				unlisted.push(...gone.map((g) => g.file_id));
			}
			await tx
				.insertInto("report_submission_files")
				.values(
					newFiles.map((f) => ({
						tenant_id: unitId,
						file_id: f.fileId,
						request_tenant_id: ctx.request.tenant_id,
						request_id: requestId,
						version,
						field_key: fieldKeys.has(f.fieldKey) ? f.fieldKey : "",
					})),
				)
				.onConflict((oc) => oc.doNothing())
				.execute();
		}
		if (removeFileIds.length > 0) {
			const gone = await tx
				.deleteFrom("report_submission_files")
				.where("tenant_id", "=", unitId)
				.where("request_id", "=", requestId)
				.where("version", "=", version)
				.where("file_id", "in", [...removeFileIds])
				.returning("file_id")
				.execute();
			unlisted.push(...gone.map((g) => g.file_id));
		}
		await deleteUnlistedFiles(tx, unitId, unlisted);
		const saved = await tx
			.selectFrom("report_submissions")
			.select(["values", "explanations"])
			.where("tenant_id", "=", ctx.request.tenant_id)
			.where("request_id", "=", requestId)
			.where("unit_id", "=", unitId)
			.where("version", "=", version)
			.executeTakeFirstOrThrow();
		// Once the unit works on it again (after a return too) it is 填报中.
		await updateTarget(tx, ctx, unitId, { version, status: "draft" });
		await audit(tx, options, "draft_saved", requestId, {
			version,
			fields: Object.keys(values),
			files: newFiles.map((f) => f.name),
			removed: removeFileIds.length,
		});
		const check = await checkVersion(
			tx,
			ctx,
			unitId,
			version,
			saved.values as ReportValues,
			saved.explanations as Explanations,
		);
		return { version, check };
	});
}

async function checkVersion(
	tx: Tx,
	ctx: Ctx,
	unitId: string,
	version: number,
	values: ReportValues,
	explanations: Explanations,
) {
	if (ctx.request.kind === "documents") {
		const files = await tx
			.selectFrom("report_submission_files")
			.select("file_id")
			.where("tenant_id", "=", unitId)
			.where("request_id", "=", ctx.request.id)
			.where("version", "=", version)
			.execute();
		const ok = files.length > 0;
		return {
			errors: ok ? {} : { documents: { code: "required", message: "reportRequests.check.required" as never } },
			warnings: {},
			unexplained: [],
			ok,
		} satisfies SubmissionCheck;
	}
	return checkSubmission(ctx.fields, values, await previousPeriodValues(tx, unitId, ctx.request), explanations);
}

/** The unit's latest version checked for 上报: hard errors and unexplained 核实性 warnings refuse. */
async function assertReportable(tx: Tx, ctx: Ctx, unitId: string) {
	if (!ctx.latest) refuse("reportRequests.error.noDraft");
	const latest = ctx.latest as NonNullable<Ctx["latest"]>;
	const check = await checkVersion(
		tx,
		ctx,
		unitId,
		latest.version,
		latest.values as ReportValues,
		latest.explanations as Explanations,
	);
	if (!check.ok) refuse("reportRequests.error.checkFailed");
	return latest;
}

/** Office staff ask a leader of the unit to approve the draft (单位审核). */
export async function askReportApproval(options: UseCaseOptions, requestId: string) {
	const { unitId, slug, userId, roles } = scope(options);
	if (!hasAny(roles, editors)) refuse("reportRequests.error.forbidden", "forbidden");
	return runAs(options.db, { userId, tenantId: unitId }, async (tx) => {
		const ctx = await unitContext(tx, unitId, requestId);
		if (ctx.request.status === "closed") refuse("reportRequests.error.closed");
		if (ctx.latest?.state !== "draft") refuse("reportRequests.error.noDraft");
		const latest = await assertReportable(tx, ctx, unitId);
		await updateVersion(tx, ctx, unitId, latest.version, {
			state: "pending_approval",
			approval_asked_by: userId,
			approval_asked_at: new Date(),
		});
		await updateTarget(tx, ctx, unitId, { status: "pending_approval" });
		await audit(tx, options, "approval_asked", requestId, { version: latest.version });
		await settleAsks(tx, "report_request.approval_asked", { type: "report_request", id: requestId });
		await notify(
			tx,
			{
				tenantId: unitId,
				kind: "report.approval_awaited",
				entityType: "report_request",
				entityId: requestId,
				link: `/t/${slug}/report-requests/${requestId}/fill`,
				params: { title: ctx.request.title.slice(0, 60), due: ctx.request.due_on },
			},
			await membersWithRoles(tx, unitId, reportApprovers),
			userId,
		);
		return { status: "pending_approval" as const, version: latest.version };
	});
}

/** A leader of the unit approves and so reports (上报); from a draft too, when the leader filled it. */
export async function approveAndReport(options: UseCaseOptions, requestId: string) {
	const { unitId, userId, roles } = scope(options);
	if (!hasAny(roles, reportApprovers)) refuse("reportRequests.error.notLeader", "forbidden");
	return runAs(options.db, { userId, tenantId: unitId }, async (tx) => {
		const ctx = await unitContext(tx, unitId, requestId);
		if (ctx.request.status === "closed") refuse("reportRequests.error.closed");
		if (ctx.latest?.state !== "pending_approval" && ctx.latest?.state !== "draft")
			refuse("reportRequests.error.noDraft");
		const latest = await assertReportable(tx, ctx, unitId);
		const now = new Date();
		const today = chinaToday(now);
		await updateVersion(tx, ctx, unitId, latest.version, { state: "submitted", reported_by: userId, reported_at: now });
		await updateTarget(tx, ctx, unitId, { status: "submitted", reported_at: now, reported_on: today, opened_at: null });
		await audit(tx, options, "reported", requestId, { version: latest.version, late: today > ctx.request.due_on });
		await settleAsks(tx, "report_request.reported", { type: "report_request", id: requestId });
		await tellUnits(tx, unitId, {
			kind: "report.submitted",
			requestId,
			audience: "managers",
			units: [{ unitId: ctx.target.reviewer_id, page: `units/${unitId}` }],
			params: { title: ctx.request.title.slice(0, 60), unit: options.actor.membership.tenant.name },
		});
		return { status: "submitted" as const, version: latest.version };
	});
}

/** A leader sends the draft back to the staff (the unit's own review), with the reason. */
export async function sendBackToDraft(options: UseCaseOptions, requestId: string, reason: string) {
	const { unitId, slug, userId, roles } = scope(options);
	if (!hasAny(roles, reportApprovers)) refuse("reportRequests.error.notLeader", "forbidden");
	const text = reason.trim();
	if (!text) refuse("reportRequests.error.reasonRequired");
	return runAs(options.db, { userId, tenantId: unitId }, async (tx) => {
		const ctx = await unitContext(tx, unitId, requestId);
		if (ctx.latest?.state !== "pending_approval") refuse("reportRequests.error.notPending");
		const version = ctx.target.version;
		await updateVersion(tx, ctx, unitId, version, { state: "draft" });
		await updateTarget(tx, ctx, unitId, { status: "draft" });
		await audit(tx, options, "sent_back", requestId, { version, reason: text.slice(0, 2000) });
		await settleAsks(tx, "report_request.sent_back", { type: "report_request", id: requestId });
		await notify(
			tx,
			{
				tenantId: unitId,
				kind: "report.sent_back",
				entityType: "report_request",
				entityId: requestId,
				link: `/t/${slug}/report-requests/${requestId}/fill`,
				params: { title: ctx.request.title.slice(0, 60), comment: text.slice(0, 500) },
			},
			ctx.latest?.approval_asked_by
				? [ctx.latest.approval_asked_by]
				: await membersWithRoles(tx, unitId, reportFillers),
			userId,
		);
		return { status: "draft" as const };
	});
}

/** 撤回: the unit takes its report back while the parent has not opened it; it is a draft again. */
export async function withdrawReport(options: UseCaseOptions, requestId: string) {
	const { unitId, userId, roles } = scope(options);
	if (!hasAny(roles, editors)) refuse("reportRequests.error.forbidden", "forbidden");
	return runAs(options.db, { userId, tenantId: unitId }, async (tx) => {
		const ctx = await unitContext(tx, unitId, requestId);
		if (ctx.latest?.state !== "submitted") refuse("reportRequests.error.notSubmitted");
		if (ctx.latest?.opened_at || ctx.target.opened_at) refuse("reportRequests.error.alreadyOpened");
		const version = ctx.target.version;
		await updateVersion(tx, ctx, unitId, version, { state: "draft", reported_by: null, reported_at: null });
		await updateTarget(tx, ctx, unitId, { status: "draft", reported_at: null, reported_on: null });
		await audit(tx, options, "withdrawn", requestId, { version });
		await tellUnits(tx, unitId, {
			kind: "report.withdrawn",
			requestId,
			audience: "managers",
			units: [{ unitId: ctx.target.reviewer_id, page: `units/${unitId}` }],
			params: { title: ctx.request.title.slice(0, 60), unit: options.actor.membership.tenant.name },
		});
		return { status: "draft" as const };
	});
}

/**
 * A document removed from the draft, or replaced in its field, that no version of any report lists
 * (a reported or returned version keeps what the reviewer saw) is deleted with its `files` row: a
 * unit's records keep no document it took back before reporting it. The stored bytes are shared by
 * content (sha256) and stay.
 */
async function deleteUnlistedFiles(tx: Tx, unitId: string, fileIds: readonly string[]) {
	if (fileIds.length === 0) return;
	await tx
		.deleteFrom("files")
		.where("tenant_id", "=", unitId)
		.where("id", "in", [...new Set(fileIds)])
		.where(({ not, exists, selectFrom }) =>
			not(
				exists(
					selectFrom("report_submission_files as sf")
						.select("sf.file_id")
						.whereRef("sf.tenant_id", "=", "files.tenant_id")
						.whereRef("sf.file_id", "=", "files.id"),
				),
			),
		)
		.execute();
}
