import { sql } from "kysely";
import type { UseCaseOptions } from "#app/domain/actor.ts";
import { Refusal } from "#app/domain/refusal.ts";
import { chinaToday } from "#app/lib/china-time.ts";
import { runAs, type Tx } from "#db/run-as.ts";
import type { ReportRecurrence, ReportRequestKind, ReportScope } from "#db/schema-report-requests.ts";
import { AppError } from "../app-error.ts";
import { recordAudit } from "../audit/record-audit.server.ts";
import { recordUploads, type StoredUpload } from "../files/stored-upload.ts";
import { forwardedCopy } from "./read-report-requests.server.ts";
import { type ReportField, reportFieldListSchema } from "./report-fields.ts";
import { tellUnits } from "./report-notify.server.ts";
import { periodKey, type ReportPeriod } from "./report-periods.ts";
import { hasAny, reportManagers } from "./report-roles.ts";
import { resolveScopeUnits, type ScopeUnit } from "./report-scope.server.ts";

interface NewReportRequest {
	title: string;
	instructions: string;
	kind: ReportRequestKind;
	period: ReportPeriod;
	dueOn: string;
	scope: ReportScope;
	scopeKinds?: string[];
	unitIds?: string[];
	/** The form's fields (RR-B's ReportField[]); empty for documents. */
	fields: ReportField[];
	recurrence: ReportRecurrence;
	matterId?: string | null;
	/** A request passed down (灵宝市 forwards the city's to its association). */
	forwardedFrom?: { tenantId: string; requestId: string } | null;
	attachments?: readonly StoredUpload[];
}

const NO_UNIT = "00000000-0000-0000-0000-000000000000";

const refuse = (reason: string, code: "forbidden" | "invalid_state" = "invalid_state"): never => {
	throw new Refusal({ ok: false, code, reason: reason as never });
};

/**
 * A unit with children asks them (報送任务, issue #22 §1): the request, its frozen form, one target
 * row per unit reached, its attachments, the audit event and the units' notifications — one
 * transaction. A target unit's office staff see it on their 工作台 and in their inbox.
 */
export async function createReportRequest(options: UseCaseOptions, input: NewReportRequest) {
	const { actor } = options;
	if (!hasAny(actor.membership.roles, reportManagers)) refuse("reportRequests.error.forbidden", "forbidden");
	const tenantId = actor.membership.tenant.id;
	return runAs(options.db, { userId: actor.userId, tenantId }, (tx) =>
		insertRequest(tx, tenantId, actor.userId, input, options.meta, "created", chinaToday()),
	);
}

/** Shared with the recurring job (the next period's request is made like the first, by nobody). */
export async function insertRequest(
	tx: Tx,
	tenantId: string,
	userId: string | null,
	input: NewReportRequest & { seriesId?: string },
	meta: UseCaseOptions["meta"],
	act: "created" | "created_recurring",
	today: string,
) {
	const title = input.title.trim();
	if (!title || title.length > 200) refuse("reportRequests.error.title");
	if (input.dueOn < today) refuse("reportRequests.error.dueInPast");
	if (input.recurrence !== "none" && input.recurrence !== input.period.kind) refuse("reportRequests.error.recurrence");
	let fields: ReportField[] = [];
	if (input.kind === "form") {
		const parsed = reportFieldListSchema.safeParse(input.fields);
		if (!parsed.success) refuse("reportRequests.error.fields");
		fields = parsed.data as ReportField[];
	}
	if (input.matterId) {
		const matter = await tx
			.selectFrom("decided_matters")
			.select("id")
			.where("tenant_id", "=", tenantId)
			.where("id", "=", input.matterId)
			.executeTakeFirst();
		if (!matter) refuse("reportRequests.error.matter");
	}
	if (input.forwardedFrom) {
		const upstream = await tx
			.selectFrom("report_requests")
			.select("id")
			.where("tenant_id", "=", input.forwardedFrom.tenantId)
			.where("id", "=", input.forwardedFrom.requestId)
			.executeTakeFirst();
		if (!upstream || input.forwardedFrom.tenantId === tenantId) refuse("reportRequests.error.forward");
		// Once per unit: a second copy would send the units below the same request twice. The lock
		// makes two forwards at the same moment (two staff, two tabs) one after the other.
		await sql`select pg_advisory_xact_lock(hashtext(${`report-forward:${tenantId}:${input.forwardedFrom.requestId}`}))`.execute(
			tx,
		);
		if (await forwardedCopy(tx, tenantId, input.forwardedFrom.requestId))
			refuse("reportRequests.error.forwardedAlready");
	}
	const units: ScopeUnit[] = await resolveScopeUnits(tx, tenantId, input.scope, input.scopeKinds, input.unitIds);
	if (units.length === 0) refuse("reportRequests.error.noUnits");
	if (input.scope === "picked" && units.length !== new Set(input.unitIds).size)
		refuse("reportRequests.error.unitOutside");
	const id = crypto.randomUUID();
	const key = periodKey(input.period);
	await tx
		.insertInto("report_requests")
		.values({
			tenant_id: tenantId,
			id,
			title,
			instructions: input.instructions.trim(),
			kind: input.kind,
			period_kind: input.period.kind,
			period_key: key,
			due_on: input.dueOn,
			scope: input.scope,
			scope_kinds: input.scope === "kind" ? [...(input.scopeKinds ?? [])] : [],
			fields: JSON.stringify(fields),
			recurrence: input.recurrence,
			series_id: input.seriesId ?? id,
			matter_id: input.matterId ?? null,
			forwarded_from_tenant_id: input.forwardedFrom?.tenantId ?? null,
			forwarded_from_id: input.forwardedFrom?.requestId ?? null,
			created_by: userId,
		})
		.execute();
	for (let i = 0; i < units.length; i += 1000) {
		await tx
			.insertInto("report_targets")
			.values(
				units.slice(i, i + 1000).map((u) => ({
					tenant_id: tenantId,
					request_id: id,
					unit_id: u.unitId,
					reviewer_id: u.reviewerId,
					depth: u.depth,
					cascade: u.cascade,
				})),
			)
			.execute();
	}
	if (userId && input.attachments?.length) {
		const fileIds = await recordUploads(tx, tenantId, userId, input.attachments);
		await tx
			.insertInto("report_request_files")
			.values(fileIds.map((file_id) => ({ tenant_id: tenantId, request_id: id, file_id })))
			.execute();
	}
	await recordAudit(tx, {
		tenantId,
		actorUserId: userId,
		action: `report_request.${act}`,
		entityType: "report_request",
		entityId: id,
		after: {
			title,
			kind: input.kind,
			period: key,
			dueOn: input.dueOn,
			scope: input.scope,
			units: units.length,
			fields: fields.length,
			recurrence: input.recurrence,
			matterId: input.matterId ?? null,
		},
		meta,
	});
	await tellUnits(tx, tenantId, {
		kind: "report.requested",
		requestId: id,
		audience: "fillers",
		units: units.map((u) => ({ unitId: u.unitId, page: "fill" })),
		params: { title: title.slice(0, 60), due: input.dueOn, period: key },
	});
	return { id, targets: units.length };
}

async function ownRequest(tx: Tx, tenantId: string, requestId: string) {
	const request = await tx
		.selectFrom("report_requests")
		.selectAll()
		.where("tenant_id", "=", tenantId)
		.where("id", "=", requestId)
		.forUpdate()
		.executeTakeFirst();
	if (!request) throw new AppError("not_found");
	return request;
}

/** The requester closes a request: no more reports are taken, reminders stop. */
export async function closeReportRequest(options: UseCaseOptions, requestId: string) {
	const { actor } = options;
	if (!hasAny(actor.membership.roles, reportManagers)) refuse("reportRequests.error.forbidden", "forbidden");
	const tenantId = actor.membership.tenant.id;
	return runAs(options.db, { userId: actor.userId, tenantId }, async (tx) => {
		const request = await ownRequest(tx, tenantId, requestId);
		if (request.status === "closed") refuse("reportRequests.error.closed");
		await tx
			.updateTable("report_requests")
			.set({ status: "closed", closed_at: new Date() })
			.where("tenant_id", "=", tenantId)
			.where("id", "=", requestId)
			.execute();
		await recordAudit(tx, {
			tenantId,
			actorUserId: actor.userId,
			action: "report_request.closed",
			entityType: "report_request",
			entityId: requestId,
			before: { status: "open" },
			after: { status: "closed" },
			meta: options.meta,
		});
		return { status: "closed" as const };
	});
}

/**
 * 一键催报: every unit the acting unit reviews on this request that has not reported (not started,
 * a draft, waiting for its leader, or returned) — the requester reviews its direct targets, an
 * intermediate unit of an "all descendants" request its own children. `unitIds` narrows it.
 */
export async function urgeReports(options: UseCaseOptions, requestId: string, unitIds?: readonly string[]) {
	const { actor } = options;
	if (!hasAny(actor.membership.roles, reportManagers)) refuse("reportRequests.error.forbidden", "forbidden");
	const tenantId = actor.membership.tenant.id;
	return runAs(options.db, { userId: actor.userId, tenantId }, async (tx) => {
		const request = await tx
			.selectFrom("report_requests")
			.select(["tenant_id", "id", "title", "due_on", "status", "period_key"])
			.where("id", "=", requestId)
			.executeTakeFirst();
		if (!request) throw new AppError("not_found");
		if (request.status === "closed") refuse("reportRequests.error.closed");
		let query = tx
			.selectFrom("report_targets")
			.select("unit_id")
			.where("tenant_id", "=", request.tenant_id)
			.where("request_id", "=", requestId)
			.where("status", "in", ["not_started", "draft", "pending_approval", "returned"])
			.where("unit_id", "<>", tenantId);
		// The requester urges every level; an intermediate unit its own children.
		if (request.tenant_id !== tenantId) query = query.where("reviewer_id", "=", tenantId);
		if (unitIds) query = query.where("unit_id", "in", unitIds.length ? [...unitIds] : [NO_UNIT]);
		const units = await query.execute();
		if (units.length === 0) refuse("reportRequests.error.nothingToUrge");
		await recordAudit(tx, {
			tenantId,
			actorUserId: actor.userId,
			action: "report_request.urged",
			entityType: "report_request",
			entityId: requestId,
			after: { units: units.length, unitIds: units.slice(0, 50).map((u) => u.unit_id) },
			meta: options.meta,
		});
		await tellUnits(tx, tenantId, {
			kind: "report.urged",
			requestId,
			audience: "fillers",
			units: units.map((u) => ({ unitId: u.unit_id, page: "fill" })),
			params: { title: request.title.slice(0, 60), due: request.due_on, period: request.period_key },
		});
		return { units: units.length };
	});
}
