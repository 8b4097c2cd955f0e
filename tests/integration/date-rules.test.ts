import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { hashPassword } from "#app/domain/auth/password.server.ts";
import { createMeeting } from "#app/domain/meetings/create-meeting.server.ts";
import { meetingAbilities } from "#app/domain/meetings/meeting-abilities.ts";
import { acceptMeeting, submitMeeting } from "#app/domain/meetings/meeting-transitions.server.ts";
import { recordHeld, scheduleMeeting } from "#app/domain/meetings/schedule-actions.server.ts";
import { agreeTopic, proposeTopic } from "#app/domain/meetings/topic-actions.server.ts";
import { advanceMinutes, saveMinutes } from "#app/domain/minutes/minutes-actions.server.ts";
import { Refusal } from "#app/domain/refusal.ts";
import { readRollup, totalOf } from "#app/domain/rollup/rollup-figures.server.ts";
import { chinaToday } from "#app/lib/china-time.ts";
import { localFileStore } from "#app/lib/file-store.server.ts";
import { openDatabase } from "#db/client.ts";
import { parseDatabaseEnv } from "#db/database-env.ts";
import { migrateToLatest } from "#db/migrate.ts";
import type { Role } from "#db/schema.ts";
import { seedDemo } from "#db/seed/seed-demo.ts";
import { seedScale } from "#db/seed/seed-scale.ts";
import {
	createActorOptions,
	createTenant,
	openIntegrationDatabase,
	type TenantFixture,
} from "#tests/support/integration-db.ts";
import { holdMeeting, rosterLeaders } from "#tests/support/meeting-fixtures.ts";
import { createTestDatabase } from "#tests/support/test-databases.ts";
import * as dateRules from "../../migrations/2026-12-04T1200-date-rules.ts";

/**
 * Every decision keeps its true date (migration 2026-12-04T1200): a meeting is held from its
 * scheduled day on and never after today, another day with its reason; minutes are issued on or
 * after the held day and never after today; matters are completed and verified after their minutes
 * were issued. The domain refuses with a message, the database refuses the same rows written
 * directly as the owner, and the statistics never show a negative number of days.
 */
const db = await openIntegrationDatabase();
let tenant: TenantFixture;
const people = new Map<Role, Awaited<ReturnType<typeof createActorOptions>>>();
const as = (role: Role) => people.get(role) as Awaited<ReturnType<typeof createActorOptions>>;

const today = chinaToday();
const addDays = (day: string, days: number) =>
	new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

async function refusal(work: Promise<unknown>) {
	try {
		await work;
	} catch (error) {
		if (error instanceof Refusal) return error.reason;
		throw error;
	}
	return "no refusal";
}

/** What PostgreSQL answered a direct write: the constraint or the trigger's message. */
async function refusedBy(work: Promise<unknown>): Promise<string> {
	try {
		await work;
	} catch (error) {
		const e = error as { code?: string; constraint?: string; message: string };
		expect(e.code).toBe("23514");
		return e.constraint ?? e.message;
	}
	return "accepted";
}

/** A regular meeting of `day`'s year, every topic agreed, the leaders on the roster, scheduled for 09:00 on `day`. */
async function scheduledOn(day: string): Promise<string> {
	const year = day.slice(0, 4);
	const meeting = await createMeeting({
		...as("union_staff"),
		proposal: { kind: "regular", reason: "例会", windowFrom: `${year}-01-01`, windowTo: `${year}-12-31` },
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
	await rosterLeaders(db, as, meeting.id);
	await scheduleMeeting(as("gov_office"), meeting.id, {
		start: new Date(`${day}T09:00:00+08:00`),
		end: new Date(`${day}T11:00:00+08:00`),
		place: "会议室",
	});
	return meeting.id;
}

const meetingRow = (id: string) =>
	db.owner
		.selectFrom("meetings")
		.select(["status", "held_on", "held_note"])
		.where("id", "=", id)
		.executeTakeFirstOrThrow();

const auditCount = async () =>
	Number(
		(
			await db.owner
				.selectFrom("audit_events")
				.select(sql<number>`count(*)`.as("n"))
				.where("tenant_id", "=", tenant.id)
				.executeTakeFirstOrThrow()
		).n,
	);

beforeAll(async () => {
	tenant = await createTenant(db);
	for (const role of ["union_staff", "union_chair", "gov_head", "gov_liaison", "gov_office"] as Role[]) {
		people.set(role, await createActorOptions(db, tenant, [role]));
	}
});

describe("the day a meeting is recorded as held (domain)", () => {
	it("before its scheduled day: no form on the page, and the step is refused and changes nothing", async () => {
		const day = addDays(today, 5);
		const id = await scheduledOn(day);
		const start = new Date(`${day}T09:00:00+08:00`);
		const meeting = { status: "scheduled" as const, kind: "regular" as const, scheduledStart: start };
		const before = meetingAbilities(["gov_office"], meeting, { onRoster: false, today });
		expect({ hold: before.hold, holdOpensOn: before.holdOpensOn }).toEqual({ hold: false, holdOpensOn: day });
		const onTheDay = meetingAbilities(["gov_office"], meeting, { onRoster: false, today: day });
		expect({ hold: onTheDay.hold, holdOpensOn: onTheDay.holdOpensOn }).toEqual({ hold: true, holdOpensOn: null });
		// A viewer never may: nothing to announce either.
		expect(meetingAbilities(["viewer"], meeting, { onRoster: false, today }).holdOpensOn).toBeNull();

		const audit = await auditCount();
		expect(await refusal(recordHeld(as("gov_office"), id, { heldOn: today, marks: [] }))).toBe(
			"prep.error.holdBeforeDay",
		);
		expect(await refusal(recordHeld(as("gov_office"), id, { heldOn: day, marks: [] }))).toBe(
			"prep.error.holdBeforeDay",
		);
		expect(await meetingRow(id)).toEqual({ status: "scheduled", held_on: null, held_note: null });
		expect(await auditCount()).toBe(audit);
	});

	it("on or after the day: not before it, not after today, and another day only with its reason", async () => {
		const day = addDays(today, -10);
		const id = await scheduledOn(day);
		const hold = (heldOn: string, note?: string) => recordHeld(as("gov_office"), id, { heldOn, note, marks: [] });
		expect(await refusal(hold(addDays(day, -1)))).toBe("prep.error.heldBeforeDay");
		expect(await refusal(hold(addDays(today, 1)))).toBe("prep.error.heldInFuture");
		expect(await refusal(hold(addDays(day, 1)))).toBe("prep.error.heldNoteRequired");
		expect(await refusal(hold(addDays(day, 1), "   "))).toBe("prep.error.heldNoteRequired");
		expect(await meetingRow(id)).toEqual({ status: "scheduled", held_on: null, held_note: null });
		await hold(addDays(day, 1), "因暴雨顺延一天");
		expect(await meetingRow(id)).toEqual({ status: "held", held_on: addDays(day, 1), held_note: "因暴雨顺延一天" });
	});

	it("a reason typed for the scheduled day itself is not kept", async () => {
		const day = addDays(today, -3);
		const id = await scheduledOn(day);
		await recordHeld(as("gov_office"), id, { heldOn: day, note: "无需说明", marks: [] });
		expect(await meetingRow(id)).toEqual({ status: "held", held_on: day, held_note: null });
	});
});

describe("minutes are issued on the day of issue, never before the meeting was held (domain)", () => {
	it("refuses to issue before the held day, takes no number, then issues", async () => {
		const id = await holdMeeting(db, as, 2026);
		await saveMinutes(as("union_staff"), id, { presidedBy: "副市长", body: "正文", matters: [] });
		await advanceMinutes(as("union_staff"), id, "submit");
		await advanceMinutes(as("union_chair"), id, "union_approve");
		await advanceMinutes(as("gov_liaison"), id, "gov_approve");
		expect(await refusal(advanceMinutes(as("gov_office"), id, "issue", { today: "2026-03-19" }))).toBe(
			"minutes.error.issueBeforeHeld",
		);
		const counters = await db.owner
			.selectFrom("minutes_counters")
			.select(["year", "last_seq"])
			.where("tenant_id", "=", tenant.id)
			.execute();
		expect(counters).toEqual([]);
		const issued = await advanceMinutes(as("gov_office"), id, "issue", { today: "2026-03-20" });
		expect(issued.number).toBe("联席会议纪要〔2026〕1号");
	});
});

describe("the database refuses the same dates written directly as the owner", () => {
	let meetingId: string;
	let minutesId: string;
	let matterId: string;
	const day = "2026-03-20";

	beforeAll(async () => {
		// Held on 2026-03-20, minutes issued 2026-03-25 with one decided matter.
		meetingId = await holdMeeting(db, as, 2026);
		await saveMinutes(as("union_staff"), meetingId, { presidedBy: "副市长", body: "正文", matters: [] });
		await advanceMinutes(as("union_staff"), meetingId, "submit");
		await advanceMinutes(as("union_chair"), meetingId, "union_approve");
		await advanceMinutes(as("gov_liaison"), meetingId, "gov_approve");
		await advanceMinutes(as("gov_office"), meetingId, "issue", { today: "2026-03-25" });
		const minutes = await db.owner
			.selectFrom("minutes")
			.select("id")
			.where("meeting_id", "=", meetingId)
			.executeTakeFirstOrThrow();
		minutesId = minutes.id;
		const department = await db.owner
			.insertInto("departments")
			.values({ tenant_id: tenant.id, name: "日期规则测试局", side: "gov", category: "functional" })
			.returning("id")
			.executeTakeFirstOrThrow();
		const matter = await db.owner
			.insertInto("decided_matters")
			.values({
				tenant_id: tenant.id,
				minutes_id: minutesId,
				meeting_id: meetingId,
				seq: 1,
				content: "事项",
				lead_department_id: department.id,
				co_department_ids: [],
				deadline: "2026-06-30",
			})
			.returning("id")
			.executeTakeFirstOrThrow();
		matterId = matter.id;
	});

	const setMeeting = (values: {
		held_on?: string;
		held_note?: string | null;
		scheduled_start?: Date;
		scheduled_end?: Date;
	}) => db.owner.updateTable("meetings").set(values).where("id", "=", meetingId).execute();

	it("a meeting held before its scheduled day, on another day without a reason, or after today", async () => {
		expect(await refusedBy(setMeeting({ held_on: "2026-03-19" }))).toBe("meetings_held_on_or_after_day");
		expect(await refusedBy(setMeeting({ held_on: "2026-03-21" }))).toBe("meetings_held_other_day_noted");
		expect(await refusedBy(setMeeting({ held_on: "2026-03-21", held_note: " " }))).toBe(
			"meetings_held_other_day_noted",
		);
		expect(
			await refusedBy(
				setMeeting({
					scheduled_start: new Date("2026-03-21T01:00:00Z"),
					scheduled_end: new Date("2026-03-21T03:00:00Z"),
				}),
			),
		).toBe("meetings_held_on_or_after_day");
		expect(await refusedBy(setMeeting({ held_on: addDays(today, 1), held_note: "改期" }))).toMatch(/after today/);
		const inserted = db.owner
			.insertInto("meetings")
			.values({
				tenant_id: tenant.id,
				year: 2026,
				seq: 900,
				kind: "extraordinary",
				status: "held",
				title: "未来召开",
				reason: "x",
				window_from: "2026-01-01",
				window_to: "2026-12-31",
				held_on: addDays(today, 1),
			})
			.execute();
		expect(await refusedBy(inserted)).toMatch(/after today/);
		// The held day cannot move past issued minutes either.
		expect(await refusedBy(setMeeting({ held_on: "2026-03-26", held_note: "改期" }))).toMatch(/issued before/);
		expect(await meetingRow(meetingId)).toEqual({ status: "minutes_issued", held_on: day, held_note: null });
	});

	it("minutes issued before the meeting was held, or after today", async () => {
		const setIssued = (issued_on: string) =>
			db.owner.updateTable("minutes").set({ issued_on }).where("id", "=", minutesId).execute();
		expect(await refusedBy(setIssued("2026-03-19"))).toMatch(/before the meeting was held/);
		expect(await refusedBy(setIssued(addDays(today, 1)))).toMatch(/after today/);
		// Minutes of a meeting not held yet cannot be issued at all.
		const pending = await scheduledOn(addDays(today, 2));
		const insert = db.owner
			.insertInto("minutes")
			.values({
				tenant_id: tenant.id,
				meeting_id: pending,
				status: "issued",
				number_year: 2026,
				number_seq: 99,
				issued_on: today,
			} as never)
			.execute();
		expect(await refusedBy(insert)).toMatch(/before the meeting was held \(not held\)/);
	});

	it("a decided matter completed or verified before its minutes were issued", async () => {
		// Verified today (its trigger stamps the day), then the day moved back before the issue.
		await db.owner.updateTable("decided_matters").set({ status: "verified" }).where("id", "=", matterId).execute();
		const closed = sql`update decided_matters set closed_on = '2026-03-24' where id = ${matterId}`;
		expect(await refusedBy(closed.execute(db.owner))).toMatch(/verified on 2026-03-24 before its minutes/);
		const report = (kind: "done" | "verified", at: string) =>
			db.owner
				.insertInto("matter_updates")
				.values({
					tenant_id: tenant.id,
					matter_id: matterId,
					kind,
					text: "完成",
					user_id: as("gov_office").actor.userId,
					at: new Date(`${at}T10:00:00+08:00`),
				})
				.execute();
		expect(await refusedBy(report("done", "2026-03-24"))).toMatch(/reported done on 2026-03-24/);
		expect(await refusedBy(report("verified", "2026-03-24"))).toMatch(/reported verified on 2026-03-24/);
		await report("done", "2026-03-25");
		// Minutes cannot then be moved after the completion.
		const later = db.owner
			.updateTable("minutes")
			.set({ issued_on: "2026-03-26" })
			.where("id", "=", minutesId)
			.execute();
		expect(await refusedBy(later)).toMatch(/completed or verified before/);
	});
});

describe("the demo and the scale generator keep the rules; the statistics never show negative days", () => {
	// Its own database: the demo's slugs and the scale units stay out of the shared one.
	const work = mkdtempSync(path.join(tmpdir(), "lianxi-date-rules-"));
	let own: Awaited<ReturnType<typeof createTestDatabase>>;
	let seeded: Awaited<ReturnType<typeof openDatabase>>;
	afterAll(async () => {
		await seeded?.close();
		await own?.drop();
		rmSync(work, { recursive: true, force: true });
	});

	beforeAll(async () => {
		own = await createTestDatabase("date_rules");
		seeded = await openDatabase({ env: parseDatabaseEnv({ DATABASE_URL: own.url }) });
		await migrateToLatest(seeded.owner);
		await seedDemo(seeded.owner, { hashPassword, files: localFileStore(path.join(work, "files")) });
		await seedScale(seeded.owner, 12);
	}, 180_000);

	it("no row breaks a rule (asserted in SQL)", async () => {
		const { rows } = await sql<{ rule: string; n: number }>`
			select 'held before scheduled day' as rule, count(*)::int as n from meetings
				where held_on < (scheduled_start at time zone 'Asia/Shanghai')::date
			union all select 'held on another day without reason', count(*)::int from meetings
				where held_on <> (scheduled_start at time zone 'Asia/Shanghai')::date and coalesce(btrim(held_note), '') = ''
			union all select 'held after today', count(*)::int from meetings
				where held_on > (now() at time zone 'Asia/Shanghai')::date
			union all select 'issued after today', count(*)::int from minutes
				where issued_on > (now() at time zone 'Asia/Shanghai')::date
			union all select 'issued before held', count(*)::int from minutes n join meetings m on m.id = n.meeting_id
				where n.issued_on is not null and (m.held_on is null or n.issued_on < m.held_on)
			union all select 'verified before issued', count(*)::int from decided_matters d join minutes n on n.id = d.minutes_id
				where d.closed_on is not null and (n.issued_on is null or d.closed_on < n.issued_on)
			union all select 'completed or verified before issued', count(*)::int from matter_updates u
				join decided_matters d on d.id = u.matter_id join minutes n on n.id = d.minutes_id
				where u.kind in ('done', 'verified') and (n.issued_on is null
					or (u.at at time zone 'Asia/Shanghai')::date < n.issued_on)`.execute(seeded.owner);
		expect(rows).toEqual([
			{ rule: "held before scheduled day", n: 0 },
			{ rule: "held on another day without reason", n: 0 },
			{ rule: "held after today", n: 0 },
			{ rule: "issued after today", n: 0 },
			{ rule: "issued before held", n: 0 },
			{ rule: "verified before issued", n: 0 },
			{ rule: "completed or verified before issued", n: 0 },
		]);
		// Not vacuous: the demo and the scale units hold meetings, issue minutes and close matters.
		const { rows: volume } = await sql<{ held: number; issued: number; closed: number; scheduled: number }>`
			select (select count(*)::int from meetings where held_on is not null) as held,
				(select count(*)::int from meetings where held_on is not null and scheduled_start is not null) as scheduled,
				(select count(*)::int from minutes where issued_on is not null) as issued,
				(select count(*)::int from decided_matters where closed_on is not null) as closed`.execute(seeded.owner);
		const v = volume[0] as { held: number; issued: number; closed: number; scheduled: number };
		expect(v.held).toBeGreaterThan(100);
		expect(v.scheduled).toBe(v.held);
		expect(v.issued).toBeGreaterThan(100);
		expect(v.closed).toBeGreaterThan(50);
	});

	it("平均印发天数 and 平均办结天数 are never negative, for any year, unit or total", async () => {
		const office = await seeded.owner
			.selectFrom("users as u")
			.innerJoin("memberships as m", "m.user_id", "u.id")
			.innerJoin("tenants as t", "t.id", "m.tenant_id")
			.select(["u.id as userId", "t.id as tenantId"])
			.where("u.email", "=", "gov_office@smx.demo")
			.where("t.slug", "=", "smx")
			.executeTakeFirstOrThrow();
		const figures: { year: number; unit: string; minutes: number | null; close: number | null }[] = [];
		for (let year = Number(today.slice(0, 4)) - 9; year <= Number(today.slice(0, 4)); year++) {
			const { rows } = await readRollup(seeded.app, office, { baseId: office.tenantId, year, today });
			const total = totalOf(rows);
			for (const r of [...rows, { ...total, slug: "total" }]) {
				figures.push({ year, unit: r.slug, minutes: r.minutesDaysAvg, close: r.closeDaysAvg });
			}
		}
		const days = figures.flatMap((f) => [f.minutes, f.close]).filter((d): d is number => d !== null);
		expect(days.length).toBeGreaterThan(50);
		expect(figures.filter((f) => (f.minutes ?? 0) < 0 || (f.close ?? 0) < 0)).toEqual([]);
	});

	it("the migration finds nothing to list in the demo and validates its constraints", async () => {
		const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
		try {
			await dateRules.down(seeded.owner);
			await dateRules.up(seeded.owner);
			expect(warn).not.toHaveBeenCalled();
		} finally {
			warn.mockRestore();
		}
		const { rows } = await sql<{ conname: string; convalidated: boolean }>`
			select conname, convalidated from pg_constraint
			where conname in ('meetings_held_on_or_after_day', 'meetings_held_other_day_noted') order by conname`.execute(
			seeded.owner,
		);
		expect(rows).toEqual([
			{ conname: "meetings_held_on_or_after_day", convalidated: true },
			{ conname: "meetings_held_other_day_noted", convalidated: true },
		]);
	});

	it("lists a row that breaks a rule, one line each, and keeps the constraint for new rows only", async () => {
		await dateRules.down(seeded.owner);
		const held = await seeded.owner
			.selectFrom("meetings")
			.select(["id", "tenant_id"])
			.where("held_on", "is not", null)
			.where("scheduled_start", "is not", null)
			.orderBy("held_on")
			.executeTakeFirstOrThrow();
		// Before the rules: the 12-04 click that recorded a meeting held "on" its later scheduled day.
		await sql`update meetings set scheduled_start = scheduled_start + interval '3 days',
			scheduled_end = scheduled_end + interval '3 days' where id = ${held.id}`.execute(seeded.owner);
		const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
		try {
			await dateRules.up(seeded.owner);
			const lines = warn.mock.calls.map((c) => String(c[0]));
			expect(lines.filter((l) => l.includes(held.id))).toEqual([
				expect.stringMatching(/^\[migration date-rules\] held before its scheduled day: /),
				expect.stringMatching(/^\[migration date-rules\] held on another day than scheduled, without a reason: /),
			]);
		} finally {
			warn.mockRestore();
		}
		const { rows } = await sql<{ conname: string; convalidated: boolean }>`
			select conname, convalidated from pg_constraint
			where conname in ('meetings_held_on_or_after_day', 'meetings_held_other_day_noted') order by conname`.execute(
			seeded.owner,
		);
		expect(rows).toEqual([
			{ conname: "meetings_held_on_or_after_day", convalidated: false },
			{ conname: "meetings_held_other_day_noted", convalidated: false },
		]);
	});
});
