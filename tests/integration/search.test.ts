import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { listSearchUnits, type SearchReader, searchTenant } from "#app/domain/search/search.server.ts";
import {
	containsPattern,
	highlightParts,
	SEARCH_LIMIT,
	searchSchema,
	snippetAround,
} from "#app/domain/search/search-query.ts";
import { runAs } from "#db/run-as.ts";
import type { MeetingStatus, Role } from "#db/schema.ts";
import {
	createMember,
	createTenant,
	openIntegrationDatabase,
	type TenantFixture,
} from "#tests/support/integration-db.ts";

/**
 * Full-text search (issue #14) on PostgreSQL, as the app role under row-level security: a city,
 * two counties below it and an unrelated city. Each unit has texts about 欠薪 (wage arrears); the
 * city finds its own everywhere and what the counties publish upward — never a county's draft
 * meeting, topics, minutes text or progress reports, never the unrelated city; a county never sees
 * its sibling or its parent.
 */
const db = await openIntegrationDatabase();
let city: TenantFixture;
let countyA: TenantFixture;
let countyB: TenantFixture;
let stranger: TenantFixture;
const readers = new Map<string, SearchReader>();
/** Ids of what each unit holds, by a name of the test's own. */
const ids = new Map<string, string>();

async function unit(kind: "city" | "county", parentId?: string) {
	const t = await createTenant(db, { kind, parentId: parentId ?? null });
	await reader(t, ["gov_office"]);
	return t;
}

async function reader(t: TenantFixture, roles: Role[]): Promise<SearchReader> {
	const user = await createMember(db, t.id, roles);
	const r = { userId: user.id, tenantId: t.id, slug: t.slug, roles };
	if (!readers.has(t.id)) readers.set(t.id, r);
	return r;
}

const as = (t: TenantFixture) => readers.get(t.id) as SearchReader;
let userId: string;

async function meeting(
	t: TenantFixture,
	name: string,
	o: { year: number; seq: number; title: string; status?: MeetingStatus },
) {
	const row = await db.owner
		.insertInto("meetings")
		.values({
			tenant_id: t.id,
			year: o.year,
			seq: o.seq,
			kind: "regular",
			status: o.status ?? "minutes_issued",
			title: o.title,
			reason: "年度例会",
			window_from: `${o.year}-01-01`,
			window_to: `${o.year}-12-31`,
			held_on: o.status === "draft" ? null : `${o.year}-03-01`,
		})
		.returning("id")
		.executeTakeFirstOrThrow();
	ids.set(name, row.id);
	return row.id;
}

async function topic(t: TenantFixture, name: string, meetingId: string, title: string, background = "") {
	const row = await db.owner
		.insertInto("topics")
		.values({ tenant_id: t.id, meeting_id: meetingId, category: 4, title, background } as never)
		.returning("id")
		.executeTakeFirstOrThrow();
	ids.set(name, row.id);
}

/** Minutes with one version; issued (numbered) or still in review. */
async function minutes(
	t: TenantFixture,
	name: string,
	meetingId: string,
	o: { body: string; issued?: [number, number] },
) {
	const row = await db.owner
		.insertInto("minutes")
		.values({
			tenant_id: t.id,
			meeting_id: meetingId,
			status: o.issued ? "issued" : "union_review",
			current_version: 1,
			number_year: o.issued?.[0] ?? null,
			number_seq: o.issued?.[1] ?? null,
			issued_on: o.issued ? `${o.issued[0]}-03-20` : null,
		} as never)
		.returning("id")
		.executeTakeFirstOrThrow();
	await db.owner
		.insertInto("minutes_versions")
		.values({ tenant_id: t.id, minutes_id: row.id, version: 1, presided_by: "市长", body: o.body, matters: "[]" })
		.execute();
	ids.set(name, row.id);
	return row.id;
}

async function matter(
	t: TenantFixture,
	name: string,
	meetingId: string,
	minutesId: string,
	seq: number,
	content: string,
) {
	const department =
		(await db.owner.selectFrom("departments").select("id").where("tenant_id", "=", t.id).executeTakeFirst()) ??
		(await db.owner
			.insertInto("departments")
			.values({ tenant_id: t.id, name: "人社局", side: "gov", category: "functional" })
			.returning("id")
			.executeTakeFirstOrThrow());
	const row = await db.owner
		.insertInto("decided_matters")
		.values({
			tenant_id: t.id,
			minutes_id: minutesId,
			meeting_id: meetingId,
			seq,
			content,
			lead_department_id: department.id,
			co_department_ids: [],
			deadline: "2026-06-30",
			status: "in_progress",
		})
		.returning("id")
		.executeTakeFirstOrThrow();
	ids.set(name, row.id);
	return row.id;
}

async function progress(t: TenantFixture, name: string, matterId: string, text: string) {
	const row = await db.owner
		.insertInto("matter_updates")
		.values({ tenant_id: t.id, matter_id: matterId, kind: "progress", text, user_id: userId })
		.returning("id")
		.executeTakeFirstOrThrow();
	ids.set(name, row.id);
}

async function system(t: TenantFixture, name: string, title: string, issuedOn: string) {
	const row = await db.owner
		.insertInto("systems")
		.values({
			tenant_id: t.id,
			version: 1,
			title,
			issuing_bodies: "办公室",
			doc_number: `${t.slug}〔${issuedOn.slice(0, 4)}〕1号`,
			issued_on: issuedOn,
			effective_on: issuedOn,
		})
		.returning("id")
		.executeTakeFirstOrThrow();
	ids.set(name, row.id);
}

/** Everything a unit holds about 欠薪, named `<prefix>.<kind>`. */
async function wageArrears(t: TenantFixture, prefix: string) {
	const m = await meeting(t, `${prefix}.meeting`, { year: 2025, seq: 1, title: `${prefix}根治欠薪专题联席会议` });
	await topic(t, `${prefix}.topic`, m, "关于快递员劳动报酬的议题", `部分站点存在欠薪问题（${prefix}）。`);
	const n = await minutes(t, `${prefix}.minutes`, m, {
		body: `会议听取了${prefix}的汇报。\n会议决定：开展根治欠薪专项行动，依法追讨被拖欠的工资。`,
		issued: [2025, 1],
	});
	const d = await matter(t, `${prefix}.matter`, m, n, 1, `${prefix}建立欠薪预警机制，按月通报`);
	await progress(t, `${prefix}.update`, d, "已追回欠薪 120 万元，涉及劳动者 86 人。");
	await system(t, `${prefix}.system`, `${prefix}联席会议制度（含根治欠薪）`, "2024-05-01");
	// Not yet proposed (提请): the unit's own work in progress.
	await meeting(t, `${prefix}.draft`, { year: 2026, seq: 1, title: `${prefix}欠薪问题草拟会议`, status: "draft" });
}

beforeAll(async () => {
	city = await unit("city");
	countyA = await unit("county", city.id);
	countyB = await unit("county", city.id);
	stranger = await unit("city");
	userId = as(city).userId;
	await wageArrears(city, "city");
	await wageArrears(countyA, "A");
	await wageArrears(countyB, "B");
	await wageArrears(stranger, "S");
	// County A's minutes of a second meeting are still in review: not issued, not published.
	const m2 = await meeting(countyA, "A.meeting2", { year: 2025, seq: 2, title: "第二次联席会议", status: "held" });
	await minutes(countyA, "A.minutesDraft", m2, { body: "拟定：欠薪线索移交人社部门。" });
	// The city's 2024 meeting, for the year filter and literal % and _.
	const m24 = await meeting(city, "city.meeting2024", { year: 2024, seq: 1, title: "2024年度联席会议" });
	const n24 = await minutes(city, "city.minutes2024", m24, { body: "会议纪要正文。", issued: [2024, 1] });
	await matter(city, "city.percent", m24, n24, 1, "欠薪案件办结率达到100%");
	await matter(city, "city.hundreds", m24, n24, 2, "受理案件1000件");
	await matter(city, "city.underscore", m24, n24, 3, "台账字段 wage_arrears 补齐");
	await matter(city, "city.nounderscore", m24, n24, 4, "台账字段 wageXarrears 补齐");
	await matter(city, "city.backslash", m24, n24, 5, "共享目录 \\\\share\\欠薪 归档");
	// Many meetings of one kind: the page shows SEARCH_LIMIT and says how many there are.
	for (let seq = 1; seq <= SEARCH_LIMIT + 3; seq++) {
		await meeting(city, `city.batch${seq}`, { year: 2023, seq, title: `第${seq}次工资支付专题协调会` });
	}
});

/** The ids a search finds, by kind. */
async function found(who: SearchReader, q: string, extra: { year?: number; unit?: string } = {}) {
	const groups = await searchTenant(db.app, who, searchSchema.parse({ q, ...extra }));
	return Object.fromEntries(groups.map((g) => [g.kind, { total: g.total, hits: g.hits }]));
}

const idsOf = (group: { hits: { id: string }[] }) => group.hits.map((h) => h.id).sort();
const named = (...names: string[]) => names.map((n) => ids.get(n) as string).sort();

describe("search: what a unit finds", () => {
	it("finds the city's matter about 欠薪 and its meeting, topic, minutes, progress report and system", async () => {
		const r = await found(as(city), "欠薪");
		expect(r.matter?.hits.find((h) => h.id === ids.get("city.matter"))).toMatchObject({
			title: "city建立欠薪预警机制，按月通报",
			unit: null,
			matterStatus: "in_progress",
			href: `/t/${city.slug}/matters/${ids.get("city.matter")}`,
		});
		expect(r.meeting?.hits.find((h) => h.id === ids.get("city.meeting"))).toMatchObject({
			title: "city根治欠薪专题联席会议",
			year: 2025,
			href: `/t/${city.slug}/meetings/${ids.get("city.meeting")}`,
		});
		// The city's own draft is its own: found.
		expect(idsOf(r.meeting as never)).toContain(ids.get("city.draft"));
		expect(r.topic?.hits).toEqual([
			expect.objectContaining({
				id: ids.get("city.topic"),
				snippet: "部分站点存在欠薪问题（city）。",
				detail: "city根治欠薪专题联席会议",
				href: `/t/${city.slug}/meetings/${ids.get("city.meeting")}`,
			}),
		]);
		expect(r.minutes?.hits).toEqual([
			expect.objectContaining({
				id: ids.get("city.minutes"),
				detail: "联席会议纪要〔2025〕1号",
				href: `/t/${city.slug}/meetings/${ids.get("city.meeting")}/minutes`,
			}),
		]);
		expect(r.minutes?.hits[0]?.snippet).toContain("开展根治欠薪专项行动");
		expect(r.update?.hits).toEqual([
			expect.objectContaining({
				id: ids.get("city.update"),
				href: `/t/${city.slug}/matters/${ids.get("city.matter")}`,
			}),
		]);
		expect(r.system?.hits.find((h) => h.id === ids.get("city.system"))?.href).toBe(`/t/${city.slug}/system`);
	});

	it("a parent finds what its children publish upward, linked to their records page", async () => {
		const r = await found(as(city), "欠薪");
		expect(idsOf(r.meeting as never)).toEqual(named("city.meeting", "city.draft", "A.meeting", "B.meeting").sort());
		const a = r.meeting?.hits.find((h) => h.id === ids.get("A.meeting"));
		expect(a).toMatchObject({ unit: `测试单位 ${countyA.slug}`, href: `/t/${city.slug}/reports/units/${countyA.id}` });
		expect(idsOf(r.matter as never)).toEqual(
			named("city.matter", "city.percent", "city.backslash", "A.matter", "B.matter").sort(),
		);
		expect(idsOf(r.system as never)).toEqual(named("city.system", "A.system", "B.system").sort());
		expect(r.system?.hits.find((h) => h.id === ids.get("B.system"))?.href).toBe(
			`/t/${city.slug}/reports/units/${countyB.id}`,
		);
	});

	it("never shows a child's drafts, topics, minutes text or progress reports, nor another city's anything", async () => {
		const r = await found(as(city), "欠薪");
		const all = Object.values(r).flatMap((g) => g.hits.map((h) => h.id));
		for (const name of [
			"A.draft",
			"A.topic",
			"A.minutes",
			"A.minutesDraft",
			"A.update",
			"B.draft",
			"B.topic",
			"B.update",
		]) {
			expect({ name, found: all.includes(ids.get(name) as string) }).toEqual({ name, found: false });
		}
		for (const name of [...ids.keys()].filter((n) => n.startsWith("S."))) {
			expect({ name, found: all.includes(ids.get(name) as string) }).toEqual({ name, found: false });
		}
		// Nor when asked for that unit by name.
		expect(Object.values(await found(as(city), "欠薪", { unit: stranger.id })).every((g) => g.total === 0)).toBe(true);
	});

	it("a county finds its own (drafts included) and never its sibling or its parent", async () => {
		const r = await found(as(countyA), "欠薪");
		expect(idsOf(r.meeting as never)).toEqual(named("A.meeting", "A.draft"));
		expect(idsOf(r.topic as never)).toEqual(named("A.topic"));
		// Minutes still in review are not "issued minutes": only the issued ones are searched.
		expect(idsOf(r.minutes as never)).toEqual(named("A.minutes"));
		expect(idsOf(r.matter as never)).toEqual(named("A.matter"));
		expect(idsOf(r.update as never)).toEqual(named("A.update"));
		expect(idsOf(r.system as never)).toEqual(named("A.system"));
		const units = await listSearchUnits(db.app, as(countyA));
		expect(units).toEqual([{ id: countyA.id, name: `测试单位 ${countyA.slug}`, depth: 0 }]);
	});

	it("a department liaison searches the unit's own records, without the minutes' text or the units below", async () => {
		const liaison = await reader(city, ["department_liaison"]);
		const r = await found(liaison, "欠薪");
		expect(idsOf(r.meeting as never)).toEqual(named("city.meeting", "city.draft"));
		expect(r.minutes?.total).toBe(0);
		expect(r.matter?.hits.every((h) => h.unit === null)).toBe(true);
		expect(await listSearchUnits(db.app, liaison)).toHaveLength(1);
	});
});

describe("search: the words", () => {
	it("takes % and _ literally, and a backslash too", async () => {
		expect(idsOf((await found(as(city), "100%")).matter as never)).toEqual(named("city.percent"));
		expect(idsOf((await found(as(city), "wage_arrears")).matter as never)).toEqual(named("city.underscore"));
		expect(idsOf((await found(as(city), "\\share\\")).matter as never)).toEqual(named("city.backslash"));
		const percent = await found(as(city), "%");
		expect(Object.values(percent).reduce((n, g) => n + g.total, 0)).toBe(1);
		expect(containsPattern("5%_a\\b")).toBe("%5\\%\\_a\\\\b%");
	});

	it("matches regardless of case, and a single character", async () => {
		expect(idsOf((await found(as(city), "WAGE_ARREARS")).matter as never)).toEqual(named("city.underscore"));
		expect((await found(as(city), "薪")).matter?.total).toBeGreaterThan(0);
	});

	it("filters by year and by unit", async () => {
		const y2024 = await found(as(city), "欠薪", { year: 2024 });
		expect(idsOf(y2024.matter as never)).toEqual(named("city.percent", "city.backslash"));
		expect(y2024.meeting?.total).toBe(0);
		expect(idsOf(y2024.system as never)).toEqual(named("city.system", "A.system", "B.system").sort());
		expect((await found(as(city), "欠薪", { year: 2023 })).system?.total).toBe(0);
		const onlyA = await found(as(city), "欠薪", { unit: countyA.id });
		expect(idsOf(onlyA.meeting as never)).toEqual(named("A.meeting"));
		expect(idsOf(onlyA.matter as never)).toEqual(named("A.matter"));
		expect(onlyA.topic?.total).toBe(0);
		const onlyCity = await found(as(city), "欠薪", { unit: city.id, year: 2025 });
		expect(idsOf(onlyCity.meeting as never)).toEqual(named("city.meeting"));
		expect(idsOf(onlyCity.matter as never)).toEqual(named("city.matter"));
	});

	it("shows at most SEARCH_LIMIT per kind and counts them all", async () => {
		const r = await found(as(city), "工资支付专题协调会");
		expect(r.meeting?.total).toBe(SEARCH_LIMIT + 3);
		expect(r.meeting?.hits).toHaveLength(SEARCH_LIMIT);
	});

	it("offers the unit and its subtree as filters, in tree order, never another tree", async () => {
		const units = await listSearchUnits(db.app, as(city));
		expect(units[0]).toEqual({ id: city.id, name: `测试单位 ${city.slug}`, depth: 0 });
		expect(units.map((u) => u.id).sort()).toEqual([city.id, countyA.id, countyB.id].sort());
		expect(units.slice(1).every((u) => u.depth === 1)).toBe(true);
	});

	it("validates the words: trimmed, 1–100 characters, no control characters", () => {
		expect(searchSchema.parse({ q: "  欠薪 " }).q).toBe("欠薪");
		expect(searchSchema.safeParse({ q: "   " }).error?.issues[0]?.message).toBe("form.error.required");
		expect(searchSchema.safeParse({ q: "薪".repeat(101) }).error?.issues[0]?.message).toBe("form.error.tooLong#100");
		expect(searchSchema.safeParse({ q: "欠\u0000薪" }).error?.issues[0]?.message).toBe("form.error.control");
		expect(searchSchema.parse({ q: "薪".repeat(100), year: "20x5", unit: "nope" })).toEqual({ q: "薪".repeat(100) });
		expect(searchSchema.parse({ q: "a", year: "2025", unit: city.id })).toEqual({ q: "a", year: 2025, unit: city.id });
	});

	it("marks the words in parts for React, case-insensitively, and cuts long texts around them", () => {
		expect(highlightParts("根治欠薪，欠薪清零", "欠薪")).toEqual([
			{ at: 0, text: "根治", mark: false },
			{ at: 2, text: "欠薪", mark: true },
			{ at: 4, text: "，", mark: false },
			{ at: 5, text: "欠薪", mark: true },
			{ at: 7, text: "清零", mark: false },
		]);
		expect(highlightParts("Wage (a+b)", "(A+B)")).toEqual([
			{ at: 0, text: "Wage ", mark: false },
			{ at: 5, text: "(a+b)", mark: true },
		]);
		expect(highlightParts("无匹配", "欠薪")).toEqual([{ at: 0, text: "无匹配", mark: false }]);
		const long = `${"甲".repeat(100)}欠薪${"乙".repeat(200)}`;
		const snippet = snippetAround(long, "欠薪", 10, 20);
		expect(snippet).toBe(`…${"甲".repeat(10)}欠薪${"乙".repeat(20)}…`);
	});

	it("is served by trigram indexes on the searched columns", async () => {
		const { rows } = await sql<{ name: string; def: string }>`
			select indexname as name, indexdef as def from pg_indexes where indexname like '%\\_trgm'`.execute(db.owner);
		expect(rows.map((r) => r.name).sort()).toEqual(
			[
				"decided_matters_content_trgm",
				"matter_updates_text_trgm",
				"meetings_title_trgm",
				"minutes_versions_body_trgm",
				"systems_title_trgm",
				"topics_background_trgm",
				"topics_title_trgm",
			].sort(),
		);
		for (const row of rows) expect(row.def).toContain("gin_trgm_ops");
		// ILIKE is not leakproof: as the app role, under the policies, the planner may not use the index
		// (scans are made dear here, as so few rows would be scanned anyway) …
		const pattern = containsPattern("预警机制");
		const explain = async (tx: Parameters<Parameters<typeof runAs>[2]>[0], query: ReturnType<typeof sql>) => {
			await sql`set local enable_seqscan = off`.execute(tx);
			const { rows: lines } = await sql<{ "QUERY PLAN": string }>`explain ${query}`.execute(tx);
			return lines.map((l) => l["QUERY PLAN"]).join("\n");
		};
		const direct = sql`select id from decided_matters where content ilike ${pattern}`;
		expect(await runAs(db.app, as(city), (tx) => explain(tx, direct))).not.toContain("_trgm");
		// … so the matchers run as their owner, where it can. (Only the ILIKE: beside the matcher's
		// subtree condition the planner may as well pick the tenant index for a table this small, which
		// depends on what the other test files have written by then.)
		const matcher = sql`select tenant_id, id from decided_matters where content ilike ${pattern}`;
		expect(await db.owner.transaction().execute((tx) => explain(tx as never, matcher))).toContain(
			"decided_matters_content_trgm",
		);
	});

	it("the matchers return only keys of units whose rows the caller's policies show", async () => {
		const keys = (who: SearchReader, fn: string) =>
			runAs(db.app, who, async (tx) => {
				const { rows } = await sql<{ id: string }>`select id from ${sql.raw(fn)}(${containsPattern("欠薪")})`.execute(
					tx,
				);
				return rows.map((r) => r.id).sort();
			});
		expect(await keys(as(city), "app_search_topics")).toEqual(named("city.topic"));
		expect(await keys(as(city), "app_search_matter_updates")).toEqual(named("city.update"));
		expect(await keys(as(city), "app_search_minutes")).toEqual(named("city.minutes"));
		// A county's draft is not published upward: not even its key (migration 2026-12-04T1100).
		expect(await keys(as(city), "app_search_meetings")).toEqual(
			named("city.meeting", "city.draft", "A.meeting", "B.meeting"),
		);
		expect(await keys(as(countyA), "app_search_matters")).toEqual(named("A.matter"));
		expect(await keys(as(countyA), "app_search_systems")).toEqual(named("A.system"));
		// Nobody's without a unit (the policies fail closed, and so do the matchers).
		const nobody = { userId: as(city).userId, tenantId: null };
		expect(
			await runAs(db.app, nobody, async (tx) => (await sql`select * from app_search_meetings('%')`.execute(tx)).rows),
		).toEqual([]);
	});
});
