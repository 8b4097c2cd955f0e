import { beforeAll, describe, expect, it } from "vitest";
import { addDepartment, bindLiaison } from "#app/domain/directory/manage-departments.server.ts";
import { actOnMatter } from "#app/domain/matters/matter-actions.server.ts";
import { createMeeting } from "#app/domain/meetings/create-meeting.server.ts";
import { acceptMeeting, submitMeeting } from "#app/domain/meetings/meeting-transitions.server.ts";
import { answerOpinion, requestOpinion } from "#app/domain/meetings/opinion-actions.server.ts";
import { addAttendee, recordLeave } from "#app/domain/meetings/roster-actions.server.ts";
import { scheduleMeeting } from "#app/domain/meetings/schedule-actions.server.ts";
import { agreeTopic, proposeTopic } from "#app/domain/meetings/topic-actions.server.ts";
import { advanceMinutes, saveMinutes } from "#app/domain/minutes/minutes-actions.server.ts";
import { readWorkbench, type Workbench } from "#app/domain/workbench/read-workbench.server.ts";
import { workbenchGroups, workbenchScope } from "#app/domain/workbench/workbench-rules.ts";
import type { Role } from "#db/schema.ts";
import {
	createActorOptions,
	createTenant,
	openIntegrationDatabase,
	type TenantFixture,
} from "#tests/support/integration-db.ts";
import { holdMeeting } from "#tests/support/meeting-fixtures.ts";

/** Issue #14: the tenant home lists each person's own open work, from the rules that allow each step. */
const db = await openIntegrationDatabase();
type Options = Awaited<ReturnType<typeof createActorOptions>>;
type Person = Role | "idle_liaison";

let tenant: TenantFixture;
let other: TenantFixture;
const people = new Map<Person, Options>();
const as = (who: Person) => people.get(who) as Options;
let otherChair: Options;
let otherStaff: Options;
let hrId: string;

function bench(who: Options, today = "2026-04-15"): Promise<Workbench> {
	const { actor } = who;
	return readWorkbench(
		db.app,
		{ userId: actor.userId, tenantId: actor.membership.tenant.id },
		actor.membership.roles,
		today,
	);
}
const ids = (items: { id: string }[] | null) => (items ?? []).map((i) => i.id);
const allIds = (b: Workbench) => workbenchGroups.flatMap((g) => ids(b[g]));

const topicInput = (title: string) => ({ category: 4, title, background: "", research: "", suggestions: "" });

async function preparingMeeting(who: Options, year: number) {
	const meeting = await createMeeting({
		...who,
		proposal: { kind: "regular", reason: "例会", windowFrom: `${year}-03-01`, windowTo: `${year}-03-31` },
	});
	return meeting.id;
}

beforeAll(async () => {
	tenant = await createTenant(db);
	other = await createTenant(db);
	for (const role of [
		"admin",
		"union_staff",
		"union_chair",
		"gov_head",
		"gov_liaison",
		"gov_deputy_secretary",
		"gov_office",
		"department_liaison",
	] as Role[]) {
		people.set(role, await createActorOptions(db, tenant, [role]));
	}
	people.set("idle_liaison", await createActorOptions(db, tenant, ["department_liaison"]));
	const hr = await addDepartment(as("admin"), { name: "人社局", side: "gov", category: "functional", sortOrder: 0 });
	if (!hr.ok) throw new Error("department");
	hrId = hr.id;
	await bindLiaison(as("admin"), hrId, as("department_liaison").actor.userId);
	otherChair = await createActorOptions(db, other, ["union_chair"]);
	otherStaff = await createActorOptions(db, other, ["union_staff"]);
});

describe("the groups follow the rules that allow each step", () => {
	it("derives each role's scope from agreeingSides, checkMinutesAction and checkMatterAction", () => {
		expect(workbenchScope(["union_staff"])).toMatchObject({
			topics: null,
			opinions: false,
			minutes: [],
			progress: [],
			verify: ["done"],
			prepares: true,
		});
		expect(workbenchScope(["union_chair"]).minutes).toEqual(["union_review"]);
		expect(workbenchScope(["gov_liaison"]).minutes).toEqual(["gov_review"]);
		expect(workbenchScope(["gov_liaison"]).topics?.sides).toEqual(["gov"]);
		expect(workbenchScope(["gov_liaison"]).topics?.meetings.map((m) => m.status)).toEqual(
			expect.arrayContaining(["accepted", "preparing"]),
		);
		expect(workbenchScope(["department_liaison"])).toMatchObject({
			opinions: true,
			progress: ["assigned", "in_progress"],
			verify: [],
		});
	});
});

describe("a person's own open work, on PostgreSQL", () => {
	let prepId: string;
	let topicA: string;
	let topicB: string;
	let otherTopic: string;

	it("topics wait for each side that has not agreed, and leave when that side agrees", async () => {
		prepId = await preparingMeeting(as("union_staff"), 2027);
		await submitMeeting(as("union_staff"), prepId);
		await acceptMeeting(as("gov_head"), prepId);
		topicA = await proposeTopic(as("union_staff"), prepId, topicInput("职工劳动保护"));
		topicB = await proposeTopic(as("union_staff"), prepId, topicInput("欠薪治理"));

		const liaison = await bench(as("gov_liaison"));
		expect(ids(liaison.topics)).toEqual([topicA, topicB]);
		expect(liaison.topics?.[0]).toMatchObject({ title: "职工劳动保护", path: `meetings/${prepId}#topics` });
		expect(ids((await bench(as("union_chair"))).topics)).toEqual([topicA, topicB]);
		expect((await bench(as("union_staff"))).topics).toBeNull();
		expect((await bench(as("department_liaison"))).topics).toBeNull();

		await agreeTopic(as("gov_liaison"), prepId, topicA);
		expect(ids((await bench(as("gov_liaison"))).topics)).toEqual([topicB]);
		// The deputy secretary-general speaks for the same side: the government side has agreed.
		expect(ids((await bench(as("gov_deputy_secretary"))).topics)).toEqual([topicB]);
		expect(ids((await bench(as("union_chair"))).topics)).toEqual([topicA, topicB]);

		await agreeTopic(as("union_chair"), prepId, topicA);
		expect(ids((await bench(as("union_chair"))).topics)).toEqual([topicB]);
	});

	it("opinion requests wait for their department's liaison, most overdue first, until answered", async () => {
		const later = await requestOpinion(as("union_staff"), prepId, {
			topicId: topicA,
			departmentId: hrId,
			dueOn: "2026-05-01",
			note: "",
		});
		const sooner = await requestOpinion(as("union_staff"), prepId, {
			topicId: topicB,
			departmentId: hrId,
			dueOn: "2026-04-01",
			note: "",
		});
		const mine = await bench(as("department_liaison"));
		expect(ids(mine.opinions)).toEqual([sooner, later]);
		expect(mine.opinions?.[0]).toMatchObject({ overdue: true, due: "2026-04-01", path: `opinions#op-${sooner}` });
		expect(mine.opinions?.[1]?.overdue).toBe(false);
		expect((await bench(as("idle_liaison"))).opinions).toEqual([]);
		expect((await bench(as("union_staff"))).opinions).toBeNull();

		await answerOpinion(as("department_liaison"), sooner, "同意。");
		expect(ids((await bench(as("department_liaison"))).opinions)).toEqual([later]);
	});

	let heldId: string;
	let minutesId: string;
	it("minutes wait for the reviewer of their stage", async () => {
		heldId = await holdMeeting(db, as, 2026);
		await saveMinutes(as("union_staff"), heldId, {
			presidedBy: "副市长",
			body: "正文",
			matters: [
				{ content: "技能培训补贴", leadDepartmentId: hrId, coDepartmentIds: [], deadline: "2027-06-30" },
				{ content: "职业伤害保障试点", leadDepartmentId: hrId, coDepartmentIds: [], deadline: "2026-06-30" },
			],
		});
		expect((await bench(as("union_chair"))).minutes).toEqual([]);
		await advanceMinutes(as("union_staff"), heldId, "submit");
		const row = await db.owner
			.selectFrom("minutes")
			.select("id")
			.where("meeting_id", "=", heldId)
			.executeTakeFirstOrThrow();
		minutesId = row.id;

		const chair = await bench(as("union_chair"));
		expect(ids(chair.minutes)).toEqual([minutesId]);
		expect(chair.minutes?.[0]?.path).toBe(`meetings/${heldId}/minutes`);
		expect((await bench(as("gov_liaison"))).minutes).toEqual([]);
		expect((await bench(as("union_staff"))).minutes).toBeNull();

		await advanceMinutes(as("union_chair"), heldId, "union_approve");
		expect((await bench(as("union_chair"))).minutes).toEqual([]);
		expect(ids((await bench(as("gov_liaison"))).minutes)).toEqual([minutesId]);
		expect(ids((await bench(as("gov_head"))).minutes)).toEqual([minutesId]);

		await advanceMinutes(as("gov_liaison"), heldId, "gov_approve");
		expect((await bench(as("gov_liaison"))).minutes).toEqual([]);
		await advanceMinutes(as("gov_office"), heldId, "issue", { today: "2026-04-01" });
	});

	it("decided matters wait for the lead department's report, then for verification", async () => {
		const matters = await db.owner
			.selectFrom("decided_matters")
			.select(["id", "content"])
			.where("meeting_id", "=", heldId)
			.orderBy("deadline")
			.execute();
		const [pilot, training] = matters.map((m) => m.id) as [string, string];

		const mine = await bench(as("department_liaison"), "2026-07-15");
		expect(ids(mine.progress)).toEqual([pilot, training]);
		expect(mine.progress?.[0]).toMatchObject({ overdue: true, path: `matters/${pilot}`, due: "2026-06-30" });
		expect(mine.progress?.[1]?.overdue).toBe(false);
		expect((await bench(as("idle_liaison"))).progress).toEqual([]);
		expect((await bench(as("union_staff"))).verify).toEqual([]);

		await actOnMatter(as("department_liaison"), pilot, "done", { text: "已完成试点。" });
		expect(ids((await bench(as("department_liaison"))).progress)).toEqual([training]);
		expect((await bench(as("department_liaison"))).verify).toBeNull();
		expect(ids((await bench(as("union_staff"))).verify)).toEqual([pilot]);
		expect(ids((await bench(as("gov_office"))).verify)).toEqual([pilot]);
		expect((await bench(as("gov_head"))).verify).toBeNull();

		await actOnMatter(as("gov_office"), pilot, "verify", { text: "" });
		expect((await bench(as("union_staff"))).verify).toEqual([]);
		expect((await bench(as("gov_office"))).verify).toEqual([]);
	});

	it("scheduled meetings show for the roster and the preparing offices, with the calendar file", async () => {
		const meetingId = await preparingMeeting(as("union_staff"), 2028);
		await submitMeeting(as("union_staff"), meetingId);
		await acceptMeeting(as("gov_head"), meetingId);
		await proposeTopic(as("union_staff"), meetingId, topicInput("技能提升"));
		const topics = await db.owner.selectFrom("topics").select("id").where("meeting_id", "=", meetingId).execute();
		for (const topic of topics) {
			await agreeTopic(as("gov_liaison"), meetingId, topic.id);
			await agreeTopic(as("union_chair"), meetingId, topic.id);
		}
		await addAttendee(as("union_staff"), meetingId, {
			source: "member",
			capacity: "attend",
			userId: as("gov_deputy_secretary").actor.userId,
		});
		// O3: the head attends; the union chair is on leave, which keeps the meeting off their list.
		await addAttendee(as("union_staff"), meetingId, {
			source: "member",
			capacity: "attend",
			userId: as("gov_head").actor.userId,
		});
		await recordLeave(as("gov_head"), meetingId, { userId: as("union_chair").actor.userId, reason: "出差" });
		await scheduleMeeting(as("gov_office"), meetingId, {
			start: new Date("2028-03-20T01:00:00Z"),
			end: new Date("2028-03-20T03:00:00Z"),
			place: "第一会议室",
		});
		const calendarPath = `meetings/${meetingId}/calendar.ics`;
		for (const who of ["gov_deputy_secretary", "union_staff", "gov_office"] as const) {
			const b = await bench(as(who));
			expect(ids(b.meetings), who).toEqual([meetingId]);
			expect(b.meetings?.[0]).toMatchObject({ calendarPath, context: "第一会议室", path: `meetings/${meetingId}` });
		}
		expect((await bench(as("idle_liaison"))).meetings).toEqual([]);
		expect((await bench(as("union_chair"))).meetings).toEqual([]);
	});

	it("never lists another tenant's work", async () => {
		const otherMeeting = await preparingMeeting(otherStaff, 2027);
		await submitMeeting(otherStaff, otherMeeting);
		const otherHead = await createActorOptions(db, other, ["gov_head"]);
		await acceptMeeting(otherHead, otherMeeting);
		otherTopic = await proposeTopic(otherStaff, otherMeeting, topicInput("另一单位的议题"));

		const theirs = await bench(otherChair);
		expect(ids(theirs.topics)).toEqual([otherTopic]);
		expect(ids(theirs.topics)).not.toContain(topicB);
		for (const who of people.keys()) {
			const mine = allIds(await bench(as(who)));
			expect(mine, who).not.toContain(otherTopic);
			expect(mine, who).not.toContain(otherMeeting);
		}
		expect(ids((await bench(as("union_chair"))).topics)).toEqual([topicB]);
	});

	it("a person with nothing waiting sees only empty groups", async () => {
		const admin = await bench(as("admin"));
		expect(allIds(admin)).toEqual([]);
		expect(admin.meetings).toEqual([]);
		const idle = await bench(as("idle_liaison"));
		expect(idle).toMatchObject({ opinions: [], progress: [], meetings: [], topics: null, minutes: null, verify: null });
		const newcomer = await createActorOptions(db, other, ["gov_office"]);
		expect(allIds(await bench(newcomer))).toEqual([]);
	});
});
