import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { addDepartment } from "#app/domain/directory/manage-departments.server.ts";
import { createMeeting } from "#app/domain/meetings/create-meeting.server.ts";
import { advanceMinutes, saveMinutes } from "#app/domain/minutes/minutes-actions.server.ts";
import { readPublicPage, readReleaseBoard } from "#app/domain/public-results/read-public-results.server.ts";
import { agreeToRelease, setPublicPage, withdrawRelease } from "#app/domain/public-results/release-actions.server.ts";
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

/** O7 on a public page: opt-in by the admin, both sides' agreement, withdrawal, nothing else leaks. */
const db = await openIntegrationDatabase(6);
type Options = Awaited<ReturnType<typeof createActorOptions>>;
const sides: Role[] = ["admin", "union_staff", "union_chair", "gov_head", "gov_liaison", "gov_office", "viewer"];

interface Unit {
	tenant: TenantFixture;
	as: (role: Role) => Options;
	lead: string;
}

async function unit(): Promise<Unit> {
	const tenant = await createTenant(db);
	const people = new Map<Role, Options>();
	for (const role of sides) people.set(role, await createActorOptions(db, tenant, [role]));
	const as = (role: Role) => people.get(role) as Options;
	const department = await addDepartment(as("admin"), {
		name: "人社局",
		side: "gov",
		category: "functional",
		sortOrder: 0,
	});
	if (!department.ok) throw new Error("department");
	await bindTestLiaison(db, tenant.id, department.id);
	return { tenant, as, lead: department.id };
}

const draft = (u: Unit, body: string, matter: string) => ({
	presidedBy: "联系工会工作的副市长",
	body,
	matters: [{ content: matter, leadDepartmentId: u.lead, coDepartmentIds: [], deadline: "2026-12-31" }],
});

/** A held meeting whose minutes were issued (its decided matters live), with one publicity record. */
async function issuedMeeting(u: Unit, matter: string, publicity: string) {
	const meetingId = await holdMeeting(db, u.as, 2026);
	await saveMinutes(u.as("union_staff"), meetingId, draft(u, "纪要正文", matter));
	await advanceMinutes(u.as("union_staff"), meetingId, "submit");
	await advanceMinutes(u.as("union_chair"), meetingId, "union_approve");
	await advanceMinutes(u.as("gov_liaison"), meetingId, "gov_approve");
	await advanceMinutes(u.as("gov_office"), meetingId, "issue", { today: "2026-03-25" });
	await db.owner
		.insertInto("publicity")
		.values({
			tenant_id: u.tenant.id,
			meeting_id: meetingId,
			channel: "门户网站",
			title: publicity,
			body: `${publicity}：会议研究了职工权益保障事项。`,
			published_on: "2026-03-26",
		})
		.execute();
	return meetingId;
}

async function refusal(work: Promise<unknown>) {
	try {
		await work;
	} catch (error) {
		if (error instanceof Refusal) return { code: error.code, reason: error.reason };
		throw error;
	}
	return "no refusal";
}

const pageText = async (slug: string) => JSON.stringify(await readPublicPage(db.app, slug));

let a: Unit;
let b: Unit;

beforeAll(async () => {
	a = await unit();
	b = await unit();
});

describe("the public results page (O7)", () => {
	it("does not exist until the admin opts in, and only the admin can", async () => {
		expect(await readPublicPage(db.app, a.tenant.slug)).toBeNull();
		expect(await readPublicPage(db.app, "no-such-unit")).toBeNull();
		expect(await readPublicPage(db.app, "Not A Slug'--")).toBeNull();
		for (const role of ["union_chair", "gov_head", "gov_office", "viewer"] as Role[]) {
			expect(await refusal(setPublicPage(a.as(role), true))).toEqual({
				code: "forbidden",
				reason: "publicResults.error.forbidden",
			});
		}
		await setPublicPage(a.as("admin"), true);
		expect(await readPublicPage(db.app, a.tenant.slug)).toMatchObject({
			unit: { name: `测试单位 ${a.tenant.slug}` },
			items: [],
		});
	});

	it("one side agreeing is not enough; both sides publish title, date, publicity and decided matters", async () => {
		const meetingId = await issuedMeeting(a, "开展职业伤害保障试点", "联席会议召开");
		const first = await agreeToRelease(a.as("union_chair"), meetingId);
		expect(first).toEqual({ side: "union", published: false });
		expect(await pageText(a.tenant.slug)).not.toContain(meetingId);
		// The same side cannot agree twice, a role of neither side not at all.
		expect(await refusal(agreeToRelease(a.as("union_staff"), meetingId))).toMatchObject({
			reason: "publicResults.error.alreadyAgreed",
		});
		expect(await refusal(agreeToRelease(a.as("viewer"), meetingId))).toMatchObject({ code: "forbidden" });
		expect(await refusal(agreeToRelease(a.as("admin"), meetingId))).toMatchObject({ code: "forbidden" });
		// The other side is told.
		const told = await db.owner
			.selectFrom("notifications")
			.select("user_id")
			.where("tenant_id", "=", a.tenant.id)
			.where("kind", "=", "meeting.release_awaited")
			.where("entity_id", "=", meetingId)
			.execute();
		expect(new Set(told.map((n) => n.user_id))).toEqual(
			new Set(["gov_head", "gov_liaison", "gov_office"].map((r) => a.as(r as Role).actor.userId)),
		);
		expect(await agreeToRelease(a.as("gov_liaison"), meetingId)).toEqual({ side: "government", published: true });
		const page = await readPublicPage(db.app, a.tenant.slug);
		expect(page?.items).toHaveLength(1);
		expect(page?.items[0]).toMatchObject({
			meetingId,
			title: expect.stringContaining("联席会议"),
			heldOn: "2026-03-20",
			publicity: [{ channel: "门户网站", title: "联席会议召开", link: null, publishedOn: "2026-03-26" }],
			matters: [{ seq: 1, content: "开展职业伤害保障试点", status: "assigned", deadline: "2026-12-31" }],
		});
	});

	it("a meeting not held cannot be released", async () => {
		const meeting = await createMeeting({
			...a.as("union_staff"),
			proposal: { kind: "regular", reason: "例会", windowFrom: "2027-03-01", windowTo: "2027-03-31" },
		});
		for (const role of ["union_chair", "gov_liaison"] as Role[]) {
			expect(await refusal(agreeToRelease(a.as(role), meeting.id))).toEqual({
				code: "invalid_state",
				reason: "publicResults.error.notHeld",
			});
		}
		const rows = await db.owner
			.selectFrom("public_releases")
			.select("id")
			.where("meeting_id", "=", meeting.id)
			.execute();
		expect(rows).toEqual([]);
	});

	it("withdrawal by either side removes it at once; agreeing again starts a new release", async () => {
		const meetingId = await issuedMeeting(a, "新建户外劳动者服务站点", "服务站点建设");
		await agreeToRelease(a.as("gov_office"), meetingId);
		await agreeToRelease(a.as("union_staff"), meetingId);
		expect(await pageText(a.tenant.slug)).toContain("新建户外劳动者服务站点");
		expect(await refusal(withdrawRelease(a.as("viewer"), meetingId))).toMatchObject({ code: "forbidden" });
		await withdrawRelease(a.as("gov_head"), meetingId);
		expect(await pageText(a.tenant.slug)).not.toContain("新建户外劳动者服务站点");
		expect(await refusal(withdrawRelease(a.as("admin"), meetingId))).toMatchObject({
			reason: "publicResults.error.nothingToWithdraw",
		});
		// Those who had agreed are told.
		const told = await db.owner
			.selectFrom("notifications")
			.select("user_id")
			.where("kind", "=", "meeting.release_withdrawn")
			.where("entity_id", "=", meetingId)
			.execute();
		expect(new Set(told.map((n) => n.user_id))).toEqual(
			new Set([a.as("gov_office").actor.userId, a.as("union_staff").actor.userId]),
		);
		// Again, by both sides: a second release; the admin withdraws it.
		await agreeToRelease(a.as("union_chair"), meetingId);
		await agreeToRelease(a.as("gov_head"), meetingId);
		expect(await pageText(a.tenant.slug)).toContain("新建户外劳动者服务站点");
		await withdrawRelease(a.as("admin"), meetingId);
		expect(await pageText(a.tenant.slug)).not.toContain("新建户外劳动者服务站点");
		const releases = await db.owner
			.selectFrom("public_releases")
			.select(["published_at", "withdrawn_at"])
			.where("meeting_id", "=", meetingId)
			.execute();
		expect(releases).toHaveLength(2);
		expect(releases.every((r) => r.published_at && r.withdrawn_at)).toBe(true);
	});

	it("a withdrawn release is final, even written directly as the app role", async () => {
		const [row] = await db.owner
			.selectFrom("public_releases")
			.select("id")
			.where("tenant_id", "=", a.tenant.id)
			.where("withdrawn_at", "is not", null)
			.execute();
		const admin = a.as("admin").actor.userId;
		await expect(
			runAs(db.app, { userId: admin, tenantId: a.tenant.id }, (tx) =>
				tx
					.updateTable("public_releases")
					.set({ withdrawn_at: null, withdrawn_by: null })
					.where("id", "=", row?.id ?? "")
					.execute(),
			),
		).rejects.toThrow(/only moves forward/);
	});

	it("both sides agreeing at the same moment publish exactly once", async () => {
		const meetingId = await issuedMeeting(a, "同时同意的事项", "同时同意");
		const results = await Promise.all([
			agreeToRelease(a.as("union_chair"), meetingId),
			agreeToRelease(a.as("gov_liaison"), meetingId),
		]);
		expect(results.filter((r) => r.published)).toHaveLength(1);
		const rows = await db.owner
			.selectFrom("public_releases")
			.select(["union_agreed_by", "government_agreed_by", "published_at"])
			.where("meeting_id", "=", meetingId)
			.execute();
		expect(rows).toHaveLength(1);
		expect(rows[0]?.published_at).toBeTruthy();
	});

	it("never shows draft minutes, attendees or people; only issued decided matters", async () => {
		// Held, minutes still a draft with its own body and matters; released by both sides.
		const meetingId = await holdMeeting(db, a.as, 2026);
		await saveMinutes(a.as("union_staff"), meetingId, draft(a, "内部草稿正文不得公开", "草稿中的事项不得公开"));
		await agreeToRelease(a.as("union_chair"), meetingId);
		await agreeToRelease(a.as("gov_head"), meetingId);
		const page = await readPublicPage(db.app, a.tenant.slug);
		const item = page?.items.find((i) => i.meetingId === meetingId);
		expect(item).toMatchObject({ matters: [], publicity: [] });
		const text = JSON.stringify(page);
		expect(text).not.toContain("内部草稿正文不得公开");
		expect(text).not.toContain("草稿中的事项不得公开");
		expect(text).not.toContain("纪要正文");
		expect(text).not.toContain("测试用户"); // every fixture person's display name
		expect(text).not.toContain("@test.example");
		expect(text).not.toContain("人社局");
	});

	it("the page off hides everything at once; on shows it again", async () => {
		const before = (await readPublicPage(db.app, a.tenant.slug))?.items.length ?? 0;
		expect(before).toBeGreaterThan(0);
		await setPublicPage(a.as("admin"), false);
		expect(await readPublicPage(db.app, a.tenant.slug)).toBeNull();
		await setPublicPage(a.as("admin"), true);
		expect((await readPublicPage(db.app, a.tenant.slug))?.items).toHaveLength(before);
	});

	it("another unit's items never appear on a unit's page", async () => {
		await setPublicPage(b.as("admin"), true);
		const meetingId = await issuedMeeting(b, "乙单位的议定事项", "乙单位的宣传");
		await agreeToRelease(b.as("union_chair"), meetingId);
		await agreeToRelease(b.as("gov_liaison"), meetingId);
		const pageA = await pageText(a.tenant.slug);
		const pageB = await readPublicPage(db.app, b.tenant.slug);
		expect(pageA).not.toContain(meetingId);
		expect(pageA).not.toContain("乙单位");
		expect(pageB?.items.map((i) => i.meetingId)).toEqual([meetingId]);
		expect(JSON.stringify(pageB)).not.toContain("开展职业伤害保障试点");
		// A unit cannot release another unit's meeting through its own session either.
		expect(await refusal(agreeToRelease(a.as("union_chair"), meetingId)).catch((e: Error) => e.message)).toBe(
			"not_found",
		);
	});

	it("the members' board shows each held meeting with both agreements", async () => {
		const board = await readReleaseBoard(db.app, { userId: a.as("viewer").actor.userId, tenantId: a.tenant.id });
		expect(board.enabled).toBe(true);
		expect(board.meetings.length).toBeGreaterThanOrEqual(4);
		const published = board.meetings.filter((m) => m.release?.publishedAt);
		expect(published.length).toBeGreaterThan(0);
		for (const m of published) {
			expect(m.release?.unionAgreedName).toBe("测试用户");
			expect(m.release?.governmentAgreedAt).toBeInstanceOf(Date);
		}
		expect(board.meetings.some((m) => m.title.includes("乙单位"))).toBe(false);
	});

	it("writes an audit event with every change", async () => {
		const audit = await db.owner
			.selectFrom("audit_events")
			.select(["action", "entity_type"])
			.where("tenant_id", "=", a.tenant.id)
			.where((eb) => eb.or([eb("action", "like", "public_release.%"), eb("action", "like", "public_page.%")]))
			.execute();
		const count = (action: string) => audit.filter((e) => e.action === action).length;
		expect(count("public_page.enabled")).toBe(2);
		expect(count("public_page.disabled")).toBe(1);
		expect(count("public_release.agreed")).toBe(5);
		expect(count("public_release.published")).toBe(5);
		expect(count("public_release.withdrawn")).toBe(2);
		// Refused attempts wrote nothing: every release row has its audit events.
		const releases = await db.owner
			.selectFrom("public_releases")
			.select(sql<number>`count(*)::int`.as("n"))
			.where("tenant_id", "=", a.tenant.id)
			.executeTakeFirstOrThrow();
		expect(releases.n).toBe(5);
	});
});

describe("row-level security of the new tables", () => {
	const asB = <T>(work: Parameters<typeof runAs<T>>[2]) =>
		runAs(db.app, { userId: b.as("admin").actor.userId, tenantId: b.tenant.id }, work);

	it("another unit's session sees none of a unit's rows", async () => {
		for (const table of ["public_pages", "public_releases"] as const) {
			const rows = await asB((tx) => tx.selectFrom(table).select("tenant_id").execute());
			expect(rows.length).toBeGreaterThan(0);
			expect(new Set(rows.map((r) => r.tenant_id))).toEqual(new Set([b.tenant.id]));
		}
	});

	it("another unit's session cannot insert or update a unit's rows", async () => {
		const meeting = await db.owner
			.selectFrom("meetings")
			.select("id")
			.where("tenant_id", "=", a.tenant.id)
			.executeTakeFirstOrThrow();
		const me = b.as("admin").actor.userId;
		await expect(
			asB((tx) =>
				tx
					.insertInto("public_releases")
					.values({
						tenant_id: a.tenant.id,
						meeting_id: meeting.id,
						union_agreed_by: me,
						union_agreed_at: new Date(),
					})
					.execute(),
			),
		).rejects.toThrow(/row-level security/);
		await expect(
			asB((tx) =>
				tx.insertInto("public_pages").values({ tenant_id: a.tenant.id, enabled: true, changed_by: me }).execute(),
			),
		).rejects.toThrow(/row-level security/);
		const updated = await asB(async (tx) => {
			const pages = await tx
				.updateTable("public_pages")
				.set({ enabled: false })
				.where("tenant_id", "=", a.tenant.id)
				.executeTakeFirst();
			const releases = await tx
				.updateTable("public_releases")
				.set({ withdrawn_by: me, withdrawn_at: new Date() })
				.where("tenant_id", "=", a.tenant.id)
				.executeTakeFirst();
			return [Number(pages.numUpdatedRows), Number(releases.numUpdatedRows)];
		});
		expect(updated).toEqual([0, 0]);
		expect((await readPublicPage(db.app, a.tenant.slug))?.items.length).toBeGreaterThan(0);
	});

	it("a visitor's unit of work (no user, no tenant) reads no table row, only the published functions", async () => {
		const direct = await runAs(db.app, { userId: null, tenantId: null }, async (tx) => [
			...(await tx.selectFrom("public_pages").select("tenant_id").execute()),
			...(await tx.selectFrom("public_releases").select("tenant_id").execute()),
		]);
		expect(direct).toEqual([]);
		const { rows } = await sql<{ has: boolean }>`
			select has_function_privilege('public', 'app_public_results(text)', 'execute') as has`.execute(db.owner);
		expect(rows[0]?.has).toBe(false);
	});
});
