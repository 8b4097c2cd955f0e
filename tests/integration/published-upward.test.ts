import { PassThrough } from "node:stream";
import ExcelJS from "exceljs";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { addDepartment } from "#app/domain/directory/manage-departments.server.ts";
import { createMeeting } from "#app/domain/meetings/create-meeting.server.ts";
import { acceptMeeting, submitMeeting } from "#app/domain/meetings/meeting-transitions.server.ts";
import { agreeTopic, proposeTopic, returnTopic } from "#app/domain/meetings/topic-actions.server.ts";
import { advanceMinutes, saveMinutes } from "#app/domain/minutes/minutes-actions.server.ts";
import { readPublicPage } from "#app/domain/public-results/read-public-results.server.ts";
import { agreeToRelease, setPublicPage } from "#app/domain/public-results/release-actions.server.ts";
import {
	publishedMeeting,
	publishedMinutes,
	publishedMinutesStatus,
	publishedTopicStatus,
} from "#app/domain/publishing/published-upward.ts";
import { rollupDetail } from "#app/domain/rollup/rollup-detail.server.ts";
import { readRollup } from "#app/domain/rollup/rollup-figures.server.ts";
import { exportRollupWorkbook } from "#app/domain/rollup/rollup-workbook.server.ts";
import { readUnitRecords } from "#app/domain/rollup/unit-records.server.ts";
import { type SearchReader, searchTenant } from "#app/domain/search/search.server.ts";
import { translator } from "#app/i18n/i18n.ts";
import { runAs, runAsSnapshot } from "#db/run-as.ts";
import type { Role } from "#db/schema.ts";
import {
	createActorOptions,
	createMember,
	createTenant,
	openIntegrationDatabase,
	type TenantFixture,
} from "#tests/support/integration-db.ts";
import { bindTestLiaison, holdMeeting } from "#tests/support/meeting-fixtures.ts";

/** Every batch the detail reader gives, in order. */
async function batchesOf<T>(batches: AsyncIterable<T[]>): Promise<T[][]> {
	const all: T[][] = [];
	for await (const batch of batches) all.push(batch);
	return all;
}

/**
 * Upward means published (ADR 0005): a child unit holds one unpublished item of each kind — a draft
 * meeting, a meeting proposed (提请) but not accepted by the government side, a proposed and a
 * returned topic, minutes still under review with their decided matters — beside published items
 * of the same kinds. The city's five readers (the unit's records page, search, the statistics, the
 * Excel workbook, the child's public page) show the published ones and none of the others; and the
 * app's names of the published states say what the database's definition says.
 */
const db = await openIntegrationDatabase(6);
const YEAR = 2026;
const TODAY = "2026-04-30";
type Options = Awaited<ReturnType<typeof createActorOptions>>;
const childRoles: Role[] = ["admin", "union_staff", "union_chair", "gov_head", "gov_liaison", "gov_office"];

let city: TenantFixture;
let child: TenantFixture;
let cityReader: SearchReader;
let as: (role: Role) => Options;
let lead: string;

/** What the child holds, by a name of the test's own. */
const ids = {} as Record<
	| "issued"
	| "accepted"
	| "reviewed"
	| "draft"
	| "requested"
	| "proposedTopic"
	| "returnedTopic"
	| "agreedTopic"
	| "reviewedMinutes",
	string
>;
const ISSUED_MATTER = "已印发事项：推进职业伤害保障试点";
const REVIEWED_MATTER = "未印发事项：内部草稿暂不公开";
const REVIEWED_BODY = "纪要审核中：内部讨论稿";
const PROPOSED_TOPIC = "内部议题：尚未商定";
const RETURNED_TOPIC = "内部议题：已退回修改";

const minutesDraft = (body: string, matter: string) => ({
	presidedBy: "联系工会工作的副区长",
	body,
	matters: [{ content: matter, leadDepartmentId: lead, coDepartmentIds: [], deadline: "2026-12-31" }],
});

const topicInput = (category: number, title: string) => ({
	category,
	title,
	background: title,
	research: "",
	suggestions: "",
});

beforeAll(async () => {
	city = await createTenant(db, { kind: "city" });
	child = await createTenant(db, { kind: "county", parentId: city.id });
	const viewer = await createMember(db, city.id, ["viewer"]);
	cityReader = { userId: viewer.id, tenantId: city.id, slug: city.slug, roles: ["viewer"] };
	const people = new Map<Role, Options>();
	for (const role of childRoles) people.set(role, await createActorOptions(db, child, [role]));
	as = (role) => people.get(role) as Options;
	const department = await addDepartment(as("admin"), {
		name: "人社局",
		side: "gov",
		category: "functional",
		sortOrder: 0,
	});
	if (!department.ok) throw new Error("department");
	lead = department.id;
	await bindTestLiaison(db, child.id, lead);

	// Published: a held meeting with issued minutes and their matter, publicity, released publicly.
	ids.issued = await holdMeeting(db, as, YEAR);
	await saveMinutes(as("union_staff"), ids.issued, minutesDraft("纪要正文", ISSUED_MATTER));
	await advanceMinutes(as("union_staff"), ids.issued, "submit");
	await advanceMinutes(as("union_chair"), ids.issued, "union_approve");
	await advanceMinutes(as("gov_liaison"), ids.issued, "gov_approve");
	await advanceMinutes(as("gov_office"), ids.issued, "issue", { today: "2026-03-25" });
	await db.owner
		.insertInto("publicity")
		.values({
			tenant_id: child.id,
			meeting_id: ids.issued,
			channel: "门户网站",
			title: "联席会议召开",
			published_on: "2026-03-26",
		})
		.execute();

	// Published: an accepted meeting, with an agreed topic; unpublished: a proposed and a returned topic.
	const accepted = await createMeeting({
		...as("union_staff"),
		proposal: { kind: "regular", reason: "第二次例会", windowFrom: `${YEAR}-09-01`, windowTo: `${YEAR}-09-30` },
	});
	ids.accepted = accepted.id;
	await submitMeeting(as("union_staff"), ids.accepted);
	await acceptMeeting(as("gov_head"), ids.accepted);
	ids.agreedTopic = await proposeTopic(as("union_staff"), ids.accepted, topicInput(5, "已商定议题"));
	await agreeTopic(as("gov_liaison"), ids.accepted, ids.agreedTopic);
	await agreeTopic(as("union_chair"), ids.accepted, ids.agreedTopic);
	ids.proposedTopic = await proposeTopic(as("union_staff"), ids.accepted, topicInput(1, PROPOSED_TOPIC));
	ids.returnedTopic = await proposeTopic(as("union_staff"), ids.accepted, topicInput(2, RETURNED_TOPIC));
	await returnTopic(as("gov_liaison"), ids.accepted, ids.returnedTopic, "请补充调研情况");

	// Published: a held meeting; unpublished: its minutes, still in review, and their decided matter
	// (written as the owner: the app makes matters only at issue, so this stands for any other way in).
	ids.reviewed = await holdMeeting(db, as, YEAR);
	await saveMinutes(as("union_staff"), ids.reviewed, minutesDraft(REVIEWED_BODY, REVIEWED_MATTER));
	await advanceMinutes(as("union_staff"), ids.reviewed, "submit");
	const reviewed = await db.owner
		.selectFrom("minutes")
		.select("id")
		.where("tenant_id", "=", child.id)
		.where("meeting_id", "=", ids.reviewed)
		.executeTakeFirstOrThrow();
	ids.reviewedMinutes = reviewed.id;
	await db.owner
		.insertInto("decided_matters")
		.values({
			tenant_id: child.id,
			minutes_id: reviewed.id,
			meeting_id: ids.reviewed,
			seq: 1,
			content: REVIEWED_MATTER,
			lead_department_id: lead,
			co_department_ids: [],
			deadline: "2026-04-01",
		})
		.execute();

	// Unpublished: a draft (内部讨论：尚未提请) and a request the government side has not accepted.
	const draft = await createMeeting({
		...as("union_staff"),
		proposal: {
			kind: "extraordinary",
			reason: "内部讨论：尚未提请",
			windowFrom: `${YEAR}-05-01`,
			windowTo: `${YEAR}-05-31`,
		},
	});
	ids.draft = draft.id;
	const requested = await createMeeting({
		...as("union_staff"),
		proposal: {
			kind: "extraordinary",
			reason: "已提请，待政府方同意",
			windowFrom: `${YEAR}-06-01`,
			windowTo: `${YEAR}-06-30`,
		},
	});
	ids.requested = requested.id;
	await submitMeeting(as("union_staff"), ids.requested);

	// The child's public page: both sides release the two held meetings. Releases of the draft and
	// the request are written as the owner (the app refuses them), to prove the page's own condition.
	await setPublicPage(as("admin"), true);
	for (const meetingId of [ids.issued, ids.reviewed]) {
		await agreeToRelease(as("union_chair"), meetingId);
		await agreeToRelease(as("gov_head"), meetingId);
	}
	for (const meetingId of [ids.draft, ids.requested]) {
		const at = new Date("2026-04-01T02:00:00Z");
		await db.owner
			.insertInto("public_releases")
			.values({
				tenant_id: child.id,
				meeting_id: meetingId,
				union_agreed_by: as("union_chair").actor.userId,
				union_agreed_at: at,
				government_agreed_by: as("gov_head").actor.userId,
				government_agreed_at: at,
				published_at: at,
			})
			.execute();
	}
});

const cityActor = () => ({ userId: cityReader.userId, tenantId: city.id });

describe("what a child publishes upward, read by the city", () => {
	it("the child holds what the test says (each unpublished item is there, in the state named)", async () => {
		const meetings = await db.owner
			.selectFrom("meetings")
			.select(["id", "status"])
			.where("tenant_id", "=", child.id)
			.execute();
		const status = new Map(meetings.map((m) => [m.id, m.status]));
		expect([ids.issued, ids.accepted, ids.reviewed, ids.draft, ids.requested].map((id) => status.get(id))).toEqual([
			"minutes_issued",
			"preparing",
			"minutes_review",
			"draft",
			"requested",
		]);
		const topics = await db.owner
			.selectFrom("topics")
			.select(["id", "status"])
			.where("id", "in", [ids.agreedTopic, ids.proposedTopic, ids.returnedTopic])
			.execute();
		expect(new Map(topics.map((t) => [t.id, t.status]))).toEqual(
			new Map([
				[ids.agreedTopic, "agreed"],
				[ids.proposedTopic, "proposed"],
				[ids.returnedTopic, "returned"],
			]),
		);
		const minutes = await db.owner
			.selectFrom("minutes")
			.select("status")
			.where("id", "=", ids.reviewedMinutes)
			.executeTakeFirstOrThrow();
		expect(minutes.status).toBe("union_review");
	});

	it("the unit's records page: published meetings, issued minutes and their matters; no draft, request or unissued matter", async () => {
		const records = await readUnitRecords(db.app, cityActor(), child.id);
		expect(records?.meetings.map((m) => m.id).sort()).toEqual([ids.issued, ids.accepted, ids.reviewed].sort());
		expect(records?.minutes.map((n) => n.meetingId)).toEqual([ids.issued]);
		expect(records?.matters.map((m) => m.content)).toEqual([ISSUED_MATTER]);
		expect(records?.matters[0]?.department).toBe("人社局");
		expect(records?.publicity.map((p) => p.title)).toEqual(["联席会议召开"]);
		const text = JSON.stringify(records);
		for (const hidden of [ids.draft, ids.requested, REVIEWED_MATTER, PROPOSED_TOPIC, RETURNED_TOPIC]) {
			expect(text).not.toContain(hidden);
		}
		// The child's own view of its records page says the same: it shows what goes up.
		const own = await readUnitRecords(db.app, { userId: as("gov_office").actor.userId, tenantId: child.id }, child.id);
		expect(own?.meetings.map((m) => m.id).sort()).toEqual([ids.issued, ids.accepted, ids.reviewed].sort());
		expect(own?.matters.map((m) => m.content)).toEqual([ISSUED_MATTER]);
	});

	it("search: published meetings and matters of issued minutes; no draft, request, topic, minutes text or unissued matter", async () => {
		const found = async (q: string) => {
			const groups = await searchTenant(db.app, cityReader, { q });
			return Object.fromEntries(groups.map((g) => [g.kind, g.hits.map((h) => h.id)]));
		};
		const meetings = await found(`${YEAR}`);
		expect([...(meetings.meeting ?? [])].sort()).toEqual([ids.issued, ids.accepted, ids.reviewed].sort());
		const matters = await found("事项");
		expect(matters.matter).toHaveLength(1);
		const issued = await db.owner
			.selectFrom("decided_matters")
			.select("id")
			.where("tenant_id", "=", child.id)
			.where("content", "=", ISSUED_MATTER)
			.executeTakeFirstOrThrow();
		expect(matters.matter).toEqual([issued.id]);
		for (const q of ["临时联席会议", "尚未提请", "内部议题", "内部讨论稿", "未印发事项"]) {
			expect(Object.values(await found(q)).flat()).toEqual([]);
		}
	});

	it("the statistics: agreed topics only, issued minutes and their matters only", async () => {
		const { rows } = await readRollup(db.app, cityActor(), { baseId: city.id, year: YEAR, today: TODAY });
		expect(rows).toHaveLength(1);
		const row = rows[0];
		// Agreed topics, as the owner counts them: the two held meetings' and the accepted one's (C5).
		const { rows: agreed } = await sql<{ category: number; n: number }>`
			select category, count(*)::int as n from topics where tenant_id = ${child.id} and status = 'agreed'
			group by category`.execute(db.owner);
		const expected = [1, 2, 3, 4, 5, 6, 7].map((c) => agreed.find((a) => a.category === c)?.n ?? 0);
		expect(expected[4]).toBe(1);
		expect(row?.topics).toEqual(expected);
		// The proposed (C1) and the returned (C2) topic are not counted.
		expect(row?.topics.slice(0, 2)).toEqual([0, 0]);
		expect(row).toMatchObject({
			regularHeld: 1,
			extraordinary: 0,
			minutesIssued: 1,
			matters: 1,
			mattersInProgress: 1,
			mattersOverdue: 0,
			publicity: 1,
		});
	});

	it("the Excel workbook: the same figures, and only the matter of issued minutes", async () => {
		const actor = cityActor();
		const { rows } = await readRollup(db.app, actor, { baseId: city.id, year: YEAR, today: TODAY });
		const scope = { baseId: city.id, year: YEAR, today: TODAY };
		const detailMatters = await runAsSnapshot(db.app, actor, async (tx) =>
			(await batchesOf(rollupDetail(tx, scope).matters)).flat(),
		);
		expect(detailMatters.map((m) => m.content)).toEqual([ISSUED_MATTER]);
		const stream = new PassThrough();
		const chunks: Buffer[] = [];
		stream.on("data", (c) => chunks.push(c));
		await exportRollupWorkbook(db.app, actor, scope, stream, { t: translator("zh-CN") });
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load(Buffer.concat(chunks) as never);
		const summary = workbook.getWorksheet("汇总") as ExcelJS.Worksheet;
		const cells = summary.getRow(2).values as unknown[];
		expect(cells.slice(8, 15)).toEqual(rows[0]?.topics);
		expect(cells[15]).toBe(1);
		const matters = workbook.getWorksheet("议定事项明细") as ExcelJS.Worksheet;
		const contents = (matters.getSheetValues() as unknown[][]).slice(2).map((r) => r?.[4]);
		expect(contents).toEqual([ISSUED_MATTER]);
	});

	it("the child's public page: released held meetings, the matters of issued minutes only", async () => {
		const page = await readPublicPage(db.app, child.slug);
		expect(page?.items.map((i) => i.meetingId).sort()).toEqual([ids.issued, ids.reviewed].sort());
		const issued = page?.items.find((i) => i.meetingId === ids.issued);
		expect(issued?.matters.map((m) => m.content)).toEqual([ISSUED_MATTER]);
		expect(issued?.publicity.map((p) => p.title)).toEqual(["联席会议召开"]);
		expect(page?.items.find((i) => i.meetingId === ids.reviewed)?.matters).toEqual([]);
		const text = JSON.stringify(page);
		for (const hidden of [ids.draft, ids.requested, REVIEWED_MATTER, REVIEWED_BODY, PROPOSED_TOPIC, RETURNED_TOPIC]) {
			expect(text).not.toContain(hidden);
		}
	});

	it("row-level security itself: the city reads none of them, whatever the query", async () => {
		const seen = await runAs(db.app, cityActor(), async (tx) => ({
			meetings: (await tx.selectFrom("meetings").select("id").where("tenant_id", "=", child.id).execute()).map(
				(m) => m.id,
			),
			minutes: (await tx.selectFrom("minutes").select("id").where("tenant_id", "=", child.id).execute()).length,
			matters: (
				await tx.selectFrom("decided_matters").select("content").where("tenant_id", "=", child.id).execute()
			).map((m) => m.content),
			publicity: (await tx.selectFrom("publicity").select("id").where("tenant_id", "=", child.id).execute()).length,
			figures: await tx
				.selectFrom("unit_year_figures")
				.select(["matters", "topics"])
				.where("tenant_id", "=", child.id)
				.where("year", "=", YEAR)
				.executeTakeFirst(),
		}));
		expect(seen.meetings.sort()).toEqual([ids.issued, ids.accepted, ids.reviewed].sort());
		expect(seen.minutes).toBe(1);
		expect(seen.matters).toEqual([ISSUED_MATTER]);
		expect(seen.publicity).toBe(1);
		expect(seen.figures?.matters).toBe(1);
	});
});

describe("one definition: the app's names of the published states and the database's", () => {
	it("meetings: accepted on, or cancelled after acceptance; never a draft, a request, a declined meeting", async () => {
		const statuses = [
			"draft",
			"requested",
			"accepted",
			"preparing",
			"scheduled",
			"held",
			"minutes_review",
			"minutes_issued",
			"declined",
			"cancelled",
		];
		const values = sql.join(statuses.flatMap((s) => [sql`(${s}::text, null::timestamptz)`, sql`(${s}::text, now())`]));
		const { rows } = await sql<{ status: string; accepted: boolean; db: boolean; app: boolean }>`
			select v.status, v.accepted_at is not null as accepted,
				app_published_meeting(v.status, v.accepted_at) as db, ${publishedMeeting("v")} as app
			from (values ${values}) as v (status, accepted_at)`.execute(db.owner);
		expect(rows.filter((r) => r.db !== r.app)).toEqual([]);
		// Written out: what is published, without and with an acceptance recorded.
		const published = (accepted: boolean) => rows.filter((r) => r.accepted === accepted && r.db).map((r) => r.status);
		expect(published(false)).toEqual([
			"accepted",
			"preparing",
			"scheduled",
			"held",
			"minutes_review",
			"minutes_issued",
		]);
		expect(published(true)).toEqual([
			"accepted",
			"preparing",
			"scheduled",
			"held",
			"minutes_review",
			"minutes_issued",
			"cancelled",
		]);
	});

	it("minutes: issued only; topics: agreed only", async () => {
		const minutes = ["draft", "union_review", "gov_review", "approved", "issued"];
		const { rows } = await sql<{ status: string; db: boolean; app: boolean }>`
			select v.status, app_published_minutes(v.status) as db, ${publishedMinutes("v")} as app
			from (values ${sql.join(minutes.map((s) => sql`(${s}::text)`))}) as v (status)`.execute(db.owner);
		expect(rows.filter((r) => r.db !== r.app)).toEqual([]);
		expect(rows.filter((r) => r.db).map((r) => r.status)).toEqual(["issued"]);
		expect(publishedMinutesStatus).toBe("issued");
		const topics = ["proposed", "agreed", "returned", "withdrawn"];
		const { rows: counted } = await sql<{ status: string; db: boolean }>`
			select v.status, app_published_topic(v.status) as db
			from (values ${sql.join(topics.map((s) => sql`(${s}::text)`))}) as v (status)`.execute(db.owner);
		expect(counted.filter((r) => r.db).map((r) => r.status)).toEqual([publishedTopicStatus]);
		expect(publishedTopicStatus).toBe("agreed");
	});
});
