import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDepartment, bindLiaison } from "#app/domain/directory/manage-departments.server.ts";
import { advanceMinutes, saveMinutes } from "#app/domain/minutes/minutes-actions.server.ts";
import type { Role } from "#db/schema.ts";
import { createActorOptions, createTenant, type TenantFixture } from "#tests/support/integration-db.ts";
import { openOwnDatabase } from "#tests/support/jobs-fixtures.ts";
import { holdMeeting } from "#tests/support/meeting-fixtures.ts";
import { runReminderSweep } from "#workers/reminders/reminder-sweep.ts";

// The daily sweep on a database of its own: it reads every unit, so other files' units stay out.
const own = await openOwnDatabase("sweep");
const { db } = own;
afterAll(() => own.close());

type Options = Awaited<ReturnType<typeof createActorOptions>>;
let city: TenantFixture;
let county: TenantFixture;
const people = new Map<string, Options>();
const as = (role: Role | "co_liaison") => people.get(role) as Options;
let matterId: string;
let meetingId: string;

/** What a person was told, as kind and params, in the order it came. */
async function told(person: Options, since = new Date(0)) {
	const rows = await db.owner
		.selectFrom("notifications")
		.select(["kind", "params", "link"])
		.where("user_id", "=", person.actor.userId)
		.where("created_at", ">=", since)
		.orderBy("created_at")
		.execute();
	return rows.map((r): Record<string, string | number> & { kind: string; link: string } => ({
		...(r.params as Record<string, string | number>),
		kind: r.kind,
		link: r.link,
	}));
}

beforeAll(async () => {
	city = await createTenant(db, { kind: "city" });
	county = await createTenant(db, { kind: "county", parentId: city.id });
	const roles: Role[] = ["admin", "union_staff", "union_chair", "gov_head", "gov_liaison", "gov_office"];
	for (const role of [...roles, "department_liaison"] as Role[])
		people.set(role, await createActorOptions(db, city, [role]));
	people.set("co_liaison", await createActorOptions(db, city, ["department_liaison"]));
	for (const role of ["gov_office", "union_staff"] as Role[]) {
		people.set(`county_${role}`, await createActorOptions(db, county, [role]));
	}
	const hr = await addDepartment(as("admin"), { name: "人社局", side: "gov", category: "functional", sortOrder: 0 });
	const finance = await addDepartment(as("admin"), {
		name: "财政局",
		side: "gov",
		category: "functional",
		sortOrder: 1,
	});
	if (!hr.ok || !finance.ok) throw new Error("departments");
	await bindLiaison(as("admin"), hr.id, as("department_liaison").actor.userId);
	await bindLiaison(as("admin"), finance.id, as("co_liaison").actor.userId);
	meetingId = await holdMeeting(db, as, 2026);
	await saveMinutes(as("union_staff"), meetingId, {
		presidedBy: "副市长",
		body: "正文",
		matters: [
			{ content: "职业伤害保障试点", leadDepartmentId: hr.id, coDepartmentIds: [finance.id], deadline: "2026-06-30" },
		],
	});
	await advanceMinutes(as("union_staff"), meetingId, "submit");
	await advanceMinutes(as("union_chair"), meetingId, "union_approve");
	await advanceMinutes(as("gov_liaison"), meetingId, "gov_approve");
	await advanceMinutes(as("gov_office"), meetingId, "issue", { today: "2026-04-01" });
	const matter = await db.owner
		.selectFrom("decided_matters")
		.select("id")
		.where("meeting_id", "=", meetingId)
		.executeTakeFirstOrThrow();
	matterId = matter.id;
	// An opinion request on the meeting's topic, due 2026-05-10 (set-up as the owner).
	const topic = await db.owner
		.selectFrom("topics")
		.select("id")
		.where("meeting_id", "=", meetingId)
		.executeTakeFirstOrThrow();
	await db.owner
		.insertInto("opinion_requests")
		.values({ tenant_id: city.id, topic_id: topic.id, department_id: hr.id, due_on: "2026-05-10" })
		.execute();
});

describe("the daily reminder sweep", () => {
	it("O6: a decided matter due in 7 days reaches the lead liaison and the supervisors; the co-department is informed; once", async () => {
		const first = await runReminderSweep(db, "2026-06-23");
		expect(first.reminders).toBeGreaterThanOrEqual(1);
		const lead = await told(as("department_liaison"));
		expect(lead).toContainEqual(
			expect.objectContaining({
				kind: "reminder.matter_due",
				days: 7,
				deadline: "2026-06-30",
				link: `/t/${city.slug}/matters/${matterId}`,
			}),
		);
		expect(await told(as("gov_office"))).toContainEqual(expect.objectContaining({ kind: "reminder.matter_due" }));
		expect(await told(as("union_staff"))).toContainEqual(expect.objectContaining({ kind: "reminder.matter_due" }));
		expect(await told(as("co_liaison"))).toContainEqual(
			expect.objectContaining({ kind: "reminder.matter_co_due", days: 7 }),
		);
		expect(await told(as("gov_head"))).not.toContainEqual(expect.objectContaining({ kind: "reminder.matter_due" }));

		// The same day again: nothing twice.
		const again = await runReminderSweep(db, "2026-06-23");
		expect(again.reminders).toBe(0);
		expect((await told(as("department_liaison"))).filter((n) => n.kind === "reminder.matter_due")).toHaveLength(1);
	});

	it("due tomorrow, then overdue the day after the deadline and weekly after that", async () => {
		await runReminderSweep(db, "2026-06-29");
		await runReminderSweep(db, "2026-07-01");
		await runReminderSweep(db, "2026-07-05");
		await runReminderSweep(db, "2026-07-08");
		await runReminderSweep(db, "2026-07-08");
		const kinds = (await told(as("department_liaison")))
			.filter((n) => n.kind.startsWith("reminder.matter"))
			.map((n) => `${n.kind}:${n.days}`);
		expect(kinds).toEqual([
			"reminder.matter_due:7",
			"reminder.matter_due:1",
			"reminder.matter_overdue:1",
			"reminder.matter_overdue:8",
		]);
		// Every reminder is in the unit's audit trail, written by no person.
		const audit = await db.owner
			.selectFrom("audit_events")
			.select(["actor_user_id", "after"])
			.where("tenant_id", "=", city.id)
			.where("action", "=", "reminders.sent")
			.execute();
		expect(audit.length).toBeGreaterThanOrEqual(4);
		expect(audit.every((a) => a.actor_user_id === null)).toBe(true);
	});

	it("a matter reported done or verified is not chased", async () => {
		await db.owner.updateTable("decided_matters").set({ status: "done" }).where("id", "=", matterId).execute();
		const result = await runReminderSweep(db, "2026-07-15");
		await db.owner.updateTable("decided_matters").set({ status: "in_progress" }).where("id", "=", matterId).execute();
		const late = (await told(as("department_liaison"))).filter((n) => n.kind === "reminder.matter_overdue");
		expect(late).toHaveLength(2);
		expect(result.found).toBeGreaterThanOrEqual(0);
	});

	it("O2: an opinion request due in 2 days and overdue reaches the department liaison", async () => {
		// (The June and July runs above already chased it weekly; here, the first days.)
		const since = new Date();
		await runReminderSweep(db, "2026-05-08");
		await runReminderSweep(db, "2026-05-11");
		const opinions = (await told(as("department_liaison"), since)).filter((n) => n.kind.startsWith("reminder.opinion"));
		expect(opinions.map((n) => [n.kind, n.due])).toEqual([
			["reminder.opinion_due", "2026-05-10"],
			["reminder.opinion_overdue", "2026-05-10"],
		]);
		expect(opinions[0]?.link).toBe(`/t/${city.slug}/opinions`);
	});

	it("O5: minutes waiting more than five days for a review step reach that step's reviewer", async () => {
		const second = await holdMeeting(db, as, 2025);
		await saveMinutes(as("union_staff"), second, { presidedBy: "副市长", body: "正文", matters: [] });
		await advanceMinutes(as("union_staff"), second, "submit");
		await db.owner
			.updateTable("minutes")
			.set({ updated_at: new Date("2027-04-01T02:00:00Z") })
			.where("meeting_id", "=", second)
			.execute();
		await runReminderSweep(db, "2027-04-06");
		expect((await told(as("union_chair"))).filter((n) => n.kind === "reminder.minutes_review")).toHaveLength(0);
		await runReminderSweep(db, "2027-04-07");
		const waiting = (await told(as("union_chair"))).filter((n) => n.kind === "reminder.minutes_review");
		expect(waiting).toEqual([expect.objectContaining({ days: 6, link: `/t/${city.slug}/meetings/${second}/minutes` })]);
		expect((await told(as("gov_head"))).filter((n) => n.kind === "reminder.minutes_review")).toHaveLength(0);
	});

	it("O1: a unit without this year's regular meeting is reminded from 1 September (proposed) and 1 December (held)", async () => {
		const countyStaff = people.get("county_union_staff") as Options;
		await runReminderSweep(db, "2026-08-31");
		expect((await told(countyStaff)).filter((n) => n.kind.startsWith("reminder.annual"))).toHaveLength(0);
		await runReminderSweep(db, "2026-09-01");
		await runReminderSweep(db, "2026-12-01");
		await runReminderSweep(db, "2026-12-02");
		const annual = (await told(countyStaff)).filter((n) => n.kind.startsWith("reminder.annual"));
		expect(annual.map((n) => [n.kind, n.year])).toEqual([
			["reminder.annual_unproposed", 2026],
			["reminder.annual_unheld", 2026],
		]);
		// The city held its 2026 meeting: nothing for it.
		expect((await told(as("union_staff"))).filter((n) => n.kind.startsWith("reminder.annual"))).toHaveLength(0);
	});

	it("W1: the parent's supervisors get one digest a week listing lagging subordinate units and why", async () => {
		const since = new Date();
		await runReminderSweep(db, "2026-12-07");
		await runReminderSweep(db, "2026-12-09");
		await runReminderSweep(db, "2026-12-14");
		const digests = (await told(as("gov_office"), since)).filter((n) => n.kind === "digest.lagging");
		expect(digests).toHaveLength(2);
		expect(digests[0]).toMatchObject({ count: 1, link: `/t/${city.slug}/reports` });
		expect(JSON.parse(String(digests[0]?.lines))).toEqual([
			[expect.stringContaining(county.slug), "noSystem,noMeeting"],
		]);
		// The county's own people are not sent their parent's digest.
		expect((await told(people.get("county_gov_office") as Options)).some((n) => n.kind === "digest.lagging")).toBe(
			false,
		);
	});
});
