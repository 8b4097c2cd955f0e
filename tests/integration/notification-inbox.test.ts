import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { addDepartment, bindLiaison } from "#app/domain/directory/manage-departments.server.ts";
import { actOnMatter } from "#app/domain/matters/matter-actions.server.ts";
import { createMeeting } from "#app/domain/meetings/create-meeting.server.ts";
import { acceptMeeting, consentToMeeting, submitMeeting } from "#app/domain/meetings/meeting-transitions.server.ts";
import { answerOpinion, requestOpinion } from "#app/domain/meetings/opinion-actions.server.ts";
import { agreeTopic, proposeTopic } from "#app/domain/meetings/topic-actions.server.ts";
import { advanceMinutes, saveMinutes } from "#app/domain/minutes/minutes-actions.server.ts";
import {
	listInbox,
	listUnreadNotifications,
	markAllRead,
	openNotification,
} from "#app/domain/notifications/read-notifications.server.ts";
import type { Role } from "#db/schema.ts";
import {
	createActorOptions,
	createTenant,
	openIntegrationDatabase,
	uniqueSuffix,
} from "#tests/support/integration-db.ts";
import { holdMeeting } from "#tests/support/meeting-fixtures.ts";

/*
 * Issue #21, item 1: a notification that asks for an act is settled when the act is done, by
 * anyone entitled — not only by the one who reads it; any other notification is done with once
 * read. The badge counts what still needs the person. Each test has its own unit, so the figures
 * below are all the notifications each person has there.
 */
const db = await openIntegrationDatabase();
type Options = Awaited<ReturnType<typeof createActorOptions>>;

const everyone: Role[] = [
	"admin",
	"union_staff",
	"union_chair",
	"union_vice_chair",
	"gov_head",
	"gov_liaison",
	"gov_deputy_secretary",
	"gov_office",
];

/** A new unit with one member per role, a department (人社局) with two bound liaisons. */
async function unit() {
	const tenant = await createTenant(db);
	const people = new Map<Role | "liaison_a" | "liaison_b", Options>();
	for (const role of everyone) people.set(role, await createActorOptions(db, tenant, [role]));
	people.set("liaison_a", await createActorOptions(db, tenant, ["department_liaison"]));
	people.set("liaison_b", await createActorOptions(db, tenant, ["department_liaison"]));
	const as = (who: Role | "liaison_a" | "liaison_b") => people.get(who) as Options;
	const hr = await addDepartment(as("admin"), { name: "人社局", side: "gov", category: "functional", sortOrder: 0 });
	if (!hr.ok) throw new Error("department");
	await bindLiaison(as("admin"), hr.id, as("liaison_a").actor.userId);
	await bindLiaison(as("admin"), hr.id, as("liaison_b").actor.userId);
	return { tenant, as, departmentId: hr.id };
}

const reader = (who: Options) => ({ userId: who.actor.userId, tenantId: who.actor.membership.tenant.id });
const badge = async (who: Options) => (await listUnreadNotifications(db.app, reader(who))).total;

/** Every notification of the person in the unit, oldest first, as "kind: state". */
async function inbox(who: Options): Promise<string[]> {
	const { items } = await listInbox(db.app, reader(who), { show: "all", kind: null, page: 1 });
	return items.reverse().map((n) => `${n.kind}: ${n.state}`);
}

async function idOf(who: Options, kind: string): Promise<string> {
	const { items } = await listInbox(db.app, reader(who), { show: "all", kind: null, page: 1 });
	const item = items.find((n) => n.kind === kind);
	if (!item) throw new Error(`no ${kind}`);
	return item.id;
}

const proposal = (kind: "regular" | "extraordinary") => ({
	kind,
	reason: "例会",
	windowFrom: "2026-03-01",
	windowTo: "2026-03-31",
});

describe("a meeting request (工会提请召开) is settled when a leader decides it", () => {
	it("regular: created → read by 县长 → settled when the liaison vice-head accepts", async () => {
		const { as } = await unit();
		const meeting = await createMeeting({ ...as("union_staff"), proposal: proposal("regular") });
		await submitMeeting(as("union_staff"), meeting.id);

		expect(await inbox(as("gov_head"))).toEqual(["meeting.requested: pending"]);
		expect(await inbox(as("gov_liaison"))).toEqual(["meeting.requested: pending"]);
		expect(await badge(as("gov_head"))).toBe(1);

		// Opened: read, but the act is still to be done, so it stays in the badge.
		const opened = await openNotification(
			db.app,
			reader(as("gov_head")),
			await idOf(as("gov_head"), "meeting.requested"),
		);
		expect(opened).toBe(`/t/${as("gov_head").actor.membership.tenant.slug}/meetings/${meeting.id}`);
		expect(await inbox(as("gov_head"))).toEqual(["meeting.requested: pending"]);
		expect(await badge(as("gov_head"))).toBe(1);

		// Someone else entitled does it: settled for both.
		await acceptMeeting(as("gov_liaison"), meeting.id);
		expect(await inbox(as("gov_head"))).toEqual(["meeting.requested: done"]);
		expect(await inbox(as("gov_liaison"))).toEqual(["meeting.requested: done"]);
		expect(await badge(as("gov_head"))).toBe(0);
		expect(await badge(as("gov_liaison"))).toBe(0);

		// The acceptance informs the preparers: unread until opened.
		expect(await inbox(as("gov_office"))).toEqual(["meeting.accepted: unread"]);
		expect(await badge(as("gov_office"))).toBe(1);
		await openNotification(db.app, reader(as("gov_office")), await idOf(as("gov_office"), "meeting.accepted"));
		expect(await inbox(as("gov_office"))).toEqual(["meeting.accepted: read"]);
		expect(await badge(as("gov_office"))).toBe(0);
	});

	it("extraordinary: one side's consent settles that side's request only; the second settles the rest", async () => {
		const { as } = await unit();
		const meeting = await createMeeting({ ...as("union_staff"), proposal: proposal("extraordinary") });
		await submitMeeting(as("union_staff"), meeting.id);
		expect(await inbox(as("gov_liaison"))).toEqual(["meeting.requested: pending"]);
		expect(await inbox(as("union_chair"))).toEqual(["meeting.requested: pending"]);

		await consentToMeeting(as("gov_liaison"), meeting.id, "同意");
		expect(await inbox(as("gov_liaison"))).toEqual(["meeting.requested: done"]);
		expect(await inbox(as("union_chair"))).toEqual(["meeting.requested: pending", "meeting.consent_awaited: pending"]);
		expect(await badge(as("union_chair"))).toBe(2);

		await consentToMeeting(as("union_chair"), meeting.id, "同意");
		expect(await inbox(as("union_chair"))).toEqual(["meeting.requested: done", "meeting.consent_awaited: done"]);
		expect(await badge(as("union_chair"))).toBe(0);
		expect(await badge(as("gov_liaison"))).toBe(0);
	});

	it("the settling commits with the act: an act that fails leaves the request pending", async () => {
		const { tenant, as } = await unit();
		const meeting = await createMeeting({ ...as("union_staff"), proposal: proposal("regular") });
		await submitMeeting(as("union_staff"), meeting.id);
		const trigger = `zz_inbox_${uniqueSuffix()}`;
		await sql`create or replace function inbox_test_fail() returns trigger language plpgsql as $$
			begin raise exception 'inbox test: injected failure'; end $$`.execute(db.owner);
		await sql`create trigger ${sql.id(trigger)} before insert on audit_events for each row
			when (new.tenant_id = ${sql.lit(tenant.id)}::uuid and new.action = 'meeting.accept')
			execute function inbox_test_fail()`.execute(db.owner);
		try {
			await expect(acceptMeeting(as("gov_liaison"), meeting.id)).rejects.toThrow(/injected failure/);
		} finally {
			await sql`drop trigger if exists ${sql.id(trigger)} on audit_events`.execute(db.owner);
		}
		expect(await inbox(as("gov_head"))).toEqual(["meeting.requested: pending"]);
		expect(await badge(as("gov_head"))).toBe(1);
	});
});

describe("topics, opinions, minutes and matters", () => {
	it("a topic to agree: one side's agreement settles that side; the other side's settles it for all", async () => {
		const { as } = await unit();
		const meeting = await createMeeting({ ...as("union_staff"), proposal: proposal("regular") });
		await submitMeeting(as("union_staff"), meeting.id);
		await acceptMeeting(as("gov_head"), meeting.id);
		await markAllRead(db.app, reader(as("union_chair")));
		const topicId = await proposeTopic(as("union_staff"), meeting.id, {
			category: 4,
			title: "职工技能培训",
			background: "",
			research: "",
			suggestions: "",
		});
		expect(await inbox(as("gov_liaison"))).toEqual(["meeting.requested: done", "topic.proposed: pending"]);
		expect(await inbox(as("union_chair"))).toEqual(["meeting.accepted: read", "topic.proposed: pending"]);

		// The deputy secretary-general agrees for the government side: the liaison vice-head's ask is settled.
		await agreeTopic(as("gov_deputy_secretary"), meeting.id, topicId);
		expect(await inbox(as("gov_liaison"))).toEqual(["meeting.requested: done", "topic.proposed: done"]);
		expect(await badge(as("gov_liaison"))).toBe(0);
		expect(await inbox(as("union_chair"))).toEqual([
			"meeting.accepted: read",
			"topic.proposed: pending",
			"topic.agreement_awaited: pending",
		]);
		expect(await badge(as("union_chair"))).toBe(2);

		// The vice-chair agrees for the union: the chair's asks are settled too.
		await agreeTopic(as("union_vice_chair"), meeting.id, topicId);
		expect(await inbox(as("union_chair"))).toEqual([
			"meeting.accepted: read",
			"topic.proposed: done",
			"topic.agreement_awaited: done",
		]);
		expect(await badge(as("union_chair"))).toBe(0);
	});

	it("an opinion request to a department: answered by one liaison, settled for the other", async () => {
		const { as, departmentId } = await unit();
		const meeting = await createMeeting({ ...as("union_staff"), proposal: proposal("regular") });
		await submitMeeting(as("union_staff"), meeting.id);
		await acceptMeeting(as("gov_head"), meeting.id);
		const topicId = await proposeTopic(as("union_staff"), meeting.id, {
			category: 4,
			title: "欠薪治理",
			background: "",
			research: "",
			suggestions: "",
		});
		const requestId = await requestOpinion(as("union_staff"), meeting.id, {
			topicId,
			departmentId,
			dueOn: "2026-03-10",
			note: "请提出意见",
		});
		expect(await inbox(as("liaison_a"))).toEqual(["opinion.requested: pending"]);
		expect(await inbox(as("liaison_b"))).toEqual(["opinion.requested: pending"]);
		expect(await badge(as("liaison_a"))).toBe(1);

		await answerOpinion(as("liaison_b"), requestId, "同意");
		expect(await inbox(as("liaison_a"))).toEqual(["opinion.requested: done"]);
		expect(await badge(as("liaison_a"))).toBe(0);
		expect(await badge(as("liaison_b"))).toBe(0);
	});

	it("minutes to review and an extension to decide: settled by the other entitled leader", async () => {
		const { tenant, as, departmentId } = await unit();
		const meetingId = await holdMeeting(db, as, 2026);
		for (const who of everyone) await markAllRead(db.app, reader(as(who)));
		await saveMinutes(as("union_staff"), meetingId, {
			presidedBy: "副县长",
			body: "正文",
			matters: [
				{ content: "开展技能培训", leadDepartmentId: departmentId, coDepartmentIds: [], deadline: "2027-06-30" },
			],
		});
		await advanceMinutes(as("union_staff"), meetingId, "submit");
		expect(await badge(as("union_chair"))).toBe(1);
		await advanceMinutes(as("union_vice_chair"), meetingId, "union_approve");
		expect((await inbox(as("union_chair"))).filter((s) => s.startsWith("minutes."))).toEqual(["minutes.submit: done"]);
		expect(await badge(as("union_chair"))).toBe(0);
		await advanceMinutes(as("gov_liaison"), meetingId, "gov_approve");
		await advanceMinutes(as("gov_office"), meetingId, "issue", { today: "2026-04-01" });
		// 印发 settled the union staff's "请印发" too, though the government office issued.
		expect((await inbox(as("union_staff"))).filter((s) => s.startsWith("minutes.gov_approve"))).toEqual([
			"minutes.gov_approve: done",
		]);

		const matter = await db.owner
			.selectFrom("decided_matters")
			.select("id")
			.where("tenant_id", "=", tenant.id)
			.where("meeting_id", "=", meetingId)
			.executeTakeFirstOrThrow();
		for (const who of ["gov_liaison", "gov_deputy_secretary"] as const) await markAllRead(db.app, reader(as(who)));
		await actOnMatter(as("gov_office"), matter.id, "extend", { text: "资金未到位", newDeadline: "2027-12-31" });
		expect(await badge(as("gov_liaison"))).toBe(1);
		expect(await badge(as("gov_deputy_secretary"))).toBe(1);
		await actOnMatter(as("gov_deputy_secretary"), matter.id, "approve_extension", { text: "同意" });
		expect((await inbox(as("gov_liaison"))).filter((s) => s.startsWith("matter."))).toEqual(["matter.extend: done"]);
		expect(await badge(as("gov_liaison"))).toBe(0);
	});
});

describe("a department without a liaison (部门未绑定联络员)", () => {
	it("is settled for both administrators when one of them binds a liaison", async () => {
		const { tenant, as } = await unit();
		const second = await createActorOptions(db, tenant, ["admin"]);
		const finance = await addDepartment(as("admin"), {
			name: "财政局",
			side: "gov",
			category: "functional",
			sortOrder: 1,
		});
		if (!finance.ok) throw new Error("department");
		const meeting = await createMeeting({ ...as("union_staff"), proposal: proposal("regular") });
		await submitMeeting(as("union_staff"), meeting.id);
		await acceptMeeting(as("gov_head"), meeting.id);
		const topicId = await proposeTopic(as("union_staff"), meeting.id, {
			category: 4,
			title: "财政补贴",
			background: "",
			research: "",
			suggestions: "",
		});
		const ask = { topicId, departmentId: finance.id, dueOn: "2026-03-10", note: "请提出意见" };
		await expect(requestOpinion(as("union_staff"), meeting.id, ask)).rejects.toThrow();
		expect(await inbox(as("admin"))).toEqual(["department.liaison_missing: pending"]);
		expect(await inbox(second)).toEqual(["department.liaison_missing: pending"]);
		await bindLiaison(second, finance.id, as("liaison_a").actor.userId);
		expect(await inbox(as("admin"))).toEqual(["department.liaison_missing: done"]);
		expect(await badge(as("admin"))).toBe(0);
		expect(await badge(second)).toBe(0);
	});
});

describe("read and all read", () => {
	it("全部标为已读 reads every notice; asks stay pending until done", async () => {
		const { as } = await unit();
		const first = await createMeeting({ ...as("union_staff"), proposal: proposal("regular") });
		await submitMeeting(as("union_staff"), first.id);
		await acceptMeeting(as("gov_head"), first.id);
		const second = await createMeeting({
			...as("union_staff"),
			proposal: { ...proposal("regular"), windowFrom: "2026-05-01", windowTo: "2026-05-31" },
		});
		await submitMeeting(as("union_chair"), second.id);
		// The union staff: informed of the acceptance; the union chair proposed the second, not them.
		expect(await inbox(as("gov_liaison"))).toEqual(["meeting.requested: done", "meeting.requested: pending"]);
		expect(await badge(as("gov_liaison"))).toBe(1);
		expect(await inbox(as("union_vice_chair"))).toEqual(["meeting.accepted: unread"]);
		await markAllRead(db.app, reader(as("gov_liaison")));
		await markAllRead(db.app, reader(as("union_vice_chair")));
		expect(await badge(as("gov_liaison"))).toBe(1);
		expect(await inbox(as("union_vice_chair"))).toEqual(["meeting.accepted: read"]);
		expect(await badge(as("union_vice_chair"))).toBe(0);
	});

	it("a digest's list of lagging units goes to its email, not into the menu every page carries", async () => {
		const { tenant, as } = await unit();
		const lines = Array.from({ length: 1000 }, (_, i) => [`单位${i}`, "noMeeting"]);
		await db.owner
			.insertInto("notifications")
			.values({
				tenant_id: tenant.id,
				user_id: as("gov_office").actor.userId,
				kind: "digest.lagging",
				entity_type: "tenant",
				entity_id: tenant.id,
				link: "/reports",
				params: JSON.stringify({ count: 1000, units: "单位0、单位1", lines: JSON.stringify(lines) }),
			})
			.execute();
		const menu = await listUnreadNotifications(db.app, reader(as("gov_office")));
		expect(menu.items.map((n) => n.params)).toEqual([{ count: 1000, units: "单位0、单位1" }]);
		const { items } = await listInbox(db.app, reader(as("gov_office")), { show: "open", kind: null, page: 1 });
		expect(items.map((n) => n.params)).toEqual([{ count: 1000, units: "单位0、单位1" }]);
		// Kept for the email (workers/email/email-content.ts reads the row's params whole).
		const kept = await db.owner
			.selectFrom("notifications")
			.select(sql<number>`jsonb_array_length((params->>'lines')::jsonb)`.as("n"))
			.where("tenant_id", "=", tenant.id)
			.executeTakeFirstOrThrow();
		expect(kept.n).toBe(1000);
	});

	it("nobody opens or sees another person's notification, nor another unit's", async () => {
		const { as } = await unit();
		const other = await unit();
		const meeting = await createMeeting({ ...as("union_staff"), proposal: proposal("regular") });
		await submitMeeting(as("union_staff"), meeting.id);
		const id = await idOf(as("gov_head"), "meeting.requested");
		// The liaison vice-head has their own copy; the head's is not theirs to open.
		expect(await openNotification(db.app, reader(as("gov_liaison")), id)).toBeNull();
		// Another unit's head, with this unit's id, or inside their own unit: nothing.
		const stranger = other.as("gov_head");
		expect(await openNotification(db.app, reader(stranger), id)).toBeNull();
		expect(
			await openNotification(db.app, { ...reader(stranger), tenantId: reader(as("gov_head")).tenantId }, id),
		).toBeNull();
		expect(await inbox(stranger)).toEqual([]);
		expect(await badge(stranger)).toBe(0);
		// Unchanged by those attempts: still unread for its owner.
		const row = await db.owner
			.selectFrom("notifications")
			.select("read_at")
			.where("id", "=", id)
			.executeTakeFirstOrThrow();
		expect(row.read_at).toBeNull();
	});
});
