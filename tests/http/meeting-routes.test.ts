import { describe, expect, it } from "vitest";
import { HttpClient } from "#tests/support/http-client.ts";

async function client(email: string) {
	const c = new HttpClient();
	await c.signIn(email);
	return c;
}

/** The id of the city's 2026 meeting in preparation (demo data), from the meetings list. */
async function cityMeetingId() {
	const c = await client("viewer@smx.demo");
	const html = await (await c.request("/t/smx/meetings")).text();
	const id = /\/t\/smx\/meetings\/([0-9a-f-]{36})"[^>]*>2026年度/.exec(html)?.[1];
	if (!id) throw new Error("no 2026 meeting in the demo data");
	return id;
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
		for (const intent of intents) {
			const response = await viewer.request(`/t/smx/meetings/${id}`, { form: { intent } });
			expect({ intent, status: response.status }).toEqual({ intent, status: 403 });
		}
		const page = await (await viewer.request(`/t/smx/meetings/${id}`)).text();
		expect(page).toContain("筹备中");
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
		const response = await chair.request(`/t/smx/meetings/${id}`, { form: { intent: "consent" } });
		expect(response.status).toBe(200);
		expect(await response.text()).toContain("会议当前状态不能表态");
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

	it("department liaisons see their opinion list; others are refused", async () => {
		const liaison = await client("department_liaison@smx.demo");
		const html = await (await liaison.request("/t/smx/opinions")).text();
		expect(html).toContain("职工职业技能提升行动");
		expect(html).toContain("逾期未复");
		const viewer = await client("viewer@smx.demo");
		expect((await viewer.request("/t/smx/opinions")).status).toBe(403);
	});

	it("the ics download is refused to members who are neither on the roster nor preparing it", async () => {
		const id = await cityMeetingId();
		const viewer = await client("viewer@smx.demo");
		// Not scheduled yet: no calendar at all.
		expect((await viewer.request(`/t/smx/meetings/${id}/calendar.ics`)).status).toBe(404);
	});
});
