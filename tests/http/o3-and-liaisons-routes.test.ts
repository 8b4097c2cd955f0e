import { afterAll, describe, expect, inject, it } from "vitest";
import { createMeeting } from "#app/domain/meetings/create-meeting.server.ts";
import { acceptMeeting, submitMeeting } from "#app/domain/meetings/meeting-transitions.server.ts";
import { agreeTopic, proposeTopic } from "#app/domain/meetings/topic-actions.server.ts";
import { findMembership } from "#app/domain/tenancy/tenant-access.server.ts";
import { openDatabase } from "#db/client.ts";
import { parseDatabaseEnv } from "#db/database-env.ts";
import { HttpClient } from "#tests/support/http-client.ts";

/** O3 and O2/O6 over HTTP on the built app and the demo: the refusals say who or what, and why. */
const db = await openDatabase({ env: parseDatabaseEnv({ DATABASE_URL: inject("databaseUrl") }) });
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
	for (const cleanup of cleanups) await cleanup();
	await db.close();
});

async function client(email: string) {
	const c = new HttpClient();
	await c.signIn(email);
	return c;
}

const text = async (response: Response) => (await response.text()).replaceAll("<!-- -->", "");

/** A demo account as a use case's actor (set-up through the same use cases the pages call). */
async function actor(email: string, slug: string) {
	const user = await db.owner.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow();
	const membership = await findMembership(db.app, user.id, slug);
	if (!membership) throw new Error(`${email} is not a member of ${slug}`);
	return {
		db: db.app,
		meta: { ip: "127.0.0.1", userAgent: "vitest", requestId: "o3" },
		actor: { userId: user.id, membership },
	};
}

describe("O3 over HTTP", () => {
	it("确定会议时间 without the required leaders is refused with a message naming them, and nothing changes", async () => {
		const slug = "yima";
		const staff = await actor(`union_staff@${slug}.demo`, slug);
		const meeting = await createMeeting({
			...staff,
			proposal: { kind: "regular", reason: "O3 测试", windowFrom: "2031-03-01", windowTo: "2031-03-31" },
		});
		cleanups.push(async () => {
			for (const table of ["topic_agreements", "topics", "agenda_items", "attendees"] as const) {
				await db.owner
					.deleteFrom(table)
					.where("tenant_id", "=", staff.actor.membership.tenant.id)
					.where(
						table === "topic_agreements" ? "topic_id" : "meeting_id",
						"in",
						table === "topic_agreements"
							? db.owner.selectFrom("topics").select("id").where("meeting_id", "=", meeting.id)
							: [meeting.id],
					)
					.execute();
			}
			await db.owner.deleteFrom("notifications").where("entity_id", "=", meeting.id).execute();
			await db.owner.deleteFrom("meetings").where("id", "=", meeting.id).execute();
		});
		await submitMeeting(staff, meeting.id);
		await acceptMeeting(await actor(`gov_head@${slug}.demo`, slug), meeting.id);
		await proposeTopic(staff, meeting.id, {
			category: 4,
			title: "议题",
			background: "",
			research: "",
			suggestions: "",
		});
		const topics = await db.owner.selectFrom("topics").select("id").where("meeting_id", "=", meeting.id).execute();
		for (const email of [`gov_liaison@${slug}.demo`, `union_chair@${slug}.demo`]) {
			const leader = await actor(email, slug);
			for (const topic of topics) await agreeTopic(leader, meeting.id, topic.id);
		}
		const leaders = await db.owner
			.selectFrom("users")
			.select(["email", "display_name"])
			.where("email", "in", [
				`gov_head@${slug}.demo`,
				`gov_liaison@${slug}.demo`,
				`gov_deputy_secretary@${slug}.demo`,
				`union_chair@${slug}.demo`,
				`union_vice_chair@${slug}.demo`,
			])
			.execute();
		const name = (role: string) => leaders.find((l) => l.email === `${role}@${slug}.demo`)?.display_name as string;

		const office = await client(`gov_office@${slug}.demo`);
		const page = await text(await office.request(`/t/${slug}/meetings/${meeting.id}`));
		expect(page).toContain("按通知要求，以下领导应出席，尚未列入出席名单也未请假");
		const response = await office.request(`/t/${slug}/meetings/${meeting.id}`, {
			form: { intent: "schedule", start: "2031-03-20T09:00", end: "2031-03-20T11:00", place: "市政府会议室" },
		});
		expect(response.status).toBe(200);
		const who = ["gov_head", "gov_liaison", "gov_deputy_secretary", "union_chair", "union_vice_chair"].map(name);
		expect(await text(response)).toContain(
			`按通知要求（出席人员），以下领导应出席会议，但未列入出席名单，也未登记请假：${who.join("、")}。`,
		);
		const row = await db.owner
			.selectFrom("meetings")
			.select(["status", "scheduled_start"])
			.where("id", "=", meeting.id)
			.executeTakeFirstOrThrow();
		expect(row).toEqual({ status: "preparing", scheduled_start: null });

		// The union chair records the leave of every required leader but one, over HTTP; the roster says 请假.
		const chair = await client(`union_chair@${slug}.demo`);
		const roster = await db.owner
			.selectFrom("users")
			.select("id")
			.where("email", "=", `gov_deputy_secretary@${slug}.demo`)
			.executeTakeFirstOrThrow();
		const recorded = await chair.request(`/t/${slug}/meetings/${meeting.id}`, {
			form: { intent: "record_leave", userId: roster.id, reason: "外出学习" },
		});
		const after = await text(recorded);
		expect(after).toContain("已登记请假。");
		expect(after).toMatch(/请假<\/h3>/);
		expect(after).toContain("外出学习");
		// The office may not record leave.
		expect(
			(
				await office.request(`/t/${slug}/meetings/${meeting.id}`, {
					form: { intent: "record_leave", userId: roster.id, reason: "x" },
				})
			).status,
		).toBe(403);
	});
});

describe("O2 over HTTP: a department without a liaison", () => {
	it("is marked in the picker, and a request to it is refused with the reason; the administrator sees it", async () => {
		const staff = await client("union_staff@smx.demo");
		const list = await (await staff.request("/t/smx/meetings")).text();
		const id = /\/t\/smx\/meetings\/([0-9a-f-]{36})"[^>]*>2026年度/.exec(list)?.[1];
		if (!id) throw new Error("no 2026 meeting in the demo data");
		const page = await text(await staff.request(`/t/smx/meetings/${id}`));
		const department = /<option value="([0-9a-f-]{36})">市司法局（未绑定联络员）<\/option>/.exec(page)?.[1];
		const topicId =
			/name="intent" value="request_opinion"\/><input type="hidden" name="topicId" value="([0-9a-f-]{36})"/.exec(
				page,
			)?.[1];
		expect(department).toBeTruthy();
		expect(topicId).toBeTruthy();
		expect(page).toContain(">市人力资源和社会保障局</option>");
		const response = await staff.request(`/t/smx/meetings/${id}`, {
			form: {
				intent: "request_opinion",
				topicId: topicId as string,
				departmentId: department as string,
				dueOn: "2026-12-30",
			},
		});
		expect(response.status).toBe(200);
		expect(await text(response)).toContain("市司法局尚未绑定联络员，无法接收征求意见；已通知本单位管理员绑定。");
		const requests = await db.owner
			.selectFrom("opinion_requests")
			.select("id")
			.where("department_id", "=", department as string)
			.execute();
		expect(requests).toEqual([]);

		const admin = await client("admin@smx.demo");
		const home = await text(await admin.request("/t/smx"));
		expect(home).toContain("未绑定联络员的部门");
		expect(home).toContain(`href="/t/smx/departments/${department}"`);
		expect(home).toContain("市司法局尚未绑定联络员，征求意见和议定事项无法送达，请绑定");
	});
});
