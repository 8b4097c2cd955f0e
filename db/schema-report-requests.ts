import type { ColumnType, Generated } from "kysely";

// Report requests (报送任务, migration 2026-12-06T0900, issue #22). Everything about one request lives
// in the requesting unit's tenant (`tenant_id`); the unit that reports is `unit_id`.

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
/** 'YYYY-MM-DD': a deadline or a day has no time zone (China days). */
type DateOnly = ColumnType<string, string, string>;
/** jsonb written as JSON text, read back as the value. */
type Json<T> = ColumnType<T, string | undefined, string>;

export type ReportRequestKind = "form" | "documents";
export type ReportScope = "children" | "descendants" | "kind" | "picked";
export type ReportRecurrence = "none" | "month" | "quarter" | "year";
/** Stored on a target row: where the unit's report stands. */
export type ReportTargetStatus = "not_started" | "draft" | "pending_approval" | "submitted" | "returned" | "accepted";
/** One version of a unit's report. */
export type ReportSubmissionState = "draft" | "pending_approval" | "submitted" | "returned" | "accepted";

interface ReportRequestsTable {
	tenant_id: string;
	id: Generated<string>;
	title: string;
	instructions: ColumnType<string, string | undefined, string>;
	kind: ReportRequestKind;
	period_kind: "once" | "year" | "quarter" | "month";
	period_key: string;
	due_on: DateOnly;
	scope: ReportScope;
	scope_kinds: ColumnType<string[], string[] | undefined, string[]>;
	/** ReportField[] (app/domain/report-requests/report-fields.ts), frozen with the request. */
	fields: Json<unknown>;
	form_version: Generated<number>;
	/** The forms of earlier versions: [{ version, fields, until }] (a change makes a new version). */
	earlier_forms: Json<unknown>;
	recurrence: ColumnType<ReportRecurrence, ReportRecurrence | undefined, ReportRecurrence>;
	/** The first request of a recurring series (its own id when not recurring). */
	series_id: string;
	matter_id: string | null;
	forwarded_from_tenant_id: string | null;
	forwarded_from_id: string | null;
	status: ColumnType<"open" | "closed", "open" | "closed" | undefined, "open" | "closed">;
	created_by: string | null;
	created_at: CreatedAt;
	closed_at: Date | null;
}

interface ReportRequestFilesTable {
	tenant_id: string;
	request_id: string;
	file_id: string;
}

interface ReportTargetsTable {
	tenant_id: string;
	request_id: string;
	unit_id: string;
	/** The unit that reviews, returns and urges this one: the requester, or the unit's parent level by level. */
	reviewer_id: string;
	/** 1 = a direct child of the requester. */
	depth: number;
	/** An "all descendants" request: this unit oversees its own subtree's rows. */
	cascade: Generated<boolean>;
	status: ColumnType<ReportTargetStatus, ReportTargetStatus | undefined, ReportTargetStatus>;
	version: Generated<number>;
	/** The latest 上报 (leader approved). */
	reported_at: Date | null;
	/** Its China day: later than due_on is 逾期已报. */
	reported_on: DateOnly | null;
	opened_at: Date | null;
	updated_at: Timestamp;
	/** The unit's path in the tree, set by the database when the target is made (tree order). */
	unit_path: ColumnType<string, never, never>;
	/** The unit's own contribution to report_sums while its version counts; kept by the database. */
	counted: ColumnType<Record<string, number> | null, never, never>;
}

/**
 * Per request and unit of the requester's tree, the sums over the unit's whole subtree (migration
 * 2026-12-08T1100): reported units, direct children with one or more, and the figures by flat key
 * (`n:<field>`, `s:<field>`, `o:<field>:<option>`). Written by the database's triggers only.
 */
interface ReportSumsTable {
	tenant_id: string;
	request_id: string;
	unit_id: string;
	units: ColumnType<number, never, never>;
	groups: ColumnType<number, never, never>;
	figures: ColumnType<Record<string, number>, never, never>;
}

interface ReportSubmissionsTable {
	tenant_id: string;
	request_id: string;
	unit_id: string;
	version: number;
	state: ColumnType<ReportSubmissionState, ReportSubmissionState | undefined, ReportSubmissionState>;
	form_version: Generated<number>;
	/** ReportValues: field key → value. */
	values: Json<Record<string, unknown>>;
	/** 核实性 explanations: field key → text. */
	explanations: Json<Record<string, string>>;
	saved_by: string | null;
	saved_at: Timestamp;
	approval_asked_by: string | null;
	approval_asked_at: Date | null;
	reported_by: string | null;
	reported_at: Date | null;
	opened_at: Date | null;
	returned_by: string | null;
	returned_at: Date | null;
	return_reason: string | null;
	/** 退回 comments at the field: field key → text. */
	field_comments: Json<Record<string, string>>;
	reviewed_by_unit: string | null;
	accepted_by: string | null;
	accepted_at: Date | null;
}

/** A file of a unit's report, owned by the unit (`tenant_id` = the unit). */
interface ReportSubmissionFilesTable {
	tenant_id: string;
	file_id: string;
	request_tenant_id: string;
	request_id: string;
	version: number;
	/** '' for a documents request; the field key for a form's file field. */
	field_key: ColumnType<string, string | undefined, string>;
}

export interface ReportRequestsDatabase {
	report_requests: ReportRequestsTable;
	report_request_files: ReportRequestFilesTable;
	report_targets: ReportTargetsTable;
	report_submissions: ReportSubmissionsTable;
	report_submission_files: ReportSubmissionFilesTable;
	report_sums: ReportSumsTable;
}
