import { beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "#app/domain/auth/password.server.ts";
import { createMeeting } from "#app/domain/meetings/create-meeting.server.ts";
import { submitMeeting } from "#app/domain/meetings/meeting-transitions.server.ts";
import { notifyMany } from "#app/domain/notifications/notify.server.ts";
import { findMembership } from "#app/domain/tenancy/tenant-access.server.ts";
import { runAs } from "#db/run-as.ts";
import type { Role } from "#db/schema.ts";
import { HttpClient } from "#tests/support/http-client.ts";
import {
	createMember,
	createTenant,
	openIntegrationDatabase,
	type TenantFixture,
	testMeta,
} from "#tests/support/integration-db.ts";

/*
 * Issue #21, item 1 over HTTP on the built app: /t/<slug>/notifications lists, filters and pages a
 * person's notifications; opening one reads it and goes to its subject; the act done by another
 * leader settles the ask; 全部标为已读 reads the rest; nobody sees another person's or unit's.
 * Its own units and people, so the figures are exactly theirs whatever else the suite does.
 */
const db = await openIntegrationDatabase();
const password = "inbox-test-2024";
let unit: TenantFixture;
let otherUnit: TenantFixture;
const emails = new Map<string, string>();
const ids = new Map<string, string>();
let meetingId: string;

async function member(tenant: TenantFixture, name: string, roles: Role[], passwordHash: string) {
	const user = await createMember(db, tenant.id, roles, { passwordHash });
	emails.set(name, user.email);
	ids.set(name, user.id);
	return user;
}

async function client(name: string) {
	const c = new HttpClient();
	await c.signIn(emails.get(name) as string, password);
	return c;
}

const page = async (c: HttpClient, path: string) => {
	const response = await c.request(path);
	expect({ path, status: response.status }).toEqual({ path, status: 200 });
	return (await response.text()).replaceAll("<!-- -->", "");
};
/** The rows of the inbox list, by their state tag. */
const rows = (html: string) => [...html.matchAll(/data-state="(\w+)"/g)].map((m) => m[1]);
const notificationIds = (html: string) => [
	...new Set([...html.matchAll(/\/notifications\/([0-9a-f-]{36})/g)].map((m) => m[1])),
];

/** The ids linked from the page's own list (not the header's menu). */
const listIds = (html: string) => notificationIds(html.slice(html.indexOf("<main")));

async function idOf(userId: string, kind: string) {
	const row = await db.owner
		.selectFrom("notifications")
		.select("id")
		.where("user_id", "=", userId)
		.where("kind", "=", kind)
		.orderBy("created_at", "desc")
		.executeTakeFirstOrThrow();
	return row.id;
}

beforeAll(async () => {
	const hash = await hashPassword(password);
	unit = await createTenant(db, { kind: "county" });
	otherUnit = await createTenant(db, { kind: "county" });
	await member(unit, "staff", ["union_staff"], hash);
	await member(unit, "head", ["gov_head"], hash);
	await member(unit, "liaison", ["gov_liaison"], hash);
	await member(otherUnit, "stranger", ["gov_head"], hash);
	// 23 notices to the head (meeting times, informational), then one real request to decide.
	await runAs(db.app, { userId: null, tenantId: unit.id }, (tx) =>
		notifyMany(
			tx,
			Array.from({ length: 23 }, (_, i) => ({
				notice: {
					tenantId: unit.id,
					kind: "meeting.scheduled",
					entityType: "meeting",
					entityId: `scheduled-${i + 1}`,
					link: `/t/${unit.slug}/meetings`,
					params: { title: `第${i + 1}次会议` },
				},
				userIds: [ids.get("head") as string],
			})),
		),
	);
	const membership = await findMembership(db.app, ids.get("staff") as string, unit.slug);
	if (!membership) throw new Error("no membership");
	const staff = { db: db.app, meta: testMeta, actor: { userId: ids.get("staff") as string, membership } };
	const meeting = await createMeeting({
		...staff,
		proposal: { kind: "regular", reason: "年度例会", windowFrom: "2031-03-01", windowTo: "2031-03-31" },
	});
	meetingId = meeting.id;
	await submitMeeting(staff, meeting.id);
});

describe("the inbox page", () => {
	it("lists 20 a page, newest first, with the badge counting what is open", async () => {
		const head = await client("head");
		const first = await page(head, `/t/${unit.slug}/notifications`);
		expect(first).toContain("共 24 条");
		expect(first).toContain("第 1 / 2 页");
		expect(first).toContain("24 条新提醒");
		expect(rows(first)).toEqual(["pending", ...Array(19).fill("unread")]);
		expect(first).toContain("工会提请召开");
		expect(first).toContain("查看全部");
		const second = await page(head, `/t/${unit.slug}/notifications?show=open&page=2`);
		expect(rows(second)).toEqual(["unread", "unread", "unread", "unread"]);
		expect(second).toContain("第 2 / 2 页");
		// The two pages together: each of the 24 once.
		const listed = [...listIds(first), ...listIds(second)];
		expect(listed).toHaveLength(24);
		expect(new Set(listed).size).toBe(24);
	});

	it("filters by kind, and a value that is not a kind shows everything", async () => {
		const head = await client("head");
		const requested = await page(head, `/t/${unit.slug}/notifications?show=all&kind=meeting.requested`);
		expect(rows(requested)).toEqual(["pending"]);
		expect(requested).toContain("共 1 条");
		const scheduled = await page(head, `/t/${unit.slug}/notifications?show=all&kind=meeting.scheduled`);
		expect(scheduled).toContain("共 23 条");
		const unknown = await page(head, `/t/${unit.slug}/notifications?show=nonsense&kind=drop%20table&page=-3`);
		expect(unknown).toContain("共 24 条");
	});

	it("created → read (opened) → resolved by another leader's act, over HTTP", async () => {
		const head = await client("head");
		const requestId = await idOf(ids.get("head") as string, "meeting.requested");
		const opened = await head.request(`/t/${unit.slug}/notifications/${requestId}`);
		expect(opened.status).toBe(302);
		expect(opened.headers.get("location")).toBe(`/t/${unit.slug}/meetings/${meetingId}`);
		// Read, but still asking: 待处理, and still in the badge.
		const afterOpen = await page(head, `/t/${unit.slug}/notifications?show=all&kind=meeting.requested`);
		expect(rows(afterOpen)).toEqual(["pending"]);
		expect(await page(head, `/t/${unit.slug}/notifications`)).toContain("共 24 条");

		// An informational one opened is read and leaves the open list.
		const noticeId = await idOf(ids.get("head") as string, "meeting.scheduled");
		expect((await head.request(`/t/${unit.slug}/notifications/${noticeId}`)).status).toBe(302);
		expect(await page(head, `/t/${unit.slug}/notifications`)).toContain("共 23 条");

		// The liaison vice-head accepts on the meeting page: the head's request is settled.
		const liaison = await client("liaison");
		const accepted = await liaison.request(`/t/${unit.slug}/meetings/${meetingId}`, {
			form: { intent: "accept", comment: "同意" },
		});
		expect(accepted.status).toBeLessThan(400);
		const settled = await page(head, `/t/${unit.slug}/notifications?show=all&kind=meeting.requested`);
		expect(rows(settled)).toEqual(["done"]);
		expect(settled).toContain("已处理");
		const open = await page(head, `/t/${unit.slug}/notifications`);
		expect(open).toContain("共 22 条");
		expect(open).toContain("22 条新提醒");
		const liaisonPage = await page(liaison, `/t/${unit.slug}/notifications?show=all`);
		expect(rows(liaisonPage)).toEqual(["done"]);
	});

	it("全部标为已读 reads the rest and returns to the page", async () => {
		const head = await client("head");
		const response = await head.request(`/t/${unit.slug}/notifications`, {
			form: { redirectTo: `/t/${unit.slug}/notifications?show=open` },
		});
		expect(response.status).toBe(302);
		expect(response.headers.get("location")).toBe(`/t/${unit.slug}/notifications?show=open`);
		const open = await page(head, `/t/${unit.slug}/notifications`);
		expect(open).toContain("共 0 条");
		expect(open).toContain("没有未读或待处理的提醒。");
		expect(open).not.toContain("条新提醒");
		const all = await page(head, `/t/${unit.slug}/notifications?show=all`);
		expect(all).toContain("共 24 条");
		expect(rows(all)).toEqual(["done", ...Array(19).fill("read")]);
	});
});

describe("nobody sees another person's or another unit's notifications", () => {
	it("the liaison vice-head neither lists nor opens the head's; another unit gets 404", async () => {
		const headIds = listIds(await page(await client("head"), `/t/${unit.slug}/notifications?show=all`));
		expect(headIds).toHaveLength(20);
		const liaison = await client("liaison");
		const liaisonIds = listIds(await page(liaison, `/t/${unit.slug}/notifications?show=all`));
		expect(liaisonIds).toHaveLength(1);
		expect(headIds).not.toContain(liaisonIds[0]);
		for (const id of headIds.slice(0, 3)) {
			expect((await liaison.request(`/t/${unit.slug}/notifications/${id}`)).status).toBe(404);
		}
		const stranger = await client("stranger");
		expect((await stranger.request(`/t/${unit.slug}/notifications`)).status).toBe(404);
		expect((await stranger.request(`/t/${unit.slug}/notifications/${headIds[0]}`)).status).toBe(404);
		const own = await page(stranger, `/t/${otherUnit.slug}/notifications?show=all`);
		expect(own).toContain("共 0 条");
		expect(rows(own)).toEqual([]);
	});
});
