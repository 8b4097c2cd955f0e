import type { UseCaseOptions } from "#app/domain/actor.ts";
import { runAs } from "#db/run-as.ts";
import { AppError } from "../app-error.ts";
import { recordAudit } from "../audit/record-audit.server.ts";
import { type ReportField, reportFieldListSchema } from "./report-fields.ts";
import { hasAny, reportManagers } from "./report-roles.ts";
import { holdRequestForAllTargets, refuse } from "./report-unit-context.server.ts";

/** A form of an earlier version, kept with the request. */
interface EarlierForm {
	version: number;
	fields: ReportField[];
	/** When the next version replaced it. */
	until: string;
}

/**
 * The form a version of a unit's report was filled against: the current one, or the earlier form of
 * that version (a report made before a change keeps the form it answered).
 */
export function fieldsOfVersion(
	request: { fields: unknown; form_version: number; earlier_forms: unknown },
	formVersion: number,
): ReportField[] {
	if (formVersion === request.form_version) return request.fields as ReportField[];
	const earlier = (request.earlier_forms as EarlierForm[]).find((f) => f.version === formVersion);
	return earlier?.fields ?? (request.fields as ReportField[]);
}

/**
 * The form is frozen per request; a change makes a new version (issue #22 §1): the requester
 * replaces the fields, the old form is kept with its version, and the versions already filled keep
 * theirs. Drafts and later reports answer the new form. In one transaction with its audit event.
 */
export async function reviseReportForm(options: UseCaseOptions, requestId: string, fields: ReportField[]) {
	const { actor } = options;
	if (!hasAny(actor.membership.roles, reportManagers)) refuse("reportRequests.error.forbidden", "forbidden");
	const tenantId = actor.membership.tenant.id;
	const parsed = reportFieldListSchema.safeParse(fields);
	if (!parsed.success) refuse("reportRequests.error.fields");
	return runAs(options.db, { userId: actor.userId, tenantId }, async (tx) => {
		await holdRequestForAllTargets(tx, requestId);
		const request = await tx
			.selectFrom("report_requests")
			.select(["kind", "status", "fields", "form_version", "earlier_forms"])
			.where("tenant_id", "=", tenantId)
			.where("id", "=", requestId)
			.forUpdate()
			.executeTakeFirst();
		if (!request) throw new AppError("not_found");
		if (request.status === "closed") refuse("reportRequests.error.closed");
		if (request.kind !== "form") refuse("reportRequests.error.notForm");
		const version = request.form_version + 1;
		const earlier: EarlierForm[] = [
			...(request.earlier_forms as EarlierForm[]),
			{ version: request.form_version, fields: request.fields as ReportField[], until: new Date().toISOString() },
		];
		await tx
			.updateTable("report_requests")
			.set({
				fields: JSON.stringify(parsed.data),
				form_version: version,
				earlier_forms: JSON.stringify(earlier),
			})
			.where("tenant_id", "=", tenantId)
			.where("id", "=", requestId)
			.execute();
		await recordAudit(tx, {
			tenantId,
			actorUserId: actor.userId,
			action: "report_request.form_revised",
			entityType: "report_request",
			entityId: requestId,
			before: { formVersion: request.form_version, fields: (request.fields as ReportField[]).map((f) => f.key) },
			after: { formVersion: version, fields: (parsed.data as ReportField[]).map((f) => f.key) },
			meta: options.meta,
		});
		return { formVersion: version };
	});
}
