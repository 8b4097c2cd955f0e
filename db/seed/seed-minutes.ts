import { sql, type Transaction } from "kysely";
import type { Database, MatterStatus, MatterUpdateKind } from "../schema.ts";
import { demoEmail } from "./demo-tenants.ts";

type Tx = Transaction<Database>;

interface DemoMatter {
	content: string;
	lead: string;
	co?: string[];
	deadline: string;
	status: MatterStatus;
	updates: { kind: MatterUpdateKind; text: string; role: string; at: string; percent?: number; newDeadline?: string }[];
	finalDeadline?: string;
}

const localDepartments: Record<string, string[]> = {
	hubin: ["区人力资源和社会保障局", "区住房和城乡建设局"],
	kuaidi: ["协会秘书处", "市邮政管理局联络组"],
};

const cityMatters: DemoMatter[] = [
	{
		content: "在快递、外卖行业开展新就业形态劳动者职业伤害保障试点",
		lead: "市人力资源和社会保障局",
		co: ["市财政局"],
		deadline: "2025-06-30",
		status: "verified",
		updates: [
			{ kind: "progress", text: "试点方案已报市政府审定。", role: "department_liaison", at: "2025-02-10", percent: 40 },
			{
				kind: "done",
				text: "试点已在全市快递、外卖企业启动，覆盖1.2万人。",
				role: "department_liaison",
				at: "2025-06-20",
				percent: 100,
			},
			{ kind: "verified", text: "经核实，已办结。", role: "union_staff", at: "2025-07-02" },
		],
	},
	{
		content: "完善技能人才评价激励机制，落实技能津贴",
		lead: "市人力资源和社会保障局",
		co: ["市财政局"],
		deadline: "2026-12-31",
		status: "in_progress",
		updates: [
			{
				kind: "progress",
				text: "已完成全市技能人才结构摸底。",
				role: "department_liaison",
				at: "2025-05-15",
				percent: 30,
			},
			{
				kind: "progress",
				text: "技能津贴办法已征求意见，拟于年底前印发。",
				role: "department_liaison",
				at: "2026-09-10",
				percent: 70,
			},
		],
	},
	{
		content: "将职工服务中心建设纳入城市更新规划",
		lead: "市住房和城乡建设局",
		deadline: "2025-09-30",
		status: "in_progress",
		updates: [
			{ kind: "reminder", text: "", role: "gov_office", at: "2025-09-01" },
			{
				kind: "supervision",
				text: "该事项已逾期，请于10日内报送办理进展和整改措施。",
				role: "union_staff",
				at: "2025-10-15",
			},
		],
	},
	{
		content: "健全劳动争议多元化解机制，设立工会法律援助工作站",
		lead: "市司法局",
		deadline: "2025-10-31",
		finalDeadline: "2026-12-31",
		status: "in_progress",
		updates: [
			{
				kind: "extended",
				text: "需与市中级人民法院协调场地，申请延期。",
				role: "gov_office",
				at: "2025-10-20",
				newDeadline: "2026-12-31",
			},
		],
	},
	{
		content: "开展根治欠薪专项行动，保障农民工工资按时足额支付",
		lead: "市发展和改革委员会",
		co: ["市住房和城乡建设局"],
		deadline: "2025-03-31",
		status: "verified",
		updates: [
			{ kind: "done", text: "专项行动已完成，清偿欠薪326万元。", role: "gov_office", at: "2025-03-25" },
			{ kind: "verified", text: "已办结。", role: "union_staff", at: "2025-04-02" },
		],
	},
];

async function userId(tx: Tx, email: string) {
	return (await tx.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id;
}

async function departmentId(tx: Tx, tenantId: string, name: string) {
	return (
		await tx
			.selectFrom("departments")
			.select("id")
			.where("tenant_id", "=", tenantId)
			.where("name", "=", name)
			.executeTakeFirstOrThrow()
	).id;
}

async function issueMinutes(
	tx: Tx,
	slug: string,
	meetingYear: number,
	meetingKind: "regular" | "extraordinary",
	matters: DemoMatter[],
	issue: { seq: number; on: string } | null,
): Promise<boolean> {
	const tenant = await tx.selectFrom("tenants").select("id").where("slug", "=", slug).executeTakeFirstOrThrow();
	const meeting = await tx
		.selectFrom("meetings")
		.select(["id", "held_on"])
		.where("tenant_id", "=", tenant.id)
		.where("year", "=", meetingYear)
		.where("kind", "=", meetingKind)
		.executeTakeFirst();
	if (!meeting) return false;
	// The demo's history agrees with itself: drafts and reviews in the days after the meeting, the
	// approvals just before the minutes are issued.
	const heldOn = meeting.held_on ?? issue?.on ?? "2024-01-01";
	const dayAfter = (days: number, hour = 10) => {
		const day = new Date(`${heldOn}T${String(hour).padStart(2, "0")}:00:00+08:00`);
		day.setUTCDate(day.getUTCDate() + days);
		return day;
	};
	const beforeIssue = (hour: number) =>
		issue ? new Date(`${issue.on}T${String(hour).padStart(2, "0")}:00:00+08:00`) : dayAfter(4, hour);
	const exists = await tx
		.selectFrom("minutes")
		.select("id")
		.where("tenant_id", "=", tenant.id)
		.where("meeting_id", "=", meeting.id)
		.executeTakeFirst();
	if (exists) return false;
	const staff = await userId(tx, demoEmail("union_staff", slug));
	const draftMatters = await Promise.all(
		matters.map(async (m) => ({
			content: m.content,
			leadDepartmentId: await departmentId(tx, tenant.id, m.lead),
			coDepartmentIds: await Promise.all((m.co ?? []).map((c) => departmentId(tx, tenant.id, c))),
			deadline: m.deadline,
		})),
	);
	const minutes = await tx
		.insertInto("minutes")
		.values({
			tenant_id: tenant.id,
			meeting_id: meeting.id,
			status: issue ? "issued" : "draft",
			current_version: 2,
			number_year: issue ? meetingYear : null,
			number_seq: issue?.seq ?? null,
			issued_on: issue?.on ?? null,
			issued_by: issue ? await userId(tx, demoEmail("gov_office", slug)) : null,
		})
		.returning("id")
		.executeTakeFirstOrThrow();
	const body = `会议听取了${slug === "smx" ? "市" : ""}总工会关于年度工作的通报，研究讨论了职工切身利益等议题，形成如下议定事项。`;
	for (const version of [1, 2]) {
		await tx
			.insertInto("minutes_versions")
			.values({
				tenant_id: tenant.id,
				minutes_id: minutes.id,
				version,
				presided_by: "联系工会工作的副职领导",
				body: version === 1 ? body.replace("，形成如下议定事项", "") : body,
				matters: JSON.stringify(version === 1 ? draftMatters.slice(0, 1) : draftMatters),
				saved_by: staff,
				saved_at: dayAfter(version === 1 ? 1 : 3),
			})
			.execute();
	}
	await tx
		.insertInto("minutes_reviews")
		.values({
			tenant_id: tenant.id,
			minutes_id: minutes.id,
			version: 1,
			stage: "union",
			decision: "return",
			comment: "请把全部议定事项列全，并写明牵头单位和完成时限。",
			user_id: await userId(tx, demoEmail("union_chair", slug)),
			at: dayAfter(2),
		})
		.execute();
	if (!issue) return true;
	for (const [stage, role] of [
		["union", "union_chair"],
		["gov", "gov_liaison"],
	] as const) {
		await tx
			.insertInto("minutes_reviews")
			.values({
				tenant_id: tenant.id,
				minutes_id: minutes.id,
				version: 2,
				stage,
				decision: "approve",
				user_id: await userId(tx, demoEmail(role, slug)),
				at: beforeIssue(stage === "union" ? 9 : 10),
			})
			.execute();
	}
	await tx
		.insertInto("minutes_counters")
		.values({ tenant_id: tenant.id, year: meetingYear, last_seq: issue.seq })
		.onConflict((oc) => oc.columns(["tenant_id", "year"]).doUpdateSet({ last_seq: issue.seq }))
		.execute();
	await tx
		.updateTable("meetings")
		.set({ status: "minutes_issued" })
		.where("tenant_id", "=", tenant.id)
		.where("id", "=", meeting.id)
		.execute();
	for (const [i, m] of matters.entries()) {
		const draft = draftMatters[i];
		if (!draft) continue;
		const matter = await tx
			.insertInto("decided_matters")
			.values({
				tenant_id: tenant.id,
				minutes_id: minutes.id,
				meeting_id: meeting.id,
				seq: i + 1,
				content: m.content,
				lead_department_id: draft.leadDepartmentId,
				co_department_ids: draft.coDepartmentIds,
				deadline: m.finalDeadline ?? m.deadline,
				status: m.status,
			})
			.returning("id")
			.executeTakeFirstOrThrow();
		for (const u of m.updates) {
			const email =
				u.role === "department_liaison" && slug === "smx"
					? "department_liaison@smx.demo"
					: demoEmail(u.role as never, slug);
			await tx
				.insertInto("matter_updates")
				.values({
					tenant_id: tenant.id,
					matter_id: matter.id,
					kind: u.kind,
					text: u.text,
					percent: u.percent ?? null,
					new_deadline: u.newDeadline ?? null,
					user_id: await userId(tx, email),
					at: new Date(`${u.at}T10:00:00+08:00`),
				})
				.execute();
		}
		// The day it was closed, as its record shows (the trigger would stamp the day of seeding).
		const verified = m.updates.findLast((u) => u.kind === "verified");
		if (m.status === "verified" && verified) {
			await sql`update decided_matters set closed_on = ${verified.at} where tenant_id = ${tenant.id} and id = ${matter.id}`.execute(
				tx,
			);
		}
	}
	await tx
		.insertInto("publicity")
		.values([
			{
				tenant_id: tenant.id,
				meeting_id: meeting.id,
				channel: "门户网站",
				title: "政府与工会联席会议召开",
				link: "https://www.example.gov.cn/news/lianxi-2024.html",
				published_on: issue.on,
				created_by: staff,
			},
			{
				tenant_id: tenant.id,
				meeting_id: meeting.id,
				channel: "微信公众号",
				title: "联席会议为职工办实事",
				published_on: issue.on,
				created_by: staff,
			},
		])
		.execute();
	return true;
}

/** Minutes, decided matters with their records, and publicity of the demo tree; idempotent. */
export async function seedMinutes(tx: Tx): Promise<number> {
	for (const [slug, names] of Object.entries(localDepartments)) {
		const tenant = await tx.selectFrom("tenants").select("id").where("slug", "=", slug).executeTakeFirstOrThrow();
		for (const [i, name] of names.entries()) {
			await tx
				.insertInto("departments")
				.values({ tenant_id: tenant.id, name, side: "gov", category: "functional", sort_order: i })
				.onConflict((oc) => oc.columns(["tenant_id", "name"]).doNothing())
				.execute();
		}
	}
	const local = (lead: string, second: string): DemoMatter[] => [
		{
			content: "推动快递行业签订集体合同",
			lead,
			deadline: "2025-12-31",
			status: "verified",
			updates: [{ kind: "verified", text: "已签订。", role: "union_staff", at: "2025-12-20" }],
		},
		{ content: "新建一批户外劳动者服务站点", lead: second, deadline: "2026-10-31", status: "in_progress", updates: [] },
	];
	let added = 0;
	if (await issueMinutes(tx, "smx", 2024, "regular", cityMatters, { seq: 1, on: "2024-11-05" })) added++;
	if (
		await issueMinutes(tx, "hubin", 2024, "regular", local("区人力资源和社会保障局", "区住房和城乡建设局"), {
			seq: 1,
			on: "2024-12-02",
		})
	)
		added++;
	if (
		await issueMinutes(tx, "kuaidi", 2024, "regular", local("协会秘书处", "市邮政管理局联络组"), {
			seq: 1,
			on: "2024-12-06",
		})
	)
		added++;
	if (
		await issueMinutes(tx, "hubin", 2025, "extraordinary", local("区人力资源和社会保障局", "区住房和城乡建设局"), null)
	)
		added++;
	await addReportingTopic(tx);
	return added;
}

/** C6: the city's 2026 meeting reports on the 2024 decided matters. */
async function addReportingTopic(tx: Tx) {
	const city = await tx.selectFrom("tenants").select("id").where("slug", "=", "smx").executeTakeFirstOrThrow();
	const meeting = await tx
		.selectFrom("meetings")
		.select("id")
		.where("tenant_id", "=", city.id)
		.where("year", "=", 2026)
		.where("kind", "=", "regular")
		.executeTakeFirst();
	if (!meeting) return;
	const has = await tx
		.selectFrom("topics")
		.select("id")
		.where("tenant_id", "=", city.id)
		.where("meeting_id", "=", meeting.id)
		.where("category", "=", 6)
		.executeTakeFirst();
	if (has) return;
	await tx
		.insertInto("topics")
		.values({
			tenant_id: city.id,
			meeting_id: meeting.id,
			category: 6,
			title: "上次联席会议议定事项落实情况",
			background: cityMatters.map((m, i) => `${i + 1}. ${m.content}（${m.lead}）`).join("\n"),
			auto_generated: true,
			proposed_by: await userId(tx, demoEmail("union_staff", "smx")),
		})
		.execute();
}
