import { beforeAll, describe, expect, it } from "vitest";
import { addDepartment, bindLiaison } from "#app/domain/directory/manage-departments.server.ts";
import { addAgendaItem, moveAgendaItem } from "#app/domain/meetings/agenda-actions.server.ts";
import { createMeeting } from "#app/domain/meetings/create-meeting.server.ts";
import { acceptMeeting, submitMeeting } from "#app/domain/meetings/meeting-transitions.server.ts";
import { answerOpinion, listMyOpinionRequests, requestOpinion } from "#app/domain/meetings/opinion-actions.server.ts";
import { readMeeting } from "#app/domain/meetings/read-meetings.server.ts";
import { addAttendee } from "#app/domain/meetings/roster-actions.server.ts";
import { recordHeld, scheduleMeeting } from "#app/domain/meetings/schedule-actions.server.ts";
import {
	agreeTopic,
	proposeTopic,
	returnTopic,
	reviseTopic,
	withdrawTopic,
} from "#app/domain/meetings/topic-actions.server.ts";
import { Refusal } from "#app/domain/refusal.ts";
import type { Role } from "#db/schema.ts";
import {
	createActorOptions,
	createTenant,
	openIntegrationDatabase,
	type TenantFixture,
} from "#tests/support/integration-db.ts";
import { rosterLeaders } from "#tests/support/meeting-fixtures.ts";

const db = await openIntegrationDatabase();
let tenant: TenantFixture;
const people = new Map<Role, Awaited<ReturnType<typeof actorFor>>>();

const actorFor = (roles: Role[]) => createActorOptions(db, tenant, roles);
const as = (role: Role) => people.get(role) as Awaited<ReturnType<typeof actorFor>>;
const topic = (title: string, category = 4) => ({
	category,
	title,
	background: "背景",
	research: "调研",
	suggestions: "建议",
});

async function refusal(work: Promise<unknown>) {
	try {
		await work;
	} catch (error) {
		if (error instanceof Refusal) return error.reason;
		throw error;
	}
	return "no refusal";
}

let meetingId: string;

beforeAll(async () => {
	tenant = await createTenant(db);
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
		"viewer",
	] as Role[]) {
		people.set(role, await actorFor([role]));
	}
	const meeting = await createMeeting({
		...as("union_staff"),
		proposal: { kind: "regular", reason: "年度例会", windowFrom: "2026-03-01", windowTo: "2026-03-31" },
	});
	meetingId = meeting.id;
	await submitMeeting(as("union_staff"), meetingId);
	await acceptMeeting(as("gov_head"), meetingId);
});

describe("preparing the meeting (O2–O4) and the day", () => {
	let agreed: string;
	let returned: string;

	it("topics need one agreement from each side (O2)", async () => {
		agreed = await proposeTopic(as("union_staff"), meetingId, topic("新就业形态劳动者权益保障"));
		expect(await agreeTopic(as("gov_deputy_secretary"), meetingId, agreed)).toBe("proposed");
		expect(await agreeTopic(as("gov_liaison"), meetingId, agreed)).toBe("proposed");
		expect(await agreeTopic(as("union_vice_chair"), meetingId, agreed)).toBe("agreed");
		const agreements = await db.owner
			.selectFrom("topic_agreements")
			.select(["side", "user_id"])
			.where("topic_id", "=", agreed)
			.execute();
		expect(agreements.map((a) => a.side).sort()).toEqual(["gov", "union"]);
		expect(await refusal(agreeTopic(as("union_staff"), meetingId, agreed))).toBe("meetings.error.forbidden");
		expect(await refusal(agreeTopic(as("gov_head"), meetingId, agreed))).toBe("meetings.error.forbidden");
	});

	it("a topic can be returned with comments, revised and withdrawn", async () => {
		returned = await proposeTopic(as("gov_office"), meetingId, topic("职工技能培训", 2));
		await agreeTopic(as("union_chair"), meetingId, returned);
		await returnTopic(as("gov_liaison"), meetingId, returned, "请补充调研数据");
		const row = await db.owner
			.selectFrom("topics")
			.select(["status", "return_comment"])
			.where("id", "=", returned)
			.executeTakeFirstOrThrow();
		expect(row).toEqual({ status: "returned", return_comment: "请补充调研数据" });
		expect(
			await db.owner.selectFrom("topic_agreements").select("side").where("topic_id", "=", returned).execute(),
		).toEqual([]);
		await reviseTopic(as("gov_office"), meetingId, returned, topic("职工技能培训（补充调研）", 2));
		await withdrawTopic(as("gov_office"), meetingId, returned, "与另一议题合并");
	});

	it("opinion requests go to a department's liaison, who answers; others cannot", async () => {
		const department = await addDepartment(as("admin"), {
			name: "人社局",
			side: "gov",
			category: "functional",
			sortOrder: 0,
		});
		if (!department.ok) throw new Error("department");
		await bindLiaison(as("admin"), department.id, as("department_liaison").actor.userId);
		expect(
			await refusal(
				requestOpinion(as("gov_office"), meetingId, {
					topicId: agreed,
					departmentId: department.id,
					dueOn: "2026-03-10",
					note: "",
				}),
			),
		).toBe("meetings.error.forbidden");
		const requestId = await requestOpinion(as("union_staff"), meetingId, {
			topicId: agreed,
			departmentId: department.id,
			dueOn: "2026-03-10",
			note: "请提出意见",
		});
		const mine = await listMyOpinionRequests(db.app, {
			userId: as("department_liaison").actor.userId,
			tenantId: tenant.id,
		});
		expect(mine.map((r) => [r.id, r.department, r.answer])).toEqual([[requestId, "人社局", null]]);
		const otherLiaison = await actorFor(["department_liaison"]);
		expect(await refusal(answerOpinion(otherLiaison, requestId, "越权答复"))).toBe("meetings.error.notLiaison");
		await answerOpinion(as("department_liaison"), requestId, "同意，建议扩大覆盖面");
		const answered = await db.owner
			.selectFrom("opinion_requests")
			.select(["answer", "answered_by"])
			.where("id", "=", requestId)
			.executeTakeFirstOrThrow();
		expect(answered).toEqual({ answer: "同意，建议扩大覆盖面", answered_by: as("department_liaison").actor.userId });
	});

	it("the roster takes members, departments and invited guests (O3)", async () => {
		await addAttendee(as("gov_office"), meetingId, {
			source: "member",
			capacity: "attend",
			userId: as("gov_liaison").actor.userId,
		});
		await addAttendee(as("gov_office"), meetingId, {
			source: "member",
			capacity: "attend",
			userId: as("union_chair").actor.userId,
		});
		await addAttendee(as("union_staff"), meetingId, {
			source: "guest",
			capacity: "invited",
			name: "李劳模",
			organisation: "某公司",
			guestType: "model_worker",
		});
		expect(
			await refusal(
				addAttendee(as("union_staff"), meetingId, {
					source: "guest",
					capacity: "attend",
					name: "x",
					organisation: "",
					guestType: "model_worker",
				}),
			),
		).toBe("meetings.error.guestTypeInvited");
		const rows = await db.owner
			.selectFrom("attendees")
			.select(["capacity", "guest_type"])
			.where("meeting_id", "=", meetingId)
			.execute();
		expect(rows).toHaveLength(3);
	});

	it("added agenda items sit within item 3 as 3.1, 3.2 …, and item 4 stays last (O4)", async () => {
		const agenda = async () =>
			(await readMeeting(db.app, { userId: as("union_staff").actor.userId, tenantId: tenant.id }, meetingId))?.agenda ??
			[];
		const numbered = async () => (await agenda()).map((i) => `${i.number} ${i.title}`);
		await addAgendaItem(as("union_staff"), meetingId, "其他事项甲");
		await addAgendaItem(as("union_staff"), meetingId, "其他事项乙");
		expect(await numbered()).toEqual([
			"1 通报上次联席会议议定事项的落实情况",
			"2 通报本次联席会议议题产生情况及主要内容",
			"3 研究讨论并协商确定本次联席会议相关事宜",
			"3.1 其他事项甲",
			"3.2 其他事项乙",
			"4 双方领导同志就落实本次联席会议议定事项作部署",
		]);
		// Stored in the same order: item 4 has the last position.
		const stored = await db.owner
			.selectFrom("agenda_items")
			.select(["title", "standard_item"])
			.where("meeting_id", "=", meetingId)
			.orderBy("position")
			.execute();
		expect(stored.map((i) => i.standard_item ?? i.title)).toEqual([1, 2, 3, "其他事项甲", "其他事项乙", 4]);

		const items = await agenda();
		const second = items.find((i) => i.title === "其他事项乙");
		const first = items.find((i) => i.title === "其他事项甲");
		const fourth = items.find((i) => i.standardItem === 4);
		const third = items.find((i) => i.standardItem === 3);
		if (!second || !first || !fourth || !third) throw new Error("missing item");
		await moveAgendaItem(as("union_staff"), meetingId, second.id, "up");
		expect((await numbered()).slice(3)).toEqual([
			"3.1 其他事项乙",
			"3.2 其他事项甲",
			"4 双方领导同志就落实本次联席会议议定事项作部署",
		]);
		// An added item never leaves item 3, and the standard four do not move.
		for (const [id, direction] of [
			[second.id, "up"],
			[first.id, "down"],
			[fourth.id, "up"],
			[third.id, "down"],
		] as const) {
			expect(await refusal(moveAgendaItem(as("union_staff"), meetingId, id, direction))).toBe(
				"meetings.error.agendaFixed",
			);
		}
		await addAgendaItem(as("union_staff"), meetingId, "其他事项丙");
		expect((await numbered()).slice(3)).toEqual([
			"3.1 其他事项乙",
			"3.2 其他事项甲",
			"3.3 其他事项丙",
			"4 双方领导同志就落实本次联席会议议定事项作部署",
		]);
	});

	it("schedules only when every topic is agreed or withdrawn, then records the day", async () => {
		const pending = await proposeTopic(as("union_staff"), meetingId, topic("待商定议题", 7));
		const slot = {
			start: new Date("2026-03-20T01:00:00Z"),
			end: new Date("2026-03-20T03:00:00Z"),
			place: "市政府第一会议室",
		};
		expect(await refusal(scheduleMeeting(as("gov_office"), meetingId, slot))).toBe("meetings.error.topicsNotAgreed");
		await withdrawTopic(as("union_staff"), meetingId, pending, "本次不议");
		// O3 (tests/integration/o3-attendance.test.ts): the leaders still missing join the roster.
		await rosterLeaders(db, as, meetingId);
		await scheduleMeeting(as("gov_office"), meetingId, slot);
		const attendees = await db.owner
			.selectFrom("attendees")
			.select(["id", "user_id"])
			.where("meeting_id", "=", meetingId)
			.execute();
		// The invited guest is away; every leader is there.
		const away = (a: { user_id: string | null }) => a.user_id === null;
		await recordHeld(as("union_staff"), meetingId, {
			heldOn: "2026-03-20",
			marks: attendees.map((a) => ({
				attendeeId: a.id,
				presence: away(a) ? "absent" : "present",
				absenceReason: away(a) ? "出差" : null,
				substitute: away(a) ? "王副秘书长" : null,
			})),
		});
		const meeting = await db.owner
			.selectFrom("meetings")
			.select(["status", "held_on", "place"])
			.where("id", "=", meetingId)
			.executeTakeFirstOrThrow();
		expect(meeting).toEqual({ status: "held", held_on: "2026-03-20", place: "市政府第一会议室" });
		expect(await refusal(proposeTopic(as("union_staff"), meetingId, topic("太晚了")))).toBe(
			"meetings.error.state.prepare",
		);
	});
});

describe("attachments (topics and opinion answers)", () => {
	it("records checked uploads with the topic, readable by the tenant only", async () => {
		const { mkdtempSync } = await import("node:fs");
		const { tmpdir } = await import("node:os");
		const path = await import("node:path");
		const { localFileStore } = await import("#app/lib/file-store.server.ts");
		const { storeUploads } = await import("#app/domain/files/stored-upload.ts");
		const { samplePdf, samplePng } = await import("#tests/support/sample-documents.ts");
		const store = localFileStore(path.join(mkdtempSync(path.join(tmpdir(), "lianxi-att-")), "files"));
		const bad = await storeUploads([new File([samplePng() as Uint8Array<ArrayBuffer>], "调研报告.pdf")], store);
		expect(bad).toEqual({ ok: false, error: "systems.error.fileNameMismatch", name: "调研报告.pdf" });
		const good = await storeUploads([new File([samplePdf() as Uint8Array<ArrayBuffer>], "调研报告.pdf")], store);
		if (!good.ok) throw new Error("expected ok");
		const meeting = await createMeeting({
			...as("union_staff"),
			proposal: { kind: "regular", reason: "附件测试", windowFrom: "2027-05-01", windowTo: "2027-05-31" },
		});
		await submitMeeting(as("union_staff"), meeting.id);
		await acceptMeeting(as("gov_liaison"), meeting.id);
		const topicId = await proposeTopic(as("union_staff"), meeting.id, topic("带附件的议题"), good.uploads);
		const files = await db.owner
			.selectFrom("topic_files as l")
			.innerJoin("files as f", (j) => j.onRef("f.id", "=", "l.file_id"))
			.select(["f.original_name", "f.content_type"])
			.where("l.topic_id", "=", topicId)
			.execute();
		expect(files).toEqual([{ original_name: "调研报告.pdf", content_type: "application/pdf" }]);
	});
});
