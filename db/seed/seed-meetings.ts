import type { Transaction } from "kysely";
import type { Capacity, Database, GuestType, MeetingKind, MeetingStatus, Side, TopicStatus } from "../schema.ts";
import { demoEmail } from "./demo-tenants.ts";

type Tx = Transaction<Database>;

// The four standard agenda items of O4 (the app's copy lives in app/domain/meetings/meeting-schema.ts;
// the seed keeps its own so that db/ imports nothing from app/).
const standardAgenda = [
	"通报上次联席会议议定事项的落实情况",
	"通报本次联席会议议题产生情况及主要内容",
	"研究讨论并协商确定本次联席会议相关事宜",
	"双方领导同志就落实本次联席会议议定事项作部署",
];

interface DemoTopic {
	category: number;
	title: string;
	background: string;
	/** 调查研究: what the department asked for its opinion reads with the rest of the topic (O2). */
	research?: string;
	suggestions: string;
	status: TopicStatus;
	agreedBy: Side[];
	opinions?: { department: string; dueOn: string; answer: string | null }[];
}

interface DemoMeeting {
	slug: string;
	year: number;
	kind: MeetingKind;
	status: MeetingStatus;
	title: string;
	reason: string;
	window: [string, string];
	scheduled?: [string, string, string];
	heldOn?: string;
	consents?: Side[];
	topics: DemoTopic[];
	roster?: {
		capacity: Capacity;
		role?: string;
		guest?: [string, string, GuestType | null];
		department?: [string, string];
		absent?: string;
	}[];
}

const fullRoster: DemoMeeting["roster"] = [
	{ capacity: "attend", role: "gov_liaison" },
	{ capacity: "attend", role: "gov_deputy_secretary" },
	{ capacity: "attend", role: "union_chair" },
	{ capacity: "attend", role: "union_vice_chair", absent: "外出学习" },
	{ capacity: "sit_in", role: "gov_office" },
	{ capacity: "sit_in", role: "union_staff" },
	{ capacity: "invited", guest: ["赵春生（演示）", "三门峡某快递网点", "worker_representative"] },
	{ capacity: "invited", guest: ["孙爱民（演示）", "义马煤业集团", "model_worker"] },
	{ capacity: "invited", guest: ["周丽（演示）", "湖滨区某街道工会", "grassroots_union_cadre"] },
];

function cityMeetings(): DemoMeeting[] {
	return [
		{
			slug: "smx",
			year: 2024,
			kind: "regular",
			status: "held",
			title: "2024年度政府与工会联席会议",
			reason: "按照联席会议制度，提请召开2024年度联席会议，研究职工切身利益等重点事项。",
			window: ["2024-10-01", "2024-10-31"],
			scheduled: ["2024-10-25T09:00:00+08:00", "2024-10-25T11:30:00+08:00", "市政府第一会议室"],
			heldOn: "2024-10-25",
			topics: [
				{
					category: 1,
					title: "通报市总工会2024年重点工作安排",
					background: "市总工会年度工作要点",
					suggestions: "请政府方给予支持",
					status: "agreed",
					agreedBy: ["gov", "union"],
				},
				{
					category: 2,
					title: "深化产业工人队伍建设改革",
					background: "全市产业工人技能结构调查",
					suggestions: "完善技能人才评价和激励机制",
					status: "agreed",
					agreedBy: ["gov", "union"],
				},
				{
					category: 4,
					title: "新就业形态劳动者权益保障",
					background: "快递员、网约配送员等群体快速增长，职业伤害保障不足",
					research: "市总工会走访12家快递网点、调查386名快递员，参加工伤保险的不足三成。",
					suggestions: "推动建立职业伤害保障和行业集体协商机制",
					status: "agreed",
					agreedBy: ["gov", "union"],
					opinions: [
						{
							department: "市人力资源和社会保障局",
							dueOn: "2024-10-10",
							answer: "同意，建议先行在快递行业试点职业伤害保障。",
						},
						{ department: "市财政局", dueOn: "2024-10-10", answer: "试点所需经费可在就业补助资金中统筹。" },
					],
				},
				{
					category: 5,
					title: "支持工会阵地建设",
					background: "部分县区职工服务中心场地不足",
					suggestions: "将职工服务阵地纳入城市更新规划",
					status: "agreed",
					agreedBy: ["gov", "union"],
				},
			],
			roster: [...(fullRoster ?? []), { capacity: "sit_in", department: ["市人力资源和社会保障局", "刘局长（演示）"] }],
		},
		{
			slug: "smx",
			year: 2025,
			kind: "extraordinary",
			status: "accepted",
			title: "2025年第1次临时联席会议",
			reason: "部分企业拖欠农民工工资问题突出，需及时研究。",
			window: ["2025-01-10", "2025-01-20"],
			consents: ["gov", "union"],
			topics: [],
		},
		{
			// Upcoming and scheduled: its calendar (.ics) link is on the meeting page.
			slug: "smx",
			year: 2026,
			kind: "extraordinary",
			status: "scheduled",
			title: "2026年第1次临时联席会议",
			reason: "岁末年初农民工工资支付进入高峰，需研究部署根治欠薪冬季专项行动。",
			window: ["2026-12-14", "2026-12-20"],
			scheduled: ["2026-12-18T09:00:00+08:00", "2026-12-18T11:30:00+08:00", "市政府第二会议室"],
			consents: ["gov", "union"],
			topics: [
				{
					category: 3,
					title: "根治欠薪冬季专项行动",
					background: "年底前工程建设领域欠薪线索集中",
					suggestions: "开展联合督查，畅通欠薪投诉渠道",
					status: "agreed",
					agreedBy: ["gov", "union"],
				},
			],
			roster: fullRoster,
		},
		{
			slug: "smx",
			year: 2026,
			kind: "regular",
			status: "preparing",
			title: "2026年度政府与工会联席会议",
			reason: "按照联席会议制度，提请召开2026年度联席会议。",
			window: ["2026-12-01", "2026-12-25"],
			topics: [
				{
					category: 3,
					title: "构建和谐劳动关系先行区",
					background: "全市劳动争议案件情况",
					suggestions: "健全劳动关系协调机制",
					status: "agreed",
					agreedBy: ["gov", "union"],
				},
				{
					category: 4,
					title: "职工职业技能提升行动",
					background: "技能培训覆盖面不足",
					research: "对全市规模以上企业的抽样调查显示，一线职工年均参加技能培训不足1次。",
					suggestions: "扩大以工代训补贴范围",
					status: "proposed",
					agreedBy: ["gov"],
					opinions: [{ department: "市人力资源和社会保障局", dueOn: "2026-11-15", answer: null }],
				},
				{
					category: 7,
					title: "职工疗休养制度落实",
					background: "疗休养覆盖情况",
					suggestions: "推动疗休养向一线职工倾斜",
					status: "proposed",
					agreedBy: [],
				},
			],
		},
	];
}

function localMeetings(slug: string, place: string): DemoMeeting {
	return {
		slug,
		year: 2024,
		kind: "regular",
		status: "held",
		title: "2024年度政府与工会联席会议",
		reason: "按照联席会议制度，提请召开2024年度联席会议。",
		window: ["2024-11-01", "2024-11-30"],
		scheduled: ["2024-11-20T09:00:00+08:00", "2024-11-20T11:00:00+08:00", place],
		heldOn: "2024-11-20",
		topics: [
			{
				category: 4,
				title: "快递从业人员权益保障",
				background: "行业从业人员劳动保障状况",
				suggestions: "推动签订行业集体合同",
				status: "agreed",
				agreedBy: ["gov", "union"],
			},
			{
				category: 5,
				title: "基层工会组织建设",
				background: "新建企业工会情况",
				suggestions: "加大建会入会工作力度",
				status: "agreed",
				agreedBy: ["gov", "union"],
			},
		],
		roster: fullRoster,
	};
}

/** The meeting demo (issue: 2024 held meetings, a 2025 extraordinary one, 2026 in preparation); idempotent. */
export async function seedMeetings(tx: Tx): Promise<number> {
	const all = [
		...cityMeetings(),
		localMeetings("hubin", "湖滨区政府会议室"),
		localMeetings("kuaidi", "市快递行业协会会议室"),
		// Held, with its minutes still in drafting (two versions, a returned review).
		{
			...localMeetings("hubin", "湖滨区政府会议室"),
			year: 2025,
			kind: "extraordinary",
			title: "2025年第1次临时联席会议",
			reason: "辖区某物流园区集中欠薪，需及时研究。",
			window: ["2025-04-01", "2025-04-10"],
			scheduled: ["2025-04-08T15:00:00+08:00", "2025-04-08T17:00:00+08:00", "湖滨区政府会议室"],
			heldOn: "2025-04-08",
			consents: ["gov", "union"],
		},
	] satisfies DemoMeeting[];
	let added = 0;
	for (const m of all) {
		const tenant = await tx.selectFrom("tenants").select("id").where("slug", "=", m.slug).executeTakeFirstOrThrow();
		const exists = await tx
			.selectFrom("meetings")
			.select("id")
			.where("tenant_id", "=", tenant.id)
			.where("year", "=", m.year)
			.where("kind", "=", m.kind)
			.executeTakeFirst();
		if (exists) continue;
		const user = async (role: string) =>
			(
				await tx
					.selectFrom("users")
					.select("id")
					.where("email", "=", demoEmail(role as never, m.slug))
					.executeTakeFirstOrThrow()
			).id;
		const seq =
			(
				await tx
					.selectFrom("meetings")
					.select("id")
					.where("tenant_id", "=", tenant.id)
					.where("year", "=", m.year)
					.execute()
			).length + 1;
		const meeting = await tx
			.insertInto("meetings")
			.values({
				tenant_id: tenant.id,
				year: m.year,
				seq,
				kind: m.kind,
				status: m.status,
				title: m.title,
				reason: m.reason,
				window_from: m.window[0],
				window_to: m.window[1],
				scheduled_start: m.scheduled ? new Date(m.scheduled[0]) : null,
				scheduled_end: m.scheduled ? new Date(m.scheduled[1]) : null,
				place: m.scheduled?.[2] ?? null,
				held_on: m.heldOn ?? null,
				created_by: await user("union_staff"),
				requested_at: new Date(`${m.window[0]}T09:00:00+08:00`),
				accepted_at: new Date(`${m.window[0]}T15:00:00+08:00`),
			})
			.returning("id")
			.executeTakeFirstOrThrow();
		added++;
		await tx
			.insertInto("agenda_items")
			.values(
				standardAgenda.map((title, i) => ({
					tenant_id: tenant.id,
					meeting_id: meeting.id,
					position: i + 1,
					standard_item: i + 1,
					title,
					snapshot:
						i === 0 && m.heldOn ? JSON.stringify({ frozenAt: `${m.heldOn}T09:00:00+08:00`, matters: [] }) : null,
				})),
			)
			.execute();
		for (const side of m.consents ?? []) {
			await tx
				.insertInto("meeting_consents")
				.values({
					tenant_id: tenant.id,
					meeting_id: meeting.id,
					side,
					decision: "consent",
					user_id: await user(side === "gov" ? "gov_liaison" : "union_chair"),
					// The demo's history agrees with itself: consents on the day of the request.
					at: new Date(`${m.window[0]}T14:00:00+08:00`),
				})
				.execute();
		}
		for (const t of m.topics) {
			const topic = await tx
				.insertInto("topics")
				.values({
					tenant_id: tenant.id,
					meeting_id: meeting.id,
					category: t.category,
					title: t.title,
					background: t.background,
					research: t.research ?? "",
					suggestions: t.suggestions,
					status: t.status,
					proposed_by: await user("union_staff"),
					created_at: new Date(`${m.window[0]}T16:00:00+08:00`),
				})
				.returning("id")
				.executeTakeFirstOrThrow();
			for (const side of t.agreedBy) {
				await tx
					.insertInto("topic_agreements")
					.values({
						tenant_id: tenant.id,
						topic_id: topic.id,
						side,
						user_id: await user(side === "gov" ? "gov_liaison" : "union_chair"),
						at: new Date(`${m.window[0]}T${side === "gov" ? "17" : "18"}:00:00+08:00`),
					})
					.execute();
			}
			for (const o of t.opinions ?? []) {
				const department = await tx
					.selectFrom("departments")
					.select("id")
					.where("tenant_id", "=", tenant.id)
					.where("name", "=", o.department)
					.executeTakeFirstOrThrow();
				const liaison = await tx
					.selectFrom("department_liaisons")
					.select("user_id")
					.where("tenant_id", "=", tenant.id)
					.where("department_id", "=", department.id)
					.executeTakeFirst();
				await tx
					.insertInto("opinion_requests")
					.values({
						tenant_id: tenant.id,
						topic_id: topic.id,
						department_id: department.id,
						due_on: o.dueOn,
						requested_by: await user("union_staff"),
						answer: o.answer,
						answered_by: o.answer ? (liaison?.user_id ?? null) : null,
						answered_at: o.answer ? new Date(`${o.dueOn}T10:00:00+08:00`) : null,
					})
					.execute();
			}
		}
		for (const [i, a] of (m.roster ?? []).entries()) {
			const held = m.status === "held";
			await tx
				.insertInto("attendees")
				.values({
					tenant_id: tenant.id,
					meeting_id: meeting.id,
					capacity: a.capacity,
					user_id: a.role ? await user(a.role) : null,
					guest_name: a.guest?.[0] ?? a.department?.[1] ?? null,
					guest_org: a.guest?.[1] ?? null,
					guest_type: a.guest?.[2] ?? null,
					department_id: a.department
						? (
								await tx
									.selectFrom("departments")
									.select("id")
									.where("tenant_id", "=", tenant.id)
									.where("name", "=", a.department[0])
									.executeTakeFirstOrThrow()
							).id
						: null,
					presence: held ? (a.absent ? "absent" : "present") : null,
					absence_reason: held ? (a.absent ?? null) : null,
					// O3: a leader away is on leave the union chair recorded.
					...(a.absent && a.role
						? { leave_reason: a.absent, leave_by: await user("union_chair"), leave_at: new Date() }
						: {}),
					sort_order: i,
				})
				.execute();
		}
	}
	return added;
}
