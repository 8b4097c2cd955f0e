import { beforeAll, describe, expect, it } from "vitest";
import { addDepartment } from "#app/domain/directory/manage-departments.server.ts";
import { createMeeting } from "#app/domain/meetings/create-meeting.server.ts";
import { advanceMinutes, saveMinutes } from "#app/domain/minutes/minutes-actions.server.ts";
import { Refusal } from "#app/domain/refusal.ts";
import { runAs } from "#db/run-as.ts";
import type { Role } from "#db/schema.ts";
import {
	createActorOptions,
	createTenant,
	openIntegrationDatabase,
	type TenantFixture,
} from "#tests/support/integration-db.ts";
import { bindTestLiaison, holdMeeting } from "#tests/support/meeting-fixtures.ts";

const db = await openIntegrationDatabase(6);
let parent: TenantFixture;
let tenant: TenantFixture;
const people = new Map<Role, Awaited<ReturnType<typeof createActorOptions>>>();
const as = (role: Role) => people.get(role) as Awaited<ReturnType<typeof createActorOptions>>;
let lead: string;

const draft = (body: string) => ({
	presidedBy: "联系工会工作的副市长",
	body,
	matters: [{ content: "开展职业伤害保障试点", leadDepartmentId: lead, coDepartmentIds: [], deadline: "2026-12-31" }],
});

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
	parent = await createTenant(db);
	tenant = await createTenant(db, { kind: "county", parentId: parent.id });
	for (const role of [
		"admin",
		"union_staff",
		"union_chair",
		"union_vice_chair",
		"gov_head",
		"gov_liaison",
		"gov_office",
		"viewer",
	] as Role[]) {
		people.set(role, await createActorOptions(db, tenant, [role]));
	}
	const department = await addDepartment(as("admin"), {
		name: "人社局",
		side: "gov",
		category: "functional",
		sortOrder: 0,
	});
	if (!department.ok) throw new Error("department");
	lead = department.id;
	await bindTestLiaison(db, tenant.id, lead);
});

describe("minutes (O5)", () => {
	it("are drafted only after the meeting is held, and every save is a version", async () => {
		const notHeld = await createMeeting({
			...as("union_staff"),
			proposal: { kind: "regular", reason: "x", windowFrom: "2026-05-01", windowTo: "2026-05-31" },
		});
		expect(await reason(saveMinutes(as("union_staff"), notHeld.id, draft("x")))).toBe("minutes.error.notHeld");
		const meetingId = await holdMeeting(db, as, 2026);
		expect((await saveMinutes(as("union_staff"), meetingId, draft("第一稿"))).version).toBe(1);
		expect((await saveMinutes(as("union_staff"), meetingId, draft("第二稿"))).version).toBe(2);
		expect(await reason(saveMinutes(as("gov_office"), meetingId, draft("越权")))).toBe("minutes.error.forbidden");
	});

	it("go union leader → government leader → issue; a return keeps its comment by the version", async () => {
		const meetingId = await holdMeeting(db, as, 2026);
		await saveMinutes(as("union_staff"), meetingId, draft("初稿"));
		await advanceMinutes(as("union_staff"), meetingId, "submit");
		expect(await reason(advanceMinutes(as("gov_liaison"), meetingId, "gov_approve"))).toBe(
			"minutes.error.state.gov_approve",
		);
		await advanceMinutes(as("union_chair"), meetingId, "return", { comment: "请补充出席情况" });
		await saveMinutes(as("union_staff"), meetingId, draft("修改稿"));
		await advanceMinutes(as("union_staff"), meetingId, "submit");
		await advanceMinutes(as("union_vice_chair"), meetingId, "union_approve");
		await advanceMinutes(as("gov_liaison"), meetingId, "gov_approve");
		const issued = await advanceMinutes(as("gov_office"), meetingId, "issue", { today: "2026-03-25" });
		expect(issued.number).toMatch(/^联席会议纪要〔2026〕\d+号$/);
		const reviews = await db.owner
			.selectFrom("minutes_reviews")
			.select(["version", "stage", "decision", "comment"])
			.orderBy("at")
			.execute();
		expect(reviews.filter((r) => r.comment === "请补充出席情况")).toEqual([
			{ version: 1, stage: "union", decision: "return", comment: "请补充出席情况" },
		]);
		// Frozen once issued; the decided matters are live; the meeting says so.
		expect(await reason(saveMinutes(as("union_staff"), meetingId, draft("改不了")))).toBe("minutes.error.state.save");
		const matters = await db.owner
			.selectFrom("decided_matters")
			.select(["content", "status", "deadline"])
			.where("meeting_id", "=", meetingId)
			.execute();
		expect(matters).toEqual([{ content: "开展职业伤害保障试点", status: "assigned", deadline: "2026-12-31" }]);
		const meeting = await db.owner
			.selectFrom("meetings")
			.select("status")
			.where("id", "=", meetingId)
			.executeTakeFirstOrThrow();
		expect(meeting.status).toBe("minutes_issued");
	});

	it("numbers are gap-free per tenant and year, also when issued at the same moment", async () => {
		const meetings = await Promise.all([
			holdMeeting(db, as, 2025),
			holdMeeting(db, as, 2025),
			holdMeeting(db, as, 2025),
		]);
		for (const id of meetings) {
			await saveMinutes(as("union_staff"), id, draft("稿"));
			await advanceMinutes(as("union_staff"), id, "submit");
			await advanceMinutes(as("union_chair"), id, "union_approve");
			await advanceMinutes(as("gov_head"), id, "gov_approve");
		}
		const results = await Promise.all(
			meetings.map((id) => advanceMinutes(as("gov_office"), id, "issue", { today: "2025-04-01" })),
		);
		expect(results.map((r) => r.number).sort()).toEqual([
			"联席会议纪要〔2025〕1号",
			"联席会议纪要〔2025〕2号",
			"联席会议纪要〔2025〕3号",
		]);
	});

	it("the parent sees issued minutes and decided matters, never drafts or versions", async () => {
		const meetingId = await holdMeeting(db, as, 2026);
		await saveMinutes(as("union_staff"), meetingId, draft("未印发的草稿"));
		const viewer = await createActorOptions(db, parent, ["viewer"]);
		const seen = await runAs(db.app, { userId: viewer.actor.userId, tenantId: parent.id }, async (tx) => ({
			minutes: await tx.selectFrom("minutes").select(["meeting_id", "status"]).execute(),
			versions: await tx.selectFrom("minutes_versions").select("version").execute(),
			reviews: await tx.selectFrom("minutes_reviews").select("id").execute(),
			matters: await tx.selectFrom("decided_matters").select("content").execute(),
		}));
		expect(seen.minutes.every((m) => m.status === "issued")).toBe(true);
		expect(seen.minutes.some((m) => m.meeting_id === meetingId)).toBe(false);
		expect(seen.versions).toEqual([]);
		expect(seen.reviews).toEqual([]);
		expect(seen.matters.length).toBeGreaterThan(0);
	});
});
