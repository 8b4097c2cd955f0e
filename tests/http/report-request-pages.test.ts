import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type DatabaseHandle, openDatabase } from "#db/client.ts";
import { parseDatabaseEnv } from "#db/database-env.ts";
import { HttpClient } from "#tests/support/http-client.ts";

/**
 * The report-request pages over HTTP (issue #22): who may open which page, what a parent may read
 * of its units (reported versions only), the fill form's refusal at the field, a 退回 refused
 * without its reason, and a sibling that sees nothing.
 */
let db: DatabaseHandle;
beforeAll(async () => {
	db = await openDatabase({ env: parseDatabaseEnv({ DATABASE_URL: inject("databaseUrl") }) });
});
afterAll(async () => {
	await db.close();
});

async function client(email: string) {
	const c = new HttpClient();
	await c.signIn(email);
	return c;
}

const text = async (response: Response) => (await response.text()).replaceAll("<!-- -->", "");

/** The demo's annual request of the city, and one unit of it by its target status. */
async function annualRequest() {
	const { rows } = await sql<{ id: string }>`
		select r.id from report_requests r join tenants t on t.id = r.tenant_id
		where t.slug = 'smx' and r.title = '2026年度联席会议制度落实情况报送'`.execute(db.owner);
	if (!rows[0]) throw new Error("the demo has no annual report request");
	return rows[0].id;
}

async function unitWith(requestId: string, statuses: string[]) {
	const { rows } = await sql<{ id: string; slug: string }>`
		select t.id, t.slug from report_targets g join tenants t on t.id = g.unit_id
		where g.request_id = ${requestId} and g.status = any(${statuses}::text[]) order by t.slug limit 1`.execute(
		db.owner,
	);
	if (!rows[0]) throw new Error(`no unit in ${statuses.join("/")}`);
	return rows[0];
}

/** The request 灵宝市 forwarded to its association: not the city's siblings' business. */
async function lingbaoRequest() {
	const { rows } = await sql<{ id: string }>`
		select r.id from report_requests r join tenants t on t.id = r.tenant_id where t.slug = 'lingbao' limit 1`.execute(
		db.owner,
	);
	if (!rows[0]) throw new Error("灵宝市 forwards no request in the demo");
	return rows[0].id;
}

describe("report request pages", () => {
	it("lists made and received requests, each where it belongs; a department liaison may not open them", async () => {
		const city = await client("gov_office@smx.demo");
		const list = await text(await city.request("/t/smx/report-requests"));
		expect(list).toContain("本单位布置的");
		expect(list).toContain("2026年度联席会议制度落实情况报送");
		expect(list).toContain("布置报送任务");
		const county = await client("union_staff@hubin.demo");
		const received = await text(await county.request("/t/hubin/report-requests"));
		expect(received).toContain("2026年度联席会议制度落实情况报送");
		expect(received).toContain("/fill");
		const liaison = await client("department_liaison@smx.demo");
		expect((await liaison.request("/t/smx/report-requests")).status).toBe(403);
		// Only managers make requests: a viewer reads the list but not the form.
		const viewer = await client("viewer@smx.demo");
		expect((await viewer.request("/t/smx/report-requests/new")).status).toBe(403);
	});

	it("the tracker shows the completion, the chart and every unit; a target is sent to its fill page", async () => {
		const id = await annualRequest();
		const city = await client("gov_office@smx.demo");
		const page = await text(await city.request(`/t/smx/report-requests/${id}`));
		expect(page).toContain("7 / 11 个单位已报");
		expect(page).toContain("64%");
		expect(page).toContain("<svg");
		expect(page).toContain("一键催报");
		const filtered = await text(await city.request(`/t/smx/report-requests/${id}?status=overdue_missing`));
		expect(filtered.match(/逾期未报<\/span>/g)?.length).toBeGreaterThanOrEqual(3);
		expect(filtered).not.toContain("已通过</span></td>");
		const county = await client("union_staff@hubin.demo");
		const target = await county.request(`/t/hubin/report-requests/${id}`);
		expect(target.status).toBe(302);
		expect(target.headers.get("location")).toBe(`/t/hubin/report-requests/${id}/fill`);
	});

	it("the tracker pages its filtered list (a page past the end shows the last) with the counts of every unit", async () => {
		const id = await annualRequest();
		const city = await client("gov_office@smx.demo");
		const page = await text(await city.request(`/t/smx/report-requests/${id}?status=accepted&page=2`));
		expect(page).toContain("7 / 11 个单位已报");
		expect(page).toContain("64%");
		expect(page).toContain("逾期未报 3 个");
		expect(page).toContain("全部 (11)");
		expect(page).toContain("已通过 (4)");
		// 城乡一体化示范区 reported after the deadline: accepted, it is still counted as late.
		expect(page).toContain("逾期已报（已通过） (1)");
		// Four accepted units fit on one page: the table shows the four, and no pager.
		expect(page.match(/已通过<\/span><\/td>/g)?.length).toBe(4);
		expect(page).not.toContain("已报</span></td>");
		expect(page).not.toContain('aria-label="分页"');
	});

	it("the summary shows the overall figures of the seven reported units and the four not reported", async () => {
		const id = await annualRequest();
		const city = await client("viewer@smx.demo");
		const page = await text(await city.request(`/t/smx/report-requests/${id}/summary?page=3&missing=2`));
		expect(page).toContain("已报单位 7 个");
		expect(page).toContain("合计 9 · 平均 1.3");
		expect(page).toContain("合计 45.00 · 平均 6.43");
		expect(page).toContain("好 3、较好 3、一般 1");
		expect(page).toContain("经济开发区");
		expect(page).toContain("市快递行业协会");
	});

	it("a parent reads what a unit reported, never a unit that has not reported", async () => {
		const id = await annualRequest();
		const city = await client("viewer@smx.demo");
		const reported = await unitWith(id, ["submitted", "accepted"]);
		const page = await city.request(`/t/smx/report-requests/${id}/units/${reported.id}`);
		expect(page.status).toBe(200);
		expect(await text(page)).toContain("本年度召开联席会议次数");
		const silent = await unitWith(id, ["not_started", "draft", "pending_approval"]);
		expect((await city.request(`/t/smx/report-requests/${id}/units/${silent.id}`)).status).toBe(404);
	});

	it("a sibling sees nothing of another county's request", async () => {
		const id = await lingbaoRequest();
		const sibling = await client("gov_office@hubin.demo");
		for (const path of ["", "/fill", "/summary"]) {
			expect((await sibling.request(`/t/hubin/report-requests/${id}${path}`)).status).toBe(404);
		}
	});

	it("a 退回 is refused before anything without the reviewer's role, and refused at the field without its reason", async () => {
		const id = await annualRequest();
		const reported = await unitWith(id, ["submitted"]);
		const path = `/t/smx/report-requests/${id}/units/${reported.id}`;
		const viewer = await client("viewer@smx.demo");
		expect((await viewer.request(path, { form: { intent: "return", reason: "x" } })).status).toBe(403);
		const office = await client("gov_office@smx.demo");
		const refused = await office.request(path, { form: { intent: "return", reason: "" } });
		expect(refused.status).toBe(200);
		expect(await text(refused)).toContain("请填写理由");
		const after = await sql<{ status: string }>`
			select status from report_targets where request_id = ${id} and unit_id = ${reported.id}`.execute(db.owner);
		expect(after.rows[0]?.status).toBe("submitted");
	});

	it("the fill form keeps what was typed and names the field that does not parse; a leader may not save", async () => {
		const id = await annualRequest();
		const unit = await unitWith(id, ["not_started", "draft"]);
		const staff = await client(`union_staff@${unit.slug}.demo`);
		const path = `/t/${unit.slug}/report-requests/${id}/fill`;
		const page = await text(await staff.request(path));
		expect(page).toContain("保存草稿");
		expect(page).toContain("下载 Excel 模板");
		const refused = await staff.request(path, { form: { intent: "save", "value.f1": "三次" } });
		expect(refused.status).toBe(200);
		const body = await text(refused);
		expect(body).toContain("须为整数");
		expect(body).toContain('value="三次"');
		const leader = await client(`union_chair@${unit.slug}.demo`);
		expect((await leader.request(path, { form: { intent: "save", "value.f1": "3" } })).status).toBe(403);
	});

	it("the new request form refuses a request without a title and keeps what was typed", async () => {
		const office = await client("gov_office@smx.demo");
		const refused = await office.request("/t/smx/report-requests/new", {
			form: {
				title: "",
				instructions: "请于月底前报送",
				periodKind: "year",
				periodYear: "2026",
				dueOn: "2031-01-31",
				scope: "children",
				kind: "form",
				recurrence: "none",
				"fields[0].label": "职工人数",
				"fields[0].type": "integer",
			},
		});
		expect(refused.status).toBe(200);
		const body = await text(refused);
		expect(body).toContain("此项必填");
		expect(body).toContain("请于月底前报送");
		expect(body).toContain('value="职工人数"');
	});

	it("the workbench lists what waits for the person: filling for staff, nothing to review in a unit without units below", async () => {
		const id = await annualRequest();
		const unit = await unitWith(id, ["not_started", "draft"]);
		const staff = await client(`union_staff@${unit.slug}.demo`);
		const home = await text(await staff.request(`/t/${unit.slug}`));
		expect(home).toContain("待填报的报送任务");
		expect(home).toContain(`/t/${unit.slug}/report-requests/${id}/fill`);
		const hubin = await client("gov_office@hubin.demo");
		const county = await text(await hubin.request("/t/hubin"));
		expect(county).toContain("待填报的报送任务");
		expect(county).not.toContain("待审阅的下级报送");
		const city = await client("gov_office@smx.demo");
		expect(await text(await city.request("/t/smx"))).toContain("待审阅的下级报送");
	});

	it("a decided matter's page lists the report requests that supervise it, with how many have reported", async () => {
		const { rows } = await sql<{ matterId: string; title: string }>`
			select r.matter_id as "matterId", r.title from report_requests r join tenants t on t.id = r.tenant_id
			where t.slug = 'smx' and r.matter_id is not null limit 1`.execute(db.owner);
		const linked = rows[0];
		if (!linked) throw new Error("the demo links no report request to a matter");
		const office = await client("gov_office@smx.demo");
		const page = await text(await office.request(`/t/smx/matters/${linked.matterId}`));
		expect(page).toContain("报送任务");
		expect(page).toContain(linked.title);
		expect(page).toMatch(/\d+ \/ \d+ 个单位已报/);
	});

	it("the field builder adds a row without JavaScript: the server answers with the form as typed and one row more", async () => {
		const office = await client("gov_office@smx.demo");
		const answer = await office.request("/t/smx/report-requests/new", {
			form: {
				title: "职工书屋建设情况",
				periodKind: "year",
				periodYear: "2026",
				dueOn: "2031-01-31",
				scope: "children",
				kind: "form",
				recurrence: "none",
				"fields[0].label": "职工书屋数",
				"fields[0].type": "integer",
				"fields[1].label": "藏书册数",
				"fields[1].type": "integer",
				__intent__: JSON.stringify({ type: "insert", payload: { name: "fields" } }),
			},
		});
		expect(answer.status).toBe(200);
		const body = await text(answer);
		expect(body).toContain("第 3 项");
		expect(body).not.toContain("第 4 项");
		expect(body).toContain('value="藏书册数"');
		expect(body).not.toContain("有内容需要修改");
		const stored = await sql<{ n: number }>`
			select count(*)::int as n from report_requests where title = '职工书屋建设情况'`.execute(db.owner);
		expect(stored.rows[0]?.n).toBe(0);
	});

	it("a unit with units below may pass a received request on (转发), its texts and form filled in; one without may not", async () => {
		const id = await freshCityRequest("转发测试：职工书屋情况");
		const lingbao = await client("gov_office@lingbao.demo");
		const fill = await text(await lingbao.request(`/t/lingbao/report-requests/${id}/fill`));
		expect(fill).toContain(`/t/lingbao/report-requests/new?from=${id}`);
		expect(fill).toContain("转发给下级单位");
		const form = await text(await lingbao.request(`/t/lingbao/report-requests/new?from=${id}`));
		expect(form).toContain('value="转发测试：职工书屋情况"');
		expect(form).toContain('value="本年度召开联席会议次数"');
		expect(form).toContain(`value="${id}"`);
		const hubin = await client("gov_office@hubin.demo");
		expect(await text(await hubin.request(`/t/hubin/report-requests/${id}/fill`))).not.toContain("转发给下级单位");
	});

	it("a request passed on once is not offered again: the fill page links the copy and the form goes to it", async () => {
		// In the demo 灵宝市 has passed the city's annual request on to its association.
		const id = await annualRequest();
		const copy = await lingbaoRequest();
		const lingbao = await client("gov_office@lingbao.demo");
		const fill = await text(await lingbao.request(`/t/lingbao/report-requests/${id}/fill`));
		expect(fill).toContain("本单位已将这项任务转发给下级单位。");
		expect(fill).toContain(`href="/t/lingbao/report-requests/${copy}"`);
		expect(fill).not.toContain(`/t/lingbao/report-requests/new?from=${id}`);
		const again = await lingbao.request(`/t/lingbao/report-requests/new?from=${id}`);
		expect(again.status).toBe(302);
		expect(again.headers.get("location")).toBe(`/t/lingbao/report-requests/${copy}`);
	});

	it("the requester closes a request from its tracker: reports and reminders stop, and each unit's page says so", async () => {
		const id = await freshCityRequest("结束测试：职工书屋情况");
		const path = `/t/smx/report-requests/${id}`;
		const viewer = await client("viewer@smx.demo");
		expect(await text(await viewer.request(path))).not.toContain("结束报送任务");
		expect((await viewer.request(path, { form: { intent: "close" } })).status).toBe(403);
		const office = await client("gov_office@smx.demo");
		const before = await text(await office.request(path));
		expect(before).toContain("结束报送任务");
		expect(before).toContain("结束后不再接收各单位上报");
		const closed = await office.request(path, { form: { intent: "close" } });
		expect(closed.status).toBe(200);
		const page = await text(closed);
		expect(page).toContain("报送任务已结束。");
		expect(page).toMatch(/该报送任务已于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 结束，不再接收上报。/);
		expect(page).not.toContain("一键催报");
		expect(page).not.toContain(">结束报送任务<");
		const stored = await sql<{ status: string; events: number }>`
			select r.status, (select count(*)::int from audit_events a where a.entity_id = r.id::text
				and a.action = 'report_request.closed') as events
			from report_requests r where r.id = ${id}`.execute(db.owner);
		expect(stored.rows[0]).toEqual({ status: "closed", events: 1 });
		const unit = await client("union_staff@hubin.demo");
		const fill = await text(await unit.request(`/t/hubin/report-requests/${id}/fill`));
		expect(fill).toContain("不再接收上报");
		expect(fill).not.toContain("保存草稿");
		// Closing twice is refused in words.
		const twice = await text(await office.request(path, { form: { intent: "close" } }));
		expect(twice).toContain("该报送任务已结束");
	});
});

/** A new form request of the city to its direct children, with the annual request's form (as the owner). */
async function freshCityRequest(title: string) {
	const annual = await annualRequest();
	const { rows } = await sql<{ id: string }>`
		insert into report_requests (tenant_id, title, kind, period_kind, period_key, due_on, scope, fields, series_id)
		select r.tenant_id, ${title}, 'form', 'year', '2026', '2099-12-31', 'children', r.fields, gen_random_uuid()
		from report_requests r where r.id = ${annual}
		returning id`.execute(db.owner);
	const id = rows[0]?.id as string;
	await sql`
		insert into report_targets (tenant_id, request_id, unit_id, reviewer_id, depth)
		select c.parent_id, ${id}, c.id, c.parent_id, 1 from tenants c
		where c.parent_id = (select id from tenants where slug = 'smx')`.execute(db.owner);
	return id;
}
