import { sql, type Transaction } from "kysely";
import type { Database } from "../schema.ts";

type Tx = Transaction<Database>;

/**
 * The demo's story from 2023 to 2026 across the city's children (the roll-up issue, item 8): units
 * that set up their system early and late, two that have not yet; annual meetings held in some years
 * and missed in others; one set of minutes issued late and one not issued yet; decided matters closed
 * on time and late, in progress and overdue. Written as the owner, as past records (the units' own
 * journeys — 湖滨区, the association — come from seed-meetings and seed-minutes); idempotent.
 */
interface StoryMeeting {
	year: number;
	heldOn: string;
	/** Days from the meeting to its minutes; absent: not issued yet. */
	minutesAfter?: number;
	topics: number[];
	/** [deadline, state]; closed matters name the day they were closed. */
	matters: [deadline: string, state: "verified" | "done" | "in_progress" | "assigned", closedOn?: string][];
	publicity?: string;
}

interface StoryUnit {
	slug: string;
	department: string;
	/** A system recorded here (units whose system comes from the register seed have none). */
	system?: { issuedOn: string; docNumber: string; bodies: string };
	meetings: StoryMeeting[];
}

const story: StoryUnit[] = [
	{
		slug: "mianchi",
		department: "县人力资源和社会保障局",
		meetings: [
			{
				year: 2024,
				heldOn: "2024-06-18",
				minutesAfter: 10,
				topics: [1, 4, 6],
				matters: [
					["2024-12-31", "verified", "2024-12-20"],
					["2025-06-30", "verified", "2025-08-15"],
				],
				publicity: "渑池县召开2024年度政府与工会联席会议",
			},
			{
				// Minutes issued late: 57 days after the meeting.
				year: 2025,
				heldOn: "2025-07-10",
				minutesAfter: 57,
				topics: [2, 4, 6],
				matters: [
					["2025-12-31", "in_progress"],
					["2026-12-31", "assigned"],
				],
			},
		],
	},
	{
		slug: "shanzhou",
		department: "区人力资源和社会保障局",
		meetings: [
			{
				year: 2024,
				heldOn: "2024-11-20",
				minutesAfter: 11,
				topics: [3, 4, 6],
				matters: [["2025-06-30", "verified", "2025-05-28"]],
				publicity: "陕州区政府与区总工会召开联席会议",
			},
			{ year: 2025, heldOn: "2025-10-15", minutesAfter: 14, topics: [4, 6], matters: [["2026-03-31", "done"]] },
			{
				year: 2026,
				heldOn: "2026-05-20",
				minutesAfter: 12,
				topics: [5, 6],
				matters: [["2026-12-31", "in_progress"]],
			},
		],
	},
	{
		slug: "lingbao",
		department: "市人力资源和社会保障局",
		meetings: [
			{
				year: 2024,
				heldOn: "2024-09-12",
				minutesAfter: 9,
				topics: [1, 2, 6],
				matters: [
					["2025-03-31", "verified", "2025-03-20"],
					["2025-09-30", "in_progress"],
				],
			},
			{
				year: 2025,
				heldOn: "2025-09-18",
				minutesAfter: 15,
				topics: [4, 6, 7],
				matters: [["2026-06-30", "in_progress"]],
			},
			{ year: 2026, heldOn: "2026-09-16", minutesAfter: 10, topics: [3, 6], matters: [["2027-06-30", "assigned"]] },
		],
	},
	{
		slug: "lushi",
		department: "县人力资源和社会保障局",
		meetings: [
			{
				year: 2024,
				heldOn: "2024-08-08",
				minutesAfter: 13,
				topics: [4, 6],
				matters: [["2025-02-28", "verified", "2025-02-26"]],
			},
			{ year: 2026, heldOn: "2026-03-26", minutesAfter: 8, topics: [2, 6], matters: [["2026-09-30", "in_progress"]] },
		],
	},
	{
		slug: "kaifaqu",
		department: "管委会社会事业局",
		meetings: [
			{
				year: 2025,
				heldOn: "2025-12-10",
				minutesAfter: 20,
				topics: [1, 6],
				matters: [["2026-06-30", "verified", "2026-06-12"]],
			},
		],
	},
	{
		slug: "kuaidi",
		department: "协会秘书处",
		meetings: [{ year: 2025, heldOn: "2025-08-12", minutesAfter: 16, topics: [4, 6], matters: [] }],
	},
	{
		// Set up late (2026); its first meeting's minutes are not out yet.
		slug: "jianshe",
		department: "局办公室",
		system: { issuedOn: "2026-04-01", docNumber: "市住建〔2026〕12号", bodies: "市住房和城乡建设局、市建设工会" },
		meetings: [{ year: 2026, heldOn: "2026-10-20", topics: [4, 6], matters: [] }],
	},
	{
		slug: "yima",
		department: "市人力资源和社会保障局",
		system: { issuedOn: "2025-11-05", docNumber: "义政〔2025〕31号", bodies: "义马市人民政府、义马市总工会" },
		meetings: [],
	},
];

const topicTitles: Record<number, string> = {
	1: "通报工会年度重点工作",
	2: "职工住房和子女入学问题",
	3: "构建和谐劳动关系",
	4: "职工技能提升和就业服务",
	5: "职工疗休养和健康服务",
	6: "上次联席会议议定事项落实情况",
	7: "困难职工帮扶",
};

const matterTexts = ["推动重点行业集体协商", "建设户外劳动者服务站点", "开展职工技能培训补贴", "落实职工疗休养制度"];

export async function seedHistory(tx: Tx): Promise<number> {
	let added = 0;
	for (const unit of story) {
		const tenant = await tx
			.selectFrom("tenants")
			.select(["id", "name"])
			.where("slug", "=", unit.slug)
			.executeTakeFirst();
		if (!tenant) continue;
		await tx
			.insertInto("departments")
			.values({ tenant_id: tenant.id, name: unit.department, side: "gov", category: "functional" })
			.onConflict((oc) => oc.columns(["tenant_id", "name"]).doNothing())
			.execute();
		const department = await tx
			.selectFrom("departments")
			.select("id")
			.where("tenant_id", "=", tenant.id)
			.where("name", "=", unit.department)
			.executeTakeFirstOrThrow();
		if (unit.system) {
			const has = await tx.selectFrom("systems").select("id").where("tenant_id", "=", tenant.id).executeTakeFirst();
			if (!has) {
				await tx
					.insertInto("systems")
					.values({
						tenant_id: tenant.id,
						version: 1,
						title: `${tenant.name}政府与工会联席会议制度`,
						issuing_bodies: unit.system.bodies,
						doc_number: unit.system.docNumber,
						issued_on: unit.system.issuedOn,
						effective_on: unit.system.issuedOn,
					})
					.execute();
				added++;
			}
		}
		for (const m of unit.meetings) {
			const exists = await tx
				.selectFrom("meetings")
				.select("id")
				.where("tenant_id", "=", tenant.id)
				.where("year", "=", m.year)
				.where("kind", "=", "regular")
				.executeTakeFirst();
			if (exists) continue;
			added += await addMeeting(tx, tenant, department.id, m);
		}
	}
	return added;
}

async function addMeeting(tx: Tx, tenant: { id: string; name: string }, departmentId: string, m: StoryMeeting) {
	const issuedOn = m.minutesAfter === undefined ? null : addDays(m.heldOn, m.minutesAfter);
	const seq =
		((
			await tx
				.selectFrom("meetings")
				.select(sql<number>`max(seq)`.as("seq"))
				.where("tenant_id", "=", tenant.id)
				.where("year", "=", m.year)
				.executeTakeFirst()
		)?.seq ?? 0) + 1;
	const at = (day: string) => new Date(`${day}T09:00:00+08:00`);
	const meeting = await tx
		.insertInto("meetings")
		.values({
			tenant_id: tenant.id,
			year: m.year,
			seq,
			kind: "regular",
			status: issuedOn ? "minutes_issued" : "held",
			title: `${m.year}年度政府与工会联席会议`,
			reason: `按照联席会议制度，召开${m.year}年度联席会议。`,
			window_from: `${m.heldOn.slice(0, 8)}01`,
			window_to: m.heldOn,
			scheduled_start: at(m.heldOn),
			scheduled_end: new Date(at(m.heldOn).getTime() + 2 * 3_600_000),
			place: `${tenant.name}政府会议室`,
			held_on: m.heldOn,
			requested_at: at(addDays(m.heldOn, -30)),
			accepted_at: at(addDays(m.heldOn, -25)),
			created_at: at(addDays(m.heldOn, -31)),
			updated_at: at(issuedOn ?? m.heldOn),
		})
		.returning("id")
		.executeTakeFirstOrThrow();
	await tx
		.insertInto("topics")
		.values(
			m.topics.map((category, i) => ({
				tenant_id: tenant.id,
				meeting_id: meeting.id,
				category,
				title: topicTitles[category] ?? "议题",
				status: "agreed" as const,
				auto_generated: category === 6,
				sort_order: i + 1,
				created_at: at(addDays(m.heldOn, -28)),
			})),
		)
		.execute();
	if (!issuedOn) return 1;
	const number = await tx
		.insertInto("minutes_counters")
		.values({ tenant_id: tenant.id, year: m.year, last_seq: 1 })
		.onConflict((oc) => oc.columns(["tenant_id", "year"]).doUpdateSet({ last_seq: sql`minutes_counters.last_seq + 1` }))
		.returning("last_seq")
		.executeTakeFirstOrThrow();
	const minutes = await tx
		.insertInto("minutes")
		.values({
			tenant_id: tenant.id,
			meeting_id: meeting.id,
			status: "issued",
			number_year: m.year,
			number_seq: number.last_seq,
			issued_on: issuedOn,
			created_at: at(addDays(m.heldOn, 2)),
			updated_at: at(issuedOn),
		})
		.returning("id")
		.executeTakeFirstOrThrow();
	for (const [i, [deadline, status, closedOn]] of m.matters.entries()) {
		const matter = await tx
			.insertInto("decided_matters")
			.values({
				tenant_id: tenant.id,
				minutes_id: minutes.id,
				meeting_id: meeting.id,
				seq: i + 1,
				content: matterTexts[(i + m.year) % matterTexts.length] as string,
				lead_department_id: departmentId,
				co_department_ids: [],
				deadline,
				status,
				created_at: at(issuedOn),
			})
			.returning("id")
			.executeTakeFirstOrThrow();
		// The day it was closed, as the record shows (the trigger would stamp today).
		if (closedOn) {
			await sql`update decided_matters set closed_on = ${closedOn} where tenant_id = ${tenant.id} and id = ${matter.id}`.execute(
				tx,
			);
		}
	}
	if (m.publicity) {
		await tx
			.insertInto("publicity")
			.values({
				tenant_id: tenant.id,
				meeting_id: meeting.id,
				channel: "政府网站",
				title: m.publicity,
				published_on: addDays(issuedOn, 3),
			})
			.execute();
	}
	return 1;
}

function addDays(day: string, days: number): string {
	return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
