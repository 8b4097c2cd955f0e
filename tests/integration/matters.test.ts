import { beforeAll, describe, expect, it } from "vitest";
import { addDepartment, bindLiaison } from "#app/domain/directory/manage-departments.server.ts";
import { actOnMatter } from "#app/domain/matters/matter-actions.server.ts";
import { isOverdue } from "#app/domain/matters/matter-rules.ts";
import { listMatters, readMatter } from "#app/domain/matters/read-matters.server.ts";
import { replyToSupervision } from "#app/domain/matters/supervision-replies.server.ts";
import { createMeeting } from "#app/domain/meetings/create-meeting.server.ts";
import { recordPublicity } from "#app/domain/meetings/publicity.server.ts";
import { readMeeting } from "#app/domain/meetings/read-meetings.server.ts";
import { advanceMinutes, saveMinutes } from "#app/domain/minutes/minutes-actions.server.ts";
import { Refusal } from "#app/domain/refusal.ts";
import type { Role } from "#db/schema.ts";
import {
	createActorOptions,
	createTenant,
	openIntegrationDatabase,
	type TenantFixture,
} from "#tests/support/integration-db.ts";
import { holdMeeting } from "#tests/support/meeting-fixtures.ts";

const db = await openIntegrationDatabase();
let tenant: TenantFixture;
const people = new Map<Role | "other_liaison", Awaited<ReturnType<typeof createActorOptions>>>();
const as = (role: Role | "other_liaison") => people.get(role) as Awaited<ReturnType<typeof createActorOptions>>;
let meetingId: string;
let matterIds: string[];

async function reason(work: Promise<unknown>) {
	try {
		await work;
	} catch (error) {
		if (error instanceof Refusal) return error.reason;
		throw error;
	}
	return "no refusal";
}

beforeAll(async () => {
	tenant = await createTenant(db);
	for (const role of [
		"admin",
		"union_staff",
		"union_chair",
		"gov_head",
		"gov_liaison",
		"gov_office",
		"department_liaison",
		"viewer",
	] as Role[]) {
		people.set(role, await createActorOptions(db, tenant, [role]));
	}
	people.set("other_liaison", await createActorOptions(db, tenant, ["department_liaison"]));
	const hr = await addDepartment(as("admin"), { name: "人社局", side: "gov", category: "functional", sortOrder: 0 });
	const finance = await addDepartment(as("admin"), {
		name: "财政局",
		side: "gov",
		category: "functional",
		sortOrder: 1,
	});
	if (!hr.ok || !finance.ok) throw new Error("departments");
	await bindLiaison(as("admin"), hr.id, as("department_liaison").actor.userId);
	await bindLiaison(as("admin"), finance.id, as("other_liaison").actor.userId);
	meetingId = await holdMeeting(db, as, 2026);
	await saveMinutes(as("union_staff"), meetingId, {
		presidedBy: "副市长",
		body: "正文",
		matters: [
			{ content: "职业伤害保障试点", leadDepartmentId: hr.id, coDepartmentIds: [finance.id], deadline: "2026-06-30" },
			{ content: "技能培训补贴", leadDepartmentId: hr.id, coDepartmentIds: [], deadline: "2027-06-30" },
		],
	});
	await advanceMinutes(as("union_staff"), meetingId, "submit");
	await advanceMinutes(as("union_chair"), meetingId, "union_approve");
	await advanceMinutes(as("gov_liaison"), meetingId, "gov_approve");
	await advanceMinutes(as("gov_office"), meetingId, "issue", { today: "2026-04-01" });
	const rows = await db.owner
		.selectFrom("decided_matters")
		.select("id")
		.where("meeting_id", "=", meetingId)
		.orderBy("seq")
		.execute();
	matterIds = rows.map((r) => r.id);
});

describe("decided matters (O6)", () => {
	it("is overdue only when the deadline passed before completion", () => {
		expect(isOverdue({ status: "in_progress", deadline: "2026-06-30" }, "2026-07-01")).toBe(true);
		expect(isOverdue({ status: "assigned", deadline: "2026-06-30" }, "2026-06-30")).toBe(false);
		expect(isOverdue({ status: "done", deadline: "2026-06-30" }, "2026-07-01")).toBe(false);
		expect(isOverdue({ status: "verified", deadline: "2026-06-30" }, "2026-07-01")).toBe(false);
	});

	it("the lead department's liaison reports progress and completion; others cannot", async () => {
		const [first] = matterIds as [string];
		expect(await reason(actOnMatter(as("other_liaison"), first, "progress", { text: "越权" }))).toBe(
			"matters.error.notLead",
		);
		expect(await reason(actOnMatter(as("gov_office"), first, "progress", { text: "x" }))).toBe(
			"matters.error.forbidden",
		);
		expect(
			await actOnMatter(as("department_liaison"), first, "progress", { text: "已起草试点方案", percent: 40 }),
		).toEqual({ status: "in_progress" });
		expect(await actOnMatter(as("department_liaison"), first, "done", { text: "试点已启动" })).toEqual({
			status: "done",
		});
		expect(await reason(actOnMatter(as("department_liaison"), first, "progress", { text: "x" }))).toBe(
			"matters.error.state.progress",
		);
	});

	it("the government office and the union verify, reopen with a reason, remind, supervise and request an extension", async () => {
		const [first, second] = matterIds as [string, string];
		expect(await actOnMatter(as("union_staff"), first, "verify", { text: "" })).toEqual({ status: "verified" });
		expect(await reason(actOnMatter(as("gov_office"), first, "reopen", { text: "" }))).toBe(
			"matters.error.reasonRequired",
		);
		expect(await actOnMatter(as("gov_office"), first, "reopen", { text: "覆盖面不足" })).toEqual({
			status: "in_progress",
		});
		await actOnMatter(as("gov_office"), second, "reminder", { text: "" });
		await actOnMatter(as("union_staff"), second, "supervision", {
			text: "请于本月底前报送进展",
			replyBy: "2030-01-31",
		});
		expect(
			await reason(actOnMatter(as("gov_office"), second, "extend", { text: "资金未到位", newDeadline: "2027-01-01" })),
		).toBe("matters.error.deadline");
		const deadlineOf = async () =>
			await db.owner
				.selectFrom("decided_matters")
				.select(["deadline", "original_deadline", "extended_after_overdue"])
				.where("id", "=", second)
				.executeTakeFirstOrThrow();
		const before = await deadlineOf();
		// O6: the office asks; the deadline stays until a government leader grants it.
		await actOnMatter(as("gov_office"), second, "extend", { text: "资金未到位", newDeadline: "2027-12-31" });
		expect(await deadlineOf()).toEqual(before);
		expect(
			await reason(actOnMatter(as("union_staff"), second, "extend", { text: "再申请", newDeadline: "2028-01-31" })),
		).toBe("matters.error.extensionOpen");
		for (const role of ["gov_office", "union_staff", "gov_head", "union_chair"] as Role[])
			expect(await reason(actOnMatter(as(role), second, "approve_extension", { text: "" }))).toBe(
				"matters.error.forbidden",
			);
		expect(
			await actOnMatter(as("gov_liaison"), second, "approve_extension", { text: "同意，务必按新时限完成" }),
		).toEqual({
			status: "assigned",
		});
		expect(await deadlineOf()).toEqual({
			deadline: "2027-12-31",
			original_deadline: before.deadline,
			// The decided deadline (2027) had not passed: not 逾期后延期.
			extended_after_overdue: false,
		});
		expect(await reason(actOnMatter(as("gov_liaison"), second, "refuse_extension", { text: "x" }))).toBe(
			"matters.error.noExtensionOpen",
		);
		const kinds = await db.owner
			.selectFrom("matter_updates")
			.select("kind")
			.where("matter_id", "=", second)
			.orderBy("at")
			.execute();
		expect(kinds.map((k) => k.kind)).toEqual(["reminder", "supervision", "extension_requested", "extension_approved"]);
		const notified = await db.owner
			.selectFrom("notifications")
			.select("kind")
			.where("entity_id", "=", second)
			.execute();
		expect(notified.map((n) => n.kind)).toContain("matter.supervision");
		expect(await reason(actOnMatter(as("viewer"), second, "reminder", { text: "" }))).toBe("matters.error.forbidden");
	});

	it("the board lists live matters overdue first, filtered for a department's liaison", async () => {
		const board = await listMatters(
			db.app,
			{ userId: as("gov_office").actor.userId, tenantId: tenant.id },
			{},
			"2026-07-15",
		);
		expect(board.matters[0]?.overdue).toBe(true);
		expect(board.matters.map((m) => m.number)).toEqual(["联席会议纪要〔2026〕1号", "联席会议纪要〔2026〕1号"]);
		const mine = await listMatters(
			db.app,
			{ userId: as("other_liaison").actor.userId, tenantId: tenant.id },
			{ mine: "1" },
			"2026-07-15",
		);
		expect(mine.matters).toEqual([]);
		const overdue = await listMatters(
			db.app,
			{ userId: as("gov_office").actor.userId, tenantId: tenant.id },
			{ status: "overdue" },
			"2026-07-15",
		);
		expect(overdue.matters.map((m) => m.content)).toEqual(["职业伤害保障试点"]);
	});
});

describe("督办 asks the lead department for a written reply by a day (O6)", () => {
	const supervisionOf = async (matterId: string) =>
		db.owner
			.selectFrom("matter_updates")
			.select(["id", "reply_by"])
			.where("matter_id", "=", matterId)
			.where("kind", "=", "supervision")
			.orderBy("at", "desc")
			.executeTakeFirstOrThrow();
	const noticesOn = (matterId: string, today: string) =>
		readMatter(db.app, { userId: as("gov_office").actor.userId, tenantId: tenant.id }, matterId, today).then((page) =>
			(page?.updates ?? [])
				.filter((u) => u.kind === "supervision")
				.map((u) => ({ replyBy: u.replyBy, overdue: u.replyOverdue, reply: u.reply?.text ?? null })),
		);

	it("a 督办 without a reply-by day, or with one already past, is refused and writes nothing", async () => {
		const [, second] = matterIds as [string, string];
		const count = async () =>
			(await db.owner.selectFrom("matter_updates").select("id").where("matter_id", "=", second).execute()).length;
		const before = await count();
		expect(await reason(actOnMatter(as("gov_office"), second, "supervision", { text: "请报送进展" }))).toBe(
			"matters.error.replyBy",
		);
		expect(
			await reason(actOnMatter(as("gov_office"), second, "supervision", { text: "请报送进展", replyBy: "2020-01-31" })),
		).toBe("matters.error.replyBy");
		expect(await count()).toBe(before);
	});

	it("carries its day; overdue the day after without a reply; answered once by the lead department's liaison", async () => {
		const [, second] = matterIds as [string, string];
		await actOnMatter(as("gov_office"), second, "supervision", { text: "请说明资金落实情况", replyBy: "2031-03-10" });
		const notice = await supervisionOf(second);
		expect(notice.reply_by).toBe("2031-03-10");
		const told = await db.owner
			.selectFrom("notifications")
			.select("user_id")
			.where("entity_id", "=", second)
			.where("kind", "=", "matter.supervision")
			.execute();
		expect(told.map((n) => n.user_id)).toContain(as("department_liaison").actor.userId);
		// China-time days, written out: due on the 10th, overdue from the 11th.
		expect((await noticesOn(second, "2031-03-10"))[0]).toEqual({ replyBy: "2031-03-10", overdue: false, reply: null });
		expect((await noticesOn(second, "2031-03-11"))[0]).toEqual({ replyBy: "2031-03-10", overdue: true, reply: null });

		expect(await reason(replyToSupervision(as("other_liaison"), second, notice.id, "越权答复"))).toBe(
			"matters.error.notLeadReply",
		);
		expect(await reason(replyToSupervision(as("gov_office"), second, notice.id, "代答"))).toBe(
			"matters.error.forbidden",
		);
		expect(await reason(replyToSupervision(as("department_liaison"), second, notice.id, "   "))).toBe(
			"matters.error.replyRequired",
		);
		const askOpen = async () =>
			(
				await db.owner
					.selectFrom("notifications")
					.select("id")
					.where("entity_id", "=", second)
					.where("kind", "=", "matter.supervision")
					.where("user_id", "=", as("department_liaison").actor.userId)
					.where("resolved_at", "is", null)
					.execute()
			).length;
		expect(await askOpen()).toBeGreaterThan(0);
		expect(await replyToSupervision(as("department_liaison"), second, notice.id, "培训补贴资金已列入明年预算")).toEqual(
			{ replied: notice.id },
		);
		// The 督办's ask to the department is settled by its reply (ADR 0015).
		expect(await askOpen()).toBe(0);
		expect((await noticesOn(second, "2031-03-11"))[0]).toEqual({
			replyBy: "2031-03-10",
			overdue: false,
			reply: "培训补贴资金已列入明年预算",
		});
		expect(await reason(replyToSupervision(as("department_liaison"), second, notice.id, "再答一次"))).toBe(
			"matters.error.alreadyReplied",
		);
		const audit = await db.owner
			.selectFrom("audit_events")
			.select(["action", "actor_user_id"])
			.where("entity_id", "=", second)
			.where("action", "=", "matter.supervision_replied")
			.execute();
		expect(audit).toEqual([
			{ action: "matter.supervision_replied", actor_user_id: as("department_liaison").actor.userId },
		]);
		const replyTold = await db.owner
			.selectFrom("notifications")
			.select("user_id")
			.where("entity_id", "=", second)
			.where("kind", "=", "matter.supervision_replied")
			.execute();
		expect(new Set(replyTold.map((n) => n.user_id))).toEqual(
			new Set([as("gov_office").actor.userId, as("union_staff").actor.userId]),
		);
	});

	it("the database takes a reply to a 督办 only, and a reply-by day on a 督办 only", async () => {
		const [first, second] = matterIds as [string, string];
		const progress = await db.owner
			.selectFrom("matter_updates")
			.select(["id", "user_id"])
			.where("matter_id", "=", first)
			.where("kind", "=", "progress")
			.executeTakeFirstOrThrow();
		const department = await db.owner
			.selectFrom("decided_matters")
			.select("lead_department_id")
			.where("id", "=", second)
			.executeTakeFirstOrThrow();
		await expect(
			db.owner
				.insertInto("supervision_replies")
				.values({
					tenant_id: tenant.id,
					supervision_id: progress.id,
					department_id: department.lead_department_id,
					text: "答复",
					user_id: progress.user_id,
				})
				.execute(),
		).rejects.toThrow(/answers a supervision notice/);
		await expect(
			db.owner
				.insertInto("matter_updates")
				.values({
					tenant_id: tenant.id,
					matter_id: second,
					kind: "reminder",
					user_id: progress.user_id,
					reply_by: "2031-01-01",
				})
				.execute(),
		).rejects.toThrow(/matter_updates_reply_by_supervision/);
	});
});

describe("feeding the next meeting (O4, C6) and publicity (O7)", () => {
	it("the next meeting gets a category-6 topic and agenda item 1 with the matters, frozen when held", async () => {
		const next = await holdMeeting(db, as, 2026);
		const topics = await db.owner
			.selectFrom("topics")
			.select(["category", "auto_generated"])
			.where("meeting_id", "=", next)
			.execute();
		expect(topics).toContainEqual({ category: 6, auto_generated: true });
		const page = await readMeeting(db.app, { userId: as("gov_office").actor.userId, tenantId: tenant.id }, next);
		expect(page?.previous.matters.map((m) => m.content)).toEqual(["职业伤害保障试点", "技能培训补贴"]);
		// Later progress does not change what was reported on the day.
		const [first] = matterIds as [string];
		await actOnMatter(as("department_liaison"), first, "done", { text: "全部完成" });
		const after = await readMeeting(db.app, { userId: as("gov_office").actor.userId, tenantId: tenant.id }, next);
		expect(after?.previous.matters[0]?.status).toBe("in_progress");
	});

	it("publicity is recorded for held meetings only, by the union or the government office", async () => {
		await recordPublicity(as("union_staff"), meetingId, {
			channel: "微信公众号",
			title: "我市召开政府与工会联席会议",
			link: null,
			body: "",
			publishedOn: "2026-03-21",
		});
		const page = await readMeeting(db.app, { userId: as("viewer").actor.userId, tenantId: tenant.id }, meetingId);
		expect(page?.publicity.map((p) => p.channel)).toEqual(["微信公众号"]);
		expect(
			await reason(
				recordPublicity(as("viewer"), meetingId, {
					channel: "x",
					title: "x",
					link: null,
					body: "",
					publishedOn: "2026-03-21",
				}),
			),
		).toBe("meetings.error.forbidden");
		const draft = await createMeeting({
			...as("union_staff"),
			proposal: { kind: "regular", reason: "x", windowFrom: "2028-01-01", windowTo: "2028-01-31" },
		});
		expect(
			await reason(
				recordPublicity(as("union_staff"), draft.id, {
					channel: "x",
					title: "x",
					link: null,
					body: "",
					publishedOn: "2026-03-21",
				}),
			),
		).toBe("meetings.error.notHeldYet");
	});
});

describe("evidence on progress reports", () => {
	it("keeps the checked files with the update that reported them", async () => {
		const { mkdtempSync } = await import("node:fs");
		const { tmpdir } = await import("node:os");
		const path = await import("node:path");
		const { localFileStore } = await import("#app/lib/file-store.server.ts");
		const { storeUploads } = await import("#app/domain/files/stored-upload.ts");
		const { samplePdf } = await import("#tests/support/sample-documents.ts");
		const store = localFileStore(path.join(mkdtempSync(path.join(tmpdir(), "lianxi-evidence-")), "files"));
		const stored = await storeUploads([new File([samplePdf() as Uint8Array<ArrayBuffer>], "办结材料.pdf")], store);
		if (!stored.ok) throw new Error("expected ok");
		const [, second] = matterIds as [string, string];
		await actOnMatter(
			as("department_liaison"),
			second,
			"progress",
			{ text: "附培训名单", percent: 80 },
			stored.uploads,
		);
		const rows = await db.owner
			.selectFrom("matter_update_files as l")
			.innerJoin("matter_updates as u", (j) => j.onRef("u.id", "=", "l.update_id"))
			.innerJoin("files as f", (j) => j.onRef("f.id", "=", "l.file_id"))
			.select(["u.text", "f.original_name"])
			.where("u.matter_id", "=", second)
			.execute();
		expect(rows).toEqual([{ text: "附培训名单", original_name: "办结材料.pdf" }]);
	});

	it("an extension granted after the deadline passed stays on record as 逾期后延期, in the statistics too", async () => {
		const [first] = matterIds as [string];
		// Live again, and its decided deadline (2026-06-30) has passed.
		const { status } = await db.owner
			.selectFrom("decided_matters")
			.select("status")
			.where("id", "=", first)
			.executeTakeFirstOrThrow();
		if (status === "done" || status === "verified")
			await actOnMatter(as("gov_office"), first, "reopen", { text: "落实情况需再核实" });
		const figures = () =>
			db.owner
				.selectFrom("unit_year_figures")
				.select(["extended_after_overdue", "closed_on_time"])
				.where("tenant_id", "=", tenant.id)
				.where("year", "=", 2026)
				.executeTakeFirstOrThrow();
		expect((await figures()).extended_after_overdue).toBe(0);
		await actOnMatter(as("union_staff"), first, "extend", { text: "试点企业扩围", newDeadline: "2027-03-31" });
		await actOnMatter(as("gov_liaison"), first, "approve_extension", { text: "同意" });
		const row = await db.owner
			.selectFrom("decided_matters")
			.select(["deadline", "original_deadline", "extended_after_overdue"])
			.where("id", "=", first)
			.executeTakeFirstOrThrow();
		expect(row).toEqual({ deadline: "2027-03-31", original_deadline: "2026-06-30", extended_after_overdue: true });
		expect((await figures()).extended_after_overdue).toBe(1);
	});
});
