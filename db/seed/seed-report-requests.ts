import { sql, type Transaction } from "kysely";
import type { Database, Role } from "../schema.ts";
import type { ReportTargetStatus } from "../schema-report-requests.ts";
import { demoEmail } from "./demo-tenants.ts";

type Tx = Transaction<Database>;
type Values = Record<string, number | string | boolean | null>;

/**
 * Demo report requests (issue #22 §8), as the owner, once (a request already there by its title is
 * left as it is):
 * - the city's "2026年度联席会议制度落实情况报送" to all eleven direct children, due 2026-11-30: seven
 *   reported (five accepted, one of them late; two waiting for the city), one returned, three overdue;
 * - the city's quarterly "工会参与劳动争议调处情况季报" to the six counties, linked to a decided matter,
 *   with two past periods (2026年第2季度 all accepted; 第3季度 five reported, 卢氏县 overdue); the
 *   scheduler makes the fourth quarter's on 2027-01-01;
 * - 灵宝市 forwards the annual request to its association, which has reported.
 */
export const annualTitle = "2026年度联席会议制度落实情况报送";
const quarterlyTitle = "工会参与劳动争议调处情况季报";

const annualFields = [
	{
		key: "f1",
		label: "本年度召开联席会议次数",
		type: "integer",
		required: true,
		min: 0,
		max: 50,
		unit: "次",
		growthRatio: null,
	},
	{ key: "f2", label: "议定事项数", type: "integer", required: true, min: 0, max: null, unit: "件", growthRatio: null },
	{
		key: "f3",
		label: "议定事项办结数",
		type: "integer",
		required: true,
		min: 0,
		max: null,
		unit: "件",
		growthRatio: null,
	},
	{ key: "f4", label: "是否建立联席会议制度", type: "yes_no", required: true },
	{
		key: "f5",
		label: "工作经费",
		type: "decimal",
		required: false,
		min: 0,
		max: null,
		unit: "万元",
		scale: 2,
		growthRatio: null,
	},
	{ key: "f6", label: "制度落实情况自评", type: "choice", required: true, choices: ["好", "较好", "一般"] },
	{ key: "f7", label: "主要做法", type: "text", required: false, maxLength: 500 },
];

const quarterlyFields = [
	{
		key: "f1",
		label: "受理劳动争议案件数",
		type: "integer",
		required: true,
		min: 0,
		max: null,
		unit: "件",
		growthRatio: 2,
	},
	{ key: "f2", label: "调解成功数", type: "integer", required: true, min: 0, max: null, unit: "件", growthRatio: null },
	{
		key: "f3",
		label: "涉及金额",
		type: "decimal",
		required: false,
		min: 0,
		max: null,
		unit: "万元",
		scale: 2,
		growthRatio: null,
	},
];

interface UnitReport {
	status: ReportTargetStatus;
	/** China day of the 上报 (a reported status). */
	on?: string;
	values?: Values;
	returnReason?: string;
	fieldComments?: Record<string, string>;
}

const good = (meetings: number, matters: number, done: number, money: number, self: string, text: string): Values => ({
	f1: meetings,
	f2: matters,
	f3: done,
	f4: true,
	f5: money,
	f6: self,
	f7: text,
});

const annualReports: Record<string, UnitReport> = {
	hubin: { status: "accepted", on: "2026-11-20", values: good(2, 6, 5, 12.5, "好", "按季度调度议定事项。") },
	shanzhou: { status: "accepted", on: "2026-11-22", values: good(1, 4, 4, 8, "好", "联席会议纳入政府常务会议议程。") },
	mianchi: { status: "accepted", on: "2026-11-25", values: good(1, 3, 2, 6.3, "较好", "建立议定事项台账。") },
	lushi: { status: "accepted", on: "2026-11-26", values: good(1, 2, 1, 5, "一般", "") },
	yima: { status: "submitted", on: "2026-11-28", values: good(2, 5, 5, 10, "好", "议定事项全部办结。") },
	shifanqu: { status: "accepted", on: "2026-12-02", values: good(1, 2, 2, 3.2, "较好", "") },
	jianshe: { status: "submitted", on: "2026-11-29", values: good(1, 3, 1, 0, "较好", "行业工会参与工程款支付监督。") },
	kaifaqu: {
		status: "returned",
		on: "2026-11-27",
		values: good(1, 4, 6, 7, "好", ""),
		returnReason: "议定事项办结数大于议定事项数，请核实后重新上报。",
		fieldComments: { f3: "办结数不能超过议定事项数" },
	},
	lingbao: { status: "draft", values: { f1: 1, f4: true } },
	fuwuqu: { status: "not_started" },
	kuaidi: { status: "not_started" },
};

const counties = ["hubin", "shanzhou", "mianchi", "lushi", "yima", "lingbao"];
const quarter = (i: number, cases: number, money: number): Values => ({ f1: cases, f2: cases - (i % 3), f3: money });

async function idOf(tx: Tx, slug: string) {
	return (await tx.selectFrom("tenants").select("id").where("slug", "=", slug).executeTakeFirstOrThrow()).id;
}
async function userOf(tx: Tx, role: Role, slug: string) {
	return (
		await tx.selectFrom("users").select("id").where("email", "=", demoEmail(role, slug)).executeTakeFirstOrThrow()
	).id;
}
const at = (day: string, hour = 10) => new Date(`${day}T${String(hour).padStart(2, "0")}:00:00+08:00`);

async function insertRequest(
	tx: Tx,
	slug: string,
	request: {
		title: string;
		periodKind: "year" | "quarter";
		periodKey: string;
		dueOn: string;
		createdOn: string;
		fields: unknown[];
		recurrence: "none" | "quarter";
		seriesId?: string;
		matterId?: string | null;
		scope: "children" | "kind";
		scopeKinds?: string[];
		forwardedFrom?: { tenantId: string; id: string };
		instructions: string;
	},
	reports: Record<string, UnitReport>,
): Promise<string> {
	const tenantId = await idOf(tx, slug);
	const id = crypto.randomUUID();
	await tx
		.insertInto("report_requests")
		.values({
			tenant_id: tenantId,
			id,
			title: request.title,
			instructions: request.instructions,
			kind: "form",
			period_kind: request.periodKind,
			period_key: request.periodKey,
			due_on: request.dueOn,
			scope: request.scope,
			scope_kinds: request.scopeKinds ?? [],
			fields: JSON.stringify(request.fields),
			recurrence: request.recurrence,
			series_id: request.seriesId ?? id,
			matter_id: request.matterId ?? null,
			forwarded_from_tenant_id: request.forwardedFrom?.tenantId ?? null,
			forwarded_from_id: request.forwardedFrom?.id ?? null,
			created_by: await userOf(tx, "union_staff", slug),
			created_at: at(request.createdOn, 9),
		})
		.execute();
	for (const [unitSlug, r] of Object.entries(reports)) {
		const unitId = await idOf(tx, unitSlug);
		const reported = r.status === "submitted" || r.status === "accepted" || r.status === "returned";
		const version = r.status === "not_started" ? 0 : 1;
		await tx
			.insertInto("report_targets")
			.values({
				tenant_id: tenantId,
				request_id: id,
				unit_id: unitId,
				reviewer_id: tenantId,
				depth: 1,
				status: r.status,
				version,
				reported_at: reported && r.on ? at(r.on, 16) : null,
				reported_on: reported && r.on ? r.on : null,
				opened_at: r.status === "accepted" || r.status === "returned" ? at(r.on ?? request.dueOn, 18) : null,
			})
			.execute();
		if (version === 0) continue;
		const staff = await userOf(tx, "gov_office", unitSlug);
		const head = await userOf(tx, "gov_head", unitSlug);
		await tx
			.insertInto("report_submissions")
			.values({
				tenant_id: tenantId,
				request_id: id,
				unit_id: unitId,
				version,
				state: r.status === "draft" ? "draft" : (r.status as "submitted" | "accepted" | "returned"),
				values: JSON.stringify(r.values ?? {}),
				saved_by: staff,
				saved_at: at(r.on ?? request.createdOn, 11),
				approval_asked_by: reported ? staff : null,
				approval_asked_at: reported && r.on ? at(r.on, 14) : null,
				reported_by: reported ? head : null,
				reported_at: reported && r.on ? at(r.on, 16) : null,
				opened_at: r.status === "accepted" || r.status === "returned" ? at(r.on ?? request.dueOn, 18) : null,
				returned_by: r.status === "returned" ? await userOf(tx, "union_staff", slug) : null,
				returned_at: r.status === "returned" ? at(request.dueOn, 9) : null,
				return_reason: r.returnReason ?? null,
				field_comments: JSON.stringify(r.fieldComments ?? {}),
				reviewed_by_unit: r.status === "accepted" || r.status === "returned" ? tenantId : null,
				accepted_by: r.status === "accepted" ? await userOf(tx, "union_staff", slug) : null,
				accepted_at: r.status === "accepted" && r.on ? at(r.on, 20) : null,
			})
			.execute();
	}
	return id;
}

export async function seedReportRequests(tx: Tx): Promise<number> {
	const city = await idOf(tx, "smx");
	const existing = await tx
		.selectFrom("report_requests")
		.select("id")
		.where("tenant_id", "=", city)
		.where("title", "=", annualTitle)
		.executeTakeFirst();
	if (existing) return 0;
	const annual = await insertRequest(
		tx,
		"smx",
		{
			title: annualTitle,
			instructions: "请各单位如实填报本年度联席会议制度落实情况，经单位领导审核后于11月30日前上报。",
			periodKind: "year",
			periodKey: "2026",
			dueOn: "2026-11-30",
			createdOn: "2026-11-10",
			fields: annualFields,
			recurrence: "none",
			scope: "children",
		},
		annualReports,
	);
	const matter = await sql<{ id: string }>`
		select id from decided_matters where tenant_id = ${city} and status in ('assigned', 'in_progress')
		order by deadline, seq limit 1`.execute(tx);
	const common = {
		title: quarterlyTitle,
		instructions: "请按季度填报工会参与劳动争议调处情况，季度结束后15日内上报。",
		periodKind: "quarter" as const,
		fields: quarterlyFields,
		recurrence: "quarter" as const,
		scope: "kind" as const,
		scopeKinds: ["county"],
		matterId: matter.rows[0]?.id ?? null,
	};
	const q2 = Object.fromEntries(
		counties.map((slug, i) => [
			slug,
			{
				status: "accepted",
				on: `2026-07-1${i % 5}`,
				values: quarter(i, 8 + i * 3, 20 + i * 4.5),
			} as UnitReport,
		]),
	);
	const series = await insertRequest(
		tx,
		"smx",
		{ ...common, periodKey: "2026-Q2", dueOn: "2026-07-15", createdOn: "2026-07-01" },
		q2,
	);
	const q3 = Object.fromEntries(
		counties.map((slug, i) => [
			slug,
			slug === "lushi"
				? ({ status: "not_started" } as UnitReport)
				: ({
						status: i % 2 === 0 ? "accepted" : "submitted",
						on: `2026-10-1${i % 5}`,
						values: quarter(i, 10 + i * 3, 25 + i * 5),
					} as UnitReport),
		]),
	);
	await insertRequest(
		tx,
		"smx",
		{ ...common, periodKey: "2026-Q3", dueOn: "2026-10-15", createdOn: "2026-10-01", seriesId: series },
		q3,
	);
	// 灵宝市 passes the annual request down to its association, which has reported to it.
	await insertRequest(
		tx,
		"lingbao",
		{
			title: annualTitle,
			instructions: "转发市总工会通知，请协会于11月25日前报灵宝市。",
			periodKind: "year",
			periodKey: "2026",
			dueOn: "2026-11-25",
			createdOn: "2026-11-12",
			fields: annualFields,
			recurrence: "none",
			scope: "children",
			forwardedFrom: { tenantId: city, id: annual },
		},
		{ "lingbao-kuaidi": { status: "submitted", on: "2026-11-24", values: good(1, 2, 1, 1.5, "较好", "") } },
	);
	return 4;
}

/** The request `--scale` adds: the city asks every direct child (the demo's eleven and the scale units). */
export const scaleTitle = "规模测试：年度工会工作数据报送";
const scaleFields = [
	{ key: "f1", label: "会员人数", type: "integer", required: true, min: 0, max: null, unit: "人", growthRatio: null },
	{
		key: "f2",
		label: "经费",
		type: "decimal",
		required: false,
		min: 0,
		max: null,
		unit: "万元",
		scale: 2,
		growthRatio: null,
	},
	{ key: "f3", label: "自评", type: "choice", required: true, choices: ["好", "较好", "一般"] },
	{ key: "f4", label: "是否建立制度", type: "yes_no", required: true },
];

/**
 * `--scale`: one form request from the city to every direct child, set-based: of each ten units six
 * reported (three accepted), one returned, one drafting, two not started — with values, so the
 * tracker, the summary and the Excel export have work at 1,011 units. Units added later are added
 * to it on the next run.
 */
export async function seedScaleReportRequests(tx: Tx): Promise<void> {
	const city = await idOf(tx, "smx");
	await sql`
		insert into report_requests (tenant_id, title, instructions, kind, period_kind, period_key, due_on, scope, fields, series_id, created_at)
		select ${city}::uuid, ${scaleTitle}, '规模测试', 'form', 'year', '2026', date '2026-11-30', 'children',
			${JSON.stringify(scaleFields)}::jsonb, gen_random_uuid(), timestamptz '2026-11-01 09:00+08'
		where not exists (select 1 from report_requests where tenant_id = ${city}::uuid and title = ${scaleTitle})`.execute(
		tx,
	);
	const request = await tx
		.selectFrom("report_requests")
		.select("id")
		.where("tenant_id", "=", city)
		.where("title", "=", scaleTitle)
		.executeTakeFirstOrThrow();
	await sql`
		insert into report_targets (tenant_id, request_id, unit_id, reviewer_id, depth, status, version, reported_at, reported_on, opened_at)
		select ${city}::uuid, ${request.id}::uuid, c.id, ${city}::uuid, 1, s.status,
			case when s.status = 'not_started' then 0 else 1 end,
			case when s.reported then timestamptz '2026-11-20 16:00+08' + (c.n % 15) * interval '1 day' end,
			case when s.reported then date '2026-11-20' + (c.n % 15)::int end,
			case when s.status in ('accepted', 'returned') then timestamptz '2026-12-03 09:00+08' end
		from (select id, row_number() over (order by slug) as n from tenants where parent_id = ${city}::uuid) c
		cross join lateral (select (array['accepted', 'accepted', 'accepted', 'submitted', 'submitted', 'submitted',
			'returned', 'draft', 'not_started', 'not_started'])[1 + (c.n % 10)::int] as status) s0
		cross join lateral (select s0.status, s0.status in ('accepted', 'submitted', 'returned') as reported) s
		on conflict do nothing`.execute(tx);
	await sql`
		insert into report_submissions (tenant_id, request_id, unit_id, version, state, values, reported_at, opened_at,
			return_reason, returned_at, accepted_at)
		select t.tenant_id, t.request_id, t.unit_id, 1, case when t.status = 'draft' then 'draft' else t.status end,
			jsonb_build_object('f1', 100 + (n.n % 900), 'f2', round((n.n % 70) * 1.25, 2),
				'f3', (array['好', '较好', '一般'])[1 + (n.n % 3)::int], 'f4', n.n % 4 <> 0),
			t.reported_at, t.opened_at,
			case when t.status = 'returned' then '请核实会员人数' end,
			case when t.status = 'returned' then t.opened_at end,
			case when t.status = 'accepted' then t.opened_at end
		from report_targets t
		join (select id, row_number() over (order by slug) as n from tenants where parent_id = ${city}::uuid) n on n.id = t.unit_id
		where t.request_id = ${request.id}::uuid and t.version = 1
		on conflict do nothing`.execute(tx);
}
