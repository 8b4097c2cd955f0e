import { sql } from "kysely";
import { describe, expect, inject, it } from "vitest";
import { chinaToday } from "#app/lib/china-time.ts";
import { openDatabase } from "#db/client.ts";
import { parseDatabaseEnv } from "#db/database-env.ts";
import { HttpClient } from "#tests/support/http-client.ts";

async function client(email: string) {
	const c = new HttpClient();
	await c.signIn(email);
	return c;
}

/** The id of the city's 2026 regular meeting in preparation (demo data; journeys may add meetings of their own). */
async function cityMeetingId() {
	const db = await openDatabase({ env: parseDatabaseEnv({ DATABASE_URL: inject("databaseUrl") }) });
	try {
		const row = await db.owner
			.selectFrom("meetings as m")
			.innerJoin("tenants as t", "t.id", "m.tenant_id")
			.select("m.id")
			.where("t.slug", "=", "smx")
			.where("m.year", "=", 2026)
			.where("m.kind", "=", "regular")
			.orderBy("m.created_at")
			.executeTakeFirst();
		if (!row) throw new Error("no 2026 meeting in the demo data");
		return row.id;
	} finally {
		await db.close();
	}
}

/** The city's extraordinary meeting that is scheduled (demo data): the one meeting with a calendar. */
async function scheduledMeeting() {
	const db = await openDatabase({ env: parseDatabaseEnv({ DATABASE_URL: inject("databaseUrl") }) });
	try {
		const row = await db.owner
			.selectFrom("meetings as m")
			.innerJoin("tenants as t", "t.id", "m.tenant_id")
			.select("m.id")
			.where("t.slug", "=", "smx")
			.where("m.kind", "=", "extraordinary")
			.where("m.status", "=", "scheduled")
			.orderBy("m.created_at")
			.executeTakeFirst();
		if (!row) throw new Error("no scheduled meeting in the demo data");
		const roster = await db.owner
			.selectFrom("attendees as a")
			.innerJoin("users as u", "u.id", "a.user_id")
			.select("u.email")
			.where("a.meeting_id", "=", row.id)
			.execute();
		return { id: row.id, roster: roster.map((r) => r.email) };
	} finally {
		await db.close();
	}
}

/** The city's meetings, topics, attendees, agenda items, consents and audit events, counted in one statement. */
async function cityCounts() {
	const db = await openDatabase({ env: parseDatabaseEnv({ DATABASE_URL: inject("databaseUrl") }) });
	try {
		const { rows } = await sql<Record<string, number>>`
			with t as (select id from tenants where slug = 'smx')
			select (select count(*)::int from meetings where tenant_id = (select id from t)) as meetings,
				(select count(*)::int from topics where tenant_id = (select id from t)) as topics,
				(select count(*)::int from attendees where tenant_id = (select id from t)) as attendees,
				(select count(*)::int from agenda_items where tenant_id = (select id from t)) as agenda_items,
				(select count(*)::int from meeting_consents where tenant_id = (select id from t)) as consents,
				(select count(*)::int from audit_events where tenant_id = (select id from t)) as audit_events`.execute(
			db.owner,
		);
		return rows[0];
	} finally {
		await db.close();
	}
}

const intents = [
	"submit",
	"accept",
	"consent",
	"decline",
	"cancel",
	"propose_topic",
	"revise_topic",
	"agree_topic",
	"return_topic",
	"withdraw_topic",
	"request_opinion",
	"add_member",
	"add_department",
	"add_guest",
	"remove_attendee",
	"add_agenda",
	"move_agenda",
	"schedule",
	"hold",
];

describe("meeting routes", () => {
	it("other tenants get 404 for a meeting, through any tenant's URL", async () => {
		const id = await cityMeetingId();
		for (const email of ["admin@hubin.demo", "union_staff@lushi.demo", "viewer@kuaidi.demo"]) {
			const c = await client(email);
			const own = email.split("@")[1]?.replace(".demo", "");
			for (const path of [
				`/t/smx/meetings/${id}`,
				`/t/${own}/meetings/${id}`,
				`/t/${own}/meetings/${id}/calendar.ics`,
			]) {
				expect({ email, path, status: (await c.request(path)).status }).toEqual({ email, path, status: 404 });
			}
			expect((await c.request(`/t/smx/meetings/${id}`, { form: { intent: "cancel", reason: "x" } })).status).toBe(404);
		}
	});

	it("a member allowed the step still gets 404 for another tenant's meeting id", async () => {
		const id = await cityMeetingId();
		const staff = await client("union_staff@lushi.demo");
		expect((await staff.request(`/t/lushi/meetings/${id}`, { form: { intent: "cancel", reason: "x" } })).status).toBe(
			404,
		);
	});

	it("a viewer is refused every step with 403 before validation, and changes nothing", async () => {
		const id = await cityMeetingId();
		const viewer = await client("viewer@smx.demo");
		// The viewer has been in the unit before counting: only the refused steps are counted.
		const page = await (await viewer.request(`/t/smx/meetings/${id}`)).text();
		expect(page).toContain("筹备中");
		const before = await cityCounts();
		for (const intent of intents) {
			const response = await viewer.request(`/t/smx/meetings/${id}`, { form: { intent } });
			expect({ intent, status: response.status }).toEqual({ intent, status: 403 });
		}
		expect(await cityCounts()).toEqual(before);
		expect(before?.meetings).toBeGreaterThan(0);
	});

	it("an intent that is not a step of the page — also a name every object has — answers 400", async () => {
		const id = await cityMeetingId();
		const staff = await client("union_staff@smx.demo");
		const html = await (await staff.request("/t/smx/matters")).text();
		const matterId = /\/t\/smx\/matters\/([0-9a-f-]{36})"/.exec(html)?.[1];
		expect(matterId).toBeTruthy();
		for (const path of [`/t/smx/meetings/${id}`, `/t/smx/meetings/${id}/minutes`, `/t/smx/matters/${matterId}`]) {
			for (const intent of ["toString", "constructor", "__proto__", "hasOwnProperty", "no_such_step"]) {
				const response = await staff.request(path, { form: { intent } });
				expect({ path, intent, status: response.status }).toEqual({ path, intent, status: 400 });
			}
		}
	});

	it("the page shows the O3 warning, the agreement state, and the overdue opinion", async () => {
		const id = await cityMeetingId();
		const office = await client("gov_office@smx.demo");
		const html = (await (await office.request(`/t/smx/meetings/${id}`)).text()).replaceAll("<!-- -->", "");
		expect(html).toContain("按通知要求，以下领导应出席");
		expect(html).toContain("工会方：待同意");
		expect(html).toContain("逾期未复");
		expect(html).toContain("双方已商定");
	});

	it("a state that does not allow a step gets a clear message and changes nothing", async () => {
		const id = await cityMeetingId();
		const chair = await client("union_chair@smx.demo");
		await (await chair.request(`/t/smx/meetings/${id}`)).arrayBuffer();
		const before = await cityCounts();
		const response = await chair.request(`/t/smx/meetings/${id}`, { form: { intent: "consent" } });
		expect(response.status).toBe(200);
		expect(await response.text()).toContain("会议当前状态不能表态");
		expect(await cityCounts()).toEqual(before);
	});

	it("a refused step keeps what was typed in its form", async () => {
		const id = await cityMeetingId();
		const office = await client("gov_office@smx.demo");
		const response = await office.request(`/t/smx/meetings/${id}`, {
			form: { intent: "schedule", start: "2026-12-10T09:00", end: "2026-12-10T11:00", place: "市政府第三会议室" },
		});
		const html = await response.text();
		expect(html).toContain("所有议题均经双方商定");
		expect(html).toContain('value="市政府第三会议室"');
		expect(html).toContain('value="2026-12-10T09:00"');
	});

	it("登记召开 before the meeting day: no form, the post is refused with the message, and nothing changes", async () => {
		const office = await client("gov_office@smx.demo");
		const list = await (await office.request("/t/smx/meetings")).text();
		const id = /\/t\/smx\/meetings\/([0-9a-f-]{36})"[^>]*>2026年第1次临时联席会议/.exec(list)?.[1];
		if (!id) throw new Error("no scheduled meeting in the demo data");
		const db = await openDatabase({ env: parseDatabaseEnv({ DATABASE_URL: inject("databaseUrl") }) });
		const original = await db.owner
			.selectFrom("meetings")
			.select(["scheduled_start", "scheduled_end"])
			.where("id", "=", id)
			.executeTakeFirstOrThrow();
		// Set-up as the owner: the meeting day is ten days ahead, whatever day the test runs.
		const day = new Date(Date.parse(`${chinaToday()}T00:00:00Z`) + 10 * 86_400_000).toISOString().slice(0, 10);
		await db.owner
			.updateTable("meetings")
			.set({ scheduled_start: new Date(`${day}T09:00:00+08:00`), scheduled_end: new Date(`${day}T11:30:00+08:00`) })
			.where("id", "=", id)
			.execute();
		// What a recorded meeting would write, all of it about this meeting: its roster and agenda, its
		// audit events, the notices about it and their outbox rows. Counted for this meeting only: other
		// test files act on the same database at the same time (whole-table counts once saw their rows).
		const counts = async () => {
			const { rows } = await sql<{ rows: number; audit: number; held: string | null; status: string }>`
				with notices as (select n.id::text as id from notifications n
					where n.entity_id::text = ${id} or n.link like ${`%${id}%`})
				select (select count(*) from attendees where meeting_id = ${id}) + (select count(*) from agenda_items where meeting_id = ${id})
						+ (select count(*) from notices)
						+ (select count(*) from outbox o where o.payload::text like ${`%${id}%`}
							or o.payload->>'notificationId' in (select id from notices)) as rows,
					(select count(*) from audit_events where entity_id::text = ${id})::int as audit,
					(select held_on::text from meetings where id = ${id}) as held,
					(select status from meetings where id = ${id}) as status`.execute(db.owner);
			return rows[0];
		};
		try {
			const page = (await (await office.request(`/t/smx/meetings/${id}`)).text()).replaceAll("<!-- -->", "");
			expect(page).not.toContain('name="heldOn"');
			expect(page).toContain(`会议定于 ${day} 召开，自当天起可登记会议召开情况。`);
			const before = await counts();
			const response = await office.request(`/t/smx/meetings/${id}`, {
				form: { intent: "hold", heldOn: chinaToday() },
			});
			expect(response.status).toBe(200);
			expect(await response.text()).toContain("会议日之前不能登记召开情况，请于会议当天或之后登记。");
			const onTheDay = await office.request(`/t/smx/meetings/${id}`, { form: { intent: "hold", heldOn: day } });
			expect(await onTheDay.text()).toContain("会议日之前不能登记召开情况，请于会议当天或之后登记。");
			expect(await counts()).toEqual(before);
			expect(before).toMatchObject({ held: null, status: "scheduled" });
		} finally {
			await db.owner.updateTable("meetings").set(original).where("id", "=", id).execute();
			await db.close();
		}
	});

	it("department liaisons see their opinion list; others are refused", async () => {
		const liaison = await client("department_liaison@smx.demo");
		const html = await (await liaison.request("/t/smx/opinions")).text();
		expect(html).toContain("职工职业技能提升行动");
		expect(html).toContain("逾期未复");
		const viewer = await client("viewer@smx.demo");
		expect((await viewer.request("/t/smx/opinions")).status).toBe(403);
	});

	it("the ics download is refused to members who are neither on the roster nor preparing it", async () => {
		const { id, roster } = await scheduledMeeting();
		// The meeting has a calendar: the union's staff (preparing it) get the file.
		const staff = await client("union_staff@smx.demo");
		const file = await staff.request(`/t/smx/meetings/${id}/calendar.ics`);
		expect(file.status).toBe(200);
		expect(file.headers.get("content-type")).toContain("text/calendar");
		expect(await file.text()).toContain("BEGIN:VEVENT");
		// Members neither on its roster nor preparing it are refused the same file.
		for (const email of ["viewer@smx.demo", "department_liaison@smx.demo"]) {
			expect(roster).not.toContain(email);
			const member = await client(email);
			const response = await member.request(`/t/smx/meetings/${id}/calendar.ics`);
			expect({ email, status: response.status }).toEqual({ email, status: 403 });
		}
	});

	it("a meeting not scheduled yet has no calendar at all", async () => {
		const id = await cityMeetingId();
		const staff = await client("union_staff@smx.demo");
		expect((await staff.request(`/t/smx/meetings/${id}/calendar.ics`)).status).toBe(404);
	});

	it("the meetings list has as many header cells as each row has cells", async () => {
		const office = await client("gov_office@smx.demo");
		const html = await (await office.request("/t/smx/meetings")).text();
		const table = /<table[\s\S]*?<\/table>/.exec(html)?.[0] ?? "";
		const header = (/<thead[\s\S]*?<\/thead>/.exec(table)?.[0] ?? "").match(/<th[\s>]/g) ?? [];
		const rows = (/<tbody[\s\S]*?<\/tbody>/.exec(table)?.[0] ?? "").split("</tr>").filter((r) => r.includes("<td"));
		expect(rows.length).toBeGreaterThan(1);
		expect(header.length).toBe(7);
		for (const row of rows) expect(row.match(/<td[\s>]/g)?.length).toBe(7);
		expect(html).toContain(">宣传</th>");
	});

	it("a draft never submitted is deleted by its own side, with the audit event kept; others are refused", async () => {
		const staff = await client("union_staff@smx.demo");
		const created = await staff.request("/t/smx/meetings/new", {
			form: { kind: "extraordinary", reason: "删除草稿测试", windowFrom: "2027-05-01", windowTo: "2027-05-31" },
		});
		expect(created.status).toBe(302);
		const id = /\/meetings\/([0-9a-f-]{36})$/.exec(created.headers.get("location") ?? "")?.[1];
		if (!id) throw new Error(`no meeting made: ${created.headers.get("location")}`);
		const page = (await (await staff.request(`/t/smx/meetings/${id}`)).text()).replaceAll("<!-- -->", "");
		expect(page).toContain("删除草稿");
		// The other side may not delete the union's draft (403 before anything is read), nor a viewer.
		for (const email of ["gov_office@smx.demo", "gov_head@smx.demo", "viewer@smx.demo"]) {
			const other = await client(email);
			const refused = await other.request(`/t/smx/meetings/${id}`, { form: { intent: "delete_draft" } });
			expect({ email, status: refused.status }).toEqual({ email, status: 403 });
		}
		// Without JavaScript the button asks first: the confirmation with its consequence, nothing deleted.
		const asked = await staff.request(`/t/smx/meetings/${id}`, { form: { intent: "delete_draft", ask: "1" } });
		expect((await asked.text()).replaceAll("<!-- -->", "")).toContain("删除后不能恢复");
		const db = await openDatabase({ env: parseDatabaseEnv({ DATABASE_URL: inject("databaseUrl") }) });
		try {
			const exists = async () =>
				(await db.owner.selectFrom("meetings").select("id").where("id", "=", id).execute()).length;
			expect(await exists()).toBe(1);
			const deleted = await staff.request(`/t/smx/meetings/${id}`, { form: { intent: "delete_draft" } });
			expect(deleted.status).toBe(302);
			expect(deleted.headers.get("location")).toBe("/t/smx/meetings?deleted=1");
			expect(await exists()).toBe(0);
			const audit = await db.owner
				.selectFrom("audit_events")
				.select(["action", "before"])
				.where("entity_id", "=", id)
				.orderBy("at")
				.execute();
			expect(audit.map((a) => a.action)).toEqual(["meeting.drafted", "meeting.draft_deleted"]);
			expect(JSON.stringify(audit[1]?.before)).toContain("删除草稿测试");
			const list = (await (await staff.request("/t/smx/meetings?deleted=1")).text()).replaceAll("<!-- -->", "");
			expect(list).toContain("会议草稿已删除。");
			expect(list).not.toContain(id);
			expect((await staff.request(`/t/smx/meetings/${id}`)).status).toBe(404);
		} finally {
			await db.close();
		}
	});

	it("a meeting that was submitted is never deleted: the step is refused and the meeting stays", async () => {
		const id = await cityMeetingId();
		const staff = await client("union_staff@smx.demo");
		const page = (await (await staff.request(`/t/smx/meetings/${id}`)).text()).replaceAll("<!-- -->", "");
		expect(page).not.toContain("删除草稿");
		const before = await cityCounts();
		const response = await staff.request(`/t/smx/meetings/${id}`, { form: { intent: "delete_draft" } });
		expect(response.status).toBe(200);
		expect((await response.text()).replaceAll("<!-- -->", "")).toContain("只能删除从未提请的会议草稿。");
		expect(await cityCounts()).toEqual(before);
	});
});
