import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import {
	listReportRequests,
	readReportRequest,
	readTracker,
} from "#app/domain/report-requests/read-report-requests.server.ts";
import {
	readMySubmission,
	readSummaryRows,
	readUnitSubmission,
} from "#app/domain/report-requests/read-report-submissions.server.ts";
import { readSummaryPage } from "#app/domain/report-requests/read-summary-page.server.ts";
import type { ReportField } from "#app/domain/report-requests/report-fields.ts";
import { deliverReportNotice } from "#app/domain/report-requests/report-notify.server.ts";
import { createReportRequest, urgeReports } from "#app/domain/report-requests/report-request-actions.server.ts";
import {
	acceptReport,
	markReportOpened,
	returnReport,
} from "#app/domain/report-requests/report-review-actions.server.ts";
import {
	approveAndReport,
	askReportApproval,
	saveReportDraft,
	withdrawReport,
} from "#app/domain/report-requests/report-submission-actions.server.ts";
import { runAs } from "#db/run-as.ts";
import type { Role } from "#db/schema.ts";
import {
	createActorOptions,
	createTenant,
	openIntegrationDatabase,
	type TenantFixture,
} from "#tests/support/integration-db.ts";

/**
 * Report requests (issue #22): a city asks all its descendants for figures. Drafts stay in the
 * child, the parent reads what was reported, an intermediate county follows and reviews its own
 * subtree level by level, siblings and another city see nothing; the summary's sums agree with
 * independent SQL.
 */
const db = await openIntegrationDatabase(6);
type Options = Awaited<ReturnType<typeof createActorOptions>>;
const staff: Role[] = ["gov_office"];
const leader: Role[] = ["gov_head"];

const fields: ReportField[] = [
	{ key: "f1", label: "维权案件数", type: "integer", required: true, min: 0, max: null, unit: "件", growthRatio: 2 },
	{
		key: "f2",
		label: "经费",
		type: "decimal",
		required: false,
		min: 0,
		max: null,
		unit: "万元",
		growthRatio: null,
		scale: 2,
	},
	{ key: "f3", label: "是否建立制度", type: "yes_no", required: true },
];

let city: TenantFixture;
let countyA: TenantFixture;
let assocA1: TenantFixture;
let assocA2: TenantFixture;
let countyB: TenantFixture;
let countyC: TenantFixture;
let otherCity: TenantFixture;
const people = {} as Record<string, Options>;
let requestId: string;

async function people2(name: string, tenant: TenantFixture) {
	people[`${name}.staff`] = await createActorOptions(db, tenant, staff);
	people[`${name}.leader`] = await createActorOptions(db, tenant, leader);
}
const as = (name: string) => people[name] as Options;
const actorOf = (name: string) => ({ userId: as(name).actor.userId, tenantId: as(name).actor.membership.tenant.id });

async function report(unit: string, values: Record<string, number | boolean | null>, id = requestId) {
	await saveReportDraft(as(`${unit}.staff`), id, { values, explanations: {} });
	await askReportApproval(as(`${unit}.staff`), id);
	await approveAndReport(as(`${unit}.leader`), id);
}

/** Rows of a table the unit's app role can see for the request. */
async function visible(name: string, table: "report_targets" | "report_submissions") {
	return runAs(db.app, actorOf(name), (tx) =>
		tx.selectFrom(table).select(["unit_id"]).where("request_id", "=", requestId).execute(),
	);
}

beforeAll(async () => {
	city = await createTenant(db, { kind: "city" });
	countyA = await createTenant(db, { kind: "county", parentId: city.id });
	assocA1 = await createTenant(db, { kind: "industry", parentId: countyA.id });
	assocA2 = await createTenant(db, { kind: "industry", parentId: countyA.id });
	countyB = await createTenant(db, { kind: "county", parentId: city.id });
	countyC = await createTenant(db, { kind: "county", parentId: city.id });
	otherCity = await createTenant(db, { kind: "city" });
	for (const [name, t] of Object.entries({ city, countyA, assocA1, assocA2, countyB, countyC, otherCity }))
		await people2(name, t);
	const made = await createReportRequest(as("city.staff"), {
		title: "2026年度联席会议制度落实情况报送",
		instructions: "请如实填报。",
		kind: "form",
		period: { kind: "year", year: 2026, index: null },
		dueOn: "2099-12-31",
		scope: "descendants",
		fields,
		recurrence: "none",
	});
	requestId = made.id;
});

describe("report requests", () => {
	it("reaches every descendant, each reviewed by its own parent", async () => {
		const rows = await db.owner
			.selectFrom("report_targets")
			.select(["unit_id", "reviewer_id", "depth"])
			.where("request_id", "=", requestId)
			.execute();
		expect(rows).toHaveLength(5);
		const byUnit = new Map(rows.map((r) => [r.unit_id, r]));
		expect(byUnit.get(assocA1.id)).toEqual({ unit_id: assocA1.id, reviewer_id: countyA.id, depth: 2 });
		expect(byUnit.get(countyB.id)).toEqual({ unit_id: countyB.id, reviewer_id: city.id, depth: 1 });
		// The request and its audit event and the units' notice, in one transaction.
		const outbox = await db.owner
			.selectFrom("outbox")
			.select("payload")
			.where("tenant_id", "=", city.id)
			.where("topic", "=", "report.notify")
			.execute();
		expect(outbox).toHaveLength(1);
		const audit = await db.owner
			.selectFrom("audit_events")
			.select("action")
			.where("tenant_id", "=", city.id)
			.where("entity_id", "=", requestId)
			.execute();
		expect(audit.map((a) => a.action)).toEqual(["report_request.created"]);
	});

	it("a draft stays in the unit: the city sees its status, never its values", async () => {
		await saveReportDraft(as("countyB.staff"), requestId, { values: { f1: 7, f3: true }, explanations: {} });
		expect(await visible("countyB.staff", "report_submissions")).toEqual([{ unit_id: countyB.id }]);
		expect(await visible("city.staff", "report_submissions")).toEqual([]);
		const tracker = await readTracker(db.app, actorOf("city.staff"), requestId, "2026-12-05");
		expect(tracker?.rows.find((r) => r.unitId === countyB.id)?.status).toBe("draft");
		expect(await readUnitSubmission(db.app, actorOf("city.staff"), requestId, countyB.id)).toMatchObject({
			current: null,
		});
	});

	it("a leader approves and it is reported; withdrawn before it is opened, not after", async () => {
		await askReportApproval(as("countyB.staff"), requestId);
		expect(await visible("city.staff", "report_submissions")).toEqual([]);
		await expect(approveAndReport(as("countyB.staff"), requestId)).rejects.toThrow();
		await approveAndReport(as("countyB.leader"), requestId);
		expect(await visible("city.staff", "report_submissions")).toEqual([{ unit_id: countyB.id }]);
		await withdrawReport(as("countyB.staff"), requestId);
		expect(await visible("city.staff", "report_submissions")).toEqual([]);
		await approveAndReport(as("countyB.leader"), requestId);
		expect(await markReportOpened(as("city.staff"), requestId, countyB.id)).toEqual({ opened: true });
		await expect(withdrawReport(as("countyB.staff"), requestId)).rejects.toThrow("reportRequests.error.alreadyOpened");
	});

	it("退回 with a reason and field comments; the resubmission shows what changed", async () => {
		await expect(returnReport(as("city.staff"), requestId, countyB.id, { reason: " " })).rejects.toThrow(
			"reportRequests.error.reasonRequired",
		);
		await returnReport(as("city.staff"), requestId, countyB.id, {
			reason: "案件数与台账不符",
			fieldComments: { f1: "请核对", nope: "ignored" },
		});
		const mine = await readMySubmission(db.app, actorOf("countyB.staff"), requestId);
		expect(mine?.target.status).toBe("returned");
		expect(mine?.previous).toMatchObject({
			version: 1,
			returnReason: "案件数与台账不符",
			fieldComments: { f1: "请核对" },
		});
		await saveReportDraft(as("countyB.staff"), requestId, { values: { f1: 9 }, explanations: {} });
		await askReportApproval(as("countyB.staff"), requestId);
		await approveAndReport(as("countyB.leader"), requestId);
		const seen = await readUnitSubmission(db.app, actorOf("city.staff"), requestId, countyB.id);
		expect(seen?.current).toMatchObject({ version: 2, state: "submitted", values: { f1: 9, f3: true } });
		expect(seen?.returned).toMatchObject({ version: 1, values: { f1: 7, f3: true } });
		await acceptReport(as("city.staff"), requestId, countyB.id);
	});

	it("a hard error blocks 上报; a 核实性 warning needs an explanation", async () => {
		await saveReportDraft(as("countyC.staff"), requestId, { values: { f1: -1, f3: false }, explanations: {} });
		await expect(askReportApproval(as("countyC.staff"), requestId)).rejects.toThrow("reportRequests.error.checkFailed");
		const saved = await saveReportDraft(as("countyC.staff"), requestId, {
			values: { f1: 4, f3: false },
			explanations: {},
		});
		expect(saved.check.ok).toBe(true);
		await askReportApproval(as("countyC.staff"), requestId);
		await approveAndReport(as("countyC.leader"), requestId);
	});

	it("level by level: the county reads and reviews its associations; siblings and another city see nothing", async () => {
		await report("assocA1", { f1: 3, f2: 1.5, f3: true });
		await saveReportDraft(as("assocA2.staff"), requestId, { values: { f1: 100 }, explanations: {} });
		// County A: its own row and its subtree's; only A1's reported version, never A2's draft.
		expect((await visible("countyA.staff", "report_targets")).map((r) => r.unit_id).sort()).toEqual(
			[countyA.id, assocA1.id, assocA2.id].sort(),
		);
		expect(await visible("countyA.staff", "report_submissions")).toEqual([{ unit_id: assocA1.id }]);
		// Siblings: county B sees only itself; another city nothing at all.
		expect(await visible("countyB.staff", "report_targets")).toEqual([{ unit_id: countyB.id }]);
		expect(await visible("assocA1.staff", "report_submissions")).toEqual([{ unit_id: assocA1.id }]);
		expect(await visible("otherCity.staff", "report_targets")).toEqual([]);
		expect(await visible("otherCity.staff", "report_submissions")).toEqual([]);
		expect(await readReportRequest(db.app, actorOf("otherCity.staff"), requestId)).toBeNull();
		expect(await readReportRequest(db.app, actorOf("countyA.staff"), requestId)).toMatchObject({ role: "overseer" });
		// County A returns A1; county B may not (not its child), nor may A review B.
		await expect(returnReport(as("countyB.staff"), requestId, assocA1.id, { reason: "x" })).rejects.toThrow();
		await expect(acceptReport(as("countyA.staff"), requestId, countyB.id)).rejects.toThrow();
		await acceptReport(as("countyA.staff"), requestId, assocA1.id);
		const tracker = await readTracker(db.app, actorOf("countyA.staff"), requestId, "2026-12-05");
		expect(new Map(tracker?.rows.map((r) => [r.unitId, r.status]))).toEqual(
			new Map([
				[assocA1.id, "accepted"],
				[assocA2.id, "draft"],
			]),
		);
	});

	it("the tracker derives 逾期 from the China day; the summary's sums agree with independent SQL", async () => {
		const tracker = await readTracker(db.app, actorOf("city.staff"), requestId, "2100-01-01");
		expect(tracker?.counts).toMatchObject({ accepted: 2, submitted: 1, overdue_missing: 2 });
		expect(tracker?.total).toBe(5);
		expect(tracker?.reported).toBe(3);
		const summary = await readSummaryRows(db.app, actorOf("city.staff"), requestId, "2026-12-05");
		expect(summary?.reported.map((r) => [r.unitName.length > 0, r.values.f1]).sort()).toEqual(
			[
				[true, 3],
				[true, 4],
				[true, 9],
			].sort(),
		);
		expect(summary?.missing.map((m) => m.unitId).sort()).toEqual([countyA.id, assocA2.id].sort());
		// A1 sits under county A in the summary's groups.
		expect(summary?.reported.find((r) => r.unitId === assocA1.id)?.groupId).toBe(countyA.id);
		const sum = (summary?.reported ?? []).reduce((s, r) => s + Number(r.values.f1 ?? 0), 0);
		const { rows } = await sql<{ total: string }>`
			select sum((s.values->>'f1')::numeric) as total from report_submissions s
			join report_targets t on t.tenant_id = s.tenant_id and t.request_id = s.request_id and t.unit_id = s.unit_id and t.version = s.version
			where s.request_id = ${requestId} and s.state in ('submitted', 'accepted')`.execute(db.owner);
		expect(sum).toBe(16);
		expect(Number(rows[0]?.total)).toBe(16);
		// The summary page's figures from SQL: overall, per direct child (A1 is county A's line), and as
		// county A its own subtree only.
		const paging = { groups: { limit: 50, offset: 0 }, missing: { limit: 50, offset: 0 } };
		const page = await readSummaryPage(db.app, actorOf("city.staff"), requestId, "2026-12-05", paging);
		expect(page?.overall.units).toBe(3);
		expect(page?.overall.fields.f1).toEqual({ kind: "numeric", sum: 16, avg: 5.33, count: 3 });
		expect(page?.overall.fields.f2).toEqual({ kind: "numeric", sum: 1.5, avg: 1.5, count: 1 });
		expect(page?.overall.fields.f3).toEqual({
			kind: "counts",
			counts: [
				{ option: "yes", count: 2 },
				{ option: "no", count: 1 },
			],
			count: 3,
		});
		expect(new Map(page?.groups.map((g) => [g.groupId, [g.units, g.fields.f1]]))).toEqual(
			new Map([
				[countyA.id, [1, { kind: "numeric", sum: 3, avg: 3, count: 1 }]],
				[countyB.id, [1, { kind: "numeric", sum: 9, avg: 9, count: 1 }]],
				[countyC.id, [1, { kind: "numeric", sum: 4, avg: 4, count: 1 }]],
			]),
		);
		expect(page?.missing.map((m) => m.unitId).sort()).toEqual([countyA.id, assocA2.id].sort());
		const county = await readSummaryPage(db.app, actorOf("countyA.staff"), requestId, "2026-12-05", paging);
		expect([county?.overall.units, county?.overall.fields.f1, county?.groups.map((g) => g.groupId)]).toEqual([
			1,
			{ kind: "numeric", sum: 3, avg: 3, count: 1 },
			[assocA1.id],
		]);
		expect(county?.missing.map((m) => m.unitId)).toEqual([assocA2.id]);
	});

	it("一键催报 tells every unit not reported, each inside its own unit", async () => {
		const result = await urgeReports(as("city.staff"), requestId);
		expect(result).toEqual({ units: 2 });
		const row = await db.owner
			.selectFrom("outbox")
			.select(["id", "payload", "tenant_id"])
			.where("tenant_id", "=", city.id)
			.where("topic", "=", "report.notify")
			.where(sql<boolean>`payload->>'kind' = 'report.urged'`)
			.executeTakeFirstOrThrow();
		await deliverReportNotice(db, row.tenant_id, row.payload);
		await deliverReportNotice(db, row.tenant_id, row.payload); // handed out twice: notified once
		const notes = await db.owner
			.selectFrom("notifications")
			.select(["tenant_id", "kind"])
			.where("entity_id", "=", requestId)
			.where("kind", "=", "report.urged")
			.execute();
		// County A's and association A2's office staff (one person with both roles each).
		expect(notes.map((n) => n.tenant_id).sort()).toEqual([countyA.id, assocA2.id].sort());
		// County A urges only its own children.
		expect(await urgeReports(as("countyA.staff"), requestId)).toEqual({ units: 1 });
		const lists = await listReportRequests(db.app, actorOf("countyB.staff"), "2026-12-05");
		expect(lists.received.map((r) => [r.id, r.status])).toEqual([[requestId, "accepted"]]);
	});
});

const upload = (name: string) => ({ sha256: "b".repeat(64), size: 1234, contentType: "application/pdf", name });

/** The city asks its direct children for documents, once, with these attachments. */
const documentsRequest = (title: string, attachments: ReturnType<typeof upload>[] = []) =>
	createReportRequest(as("city.staff"), {
		title,
		instructions: "",
		kind: "documents",
		period: { kind: "once", year: null, index: null },
		dueOn: "2099-06-30",
		scope: "children",
		fields: [],
		recurrence: "none",
		attachments,
	});

describe("documents and their files", () => {
	const fileRows = (name: string, fileId: string) =>
		runAs(db.app, actorOf(name), (tx) => tx.selectFrom("files").select("id").where("id", "=", fileId).execute());

	it("the parent reads a unit's file once reported, never while drafted; a sibling never; the unit reads the request's attachment", async () => {
		const made = await documentsRequest("制度文件报送", [upload("通知.pdf")]);
		expect(made.targets).toBe(3);
		const docs = made.id;
		const attachment = await db.owner
			.selectFrom("report_request_files")
			.select("file_id")
			.where("request_id", "=", docs)
			.executeTakeFirstOrThrow();
		expect(await fileRows("countyB.staff", attachment.file_id)).toHaveLength(1);
		expect(await fileRows("otherCity.staff", attachment.file_id)).toHaveLength(0);

		await expect(askReportApproval(as("countyB.staff"), docs)).rejects.toThrow();
		await saveReportDraft(as("countyB.staff"), docs, { values: {}, explanations: {} }, [
			{ fieldKey: "", upload: upload("制度.pdf") },
		]);
		const file = await db.owner
			.selectFrom("report_submission_files")
			.select("file_id")
			.where("request_id", "=", docs)
			.executeTakeFirstOrThrow();
		expect(await fileRows("countyB.staff", file.file_id)).toHaveLength(1);
		expect(await fileRows("city.staff", file.file_id)).toHaveLength(0);
		await askReportApproval(as("countyB.staff"), docs);
		expect(await fileRows("city.staff", file.file_id)).toHaveLength(0);
		await approveAndReport(as("countyB.leader"), docs);
		expect(await fileRows("city.staff", file.file_id)).toHaveLength(1);
		expect(await fileRows("countyC.staff", file.file_id)).toHaveLength(0);
		expect(await fileRows("countyA.staff", file.file_id)).toHaveLength(0);
		const { readSubmittedDocuments } = await import("#app/domain/report-requests/read-report-submissions.server.ts");
		expect(await readSubmittedDocuments(db.app, actorOf("city.staff"), docs)).toEqual([
			{
				unitId: countyB.id,
				unitName: `测试单位 ${countyB.slug}`,
				files: [
					{
						fileId: file.file_id,
						tenantId: countyB.id,
						fieldKey: "",
						name: "制度.pdf",
						contentType: "application/pdf",
						size: 1234,
					},
				],
			},
		]);
		// Withdrawn, it is the unit's alone again.
		await withdrawReport(as("countyB.staff"), docs);
		expect(await fileRows("city.staff", file.file_id)).toHaveLength(0);

		// 撤回 racing the parent's opening: one of them wins, never both (the target row is locked).
		await approveAndReport(as("countyB.leader"), docs);
		const [withdrawn, opened] = await Promise.allSettled([
			withdrawReport(as("countyB.staff"), docs),
			markReportOpened(as("city.staff"), docs, countyB.id),
		]);
		const state = await db.owner
			.selectFrom("report_targets")
			.select(["status", "opened_at"])
			.where("request_id", "=", docs)
			.where("unit_id", "=", countyB.id)
			.executeTakeFirstOrThrow();
		if (withdrawn.status === "fulfilled") {
			expect(opened).toEqual({ status: "fulfilled", value: { opened: false } });
			expect(state).toEqual({ status: "draft", opened_at: null });
		} else {
			expect(opened).toEqual({ status: "fulfilled", value: { opened: true } });
			expect(state.status).toBe("submitted");
			expect(state.opened_at).not.toBeNull();
		}
	});
});

describe("a document taken back before it was reported", () => {
	const filesNamed = (tenantId: string, name: string) =>
		db.owner
			.selectFrom("files")
			.select("id")
			.where("tenant_id", "=", tenantId)
			.where("original_name", "=", name)
			.execute();

	it("is deleted with its files row; one a returned version showed stays; no unit deletes another's", async () => {
		const made = await documentsRequest("材料撤换");
		const unit = as("countyC.staff");
		await saveReportDraft(unit, made.id, { values: {}, explanations: {} }, [
			{ fieldKey: "", upload: upload("初稿.pdf") },
			{ fieldKey: "", upload: upload("附表.pdf") },
		]);
		const [draft] = await filesNamed(countyC.id, "初稿.pdf");
		const [table] = await filesNamed(countyC.id, "附表.pdf");
		// Another unit's app role deletes nothing of county C's (its delete policy is its own unit's).
		const deleted = await runAs(db.app, actorOf("countyB.staff"), (tx) =>
			tx
				.deleteFrom("files")
				.where("id", "=", table?.id ?? "")
				.executeTakeFirst(),
		);
		expect(deleted.numDeletedRows).toBe(0n);
		// Removed from the draft that alone listed it: gone.
		await saveReportDraft(unit, made.id, { values: {}, explanations: {} }, [], [draft?.id ?? ""]);
		expect(await filesNamed(countyC.id, "初稿.pdf")).toEqual([]);
		expect(await filesNamed(countyC.id, "附表.pdf")).toHaveLength(1);
		// Reported and returned, the version the city saw keeps its file when the next draft drops it.
		await askReportApproval(unit, made.id);
		await approveAndReport(as("countyC.leader"), made.id);
		await returnReport(as("city.staff"), made.id, countyC.id, { reason: "请补充盖章件" });
		await saveReportDraft(unit, made.id, { values: {}, explanations: {} }, [], [table?.id ?? ""]);
		expect(await filesNamed(countyC.id, "附表.pdf")).toHaveLength(1);
		const listed = await db.owner
			.selectFrom("report_submission_files")
			.select("version")
			.where("file_id", "=", table?.id ?? "")
			.execute();
		expect(listed.map((l) => l.version)).toEqual([1]);
	});
});

describe("a changed form is a new version", () => {
	it("a report made before the change keeps its form; later drafts answer the new one", async () => {
		const { reviseReportForm } = await import("#app/domain/report-requests/report-form-versions.server.ts");
		const made = await createReportRequest(as("city.staff"), {
			title: "表单修订",
			instructions: "",
			kind: "form",
			period: { kind: "month", year: 2026, index: 11 },
			dueOn: "2099-03-31",
			scope: "children",
			fields,
			recurrence: "none",
		});
		await report("countyB", { f1: 1, f3: true }, made.id);
		const added: ReportField = { key: "f4", label: "新增指标", type: "yes_no", required: true };
		expect(await reviseReportForm(as("city.staff"), made.id, [...fields, added])).toEqual({ formVersion: 2 });
		await expect(reviseReportForm(as("countyB.staff"), made.id, fields)).rejects.toThrow();
		const b = await readUnitSubmission(db.app, actorOf("city.staff"), made.id, countyB.id);
		expect(b?.current?.formVersion).toBe(1);
		expect(b?.fields.map((f) => f.key)).toEqual(["f1", "f2", "f3"]);
		const saved = await saveReportDraft(as("countyC.staff"), made.id, {
			values: { f1: 2, f3: true },
			explanations: {},
		});
		expect(saved.check.errors).toHaveProperty("f4");
		const c = await readMySubmission(db.app, actorOf("countyC.staff"), made.id);
		expect(c?.current?.formVersion).toBe(2);
		const audit = await db.owner
			.selectFrom("audit_events")
			.select("after")
			.where("entity_id", "=", made.id)
			.where("action", "=", "report_request.form_revised")
			.executeTakeFirstOrThrow();
		expect(audit.after).toEqual({ formVersion: 2, fields: ["f1", "f2", "f3", "f4"] });
		// Closed, it takes no more reports and no more changes.
		const { closeReportRequest } = await import("#app/domain/report-requests/report-request-actions.server.ts");
		expect(await closeReportRequest(as("city.staff"), made.id)).toEqual({ status: "closed" });
		await expect(saveReportDraft(as("countyC.staff"), made.id, { values: {}, explanations: {} })).rejects.toThrow(
			"reportRequests.error.closed",
		);
		await expect(reviseReportForm(as("city.staff"), made.id, fields)).rejects.toThrow("reportRequests.error.closed");
	});

	it("a form revised while a unit saves its draft: both go through, neither deadlocks", async () => {
		const { reviseReportForm } = await import("#app/domain/report-requests/report-form-versions.server.ts");
		const made = await createReportRequest(as("city.staff"), {
			title: "修订与填报同时",
			instructions: "",
			kind: "form",
			period: { kind: "month", year: 2026, index: 10 },
			dueOn: "2099-03-31",
			scope: "children",
			fields,
			recurrence: "none",
		});
		await saveReportDraft(as("countyB.staff"), made.id, { values: { f1: 1 }, explanations: {} });
		/** Steps of this test waiting for a lock (the statements they wait in). */
		const waiting = async () => {
			const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
				where datname = current_database() and wait_event_type = 'Lock'
				and (query like '%report_submissions%' or query like '%report_requests%' or query like '%advisory%')`.execute(
				db.owner,
			);
			return rows[0]?.n ?? 0;
		};
		const until = async (n: number) => {
			for (let i = 0; i < 200 && (await waiting()) < n; i++) await new Promise((r) => setTimeout(r, 25));
			expect(await waiting()).toBeGreaterThanOrEqual(n);
		};
		// The draft's row held elsewhere: the unit's next save waits there, its target row locked.
		const holder = await db.owner.connection().execute(async (connection) => {
			await sql`begin`.execute(connection);
			await sql`select 1 from report_submissions where request_id = ${made.id} and unit_id = ${countyB.id} for update`.execute(
				connection,
			);
			const saving = saveReportDraft(as("countyB.staff"), made.id, { values: { f1: 2 }, explanations: {} });
			await until(1);
			// The revision meanwhile: before, it locked the request's row and then waited for the unit's
			// target row, while the unit's save went on to wait for the request's row: a deadlock.
			const added: ReportField = { key: "f5", label: "另一指标", type: "yes_no", required: false };
			const revising = reviseReportForm(as("city.staff"), made.id, [...fields, added]);
			await until(2);
			await sql`commit`.execute(connection);
			return Promise.allSettled([saving, revising]);
		});
		expect(holder.map((r) => (r.status === "rejected" ? String(r.reason) : r.status))).toEqual([
			"fulfilled",
			"fulfilled",
		]);
		// The unit's save went into its one draft; the form is the revised one.
		const target = await db.owner
			.selectFrom("report_targets")
			.select("version")
			.where("request_id", "=", made.id)
			.where("unit_id", "=", countyB.id)
			.executeTakeFirstOrThrow();
		expect(target.version).toBe(1);
		const request = await db.owner
			.selectFrom("report_requests")
			.select("form_version")
			.where("id", "=", made.id)
			.executeTakeFirstOrThrow();
		expect(request.form_version).toBe(2);
	});
});

describe("a request passed on, closed, and accepted late", () => {
	/** The city asks its direct children (county A among them) for the form. */
	async function childrenRequest(title: string) {
		return createReportRequest(as("city.staff"), {
			title,
			instructions: "",
			kind: "form",
			period: { kind: "year", year: 2026, index: null },
			dueOn: "2099-12-31",
			scope: "children",
			fields,
			recurrence: "none",
		});
	}
	const forwardOf = (upstream: string) => ({
		title: "转发：年度报送",
		instructions: "",
		kind: "form" as const,
		period: { kind: "year" as const, year: 2026, index: null },
		dueOn: "2099-12-30",
		scope: "children" as const,
		fields,
		recurrence: "none" as const,
		forwardedFrom: { tenantId: city.id, requestId: upstream },
	});

	it("a unit passes a request on once: a second forward is refused and makes no copy", async () => {
		const upstream = await childrenRequest("转发一次");
		await createReportRequest(as("countyA.staff"), forwardOf(upstream.id));
		await expect(createReportRequest(as("countyA.staff"), forwardOf(upstream.id))).rejects.toThrow(
			"reportRequests.error.forwardedAlready",
		);
		const copies = await db.owner
			.selectFrom("report_requests")
			.select("id")
			.where("tenant_id", "=", countyA.id)
			.where("forwarded_from_id", "=", upstream.id)
			.execute();
		expect(copies).toHaveLength(1);
	});

	it("two forwards at the same moment by two staff make one copy", async () => {
		const upstream = await childrenRequest("并发转发");
		const second = await createActorOptions(db, countyA, staff);
		const tries = await Promise.allSettled([
			createReportRequest(as("countyA.staff"), forwardOf(upstream.id)),
			createReportRequest(second, forwardOf(upstream.id)),
		]);
		expect(tries.map((t) => t.status).sort()).toEqual(["fulfilled", "rejected"]);
		const refused = tries.find((t) => t.status === "rejected") as PromiseRejectedResult;
		expect(String(refused.reason)).toContain("reportRequests.error.forwardedAlready");
	});

	it("a report accepted after the deadline stays late (逾期已报（已通过）) and counts as reported", async () => {
		const made = await childrenRequest("逾期通过");
		await report("countyB", { f1: 2, f2: null, f3: true }, made.id);
		// The deadline was the day before the report's China day.
		await db.owner
			.updateTable("report_requests")
			.set({
				due_on: sql<string>`(select reported_on - 1 from report_targets where request_id = ${made.id} and unit_id = ${countyB.id})`,
			})
			.where("id", "=", made.id)
			.execute();
		const before = await readTracker(db.app, actorOf("city.staff"), made.id, "2100-01-01");
		expect(before?.rows.find((r) => r.unitId === countyB.id)?.status).toBe("overdue_submitted");
		await acceptReport(as("city.staff"), made.id, countyB.id);
		const after = await readTracker(db.app, actorOf("city.staff"), made.id, "2100-01-01");
		expect(after?.rows.find((r) => r.unitId === countyB.id)?.status).toBe("accepted_late");
		expect(after?.counts).toMatchObject({ accepted: 0, accepted_late: 1, overdue_submitted: 0 });
		expect(after?.reported).toBe(1);
	});
});
