import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "#app/domain/auth/password.server.ts";
import { addDepartment, bindLiaison } from "#app/domain/directory/manage-departments.server.ts";
import { createMeeting } from "#app/domain/meetings/create-meeting.server.ts";
import { acceptMeeting, submitMeeting } from "#app/domain/meetings/meeting-transitions.server.ts";
import { requestOpinion } from "#app/domain/meetings/opinion-actions.server.ts";
import { addAttendee, recordLeave, withdrawLeave } from "#app/domain/meetings/roster-actions.server.ts";
import { recordHeld, scheduleMeeting } from "#app/domain/meetings/schedule-actions.server.ts";
import { agreeTopic, proposeTopic } from "#app/domain/meetings/topic-actions.server.ts";
import { saveMinutes } from "#app/domain/minutes/minutes-actions.server.ts";
import { Refusal } from "#app/domain/refusal.ts";
import { readWorkbench } from "#app/domain/workbench/read-workbench.server.ts";
import { localFileStore } from "#app/lib/file-store.server.ts";
import { openDatabase } from "#db/client.ts";
import { parseDatabaseEnv } from "#db/database-env.ts";
import { migrateToLatest } from "#db/migrate.ts";
import type { Role } from "#db/schema.ts";
import { seedDemo } from "#db/seed/seed-demo.ts";
import {
	createActorOptions,
	createTenant,
	openIntegrationDatabase,
	type TenantFixture,
} from "#tests/support/integration-db.ts";
import { holdMeeting } from "#tests/support/meeting-fixtures.ts";
import { createTestDatabase } from "#tests/support/test-databases.ts";

/**
 * O3: the leaders who must attend are on the roster or on leave a leader recorded, before the
 * meeting is scheduled and on the day. O2/O6: a department without an active liaison is not sent
 * opinion requests or made a lead department; the sender is told why and the administrator is asked.
 */
const db = await openIntegrationDatabase();
type Options = Awaited<ReturnType<typeof createActorOptions>>;

let tenant: TenantFixture;
const people = new Map<Role, Options>();
const as = (role: Role) => people.get(role) as Options;
const userOf = (role: Role) => as(role).actor.userId;
const names: Partial<Record<Role, string>> = {
	gov_head: "县长甲",
	gov_liaison: "副县长乙",
	gov_deputy_secretary: "副秘书长丙",
	union_chair: "主席丁",
	union_vice_chair: "副主席戊",
};

async function refusal(work: Promise<unknown>) {
	try {
		await work;
	} catch (error) {
		if (error instanceof Refusal) return { reason: error.reason, params: error.params };
		throw error;
	}
	return "no refusal";
}

/** A regular meeting accepted, with its topics agreed: ready to schedule but for its roster. */
async function readyMeeting(year: number) {
	const meeting = await createMeeting({
		...as("union_staff"),
		proposal: { kind: "regular", reason: "例会", windowFrom: `${year}-03-01`, windowTo: `${year}-03-31` },
	});
	await submitMeeting(as("union_staff"), meeting.id);
	await acceptMeeting(as("gov_head"), meeting.id);
	await proposeTopic(as("union_staff"), meeting.id, {
		category: 4,
		title: "议题",
		background: "",
		research: "",
		suggestions: "",
	});
	const topics = await db.owner.selectFrom("topics").select("id").where("meeting_id", "=", meeting.id).execute();
	for (const topic of topics) {
		await agreeTopic(as("gov_liaison"), meeting.id, topic.id);
		await agreeTopic(as("union_chair"), meeting.id, topic.id);
	}
	return { meetingId: meeting.id, topicId: topics[0]?.id as string };
}

const attend = (meetingId: string, role: Role) =>
	addAttendee(as("union_staff"), meetingId, { source: "member", capacity: "attend", userId: userOf(role) });

const slot = (year: number) => ({
	start: new Date(`${year}-03-20T01:00:00Z`),
	end: new Date(`${year}-03-20T03:00:00Z`),
	place: "县政府会议室",
});

beforeAll(async () => {
	tenant = await createTenant(db, { kind: "county" });
	for (const role of [
		"admin",
		"union_staff",
		"gov_office",
		"gov_head",
		"gov_liaison",
		"gov_deputy_secretary",
		"union_chair",
		"union_vice_chair",
		"department_liaison",
	] as Role[]) {
		people.set(role, await createActorOptions(db, tenant, [role]));
		const name = names[role];
		if (name) await db.owner.updateTable("users").set({ display_name: name }).where("id", "=", userOf(role)).execute();
	}
});

describe("O3: who must attend", () => {
	it("refuses to schedule without the required leaders, naming them", async () => {
		const { meetingId } = await readyMeeting(2025);
		await attend(meetingId, "gov_liaison");
		await addAttendee(as("union_staff"), meetingId, {
			source: "member",
			capacity: "sit_in",
			userId: userOf("union_chair"),
		});
		// A chair sitting in (列席) does not attend; the deputy secretary-general and the vice-chair are not there.
		expect(await refusal(scheduleMeeting(as("gov_office"), meetingId, slot(2025)))).toEqual({
			reason: "meetings.error.leadersNotOnRoster",
			params: { who: ["副秘书长丙", "主席丁", "副主席戊"] },
		});
		expect(
			await db.owner.selectFrom("meetings").select("status").where("id", "=", meetingId).executeTakeFirstOrThrow(),
		).toEqual({ status: "preparing" });
	});

	it("schedules once the missing leader's leave is recorded by a leader, in one step with its audit event", async () => {
		const { meetingId } = await readyMeeting(2024);
		for (const role of ["gov_head", "gov_deputy_secretary", "union_chair"] as Role[]) await attend(meetingId, role);
		expect(await refusal(scheduleMeeting(as("gov_office"), meetingId, slot(2024)))).toMatchObject({
			params: { who: ["副主席戊"] },
		});
		// Only the head, the liaison vice-head or the union chair records leave.
		const leave = { userId: userOf("union_vice_chair"), reason: "参加省总工会培训" };
		expect(await refusal(recordLeave(as("gov_office"), meetingId, leave))).toMatchObject({
			reason: "meetings.error.forbidden",
		});
		expect(await refusal(recordLeave(as("union_vice_chair"), meetingId, leave))).toMatchObject({
			reason: "meetings.error.forbidden",
		});
		await recordLeave(as("union_chair"), meetingId, leave);
		const row = await db.owner
			.selectFrom("attendees")
			.select(["capacity", "leave_reason", "leave_by"])
			.where("meeting_id", "=", meetingId)
			.where("user_id", "=", userOf("union_vice_chair"))
			.executeTakeFirstOrThrow();
		expect(row).toEqual({ capacity: "attend", leave_reason: "参加省总工会培训", leave_by: userOf("union_chair") });
		const audit = await db.owner
			.selectFrom("audit_events")
			.select(["actor_user_id", "after"])
			.where("entity_id", "=", meetingId)
			.where("action", "=", "meeting.record_leave")
			.execute();
		expect(audit).toEqual([
			{
				actor_user_id: userOf("union_chair"),
				after: {
					status: "preparing",
					leave: { user: userOf("union_vice_chair"), reason: "参加省总工会培训" },
				},
			},
		]);
		await scheduleMeeting(as("gov_office"), meetingId, slot(2024));
		expect(
			await db.owner.selectFrom("meetings").select("status").where("id", "=", meetingId).executeTakeFirstOrThrow(),
		).toEqual({ status: "scheduled" });
		// Withdrawn (the vice-chair comes after all), the place on the roster to attend stays.
		await withdrawLeave(as("gov_liaison"), meetingId, userOf("union_vice_chair"));
		expect(
			await db.owner
				.selectFrom("attendees")
				.select(["capacity", "leave_reason", "leave_by", "leave_at"])
				.where("meeting_id", "=", meetingId)
				.where("user_id", "=", userOf("union_vice_chair"))
				.executeTakeFirstOrThrow(),
		).toEqual({ capacity: "attend", leave_reason: null, leave_by: null, leave_at: null });
	});

	it("refuses the hold when a required leader is marked absent without leave", async () => {
		const { meetingId } = await readyMeeting(2023);
		for (const role of ["gov_head", "gov_deputy_secretary", "union_chair", "union_vice_chair"] as Role[])
			await attend(meetingId, role);
		await recordLeave(as("gov_liaison"), meetingId, { userId: userOf("union_vice_chair"), reason: "出差" });
		await scheduleMeeting(as("gov_office"), meetingId, slot(2023));
		const rows = await db.owner
			.selectFrom("attendees")
			.select(["id", "user_id"])
			.where("meeting_id", "=", meetingId)
			.execute();
		const marks = (absent: Role[]) =>
			rows.map((r) => {
				const away = absent.some((role) => userOf(role) === r.user_id);
				return {
					attendeeId: r.id,
					presence: away ? ("absent" as const) : ("present" as const),
					absenceReason: away ? "另有公务" : null,
					substitute: null,
				};
			});
		// The union chair, recorded absent (a reason is not leave), holds it up; nothing is written.
		expect(
			await refusal(recordHeld(as("gov_office"), meetingId, { heldOn: "2023-03-20", marks: marks(["union_chair"]) })),
		).toEqual({ reason: "meetings.error.leadersAbsent", params: { who: ["主席丁"] } });
		const after = await db.owner
			.selectFrom("attendees")
			.select("presence")
			.where("meeting_id", "=", meetingId)
			.where("user_id", "=", userOf("union_chair"))
			.executeTakeFirstOrThrow();
		expect(after.presence).toBeNull();
		// The vice-chair on leave may be absent.
		await recordHeld(as("gov_office"), meetingId, { heldOn: "2023-03-20", marks: marks(["union_vice_chair"]) });
		expect(
			await db.owner.selectFrom("meetings").select("status").where("id", "=", meetingId).executeTakeFirstOrThrow(),
		).toEqual({ status: "held" });
	});

	it("the fixture's meeting satisfies O3", async () => {
		const id = await holdMeeting(db, as, 2022);
		expect(
			await db.owner.selectFrom("meetings").select("status").where("id", "=", id).executeTakeFirstOrThrow(),
		).toEqual({ status: "held" });
	});
});

describe("O2/O6: departments reach a person through their liaison", () => {
	let unbound: string;
	let bound: string;

	const notificationsOf = (role: Role, departmentId: string) =>
		db.owner
			.selectFrom("notifications")
			.select(["kind", "link", "params"])
			.where("user_id", "=", userOf(role))
			.where("entity_id", "=", departmentId)
			.execute();

	beforeAll(async () => {
		const added = await addDepartment(as("admin"), {
			name: "县人力资源和社会保障局",
			side: "gov",
			category: "functional",
			sortOrder: 0,
		});
		const other = await addDepartment(as("admin"), {
			name: "县财政局",
			side: "gov",
			category: "functional",
			sortOrder: 1,
		});
		if (!added.ok || !other.ok) throw new Error("department");
		unbound = added.id;
		bound = other.id;
		await bindLiaison(as("admin"), bound, userOf("department_liaison"));
	});

	it("refuses an opinion request to a department without a liaison and tells the administrator, once a day", async () => {
		const { meetingId, topicId } = await readyMeeting(2021);
		const request = { topicId, departmentId: unbound, dueOn: "2021-03-10", note: "" };
		expect(await refusal(requestOpinion(as("union_staff"), meetingId, request))).toEqual({
			reason: "directory.unreachable.opinion",
			params: { department: ["县人力资源和社会保障局"] },
		});
		expect(
			await db.owner.selectFrom("opinion_requests").select("id").where("department_id", "=", unbound).execute(),
		).toEqual([]);
		const notified = await notificationsOf("admin", unbound);
		expect(notified).toEqual([
			{
				kind: "department.liaison_missing",
				link: `/t/${tenant.slug}/departments/${unbound}`,
				params: { department: "县人力资源和社会保障局" },
			},
		]);
		const outbox = await db.owner
			.selectFrom("outbox")
			.select("payload")
			.where("tenant_id", "=", tenant.id)
			.where("topic", "=", "notification.created")
			.execute();
		expect(outbox.some((o) => (o.payload as { kind?: string }).kind === "department.liaison_missing")).toBe(true);
		// Asked again the same day: refused again, the administrator is not told twice.
		expect(await refusal(requestOpinion(as("union_staff"), meetingId, request))).toMatchObject({
			reason: "directory.unreachable.opinion",
		});
		expect(await notificationsOf("admin", unbound)).toHaveLength(1);
		// Nobody else hears of it; the bound department is asked as before.
		expect(await notificationsOf("union_chair", unbound)).toEqual([]);
		await requestOpinion(as("union_staff"), meetingId, { ...request, departmentId: bound });
	});

	it("a liaison whose membership is disabled does not count", async () => {
		const { meetingId, topicId } = await readyMeeting(2020);
		const gone = await createActorOptions(db, tenant, ["department_liaison"]);
		await bindLiaison(as("admin"), unbound, gone.actor.userId);
		await db.owner
			.updateTable("memberships")
			.set({ disabled_at: new Date() })
			.where("tenant_id", "=", tenant.id)
			.where("user_id", "=", gone.actor.userId)
			.execute();
		expect(
			await refusal(
				requestOpinion(as("union_staff"), meetingId, { topicId, departmentId: unbound, dueOn: "2020-03-10", note: "" }),
			),
		).toMatchObject({ reason: "directory.unreachable.opinion" });
	});

	it("refuses a decided matter led by a department without a liaison", async () => {
		const meetingId = await holdMeeting(db, as, 2019);
		const draft = (lead: string) => ({
			presidedBy: "副县长乙",
			body: "纪要",
			matters: [
				{ content: "开展职业伤害保障试点", leadDepartmentId: lead, coDepartmentIds: [], deadline: "2019-12-31" },
			],
		});
		expect(await refusal(saveMinutes(as("union_staff"), meetingId, draft(unbound)))).toEqual({
			reason: "directory.unreachable.matter",
			params: { department: ["县人力资源和社会保障局"] },
		});
		expect(await db.owner.selectFrom("minutes").select("id").where("meeting_id", "=", meetingId).execute()).toEqual([]);
		expect((await saveMinutes(as("union_staff"), meetingId, draft(bound))).version).toBe(1);
	});

	it("lists the departments without a liaison on the administrator's workbench, and only there", async () => {
		const read = (role: Role) =>
			readWorkbench(
				db.app,
				{ userId: userOf(role), tenantId: tenant.id },
				as(role).actor.membership.roles,
				"2026-04-15",
			);
		const admin = await read("admin");
		expect(admin.liaisons).toEqual([
			{
				id: unbound,
				path: `departments/${unbound}`,
				title: "县人力资源和社会保障局",
				context: "",
				due: null,
				since: null,
				overdue: false,
				calendarPath: null,
			},
		]);
		expect((await read("union_staff")).liaisons).toBeNull();
		await bindLiaison(as("admin"), unbound, userOf("department_liaison"));
		expect((await read("admin")).liaisons).toEqual([]);
	});
});

describe("the demo seed", () => {
	const drops: (() => Promise<void>)[] = [];
	afterAll(async () => {
		for (const drop of drops) await drop();
	});

	it("binds a liaison in every unit that has departments", async () => {
		const target = await createTestDatabase("seed_liaisons");
		drops.push(target.drop);
		const env = parseDatabaseEnv({ DATABASE_URL: target.url, DATA_DIR: path.join("/tmp", target.name) });
		const seeded = await openDatabase({ env });
		try {
			await migrateToLatest(seeded.owner);
			await seedDemo(seeded.owner, { hashPassword, files: localFileStore(path.join(env.DATA_DIR, "files")) });
			const withoutLiaison = await seeded.owner
				.selectFrom("tenants as t")
				.select("t.slug")
				.where((eb) => eb.exists(eb.selectFrom("departments as d").select("d.id").whereRef("d.tenant_id", "=", "t.id")))
				.where((eb) =>
					eb.not(
						eb.exists(
							eb.selectFrom("department_liaisons as l").select("l.user_id").whereRef("l.tenant_id", "=", "t.id"),
						),
					),
				)
				.execute();
			expect(withoutLiaison).toEqual([]);
			const mianchi = await seeded.owner
				.selectFrom("department_liaisons as l")
				.innerJoin("departments as d", "d.id", "l.department_id")
				.innerJoin("tenants as t", "t.id", "l.tenant_id")
				.innerJoin("users as u", "u.id", "l.user_id")
				.select(["d.name", "u.email"])
				.where("t.slug", "=", "mianchi")
				.execute();
			expect(mianchi).toContainEqual({ name: "县人力资源和社会保障局", email: "department_liaison@mianchi.demo" });
		} finally {
			await seeded.close();
		}
	}, 180_000);
});
