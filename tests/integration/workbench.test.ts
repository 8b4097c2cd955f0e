import { beforeAll, describe, expect, it } from "vitest";
import { addDepartment, bindLiaison } from "#app/domain/directory/manage-departments.server.ts";
import { actOnMatter } from "#app/domain/matters/matter-actions.server.ts";
import { replyToSupervision } from "#app/domain/matters/supervision-replies.server.ts";
import { createMeeting } from "#app/domain/meetings/create-meeting.server.ts";
import { acceptMeeting, consentToMeeting, submitMeeting } from "#app/domain/meetings/meeting-transitions.server.ts";
import { answerOpinion, requestOpinion } from "#app/domain/meetings/opinion-actions.server.ts";
import { addAttendee, recordLeave } from "#app/domain/meetings/roster-actions.server.ts";
import { scheduleMeeting } from "#app/domain/meetings/schedule-actions.server.ts";
import { agreeTopic, proposeTopic } from "#app/domain/meetings/topic-actions.server.ts";
import { advanceMinutes, saveMinutes } from "#app/domain/minutes/minutes-actions.server.ts";
import { readChildrenAttention } from "#app/domain/workbench/children-attention.server.ts";
import { dutiesOf } from "#app/domain/workbench/duties.ts";
import { meetingNextStep, nextStepLine } from "#app/domain/workbench/next-step.ts";
import { readMeetingNextStep } from "#app/domain/workbench/read-next-step.server.ts";
import { readWorkbench, type Workbench } from "#app/domain/workbench/read-workbench.server.ts";
import { shownWorkbench } from "#app/domain/workbench/shown-workbench.ts";
import { workbenchGroups, workbenchScope } from "#app/domain/workbench/workbench-rules.ts";
import type { MeetingKind, MeetingStatus, MinutesStatus, Role } from "#db/schema.ts";
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

/** Issue #22: report groups only where the unit can be asked (a unit above it) or reviews (units below). */
describe("report-request groups follow the unit's place in the tree", () => {
	it("a top unit is never told it has nothing to fill in; a child is; a parent reviews", async () => {
		const top = await createTenant(db);
		const child = await createTenant(db, { kind: "county", parentId: top.id });
		const topOffice = await bench(await createActorOptions(db, top, ["gov_office"]));
		const childOffice = await bench(await createActorOptions(db, child, ["gov_office"]));
		const childHead = await bench(await createActorOptions(db, child, ["gov_head"]));
		expect({ fill: topOffice.reportFill, approve: topOffice.reportApprove, review: topOffice.reportReview }).toEqual({
			fill: null,
			approve: null,
			review: [],
		});
		expect({ fill: childOffice.reportFill, review: childOffice.reportReview }).toEqual({ fill: [], review: null });
		expect(childHead.reportApprove).toEqual([]);
	});

	it("a unit with more reports to review than the home lists reads the first eight, oldest first, and counts them all", async () => {
		const top = await createTenant(db);
		const units = [];
		for (let i = 0; i < 11; i++) units.push(await createTenant(db, { kind: "county", parentId: top.id }));
		const request = await db.owner
			.insertInto("report_requests")
			.values({
				tenant_id: top.id,
				title: "年度工会工作数据",
				kind: "documents",
				period_kind: "once",
				period_key: "once",
				due_on: "2026-05-01",
				scope: "children",
				series_id: crypto.randomUUID(),
			} as never)
			.returning("id")
			.executeTakeFirstOrThrow();
		// Reported a day apart, the last unit first; one already opened, one not yet reported.
		await db.owner
			.insertInto("report_targets")
			.values(
				units.map((unit, i) => ({
					tenant_id: top.id,
					request_id: request.id,
					unit_id: unit.id,
					reviewer_id: top.id,
					depth: 1,
					status: i === 0 ? "draft" : "submitted",
					reported_at: i === 0 ? null : new Date(Date.UTC(2026, 3, 20 - i)),
					opened_at: i === 1 ? new Date(Date.UTC(2026, 3, 25)) : null,
				})) as never,
			)
			.execute();
		const office = await bench(await createActorOptions(db, top, ["gov_office"]));
		const waiting = units.slice(2).reverse();
		expect(office.reportReview?.map((i) => i.context)).toEqual(
			waiting.slice(0, 8).map((unit) => `测试单位 ${unit.slug}`),
		);
		expect(office.totals).toEqual({ reportReview: 9 });
		expect(shownWorkbench(office, office.totals).reportReview?.count).toBe(9);
	});
});

/** Issue #21: every act the person may take now, and the next step naming who takes it. */
describe("acts waiting for a person, and the next step by name", () => {
	const step = (who: Options, meetingId: string) =>
		readMeetingNextStep(
			db.app,
			{ userId: who.actor.userId, tenantId: who.actor.membership.tenant.id },
			who.actor.membership.roles,
			meetingId,
		);
	const named = async (who: Person, name: string, title: string | null) => {
		await db.owner.updateTable("users").set({ display_name: name }).where("id", "=", as(who).actor.userId).execute();
		await db.owner
			.updateTable("memberships")
			.set({ title })
			.where("tenant_id", "=", tenant.id)
			.where("user_id", "=", as(who).actor.userId)
			.execute();
	};

	beforeAll(async () => {
		await named("gov_head", "陈国华", "县长");
		await named("gov_liaison", "王志强", null);
		await named("gov_office", "李明", "政府办副主任");
		await named("union_staff", "张红", null);
		await named("union_chair", "赵梅", "工会主席");
	});

	let regular: string;
	it("a regular request waits for the head and the liaison vice-head, named, and speaks to them", async () => {
		regular = await preparingMeeting(as("union_staff"), 2030);
		expect((await bench(as("union_staff"))).requests).toEqual([
			expect.objectContaining({ id: regular, act: "submit", path: `meetings/${regular}` }),
		]);
		expect(ids((await bench(as("gov_head"))).requests)).toEqual([]);
		expect(await step(as("gov_head"), regular)).toEqual({
			step: "submit",
			you: false,
			// The union's staff and chair may each submit (O1): either is named.
			waitingFor: [
				[
					{ name: "张红", title: null, role: "union_staff" },
					{ name: "赵梅", title: "工会主席", role: "union_chair" },
				],
			],
		});

		await submitMeeting(as("union_staff"), regular);
		for (const who of ["gov_head", "gov_liaison"] as const) {
			const mine = await bench(as(who));
			expect(mine.requests, who).toEqual([expect.objectContaining({ id: regular, act: "accept" })]);
			expect(await step(as(who), regular), who).toEqual({ step: "accept", you: true, waitingFor: [] });
		}
		expect((await bench(as("union_chair"))).requests).toEqual([]);
		expect((await bench(as("gov_deputy_secretary"))).requests).toBeNull();
		expect((await bench(as("department_liaison"))).requests).toBeNull();
		expect(ids((await bench(as("union_staff"))).requests)).toEqual([]);
		expect(await step(as("union_staff"), regular)).toEqual({
			step: "accept",
			you: false,
			waitingFor: [
				[
					{ name: "陈国华", title: "县长", role: "gov_head" },
					{ name: "王志强", title: null, role: "gov_liaison" },
				],
			],
		});

		await acceptMeeting(as("gov_head"), regular);
		expect((await bench(as("gov_head"))).requests).toEqual([]);
		expect((await bench(as("gov_liaison"))).requests).toEqual([]);
		// Preparing takes both offices: each is told who prepares with them.
		expect(await step(as("gov_head"), regular)).toEqual({
			step: "prepare",
			you: false,
			waitingFor: [
				[{ name: "李明", title: "政府办副主任", role: "gov_office" }],
				[{ name: "张红", title: null, role: "union_staff" }],
			],
		});
		expect(await step(as("gov_office"), regular)).toEqual({
			step: "prepare",
			you: true,
			waitingFor: [[{ name: "张红", title: null, role: "union_staff" }]],
		});
	});

	it("an extraordinary request waits for each side's consent once", async () => {
		const extra = (
			await createMeeting({
				...as("union_staff"),
				proposal: { kind: "extraordinary", reason: "欠薪", windowFrom: "2030-05-01", windowTo: "2030-05-31" },
			})
		).id;
		await submitMeeting(as("union_staff"), extra);
		expect((await bench(as("gov_liaison"))).requests).toEqual([expect.objectContaining({ id: extra, act: "consent" })]);
		expect((await bench(as("union_chair"))).requests).toEqual([expect.objectContaining({ id: extra, act: "consent" })]);
		// O1: the head accepts regular meetings only; an extraordinary one is not theirs to decide.
		expect((await bench(as("gov_head"))).requests).toEqual([]);
		expect(await step(as("gov_head"), extra)).toEqual({
			step: "consent",
			you: false,
			waitingFor: [
				[{ name: "王志强", title: null, role: "gov_liaison" }],
				[{ name: "赵梅", title: "工会主席", role: "union_chair" }],
			],
		});
		expect(await step(as("union_chair"), extra)).toEqual({
			step: "consent",
			you: true,
			waitingFor: [[{ name: "王志强", title: null, role: "gov_liaison" }]],
		});

		await consentToMeeting(as("gov_liaison"), extra, null);
		expect((await bench(as("gov_liaison"))).requests).toEqual([]);
		expect(ids((await bench(as("union_chair"))).requests)).toEqual([extra]);
		expect(await step(as("gov_head"), extra)).toEqual({
			step: "consent",
			you: false,
			waitingFor: [[{ name: "赵梅", title: "工会主席", role: "union_chair" }]],
		});
		expect(await step(as("union_chair"), extra)).toEqual({ step: "consent", you: true, waitingFor: [] });
	});

	it("an extension request waits for the liaison vice-head and the deputy secretary-general", async () => {
		const training = await db.owner
			.selectFrom("decided_matters")
			.select("id")
			.where("tenant_id", "=", tenant.id)
			.where("content", "=", "技能培训补贴")
			.executeTakeFirstOrThrow();
		expect((await bench(as("gov_liaison"))).extensions).toEqual([]);
		await actOnMatter(as("gov_office"), training.id, "extend", { text: "需要协调资金", newDeadline: "2027-12-31" });
		for (const who of ["gov_liaison", "gov_deputy_secretary"] as const) {
			expect((await bench(as(who), "2026-04-15")).extensions, who).toEqual([
				expect.objectContaining({
					id: training.id,
					path: `matters/${training.id}`,
					context: "人社局",
					newDeadline: "2027-12-31",
					due: "2027-06-30",
					overdue: false,
				}),
			]);
		}
		expect((await bench(as("gov_head"))).extensions).toBeNull();
		expect((await bench(as("gov_office"))).extensions).toBeNull();
		await actOnMatter(as("gov_liaison"), training.id, "approve_extension", { text: "" });
		expect((await bench(as("gov_liaison"))).extensions).toEqual([]);
	});

	it("a 督办 waits for the lead department's written reply, overdue after its reply-by day", async () => {
		const training = await db.owner
			.selectFrom("decided_matters")
			.select("id")
			.where("tenant_id", "=", tenant.id)
			.where("content", "=", "技能培训补贴")
			.executeTakeFirstOrThrow();
		await actOnMatter(as("gov_office"), training.id, "supervision", { text: "请加快进度", replyBy: "2030-01-10" });
		const notice = await db.owner
			.selectFrom("matter_updates")
			.select("id")
			.where("matter_id", "=", training.id)
			.where("kind", "=", "supervision")
			.executeTakeFirstOrThrow();
		expect((await bench(as("department_liaison"), "2030-01-11")).replies).toEqual([
			expect.objectContaining({ id: notice.id, path: `matters/${training.id}`, due: "2030-01-10", overdue: true }),
		]);
		expect((await bench(as("department_liaison"), "2030-01-10")).replies?.[0]?.overdue).toBe(false);
		expect((await bench(as("idle_liaison"))).replies).toEqual([]);
		expect((await bench(as("gov_office"))).replies).toBeNull();
		await replyToSupervision(as("department_liaison"), training.id, notice.id, "已加快办理。");
		expect((await bench(as("department_liaison"))).replies).toEqual([]);
	});
});

describe("the step a meeting waits for", () => {
	it("follows the meeting, then its minutes", () => {
		const at = (status: MeetingStatus, kind: MeetingKind = "regular", minutesStatus: MinutesStatus | null = null) =>
			meetingNextStep({ status, kind, minutesStatus });
		expect(at("draft")).toBe("submit");
		expect(at("requested")).toBe("accept");
		expect(at("requested", "extraordinary")).toBe("consent");
		expect(at("preparing")).toBe("prepare");
		expect(at("scheduled")).toBe("hold");
		expect(at("held")).toBe("draftMinutes");
		expect(at("minutes_review", "regular", "union_review")).toBe("unionReview");
		expect(at("minutes_review", "regular", "gov_review")).toBe("govReview");
		expect(at("minutes_review", "regular", "approved")).toBe("issue");
		expect(at("minutes_review", "regular", "draft")).toBe("draftMinutes");
		expect(at("minutes_issued", "regular", "issued")).toBe("followUp");
		expect(at("declined")).toBe("closed");
	});
	it("names the reviewers of the stage, or the role when nobody holds it", () => {
		const members = [
			{ userId: "u1", name: "赵梅", title: "工会主席", roles: ["union_chair"] as Role[] },
			{ userId: "u2", name: "陈国华", title: null, roles: ["gov_head"] as Role[] },
		];
		expect(nextStepLine("unionReview", members, { userId: "u2", roles: ["gov_head"] })).toEqual({
			step: "unionReview",
			you: false,
			waitingFor: [[{ name: "赵梅", title: "工会主席", role: "union_chair" }]],
		});
		expect(nextStepLine("govReview", members, { userId: "u1", roles: ["union_chair"] })).toEqual({
			step: "govReview",
			you: false,
			waitingFor: [[{ name: "陈国华", title: null, role: "gov_head" }]],
		});
		expect(nextStepLine("govReview", members, { userId: "u2", roles: ["gov_head"] })).toMatchObject({ you: true });
		// Nobody is the liaison vice-head yet: the role itself is named.
		expect(nextStepLine("consent", [], { userId: "u2", roles: ["gov_head"] }, ["gov"])).toEqual({
			step: "consent",
			you: false,
			waitingFor: [[{ name: null, title: null, role: "gov_liaison" }]],
		});
	});
});

describe("the home's next step and the subordinate units that need attention", () => {
	it("names only what the roles do and what the unit has", () => {
		expect(dutiesOf(["gov_office"], { hasChildren: false })).toEqual(["prepare", "supervise"]);
		expect(dutiesOf(["gov_office"], { hasChildren: true })).toEqual(["prepare", "supervise", "childStats"]);
		expect(dutiesOf(["gov_head"], { hasChildren: false })).toEqual(["accept", "review"]);
		expect(dutiesOf(["gov_liaison"], { hasChildren: false })).toEqual([
			"accept",
			"consent",
			"agree",
			"review",
			"extensions",
		]);
		expect(dutiesOf(["admin"], { hasChildren: false })).toEqual(["manage"]);
		expect(dutiesOf(["admin"], { hasChildren: true })).toEqual(["manage", "children", "childStats"]);
		expect(dutiesOf(["department_liaison"], { hasChildren: true })).toEqual(["opinions", "progress"]);
	});

	it("a county without subordinate units is told nothing about them; a parent sees its flagged child", async () => {
		const county = await createTenant(db, { kind: "county" });
		const office = await createActorOptions(db, county, ["gov_office"]);
		const officeActor = { userId: office.actor.userId, tenantId: county.id };
		expect(await readChildrenAttention(db.app, officeActor, "2026-06-15")).toBeNull();

		const city = await createTenant(db, { kind: "city" });
		const lagging = await createTenant(db, { kind: "county", parentId: city.id });
		const keeping = await createTenant(db, { kind: "county", parentId: city.id });
		await db.owner
			.insertInto("systems")
			.values({
				tenant_id: keeping.id,
				version: 1,
				title: "联席会议制度",
				issuing_bodies: "办公室",
				doc_number: "〔2026〕1号",
				issued_on: "2026-03-01",
				effective_on: "2026-03-01",
			})
			.execute();
		const cityOffice = await createActorOptions(db, city, ["gov_office"]);
		const cityActor = { userId: cityOffice.actor.userId, tenantId: city.id };
		expect(await readChildrenAttention(db.app, cityActor, "2026-06-15")).toEqual({
			year: 2026,
			flagged: 1,
			units: [{ id: lagging.id, name: `测试单位 ${lagging.slug}`, hasChildren: false, flags: ["noSystem"] }],
		});
		// From 1 December a unit without this year's regular meeting is flagged too (O1).
		expect(await readChildrenAttention(db.app, cityActor, "2026-12-04")).toEqual({
			year: 2026,
			flagged: 2,
			units: [
				{
					id: lagging.id,
					name: `测试单位 ${lagging.slug}`,
					hasChildren: false,
					flags: ["noSystem", "noRegularMeeting"],
				},
				{ id: keeping.id, name: `测试单位 ${keeping.slug}`, hasChildren: false, flags: ["noRegularMeeting"] },
			],
		});
	});

	it("lists the first ten flagged units, most flags first, and counts them all", async () => {
		const city = await createTenant(db, { kind: "city" });
		const slugs = Array.from({ length: 12 }, (_, i) => `att-${String(i).padStart(2, "0")}-${city.slug}`);
		const units = [];
		for (const slug of slugs) units.push(await createTenant(db, { kind: "county", parentId: city.id, slug }));
		const office = await createActorOptions(db, city, ["gov_office"]);
		const actor = { userId: office.actor.userId, tenantId: city.id };
		// Every child lacks a system (one flag) and, from 1 December, the year's meeting (two).
		const read = await readChildrenAttention(db.app, actor, "2026-12-04");
		expect(read?.flagged).toBe(12);
		expect(read?.units.map((u) => u.name)).toEqual(slugs.slice(0, 10).map((slug) => `测试单位 ${slug}`));
		expect(read?.units[0]?.flags).toEqual(["noSystem", "noRegularMeeting"]);
	});
});
