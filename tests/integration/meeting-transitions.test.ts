import { beforeAll, describe, expect, it } from "vitest";
import { createMeeting } from "#app/domain/meetings/create-meeting.server.ts";
import { standardAgenda } from "#app/domain/meetings/meeting-schema.ts";
import {
	acceptMeeting,
	cancelMeeting,
	consentToMeeting,
	declineMeeting,
	editMeetingRequest,
	submitMeeting,
} from "#app/domain/meetings/meeting-transitions.server.ts";
import { Refusal } from "#app/domain/refusal.ts";
import { findMembership } from "#app/domain/tenancy/tenant-access.server.ts";
import type { Role } from "#db/schema.ts";
import {
	createActorOptions,
	createMember,
	createTenant,
	openIntegrationDatabase,
	type TenantFixture,
} from "#tests/support/integration-db.ts";

const db = await openIntegrationDatabase();
const meta = { ip: "127.0.0.1", userAgent: "vitest", requestId: "meetings" };
let tenant: TenantFixture;
const actors = new Map<Role, Awaited<ReturnType<typeof actorFor>>>();

const actorFor = (roles: Role[]) => createActorOptions(db, tenant, roles);
const as = (role: Role) => {
	const actor = actors.get(role);
	if (!actor) throw new Error(`no ${role}`);
	return actor;
};

beforeAll(async () => {
	tenant = await createTenant(db);
	for (const role of ["union_staff", "union_chair", "gov_head", "gov_liaison", "gov_office", "viewer"] as Role[]) {
		actors.set(role, await actorFor([role]));
	}
});

const proposal = (kind: "regular" | "extraordinary") => ({
	kind,
	reason: "研究新就业形态劳动者权益保障等事项",
	windowFrom: "2026-03-01",
	windowTo: "2026-03-31",
	proposedPlace: "市政府第一会议室",
});

async function status(meetingId: string) {
	return (await db.owner.selectFrom("meetings").select("status").where("id", "=", meetingId).executeTakeFirstOrThrow())
		.status;
}

async function refusal(work: Promise<unknown>) {
	try {
		await work;
	} catch (error) {
		if (error instanceof Refusal) return { code: error.code, reason: error.reason };
		throw error;
	}
	throw new Error("expected a refusal");
}

describe("proposal and acceptance (O1)", () => {
	it("drafts a meeting with the next number of its year and the four standard agenda items", async () => {
		const first = await createMeeting({ ...as("union_staff"), proposal: proposal("regular") });
		const second = await createMeeting({ ...as("union_staff"), proposal: proposal("extraordinary") });
		const rows = await db.owner
			.selectFrom("meetings")
			.select(["id", "seq", "title", "status"])
			.where("tenant_id", "=", tenant.id)
			.orderBy("seq")
			.execute();
		expect(rows.map((r) => [r.seq, r.title, r.status])).toEqual([
			// Both parties by the names in the unit's profile (issue 21).
			[1, `${tenant.slug} 人民政府与${tenant.slug} 总工会2026年度联席会议`, "draft"],
			[2, `${tenant.slug} 人民政府与${tenant.slug} 总工会2026年第1次临时联席会议`, "draft"],
		]);
		const agenda = await db.owner
			.selectFrom("agenda_items")
			.select(["position", "title", "standard_item"])
			.where("meeting_id", "=", first.id)
			.orderBy("position")
			.execute();
		expect(agenda.map((a) => a.title)).toEqual([...standardAgenda]);
		expect(second.title).toContain("临时");
	});

	it("a regular meeting: union staff submits, the liaison vice-head accepts, preparers are notified", async () => {
		const meeting = await createMeeting({ ...as("union_staff"), proposal: proposal("regular") });
		await submitMeeting(as("union_staff"), meeting.id);
		expect(await status(meeting.id)).toBe("requested");
		const toDeciders = await db.owner
			.selectFrom("notifications")
			.select("user_id")
			.where("entity_id", "=", meeting.id)
			.where("kind", "=", "meeting.requested")
			.execute();
		expect(toDeciders.map((n) => n.user_id).sort()).toEqual(
			[as("gov_head").actor.userId, as("gov_liaison").actor.userId].sort(),
		);
		await acceptMeeting(as("gov_liaison"), meeting.id);
		expect(await status(meeting.id)).toBe("accepted");
		const outbox = await db.owner.selectFrom("outbox").select("topic").where("tenant_id", "=", tenant.id).execute();
		expect(outbox.length).toBeGreaterThan(0);
		const audit = await db.owner
			.selectFrom("audit_events")
			.select("action")
			.where("entity_id", "=", meeting.id)
			.orderBy("at")
			.execute();
		expect(audit.map((a) => a.action)).toEqual(["meeting.drafted", "meeting.submit", "meeting.accept"]);
	});

	it("refuses the wrong role with 403 before looking at the state, and the wrong state with a reason", async () => {
		const meeting = await createMeeting({ ...as("union_staff"), proposal: proposal("regular") });
		expect(await refusal(acceptMeeting(as("union_chair"), meeting.id))).toEqual({
			code: "forbidden",
			reason: "meetings.error.forbidden",
		});
		expect(await refusal(acceptMeeting(as("gov_head"), meeting.id))).toEqual({
			code: "invalid_state",
			reason: "meetings.error.state.accept",
		});
		expect(await refusal(submitMeeting(as("viewer"), meeting.id))).toMatchObject({ code: "forbidden" });
		expect(await refusal(createMeeting({ ...as("gov_office"), proposal: proposal("regular") }))).toMatchObject({
			code: "forbidden",
		});
		expect(await status(meeting.id)).toBe("draft");
	});

	it("an extraordinary meeting needs both consents; the page can tell who is awaited", async () => {
		const meeting = await createMeeting({ ...as("union_chair"), proposal: proposal("extraordinary") });
		await submitMeeting(as("union_chair"), meeting.id);
		expect(await refusal(acceptMeeting(as("gov_head"), meeting.id))).toMatchObject({ code: "invalid_state" });
		expect(await consentToMeeting(as("gov_liaison"), meeting.id)).toBe("awaiting");
		expect(await status(meeting.id)).toBe("requested");
		expect(await refusal(consentToMeeting(as("gov_liaison"), meeting.id))).toMatchObject({
			reason: "meetings.error.alreadyDecided",
		});
		expect(await consentToMeeting(as("union_chair"), meeting.id)).toBe("accepted");
		expect(await status(meeting.id)).toBe("accepted");
		const consents = await db.owner
			.selectFrom("meeting_consents")
			.select(["side", "user_id"])
			.where("meeting_id", "=", meeting.id)
			.execute();
		expect(consents).toHaveLength(2);
	});

	it("either decider may decline with a reason", async () => {
		// Each decider of an extraordinary meeting declines a fresh one of their own.
		for (const decider of ["gov_liaison", "union_chair"] as Role[]) {
			const meeting = await createMeeting({ ...as("union_staff"), proposal: proposal("extraordinary") });
			await submitMeeting(as("union_staff"), meeting.id);
			const reason = `时机不成熟（${decider}）`;
			await declineMeeting(as(decider), meeting.id, reason);
			const row = await db.owner
				.selectFrom("meetings")
				.select(["status", "decline_reason"])
				.where("id", "=", meeting.id)
				.executeTakeFirstOrThrow();
			expect({ decider, ...row }).toEqual({ decider, status: "declined", decline_reason: reason });
		}
	});

	it("the union edits its draft until it is sent", async () => {
		const meeting = await createMeeting({ ...as("union_staff"), proposal: proposal("regular") });
		await editMeetingRequest(as("union_chair"), meeting.id, {
			reason: "修改后的事由",
			windowFrom: "2026-04-01",
			windowTo: "2026-04-30",
		});
		const row = await db.owner
			.selectFrom("meetings")
			.select(["reason", "window_from"])
			.where("id", "=", meeting.id)
			.executeTakeFirstOrThrow();
		expect(row).toEqual({ reason: "修改后的事由", window_from: "2026-04-01" });
		expect(
			await refusal(
				editMeetingRequest(as("gov_office"), meeting.id, {
					reason: "x",
					windowFrom: "2026-04-01",
					windowTo: "2026-04-30",
				}),
			),
		).toMatchObject({
			code: "forbidden",
		});
		await submitMeeting(as("union_staff"), meeting.id);
		expect(
			await refusal(
				editMeetingRequest(as("union_staff"), meeting.id, {
					reason: "x",
					windowFrom: "2026-04-01",
					windowTo: "2026-04-30",
				}),
			),
		).toMatchObject({
			code: "invalid_state",
		});
	});

	it("before acceptance the union withdraws its request with a reason; the office never cancels alone", async () => {
		const meeting = await createMeeting({ ...as("union_staff"), proposal: proposal("regular") });
		await submitMeeting(as("union_staff"), meeting.id);
		expect(await refusal(cancelMeeting(as("gov_office"), meeting.id, "与其他重要会议冲突"))).toMatchObject({
			code: "forbidden",
		});
		expect(await status(meeting.id)).toBe("requested");
		await cancelMeeting(as("union_staff"), meeting.id, "与其他重要会议冲突");
		const row = await db.owner
			.selectFrom("meetings")
			.select(["status", "cancel_reason"])
			.where("id", "=", meeting.id)
			.executeTakeFirstOrThrow();
		expect(row).toEqual({ status: "cancelled", cancel_reason: "与其他重要会议冲突" });
		expect(await refusal(cancelMeeting(as("union_staff"), meeting.id, "again"))).toMatchObject({
			code: "invalid_state",
		});
	});

	it("after acceptance a leader of each side must agree to cancel; staff and office cannot", async () => {
		const meeting = await createMeeting({ ...as("union_staff"), proposal: proposal("regular") });
		await submitMeeting(as("union_staff"), meeting.id);
		await acceptMeeting(as("gov_head"), meeting.id, "同意，请抓紧准备");
		for (const role of ["union_staff", "gov_office", "viewer"] as Role[])
			expect(await refusal(cancelMeeting(as(role), meeting.id, "x"))).toMatchObject({ code: "forbidden" });
		expect(await cancelMeeting(as("gov_head"), meeting.id, "市里统一调整会期")).toBe("awaiting");
		expect(await status(meeting.id)).toBe("accepted");
		expect(await refusal(cancelMeeting(as("gov_liaison"), meeting.id, "again"))).toMatchObject({
			reason: "meetings.error.cancelAwaitsOtherSide",
		});
		expect(await cancelMeeting(as("union_chair"), meeting.id, "同意调整")).toBe("cancelled");
		const row = await db.owner
			.selectFrom("meetings")
			.select(["status", "cancel_reason", "accept_comment"])
			.where("id", "=", meeting.id)
			.executeTakeFirstOrThrow();
		expect(row).toEqual({
			status: "cancelled",
			cancel_reason: "市里统一调整会期\n同意调整",
			accept_comment: "同意，请抓紧准备",
		});
		const told = await db.owner
			.selectFrom("notifications")
			.select(["kind", "params"])
			.where("entity_id", "=", meeting.id)
			.where("kind", "in", ["meeting.accepted", "meeting.cancel_awaited"])
			.execute();
		expect(told.find((n) => n.kind === "meeting.accepted")?.params).toMatchObject({ comment: "同意，请抓紧准备" });
		expect(told.find((n) => n.kind === "meeting.cancel_awaited")?.params).toMatchObject({
			comment: "市里统一调整会期",
		});
	});

	it("another tenant's meeting is not found", async () => {
		const other = await createTenant(db);
		const otherStaff = await createMember(db, other.id, ["union_staff"]);
		const membership = await findMembership(db.app, otherStaff.id, other.slug);
		if (!membership) throw new Error("no membership");
		const meeting = await createMeeting({ ...as("union_staff"), proposal: proposal("regular") });
		await expect(
			submitMeeting({ db: db.app, meta, actor: { userId: otherStaff.id, membership } }, meeting.id),
		).rejects.toMatchObject({
			code: "not_found",
		});
		expect(await status(meeting.id)).toBe("draft");
	});
});
