import type { Kysely } from "kysely";
import type { Actor } from "#app/domain/actor.ts";
import { chinaToday } from "#app/lib/china-time.ts";
import { runAs, type Tx } from "#db/run-as.ts";
import type { Database } from "#db/schema.ts";
import type { ReportSubmissionState } from "#db/schema-report-requests.ts";
import { targetRow, trackerIn } from "./read-report-requests.server.ts";
import type { Explanations, ReportField, ReportValues } from "./report-fields.ts";
import { fieldsOfVersion } from "./report-form-versions.server.ts";
import { isShownReported, type TrackerStatus, trackerStatus } from "./report-roles.ts";
import { previousPeriodValues } from "./report-unit-context.server.ts";

/** One version of a unit's report as a page shows it. */
interface SubmissionRow {
	version: number;
	/** The form version it answered (report-form-versions.server.ts: fieldsOfVersion). */
	formVersion: number;
	state: ReportSubmissionState;
	values: ReportValues;
	explanations: Explanations;
	savedAt: Date;
	approvalAskedAt: Date | null;
	reportedAt: Date | null;
	openedAt: Date | null;
	returnedAt: Date | null;
	returnReason: string | null;
	fieldComments: Record<string, string>;
	acceptedAt: Date | null;
}

interface SubmissionFile {
	fileId: string;
	/** The unit that owns the file (its tenant). */
	tenantId: string;
	fieldKey: string;
	name: string;
	contentType: string;
	size: number;
}

type VersionRecord = Awaited<ReturnType<typeof versionsOf>>[number];

const toRow = (s: VersionRecord): SubmissionRow => ({
	version: s.version,
	formVersion: s.form_version,
	state: s.state,
	values: s.values as ReportValues,
	explanations: s.explanations as Explanations,
	savedAt: s.saved_at,
	approvalAskedAt: s.approval_asked_at,
	reportedAt: s.reported_at,
	openedAt: s.opened_at,
	returnedAt: s.returned_at,
	returnReason: s.return_reason,
	fieldComments: s.field_comments as Record<string, string>,
	acceptedAt: s.accepted_at,
});

/** The versions of a unit's report the reading unit may see (all for the unit; reported ones for others), newest first. */
function versionsOf(tx: Tx, requestTenantId: string, requestId: string, unitId: string) {
	return tx
		.selectFrom("report_submissions")
		.selectAll()
		.where("tenant_id", "=", requestTenantId)
		.where("request_id", "=", requestId)
		.where("unit_id", "=", unitId)
		.orderBy("version", "desc")
		.execute();
}

async function filesOf(tx: Tx, unitId: string, requestId: string, version: number): Promise<SubmissionFile[]> {
	const rows = await tx
		.selectFrom("report_submission_files as sf")
		.innerJoin("files as f", (j) => j.onRef("f.tenant_id", "=", "sf.tenant_id").onRef("f.id", "=", "sf.file_id"))
		.select([
			"f.id as fileId",
			"f.tenant_id as tenantId",
			"sf.field_key as fieldKey",
			"f.original_name as name",
			"f.content_type as contentType",
			"f.size_bytes as size",
		])
		.where("sf.tenant_id", "=", unitId)
		.where("sf.request_id", "=", requestId)
		.where("sf.version", "=", version)
		.orderBy("f.created_at")
		.execute();
	return rows.map((r) => ({ ...r, size: Number(r.size) }));
}

const targetOf = (tx: Tx, requestTenantId: string, requestId: string, unitId: string) =>
	tx
		.selectFrom("report_targets")
		.selectAll()
		.where("tenant_id", "=", requestTenantId)
		.where("request_id", "=", requestId)
		.where("unit_id", "=", unitId)
		.executeTakeFirst();

/**
 * The receiving unit's own report: its target, the latest version (a draft included), the version
 * the parent last reviewed (returned or accepted: its reason and comments, and the diff), the files
 * of the latest version and its values of the series' previous period (核实性).
 */
export function readMySubmission(db: Kysely<Database>, actor: Actor, requestId: string) {
	const unitId = actor.tenantId as string;
	return runAs(db, actor, async (tx) => {
		const request = await tx
			.selectFrom("report_requests")
			.select(["tenant_id", "series_id", "period_key"])
			.where("id", "=", requestId)
			.executeTakeFirst();
		if (!request) return null;
		const target = await targetOf(tx, request.tenant_id, requestId, unitId);
		if (!target) return null;
		const versions = await versionsOf(tx, request.tenant_id, requestId, unitId);
		const current = versions[0] ?? null;
		// The parent's last word: the newest returned or accepted version (the current one itself after a return).
		const previous = versions.find((v) => v.state === "returned" || v.state === "accepted") ?? null;
		return {
			target: targetRow(target),
			current: current ? toRow(current) : null,
			previous: previous ? toRow(previous) : null,
			files: current ? await filesOf(tx, unitId, requestId, current.version) : [],
			lastPeriodValues: await previousPeriodValues(tx, unitId, request),
		};
	});
}

/**
 * One unit's report as its reviewing unit reads it: the latest reported version (never a draft:
 * the policies hide them), the version returned before it (the resubmission's diff), its files.
 */
export function readUnitSubmission(db: Kysely<Database>, actor: Actor, requestId: string, unitId: string) {
	return runAs(db, actor, async (tx) => {
		const request = await tx
			.selectFrom("report_requests")
			.select(["tenant_id", "due_on", "fields", "form_version", "earlier_forms"])
			.where("id", "=", requestId)
			.executeTakeFirst();
		if (!request || unitId === actor.tenantId) return null;
		const target = await targetOf(tx, request.tenant_id, requestId, unitId);
		if (!target) return null;
		const unit = await tx.selectFrom("tenants").select(["name", "kind"]).where("id", "=", unitId).executeTakeFirst();
		const versions = await versionsOf(tx, request.tenant_id, requestId, unitId);
		const current = versions[0] ?? null;
		const returned = versions.find((v) => v !== current && v.state === "returned") ?? null;
		return {
			unitName: unit?.name ?? "",
			target: targetRow(target),
			trackerStatus: trackerStatus(target, request.due_on, chinaToday()) as TrackerStatus,
			canReview: request.tenant_id === actor.tenantId || target.reviewer_id === actor.tenantId,
			current: current ? toRow(current) : null,
			/** The form the current version answered (an earlier one after a change). */
			fields: fieldsOfVersion(request, current?.form_version ?? request.form_version),
			returned: returned ? toRow(returned) : null,
			files: current ? await filesOf(tx, unitId, requestId, current.version) : [],
		};
	});
}

interface ReportedRow {
	unitId: string;
	unitName: string;
	/** The direct child of the reading unit under which the unit sits (itself for a direct child). */
	groupId: string;
	groupName: string;
	values: ReportValues;
	status: TrackerStatus;
	reportedAt: Date | null;
	version: number;
}

interface MissingRow {
	unitId: string;
	unitName: string;
	parentName: string;
	status: TrackerStatus;
}

/**
 * What the summary (汇总) and its Excel read: the reported (submitted or accepted) latest version of
 * every unit the reading unit follows, in tree order, grouped under its direct children; and the
 * units that have not reported.
 */
export function readSummaryRows(db: Kysely<Database>, actor: Actor, requestId: string, today: string = chinaToday()) {
	const readerId = actor.tenantId as string;
	return runAs(db, actor, async (tx) => {
		const request = await tx
			.selectFrom("report_requests")
			.select(["tenant_id", "title", "period_key", "fields", "kind"])
			.where("id", "=", requestId)
			.executeTakeFirst();
		if (!request) return null;
		const tracker = await trackerIn(tx, readerId, requestId, today);
		if (!tracker) return null;
		const reportedIds = tracker.rows.filter((r) => r.version > 0 && isShownReported(r.status)).map((r) => r.unitId);
		const values = new Map<string, ReportValues>();
		for (let i = 0; i < reportedIds.length; i += 1000) {
			const rows = await tx
				.selectFrom("report_submissions as s")
				.innerJoin("report_targets as t", (j) =>
					j
						.onRef("t.tenant_id", "=", "s.tenant_id")
						.onRef("t.request_id", "=", "s.request_id")
						.onRef("t.unit_id", "=", "s.unit_id")
						.onRef("t.version", "=", "s.version"),
				)
				.select(["s.unit_id", "s.values"])
				.where("s.tenant_id", "=", request.tenant_id)
				.where("s.request_id", "=", requestId)
				.where("s.unit_id", "in", reportedIds.slice(i, i + 1000))
				.where("s.state", "in", ["submitted", "accepted"])
				.execute();
			for (const r of rows) values.set(r.unit_id, r.values as ReportValues);
		}
		// Each unit's group: climb the parents (all in the reader's subtree) to the reader's direct child.
		const parentOf = new Map(tracker.rows.map((r) => [r.unitId, r.parentId]));
		const nameOf = new Map(tracker.rows.map((r) => [r.unitId, r.unitName]));
		const missingParents = [...new Set(tracker.rows.map((r) => r.parentId))].filter(
			(p): p is string => p !== null && p !== readerId && !parentOf.has(p),
		);
		if (missingParents.length > 0) {
			const more = await tx
				.selectFrom("tenants")
				.select(["id", "parent_id", "name"])
				.where("id", "in", missingParents)
				.execute();
			for (const m of more) {
				parentOf.set(m.id, m.parent_id);
				nameOf.set(m.id, m.name);
			}
		}
		const groupOf = (unitId: string) => {
			let id = unitId;
			for (let guard = 0; guard < 20; guard++) {
				const parent = parentOf.get(id);
				if (!parent || parent === readerId) return id;
				id = parent;
			}
			return id;
		};
		const reported: ReportedRow[] = [];
		const missing: MissingRow[] = [];
		for (const r of tracker.rows) {
			const v = values.get(r.unitId);
			if (v) {
				const groupId = groupOf(r.unitId);
				reported.push({
					unitId: r.unitId,
					unitName: r.unitName,
					groupId,
					groupName: nameOf.get(groupId) ?? r.unitName,
					values: v,
					status: r.status,
					reportedAt: r.reportedAt,
					version: r.version,
				});
			} else missing.push({ unitId: r.unitId, unitName: r.unitName, parentName: r.parentName, status: r.status });
		}
		return {
			title: request.title,
			periodKey: request.period_key,
			kind: request.kind,
			fields: request.fields as ReportField[],
			reported,
			missing,
		};
	});
}

/** The documents of every reported unit (the zip: a folder per unit), latest reported version each, in tree order. */
export function readSubmittedDocuments(db: Kysely<Database>, actor: Actor, requestId: string) {
	const readerId = actor.tenantId as string;
	return runAs(db, actor, async (tx) => {
		const tracker = await trackerIn(tx, readerId, requestId, chinaToday());
		if (!tracker) return null;
		const reported = tracker.rows.filter((r) => isShownReported(r.status) && r.version > 0);
		const versionOf = new Map(reported.map((r) => [r.unitId, r.version]));
		const files = new Map<string, SubmissionFile[]>();
		for (let i = 0; i < reported.length; i += 1000) {
			const rows = await tx
				.selectFrom("report_submission_files as sf")
				.innerJoin("files as f", (j) => j.onRef("f.tenant_id", "=", "sf.tenant_id").onRef("f.id", "=", "sf.file_id"))
				.select([
					"f.id as fileId",
					"f.tenant_id as tenantId",
					"sf.field_key as fieldKey",
					"sf.version",
					"f.original_name as name",
					"f.content_type as contentType",
					"f.size_bytes as size",
				])
				.where(
					"sf.tenant_id",
					"in",
					reported.slice(i, i + 1000).map((r) => r.unitId),
				)
				.where("sf.request_id", "=", requestId)
				.orderBy("f.created_at")
				.execute();
			for (const { version, ...f } of rows) {
				if (versionOf.get(f.tenantId) !== version) continue;
				files.set(f.tenantId, [...(files.get(f.tenantId) ?? []), { ...f, size: Number(f.size) }]);
			}
		}
		return reported
			.filter((r) => files.has(r.unitId))
			.map((r) => ({ unitId: r.unitId, unitName: r.unitName, files: files.get(r.unitId) ?? [] }));
	});
}
