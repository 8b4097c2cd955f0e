import type { UseCaseOptions } from "#app/domain/actor.ts";
import { runAs, type Tx } from "#db/run-as.ts";
import { AppError } from "../app-error.ts";
import { recordAudit } from "../audit/record-audit.server.ts";
import { characterCount } from "../text-fields.ts";
import { fieldCommentMaxLength, type ReportField } from "./report-fields.ts";
import { tellUnits } from "./report-notify.server.ts";
import { hasAny, reportManagers } from "./report-roles.ts";
import { holdRequestForOneTarget, refuse } from "./report-unit-context.server.ts";

/**
 * The reviewing unit's acts on one unit's report (issue #22 §3, §5): it opens it (the unit can no
 * longer 撤回), returns it (退回, a reason and comments at the fields) or accepts it (通过). The
 * requester reviews every level; an intermediate unit of an "all descendants" request its own
 * children. Only reported versions are visible to it at all (RLS).
 */
async function reviewContext(tx: Tx, reviewerId: string, requestId: string, unitId: string) {
	await holdRequestForOneTarget(tx, requestId);
	const request = await tx
		.selectFrom("report_requests")
		.select(["tenant_id", "id", "title", "fields", "status"])
		.where("id", "=", requestId)
		.executeTakeFirst();
	if (!request) throw new AppError("not_found");
	const target = await tx
		.selectFrom("report_targets")
		.selectAll()
		.where("tenant_id", "=", request.tenant_id)
		.where("request_id", "=", requestId)
		.where("unit_id", "=", unitId)
		.forUpdate()
		.executeTakeFirst();
	if (!target || unitId === reviewerId) throw new AppError("not_found");
	if (request.tenant_id !== reviewerId && target.reviewer_id !== reviewerId)
		refuse("reportRequests.error.notReviewer", "forbidden");
	const latest = await tx
		.selectFrom("report_submissions")
		.selectAll()
		.where("tenant_id", "=", request.tenant_id)
		.where("request_id", "=", requestId)
		.where("unit_id", "=", unitId)
		.where("version", "=", target.version)
		.executeTakeFirst();
	return { request, target, latest: latest ?? null };
}

type Review = Awaited<ReturnType<typeof reviewContext>>;

async function setReview(tx: Tx, r: Review, version: Record<string, unknown>, target: Record<string, unknown>) {
	const { tenant_id, id } = r.request;
	await tx
		.updateTable("report_submissions")
		.set(version)
		.where("tenant_id", "=", tenant_id)
		.where("request_id", "=", id)
		.where("unit_id", "=", r.target.unit_id)
		.where("version", "=", r.target.version)
		.execute();
	await tx
		.updateTable("report_targets")
		.set({ ...target, updated_at: new Date() })
		.where("tenant_id", "=", tenant_id)
		.where("request_id", "=", id)
		.where("unit_id", "=", r.target.unit_id)
		.execute();
}

function actorOf(options: UseCaseOptions) {
	const { actor } = options;
	if (!hasAny(actor.membership.roles, reportManagers)) refuse("reportRequests.error.forbidden", "forbidden");
	return { reviewerId: actor.membership.tenant.id, userId: actor.userId };
}

const audit = (tx: Tx, options: UseCaseOptions, act: "opened" | "returned" | "accepted", r: Review, after: object) =>
	recordAudit(tx, {
		tenantId: options.actor.membership.tenant.id,
		actorUserId: options.actor.userId,
		action: `report_request.${act}`,
		entityType: "report_request",
		entityId: r.request.id,
		before: { unitId: r.target.unit_id, status: r.target.status, version: r.target.version },
		after: { unitId: r.target.unit_id, ...after },
		meta: options.meta,
	});

/**
 * The reviewing unit opens a reported version (its submission page calls this): from then on the
 * unit cannot 撤回 it. Once per version; returns whether this call opened it.
 */
export async function markReportOpened(options: UseCaseOptions, requestId: string, unitId: string) {
	const { reviewerId, userId } = actorOf(options);
	return runAs(options.db, { userId, tenantId: reviewerId }, async (tx) => {
		const r = await reviewContext(tx, reviewerId, requestId, unitId);
		if (r.latest?.state !== "submitted" || r.latest.opened_at) return { opened: false };
		const now = new Date();
		await setReview(tx, r, { opened_at: now }, { opened_at: now });
		await audit(tx, options, "opened", r, { version: r.target.version });
		return { opened: true };
	});
}

/** 退回: a required reason and, at the fields, comments; the unit fills a new version. */
export async function returnReport(
	options: UseCaseOptions,
	requestId: string,
	unitId: string,
	input: { reason: string; fieldComments?: Record<string, string> },
) {
	const { reviewerId, userId } = actorOf(options);
	const reason = input.reason.trim();
	if (!reason) refuse("reportRequests.error.reasonRequired");
	if (characterCount(reason) > 2000) refuse("reportRequests.error.reasonLength");
	// The form refuses a longer comment at its field; a caller that skips it is refused, never cut.
	if (Object.values(input.fieldComments ?? {}).some((text) => characterCount(text.trim()) > fieldCommentMaxLength))
		refuse(`form.error.tooLong#${fieldCommentMaxLength}`);
	return runAs(options.db, { userId, tenantId: reviewerId }, async (tx) => {
		const r = await reviewContext(tx, reviewerId, requestId, unitId);
		const latest = r.latest;
		if (latest?.state !== "submitted") return refuse("reportRequests.error.notSubmitted");
		const keys = new Set((r.request.fields as ReportField[]).map((f) => f.key));
		const comments: Record<string, string> = {};
		for (const [key, text] of Object.entries(input.fieldComments ?? {}))
			if (keys.has(key) && text.trim()) comments[key] = text.trim();
		const now = new Date();
		await setReview(
			tx,
			r,
			{
				state: "returned",
				returned_by: userId,
				returned_at: now,
				return_reason: reason,
				field_comments: JSON.stringify(comments),
				reviewed_by_unit: reviewerId,
				opened_at: latest.opened_at ?? now,
			},
			{ status: "returned", opened_at: r.target.opened_at ?? now },
		);
		await audit(tx, options, "returned", r, { version: r.target.version, reason, fieldComments: comments });
		await tellUnits(tx, reviewerId, {
			kind: "report.returned",
			requestId,
			audience: "fillers",
			units: [{ unitId, page: "fill" }],
			params: { title: r.request.title.slice(0, 60), comment: reason.slice(0, 500) },
		});
		return { status: "returned" as const };
	});
}

/** 通过: the reviewing unit accepts the reported version. */
export async function acceptReport(options: UseCaseOptions, requestId: string, unitId: string) {
	const { reviewerId, userId } = actorOf(options);
	return runAs(options.db, { userId, tenantId: reviewerId }, async (tx) => {
		const r = await reviewContext(tx, reviewerId, requestId, unitId);
		const latest = r.latest;
		if (latest?.state !== "submitted") return refuse("reportRequests.error.notSubmitted");
		const now = new Date();
		await setReview(
			tx,
			r,
			{
				state: "accepted",
				accepted_by: userId,
				accepted_at: now,
				reviewed_by_unit: reviewerId,
				opened_at: latest.opened_at ?? now,
			},
			{ status: "accepted", opened_at: r.target.opened_at ?? now },
		);
		await audit(tx, options, "accepted", r, { version: r.target.version });
		await tellUnits(tx, reviewerId, {
			kind: "report.accepted",
			requestId,
			audience: "fillers",
			units: [{ unitId, page: "fill" }],
			params: { title: r.request.title.slice(0, 60) },
		});
		return { status: "accepted" as const };
	});
}
