import { type Kysely, sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "#db/client.ts";
import { parseDatabaseEnv } from "#db/database-env.ts";
import type { Database } from "#db/schema.ts";
import { HttpClient } from "#tests/support/http-client.ts";
import { startOwnApp } from "#tests/support/own-app.ts";

/**
 * Writes that happen once (issue 27): five identical POSTs at once — a double click, a resubmitted
 * page — carrying the form's one-time key make one record and one set of notifications, and every
 * copy answers what the first answered; twenty parallel copies of a write step without a shared key
 * race in the database and every one of them is answered in words, never with a 500.
 */
let app: Awaited<ReturnType<typeof startOwnApp>>;
let handle: Awaited<ReturnType<typeof openDatabase>>;
let db: Kysely<Database>;

beforeAll(async () => {
	app = await startOwnApp("writes_once");
	handle = await openDatabase({ env: parseDatabaseEnv({ DATABASE_URL: app.databaseUrl }) });
	db = handle.owner;
}, 120_000);

afterAll(async () => {
	await handle?.close();
	await app?.stop();
});

async function client(email: string) {
	const c = new HttpClient(app.baseUrl);
	await c.signIn(email);
	return c;
}

const key = () => `test-${crypto.randomUUID()}`;

async function count(table: keyof Database) {
	const row = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db);
	return row.rows[0]?.n ?? 0;
}

/** The rows a write makes: its record, notifications, outbox messages and audit events. */
async function tally(table: keyof Database) {
	return {
		records: await count(table),
		notifications: await count("notifications"),
		outbox: await count("outbox"),
		audit: await count("audit_events"),
	};
}

const delta = (after: Record<string, number>, before: Record<string, number>) =>
	Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - (before[k] ?? 0)]));

/** Posts the same form `copies` times at once; the answers' statuses, locations and bodies. */
async function atOnce(c: HttpClient, path: string, form: Record<string, string>, copies: number) {
	const responses = await Promise.all(Array.from({ length: copies }, () => c.request(path, { form })));
	return Promise.all(
		responses.map(async (r) => ({ status: r.status, location: r.headers.get("location"), body: await r.text() })),
	);
}

async function smx() {
	return (await db.selectFrom("tenants").select("id").where("slug", "=", "smx").executeTakeFirstOrThrow()).id;
}

async function preparingMeeting() {
	const row = await db
		.selectFrom("meetings as m")
		.innerJoin("tenants as t", "t.id", "m.tenant_id")
		.select("m.id")
		.where("t.slug", "=", "smx")
		.where("m.year", "=", 2026)
		.where("m.kind", "=", "regular")
		.orderBy("m.created_at")
		.executeTakeFirstOrThrow();
	return row.id;
}

async function heldMeeting() {
	const row = await db
		.selectFrom("meetings as m")
		.innerJoin("tenants as t", "t.id", "m.tenant_id")
		.select("m.id")
		.where("t.slug", "=", "smx")
		.where("m.held_on", "is not", null)
		.orderBy("m.held_on", "desc")
		.executeTakeFirstOrThrow();
	return row.id;
}

/** An open matter of smx whose lead department's liaison is department_liaison@smx.demo. */
async function openMatter() {
	const row = await db
		.selectFrom("decided_matters as d")
		.innerJoin("department_liaisons as l", (j) =>
			j.onRef("l.tenant_id", "=", "d.tenant_id").onRef("l.department_id", "=", "d.lead_department_id"),
		)
		.innerJoin("users as u", "u.id", "l.user_id")
		.select("d.id")
		.where("d.tenant_id", "=", await smx())
		.where("d.status", "in", ["assigned", "in_progress"])
		.where("u.email", "=", "department_liaison@smx.demo")
		.orderBy("d.id")
		.executeTakeFirstOrThrow();
	return row.id;
}

/** Open opinion requests to department_liaison@smx.demo's departments. */
async function openOpinionRequests() {
	const rows = await db
		.selectFrom("opinion_requests as o")
		.innerJoin("department_liaisons as l", (j) =>
			j.onRef("l.tenant_id", "=", "o.tenant_id").onRef("l.department_id", "=", "o.department_id"),
		)
		.innerJoin("users as u", "u.id", "l.user_id")
		.innerJoin("topics as t", (j) => j.onRef("t.tenant_id", "=", "o.tenant_id").onRef("t.id", "=", "o.topic_id"))
		.innerJoin("meetings as m", (j) => j.onRef("m.tenant_id", "=", "t.tenant_id").onRef("m.id", "=", "t.meeting_id"))
		.select("o.id")
		.where("o.tenant_id", "=", await smx())
		.where("o.answered_at", "is", null)
		.where("u.email", "=", "department_liaison@smx.demo")
		.where("m.status", "not in", ["held", "cancelled", "declined"])
		.orderBy("o.id")
		.execute();
	return rows.map((r) => r.id);
}

/**
 * One creating step: posted once with its own key (what one write makes), then five times at once
 * with another key: the same rows once more, and five answers alike; a sixth copy later, the same.
 */
async function once(
	c: HttpClient,
	table: keyof Database,
	path: string,
	form: (n: number) => Record<string, string>,
	expected: { status: number },
) {
	const before = await tally(table);
	const single = await c.request(path, { form: { ...form(1), onceKey: key() } });
	expect(single.status).toBe(expected.status);
	await single.text();
	const one = delta(await tally(table), before);
	expect(one.records).toBe(1);
	const shared = key();
	const between = await tally(table);
	const copies = await atOnce(c, path, { ...form(2), onceKey: shared }, 5);
	expect(copies.map((r) => r.status)).toEqual(Array(5).fill(expected.status));
	expect(new Set(copies.map((r) => r.location)).size).toBe(1);
	expect(delta(await tally(table), between)).toEqual(one);
	const later = await c.request(path, { form: { ...form(2), onceKey: shared } });
	expect(later.status).toBe(expected.status);
	expect(later.headers.get("location")).toBe(copies[0]?.location ?? null);
	await later.text();
	expect(delta(await tally(table), between)).toEqual(one);
	return { one, copies };
}

describe("five identical POSTs with one key make one record", () => {
	it("a meeting (/meetings/new): one meeting, every copy sent to it", async () => {
		const staff = await client("union_staff@smx.demo");
		const { copies } = await once(
			staff,
			"meetings",
			"/t/smx/meetings/new",
			(n) => ({
				kind: "extraordinary",
				reason: `重复提交测试临时会议 ${n}`,
				windowFrom: "2026-12-20",
				windowTo: "2026-12-28",
				proposedPlace: "",
			}),
			{ status: 302 },
		);
		expect(copies[0]?.location).toMatch(/^\/t\/smx\/meetings\/[0-9a-f-]{36}$/);
	});

	it("a topic (propose_topic): one topic, one set of notifications", async () => {
		const staff = await client("union_staff@smx.demo");
		const path = `/t/smx/meetings/${await preparingMeeting()}`;
		const { one, copies } = await once(
			staff,
			"topics",
			path,
			(n) => ({
				intent: "propose_topic",
				category: "4",
				title: `重复提交测试议题 ${n}`,
				background: "",
				research: "",
				suggestions: "",
			}),
			{ status: 200 },
		);
		expect(one.audit).toBeGreaterThanOrEqual(1);
		for (const copy of copies) expect(copy.body).not.toContain("系统出错了");
	});

	it("a progress report (intent=progress): one report", async () => {
		const liaison = await client("department_liaison@smx.demo");
		const path = `/t/smx/matters/${await openMatter()}`;
		const { one } = await once(
			liaison,
			"matter_updates",
			path,
			(n) => ({ intent: "progress", text: `重复提交测试进展 ${n}`, percent: String(40 + n) }),
			{ status: 200 },
		);
		expect(one.notifications).toBeGreaterThan(0);
	});

	it("a supervision note (催办 and 督办): one note each", async () => {
		const office = await client("gov_office@smx.demo");
		const path = `/t/smx/matters/${await openMatter()}`;
		await once(office, "matter_updates", path, (n) => ({ intent: "reminder", text: `请加快办理 ${n}` }), {
			status: 200,
		});
		const { one } = await once(
			office,
			"matter_updates",
			path,
			(n) => ({ intent: "supervision", text: `督办：请按期办结 ${n}`, replyBy: "2027-01-15" }),
			{ status: 200 },
		);
		expect(one.notifications).toBeGreaterThan(0);
	});

	it("a publicity record: one record", async () => {
		const office = await client("gov_office@smx.demo");
		const path = `/t/smx/meetings/${await heldMeeting()}`;
		await once(
			office,
			"publicity",
			path,
			(n) => ({
				intent: "publicity",
				channel: "门户网站",
				title: `重复提交测试公开 ${n}`,
				link: "",
				body: "",
				publishedOn: "2026-11-30",
			}),
			{ status: 200 },
		);
	});

	it("an opinion answer: one answer, one notification per person, the copies answer alike", async () => {
		const liaison = await client("department_liaison@smx.demo");
		const [request] = await openOpinionRequests();
		expect(request).toBeDefined();
		const since = new Date();
		const copies = await atOnce(
			liaison,
			"/t/smx/opinions",
			{ requestId: request as string, answer: "原则同意，建议补充经费测算。", onceKey: key() },
			5,
		);
		expect(copies.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
		expect(new Set(copies.map((r) => r.body.includes("系统出错了"))).size).toBe(1);
		const answer = await db
			.selectFrom("opinion_requests")
			.select(["answer"])
			.where("id", "=", request as string)
			.executeTakeFirstOrThrow();
		expect(answer.answer).toBe("原则同意，建议补充经费测算。");
		const told = await db
			.selectFrom("notifications")
			.select(["user_id", "kind", sql<number>`count(*)::int`.as("n")])
			.where("created_at", ">=", since)
			.groupBy(["user_id", "kind"])
			.execute();
		expect(told.length).toBeGreaterThan(0);
		expect(told.filter((t) => t.n !== 1)).toEqual([]);
	});

	it("an invitation: one invitation, one email", async () => {
		const admin = await client("admin@smx.demo");
		await once(
			admin,
			"invitations",
			"/t/smx/members",
			(n) => ({ displayName: `测试成员${n}`, email: `once-${n}-${crypto.randomUUID()}@example.cn`, roles: "viewer" }),
			{ status: 200 },
		);
	});
});

describe("twenty parallel copies without a shared key answer in words", () => {
	const noServerError = (answers: { status: number; body: string }[]) => {
		expect(answers.filter((a) => a.status >= 500)).toEqual([]);
		for (const a of answers) expect(a.body).not.toContain("系统出错了");
	};

	it("invitations of one address: one invitation, every other answer the sequential repeat's message", async () => {
		const admin = await client("admin@smx.demo");
		const email = `race-${crypto.randomUUID()}@example.cn`;
		const before = await count("invitations");
		const answers = await atOnce(admin, "/t/smx/members", { displayName: "并发测试", email, roles: "viewer" }, 20);
		noServerError(answers);
		expect(await count("invitations")).toBe(before + 1);
		const repeat = await admin.request("/t/smx/members", { form: { displayName: "并发测试", email, roles: "viewer" } });
		const repeatBody = await repeat.text();
		const refusals = answers.filter((a) => !a.body.includes(email) || a.body !== answers[0]?.body);
		expect(refusals.length).toBeGreaterThan(0);
		expect(repeat.status).toBe(200);
		expect(repeatBody).not.toContain("系统出错了");
	});

	it("every creating step and the two-sided decisions: no 500", async () => {
		const staff = await client("union_staff@smx.demo");
		const office = await client("gov_office@smx.demo");
		const liaison = await client("department_liaison@smx.demo");
		const meeting = `/t/smx/meetings/${await preparingMeeting()}`;
		const matter = `/t/smx/matters/${await openMatter()}`;
		const held = `/t/smx/meetings/${await heldMeeting()}`;
		// Answered above: the twenty copies get the sequential repeat's message.
		const [request] = await db
			.selectFrom("opinion_requests")
			.select("id")
			.where("answer", "=", "原则同意，建议补充经费测算。")
			.execute();
		const rounds = await Promise.all([
			atOnce(
				staff,
				"/t/smx/meetings/new",
				{ kind: "extraordinary", reason: "并发", windowFrom: "2026-12-20", windowTo: "2026-12-28" },
				20,
			),
			atOnce(staff, meeting, { intent: "propose_topic", category: "3", title: "并发议题" }, 20),
			atOnce(liaison, matter, { intent: "progress", text: "并发进展", percent: "50" }, 20),
			atOnce(office, matter, { intent: "reminder", text: "并发催办" }, 20),
			atOnce(office, held, { intent: "publicity", channel: "网站", title: "并发", publishedOn: "2026-11-30" }, 20),
			atOnce(liaison, "/t/smx/opinions", { requestId: request?.id as string, answer: "并发意见" }, 20),
		]);
		for (const answers of rounds) noServerError(answers);
		const answered = await db
			.selectFrom("opinion_requests")
			.select(["answer"])
			.where("id", "=", request?.id as string)
			.executeTakeFirstOrThrow();
		// An answer may be revised while the meeting is open: the last of the twenty stands, whole.
		expect(answered.answer).toBe("并发意见");
	});
});
