import { type Kysely, sql } from "kysely";
import type { Actor } from "#app/domain/actor.ts";
import { chinaToday } from "#app/lib/china-time.ts";
import { runAs, type Tx } from "#db/run-as.ts";
import type { Database, TenantKind } from "#db/schema.ts";
import type {
	ReportRecurrence,
	ReportRequestKind,
	ReportScope,
	ReportTargetStatus,
} from "#db/schema-report-requests.ts";
import type { ReportField } from "./report-fields.ts";
import { isReported, type TrackerStatus, trackerStatus, trackerStatuses } from "./report-roles.ts";

/**
 * The reads of report requests (issue #22). Each runs inside the reading unit, so the policies of
 * migration 2026-12-06T0900 decide what it sees: a requester its requests and what was reported to
 * it; a unit what reaches it and its own drafts; an intermediate unit its subtree's reported rows.
 */

interface RequestListRow {
	id: string;
	title: string;
	kind: ReportRequestKind;
	periodKey: string;
	dueOn: string;
	scope: ReportScope;
	status: "open" | "closed";
	recurrence: ReportRecurrence;
	createdAt: Date;
	total: number;
	reported: number;
	accepted: number;
}

interface ReceivedRow {
	id: string;
	requestTenantId: string;
	requesterName: string;
	title: string;
	kind: ReportRequestKind;
	periodKey: string;
	dueOn: string;
	requestStatus: "open" | "closed";
	status: ReportTargetStatus;
	trackerStatus: TrackerStatus;
	overdue: boolean;
	/** An "all descendants" request: this unit also follows its own subtree's reports. */
	cascade: boolean;
}

/** Names of the units above that ask this one (the tenants policy shows only the subtree). */
async function requesterNames(tx: Tx): Promise<Map<string, string>> {
	const { rows } = await sql<{ id: string; name: string }>`select id, name from app_report_requesters()`.execute(tx);
	return new Map(rows.map((r) => [r.id, r.name]));
}

/** The unit's requests (made here) and the requests addressed to it (received here), newest first. */
export function listReportRequests(db: Kysely<Database>, actor: Actor, today: string = chinaToday()) {
	return runAs(db, actor, async (tx) => {
		const made = await tx
			.selectFrom("report_requests as r")
			.leftJoin("report_targets as t", (j) =>
				j.onRef("t.tenant_id", "=", "r.tenant_id").onRef("t.request_id", "=", "r.id"),
			)
			.select([
				"r.id",
				"r.title",
				"r.kind",
				"r.period_key as periodKey",
				"r.due_on as dueOn",
				"r.scope",
				"r.status",
				"r.recurrence",
				"r.created_at as createdAt",
				sql<number>`count(t.unit_id)::int`.as("total"),
				sql<number>`(count(*) filter (where t.status in ('submitted', 'accepted')))::int`.as("reported"),
				sql<number>`(count(*) filter (where t.status = 'accepted'))::int`.as("accepted"),
			])
			.where("r.tenant_id", "=", actor.tenantId as string)
			.groupBy("r.id")
			.groupBy("r.tenant_id")
			.orderBy("r.created_at", "desc")
			.limit(500)
			.execute();
		const received = await tx
			.selectFrom("report_targets as t")
			.innerJoin("report_requests as r", (j) =>
				j.onRef("r.tenant_id", "=", "t.tenant_id").onRef("r.id", "=", "t.request_id"),
			)
			.select([
				"r.id",
				"r.tenant_id as requestTenantId",
				"r.title",
				"r.kind",
				"r.period_key as periodKey",
				"r.due_on as dueOn",
				"r.status as requestStatus",
				"r.created_at as createdAt",
				"t.status",
				"t.reported_on",
				"t.cascade",
			])
			.where("t.unit_id", "=", actor.tenantId as string)
			.orderBy("r.created_at", "desc")
			.limit(500)
			.execute();
		const names = received.length > 0 ? await requesterNames(tx) : new Map<string, string>();
		const child = await tx
			.selectFrom("tenants")
			.select("id")
			.where("parent_id", "=", actor.tenantId as string)
			.limit(1)
			.executeTakeFirst();
		return {
			/** Whether the unit has units below it to ask (a unit without them makes no requests). */
			hasChildren: child !== undefined,
			made: made as RequestListRow[],
			received: received.map((r): ReceivedRow => {
				const shown = trackerStatus(r, r.dueOn, today);
				return {
					id: r.id,
					requestTenantId: r.requestTenantId,
					requesterName: names.get(r.requestTenantId) ?? "",
					title: r.title,
					kind: r.kind,
					periodKey: r.periodKey,
					dueOn: r.dueOn,
					requestStatus: r.requestStatus,
					status: r.status,
					trackerStatus: shown,
					overdue: shown === "overdue_missing",
					cascade: r.cascade,
				};
			}),
		};
	});
}

interface TargetRow {
	unitId: string;
	reviewerId: string;
	depth: number;
	cascade: boolean;
	status: ReportTargetStatus;
	version: number;
	reportedAt: Date | null;
	reportedOn: string | null;
	openedAt: Date | null;
}

interface ReportRequestView {
	id: string;
	tenantId: string;
	requesterName: string;
	title: string;
	instructions: string;
	kind: ReportRequestKind;
	periodKey: string;
	dueOn: string;
	scope: ReportScope;
	scopeKinds: string[];
	fields: ReportField[];
	formVersion: number;
	recurrence: ReportRecurrence;
	seriesId: string;
	matterId: string | null;
	forwardedFrom: { tenantId: string; requestId: string } | null;
	status: "open" | "closed";
	/** When the requester ended it (closed). */
	closedAt: Date | null;
	createdAt: Date;
	attachments: { fileId: string; name: string; size: number; contentType: string }[];
	/** requester: made here; overseer: a target of an "all descendants" request (follows its subtree); target. */
	role: "requester" | "overseer" | "target";
	myTarget: TargetRow | null;
}

/** A target row as the pages read it. */
export const targetRow = (t: {
	unit_id: string;
	reviewer_id: string;
	depth: number;
	cascade: boolean;
	status: ReportTargetStatus;
	version: number;
	reported_at: Date | null;
	reported_on: string | null;
	opened_at: Date | null;
}): TargetRow => ({
	unitId: t.unit_id,
	reviewerId: t.reviewer_id,
	depth: t.depth,
	cascade: t.cascade,
	status: t.status,
	version: t.version,
	reportedAt: t.reported_at,
	reportedOn: t.reported_on,
	openedAt: t.opened_at,
});

/** One request as the reading unit may see it, or null (not found, or not its to see). */
async function readRequestIn(tx: Tx, unitId: string, requestId: string): Promise<ReportRequestView | null> {
	const r = await tx.selectFrom("report_requests").selectAll().where("id", "=", requestId).executeTakeFirst();
	if (!r) return null;
	const mine = await tx
		.selectFrom("report_targets")
		.selectAll()
		.where("tenant_id", "=", r.tenant_id)
		.where("request_id", "=", requestId)
		.where("unit_id", "=", unitId)
		.executeTakeFirst();
	const attachments = await tx
		.selectFrom("report_request_files as rf")
		.innerJoin("files as f", (j) => j.onRef("f.tenant_id", "=", "rf.tenant_id").onRef("f.id", "=", "rf.file_id"))
		.select(["f.id as fileId", "f.original_name as name", "f.size_bytes as size", "f.content_type as contentType"])
		.where("rf.tenant_id", "=", r.tenant_id)
		.where("rf.request_id", "=", requestId)
		.orderBy("f.created_at")
		.execute();
	const requester = r.tenant_id === unitId;
	const requesterName = requester
		? ((await tx.selectFrom("tenants").select("name").where("id", "=", unitId).executeTakeFirst())?.name ?? "")
		: ((await requesterNames(tx)).get(r.tenant_id) ?? "");
	return {
		id: r.id,
		tenantId: r.tenant_id,
		requesterName,
		title: r.title,
		instructions: r.instructions,
		kind: r.kind,
		periodKey: r.period_key,
		dueOn: r.due_on,
		scope: r.scope,
		scopeKinds: r.scope_kinds,
		fields: r.fields as ReportField[],
		formVersion: r.form_version,
		recurrence: r.recurrence,
		seriesId: r.series_id,
		matterId: r.matter_id,
		forwardedFrom:
			r.forwarded_from_tenant_id && r.forwarded_from_id
				? { tenantId: r.forwarded_from_tenant_id, requestId: r.forwarded_from_id }
				: null,
		status: r.status,
		closedAt: r.closed_at,
		createdAt: r.created_at,
		attachments: attachments.map((a) => ({ ...a, size: Number(a.size) })),
		role: requester ? "requester" : mine?.cascade ? "overseer" : "target",
		myTarget: mine ? targetRow(mine) : null,
	};
}

export function readReportRequest(db: Kysely<Database>, actor: Actor, requestId: string) {
	return runAs(db, actor, (tx) => readRequestIn(tx, actor.tenantId as string, requestId));
}

/** This unit's request forwarded from the upstream one, if it has forwarded it. */
export async function forwardedCopy(tx: Tx, tenantId: string, upstreamId: string): Promise<string | null> {
	const copy = await tx
		.selectFrom("report_requests")
		.select("id")
		.where("tenant_id", "=", tenantId)
		.where("forwarded_from_id", "=", upstreamId)
		.executeTakeFirst();
	return copy?.id ?? null;
}

/** The acting unit's copy of a request it received and passed on (转发), if it has passed it on. */
export function readForwardedCopy(db: Kysely<Database>, actor: Actor, requestId: string) {
	return runAs(db, actor, (tx) => forwardedCopy(tx, actor.tenantId as string, requestId));
}

interface TrackerRow {
	unitId: string;
	unitName: string;
	unitKind: TenantKind;
	parentId: string | null;
	parentName: string;
	depth: number;
	status: TrackerStatus;
	version: number;
	reportedAt: Date | null;
	reportedOn: string | null;
	openedAt: Date | null;
	/** The reading unit reviews it: it made the request, or it is the unit's reviewer level by level. */
	canReview: boolean;
}

export interface Tracker {
	rows: TrackerRow[];
	counts: Record<TrackerStatus, number>;
	total: number;
	/** Submitted or accepted (逾期已报 included). */
	reported: number;
	rate: number;
}

/**
 * The tracker (units × status): every unit of the request the reading unit may follow (all of them
 * for the requester; its own subtree for an intermediate unit), in tree order, with the status the
 * China day makes of it (逾期未报, 逾期已报).
 */
export async function trackerIn(tx: Tx, unitId: string, requestId: string, today: string): Promise<Tracker | null> {
	const request = await tx
		.selectFrom("report_requests")
		.select(["tenant_id", "due_on"])
		.where("id", "=", requestId)
		.executeTakeFirst();
	if (!request) return null;
	const rows = await trackerTargets(tx, request.tenant_id, requestId, unitId).execute();
	const counts = Object.fromEntries(trackerStatuses.map((s) => [s, 0])) as Record<TrackerStatus, number>;
	let reported = 0;
	const out = rows.map((t): TrackerRow => {
		const row = trackerRowOf(t, { ...request, unitId }, today);
		counts[row.status] += 1;
		if (isReported(t.status)) reported += 1;
		return row;
	});
	return { rows: out, counts, total: out.length, reported, rate: out.length === 0 ? 0 : reported / out.length };
}

/** The request's targets the reading unit follows (every one but itself) with their units' names, in tree order. */
export function trackerTargets(tx: Tx, requestTenantId: string, requestId: string, unitId: string) {
	return (
		tx
			.selectFrom("report_targets as t")
			.innerJoin("tenants as u", "u.id", "t.unit_id")
			.leftJoin("tenants as p", "p.id", "u.parent_id")
			.select([
				"t.unit_id",
				"t.reviewer_id",
				"t.depth",
				"t.status",
				"t.version",
				"t.reported_at",
				"t.reported_on",
				"t.opened_at",
				"u.name as unitName",
				"u.kind as unitKind",
				"u.parent_id as parentId",
				"p.name as parentName",
			])
			.where("t.tenant_id", "=", requestTenantId)
			.where("t.request_id", "=", requestId)
			.where("t.unit_id", "<>", unitId)
			// Tree order, from the targets' own index (migration 2026-12-08T1200).
			.orderBy("t.unit_path")
	);
}

type TrackerTarget = Awaited<ReturnType<ReturnType<typeof trackerTargets>["execute"]>>[number];

/** One tracker row: the target with the status the China day makes of it, as the reading unit sees it. */
export function trackerRowOf(
	t: TrackerTarget,
	request: { tenant_id: string; due_on: string; unitId: string },
	today: string,
): TrackerRow {
	return {
		unitId: t.unit_id,
		unitName: t.unitName,
		unitKind: t.unitKind,
		parentId: t.parentId,
		parentName: t.parentName ?? "",
		depth: t.depth,
		status: trackerStatus(t, request.due_on, today),
		version: t.version,
		reportedAt: t.reported_at,
		reportedOn: t.reported_on,
		openedAt: t.opened_at,
		canReview: request.tenant_id === request.unitId || t.reviewer_id === request.unitId,
	};
}

export function readTracker(db: Kysely<Database>, actor: Actor, requestId: string, today: string) {
	return runAs(db, actor, (tx) => trackerIn(tx, actor.tenantId as string, requestId, today));
}

/** A decided matter's report requests (督办), for the matter page: progress of each. */
export function readMatterReportRequests(db: Kysely<Database>, actor: Actor, matterId: string) {
	return runAs(db, actor, (tx) =>
		tx
			.selectFrom("report_requests as r")
			.leftJoin("report_targets as t", (j) =>
				j.onRef("t.tenant_id", "=", "r.tenant_id").onRef("t.request_id", "=", "r.id"),
			)
			.select([
				"r.id",
				"r.title",
				"r.period_key as periodKey",
				"r.due_on as dueOn",
				"r.status",
				sql<number>`(count(*) filter (where t.status in ('submitted', 'accepted')))::int`.as("done"),
				sql<number>`count(t.unit_id)::int`.as("total"),
			])
			.where("r.tenant_id", "=", actor.tenantId as string)
			.where("r.matter_id", "=", matterId)
			.groupBy(["r.tenant_id", "r.id"])
			.orderBy("r.created_at")
			.execute(),
	);
}

// The submission reads live beside these (read-report-submissions.server.ts); pages import either file.
export { readMySubmission, readUnitSubmission } from "./read-report-submissions.server.ts";
