import { type Kysely, type RawBuilder, sql } from "kysely";
import { runAs, type Tx } from "#db/run-as.ts";
import type { Database, MatterStatus, MeetingStatus, Role } from "#db/schema.ts";
import { minutesNumber } from "../minutes/minutes-rules.ts";
import { publishedMatter, publishedMeeting, publishedMinutes } from "../publishing/published-upward.ts";
import { can } from "../tenancy/permissions.ts";
import { containsPattern, SEARCH_LIMIT, type SearchInput, type SearchKind, snippetAround } from "./search-query.ts";

export interface SearchReader {
	userId: string;
	tenantId: string;
	slug: string;
	roles: readonly Role[];
}

export interface SearchHit {
	kind: SearchKind;
	id: string;
	/** The line shown as the result's link; the words are highlighted in it. */
	title: string;
	/** A passage of a longer text where the words occur (highlighted too). */
	snippet: string | null;
	/** Plain context: the meeting a topic or matter belongs to, a minutes or document number. */
	detail: string | null;
	/**
	 * Which field is a meeting's stored (generated, Chinese) title, which the page renders in the
	 * reader's language (meetingTitle); null when both are what people typed or numbers.
	 */
	meetingTitleIn: "title" | "detail" | null;
	year: number | null;
	/** The unit below that published it; null for the reader's own unit. */
	unit: string | null;
	meetingStatus: MeetingStatus | null;
	matterStatus: MatterStatus | null;
	href: string;
}

interface SearchGroup {
	kind: SearchKind;
	/** Every match of the kind; at most SEARCH_LIMIT of them are in `hits`. */
	total: number;
	hits: SearchHit[];
}

interface SearchUnit {
	id: string;
	name: string;
	/** 0 for the reader's own unit, 1 for a direct child, … */
	depth: number;
}

/**
 * What a reader may search beyond the unit's own meetings, topics and matters, from the same
 * permissions as the pages the results link to: what units below publish upward only with the
 * statistics (reports.read, whose unit pages show it), the minutes' text only with minutes.read.
 */
function searchScope(roles: readonly Role[]) {
	return { subtree: can(roles, "reports.read"), minutes: can(roles, "minutes.read") };
}

/** The units a reader may narrow a search to: the own unit, then (for supervisors) its subtree. */
export function listSearchUnits(db: Kysely<Database>, reader: SearchReader): Promise<SearchUnit[]> {
	return runAs(db, reader, async (tx) => {
		const rows = await tx
			.selectFrom("tenants as t")
			.innerJoin("tenants as me", (j) => j.on("me.id", "=", reader.tenantId))
			.select(["t.id", "t.name", sql<number>`nlevel(t.path) - nlevel(me.path)`.as("depth")])
			.where(sql<boolean>`t.path <@ me.path`)
			.$if(!searchScope(reader.roles).subtree, (q) => q.where("t.id", "=", reader.tenantId))
			.orderBy(sql`t.path`)
			.execute();
		return rows.map((r) => ({ ...r, depth: Number(r.depth) }));
	});
}

/**
 * Searches a unit (issue #14): meetings' titles, topics' titles and backgrounds, issued minutes'
 * text, decided matters and their progress reports, system documents' titles — the unit's own, and
 * what the units below publish upward. Everything runs as the reader under row-level security, so a
 * search finds nothing a page would not show: topics, drafts, reviews and progress reports never
 * leave their unit, and siblings never see each other. What a unit below shows is what it publishes
 * upward (published-upward.ts, the same definition as the policies): no draft, no meeting the
 * government side has not accepted, only the matters of issued minutes.
 * Words match anywhere (ILIKE, case-insensitive, `%` and `_` literal), served by trigram indexes.
 */
export function searchTenant(db: Kysely<Database>, reader: SearchReader, input: SearchInput): Promise<SearchGroup[]> {
	const scope = searchScope(reader.roles);
	// null: every unit row-level security shows; otherwise exactly this unit.
	const only = input.unit ?? (scope.subtree ? null : reader.tenantId);
	const pattern = containsPattern(input.q);
	const q = { ...input, only, pattern };
	return runAs(db, reader, async (tx) => {
		const found = {
			meeting: await meetings(tx, reader, q),
			topic: await topics(tx, q),
			minutes: scope.minutes ? await minutes(tx, q) : [],
			matter: await matters(tx, reader, q),
			update: await updates(tx, q),
			system: await systems(tx, q),
		} satisfies Record<SearchKind, Row[]>;
		const names = await unitNames(tx, reader.tenantId, Object.values(found).flat());
		const href = links(reader.slug);
		return (Object.keys(found) as SearchKind[]).map((kind) => {
			const rows = found[kind];
			return {
				kind,
				total: rows[0]?.total ?? 0,
				hits: rows.map((r) => {
					const own = r.tenantId === reader.tenantId;
					return {
						kind,
						id: r.id,
						title: r.title,
						snippet: r.text === null ? null : snippetAround(r.text, input.q),
						detail: r.detail,
						meetingTitleIn: meetingTitleIn[kind],
						year: r.year,
						unit: own ? null : (names.get(r.tenantId) ?? null),
						meetingStatus: r.meetingStatus ?? null,
						matterStatus: r.matterStatus ?? null,
						href: own ? href[kind](r) : unitHref(reader.slug, r.tenantId),
					};
				}),
			};
		});
	});
}

/** Where each kind's hits carry a meeting's generated title (see SearchHit.meetingTitleIn). */
const meetingTitleIn: Record<SearchKind, SearchHit["meetingTitleIn"]> = {
	meeting: "title",
	topic: "detail",
	minutes: "title",
	matter: "detail",
	update: null,
	system: null,
};

interface Query extends SearchInput {
	only: string | null;
	pattern: string;
}

interface Row {
	id: string;
	tenantId: string;
	/** The page a result opens (a topic's meeting, an update's matter). */
	pageId: string;
	title: string;
	/** A longer text the words may be in, cut to a passage around them. */
	text: string | null;
	detail: string | null;
	year: number | null;
	total: number;
	meetingStatus?: MeetingStatus;
	matterStatus?: MatterStatus;
}

const total = sql<number>`(count(*) over ())::int`.as("total");

/**
 * The rows whose words match, found through the trigram index by the table's matcher (migration
 * 2026-11-29T1000: ILIKE is not leakproof, so under row-level security the planner could not use
 * the index itself). The matcher only narrows; the row is still read under its policies, and the
 * ILIKE beside this keeps the query's meaning plain.
 */
type Matcher =
	| "app_search_meetings"
	| "app_search_topics"
	| "app_search_minutes"
	| "app_search_matters"
	| "app_search_matter_updates"
	| "app_search_systems";

/** How one kind of result is found: its table's alias, its index matcher, the columns its words are in, its year. */
interface Finding {
	alias: string;
	matcher: Matcher;
	words: readonly string[];
	inYear(year: number): RawBuilder<boolean>;
}

const yearIs = (column: string) => (year: number) => sql<boolean>`${sql.ref(column)} = ${year}`;

/**
 * The one condition every kind's query shares: matched through the index, the words in one of its
 * columns, and narrowed to the unit (`only`) and the year asked for, when asked.
 */
function found(q: Query, { alias, matcher, words, inYear }: Finding) {
	const conditions = [
		sql<boolean>`(${sql.ref(`${alias}.tenant_id`)}, ${sql.ref(`${alias}.id`)}) IN (SELECT tenant_id, id FROM ${sql.raw(matcher)}(${q.pattern}))`,
		sql<boolean>`(${sql.join(
			words.map((column) => sql`${sql.ref(column)} ILIKE ${q.pattern}`),
			sql` OR `,
		)})`,
	];
	if (q.only !== null) conditions.push(sql<boolean>`${sql.ref(`${alias}.tenant_id`)} = ${q.only}`);
	if (q.year !== undefined) conditions.push(inYear(q.year));
	return sql<boolean>`${sql.join(conditions, sql` AND `)}`;
}

function links(slug: string): Record<SearchKind, (row: Row) => string> {
	const base = `/t/${slug}`;
	return {
		meeting: (r) => `${base}/meetings/${r.pageId}`,
		topic: (r) => `${base}/meetings/${r.pageId}`,
		minutes: (r) => `${base}/meetings/${r.pageId}/minutes`,
		matter: (r) => `${base}/matters/${r.pageId}`,
		update: (r) => `${base}/matters/${r.pageId}`,
		system: () => `${base}/system`,
	};
}

/** What a unit below publishes is read on its page of the statistics (会议与事项). */
const unitHref = (slug: string, unitId: string) => `/t/${slug}/reports/units/${unitId}`;

async function meetings(tx: Tx, reader: SearchReader, q: Query): Promise<Row[]> {
	const rows = await tx
		.selectFrom("meetings as m")
		.select(["m.id", "m.tenant_id as tenantId", "m.title", "m.year", "m.status", total])
		.where(found(q, { alias: "m", matcher: "app_search_meetings", words: ["m.title"], inYear: yearIs("m.year") }))
		.where((eb) => eb.or([eb("m.tenant_id", "=", reader.tenantId), publishedMeeting("m")]))
		.orderBy("m.year", "desc")
		.orderBy("m.seq", "desc")
		.limit(SEARCH_LIMIT)
		.execute();
	return rows.map((r) => ({ ...r, pageId: r.id, text: null, detail: null, meetingStatus: r.status }));
}

async function topics(tx: Tx, q: Query): Promise<Row[]> {
	const rows = await tx
		.selectFrom("topics as t")
		.innerJoin("meetings as m", (j) => j.onRef("m.tenant_id", "=", "t.tenant_id").onRef("m.id", "=", "t.meeting_id"))
		.select(["t.id", "t.tenant_id as tenantId", "t.title", "t.background", "m.id as meetingId", "m.title as meeting"])
		.select(["m.year", total])
		.where(
			found(q, {
				alias: "t",
				matcher: "app_search_topics",
				words: ["t.title", "t.background"],
				inYear: yearIs("m.year"),
			}),
		)
		.orderBy("m.year", "desc")
		.orderBy("m.seq", "desc")
		.orderBy("t.sort_order")
		.limit(SEARCH_LIMIT)
		.execute();
	return rows.map((r) => ({
		id: r.id,
		tenantId: r.tenantId,
		pageId: r.meetingId,
		title: r.title,
		text: r.background || null,
		detail: r.meeting,
		year: r.year,
		total: r.total,
	}));
}

async function minutes(tx: Tx, q: Query): Promise<Row[]> {
	const rows = await tx
		.selectFrom("minutes as n")
		.innerJoin("minutes_versions as v", (j) =>
			j
				.onRef("v.tenant_id", "=", "n.tenant_id")
				.onRef("v.minutes_id", "=", "n.id")
				.onRef("v.version", "=", "n.current_version"),
		)
		.innerJoin("meetings as m", (j) => j.onRef("m.tenant_id", "=", "n.tenant_id").onRef("m.id", "=", "n.meeting_id"))
		.select(["n.id", "n.tenant_id as tenantId", "n.number_year", "n.number_seq", "v.body", "m.id as meetingId"])
		.select(["m.title as meeting", "m.year", total])
		.where(publishedMinutes("n"))
		.where(found(q, { alias: "n", matcher: "app_search_minutes", words: ["v.body"], inYear: yearIs("m.year") }))
		.orderBy("n.number_year", "desc")
		.orderBy("n.number_seq", "desc")
		.limit(SEARCH_LIMIT)
		.execute();
	return rows.map((r) => ({
		id: r.id,
		tenantId: r.tenantId,
		pageId: r.meetingId,
		title: r.meeting,
		text: r.body,
		detail: r.number_year && r.number_seq ? minutesNumber(r.number_year, r.number_seq) : null,
		year: r.year,
		total: r.total,
	}));
}

async function matters(tx: Tx, reader: SearchReader, q: Query): Promise<Row[]> {
	const rows = await tx
		.selectFrom("decided_matters as d")
		.innerJoin("meetings as m", (j) => j.onRef("m.tenant_id", "=", "d.tenant_id").onRef("m.id", "=", "d.meeting_id"))
		.select(["d.id", "d.tenant_id as tenantId", "d.content", "d.status", "d.deadline", "m.title as meeting", "m.year"])
		.select(total)
		.where(found(q, { alias: "d", matcher: "app_search_matters", words: ["d.content"], inYear: yearIs("m.year") }))
		.where((eb) => eb.or([eb("d.tenant_id", "=", reader.tenantId), publishedMatter("d")]))
		// The reader's own first, then newest meeting first, in the minutes' order.
		.orderBy(sql`d.tenant_id = ${reader.tenantId}`, "desc")
		.orderBy("m.year", "desc")
		.orderBy("d.seq")
		.limit(SEARCH_LIMIT)
		.execute();
	return rows.map((r) => ({
		id: r.id,
		tenantId: r.tenantId,
		pageId: r.id,
		// A matter's content can be long: the link shows its passage around the words.
		title: snippetAround(r.content, q.q, 40, 120),
		text: null,
		detail: r.meeting,
		year: r.year,
		total: r.total,
		matterStatus: r.status,
	}));
}

async function updates(tx: Tx, q: Query): Promise<Row[]> {
	const rows = await tx
		.selectFrom("matter_updates as u")
		.innerJoin("decided_matters as d", (j) =>
			j.onRef("d.tenant_id", "=", "u.tenant_id").onRef("d.id", "=", "u.matter_id"),
		)
		.innerJoin("meetings as m", (j) => j.onRef("m.tenant_id", "=", "d.tenant_id").onRef("m.id", "=", "d.meeting_id"))
		.select(["u.id", "u.tenant_id as tenantId", "u.text", "d.id as matterId", "d.content", "d.status", "m.year"])
		.select(total)
		// Progress reports (进展, 办结报告): what the departments wrote.
		.where("u.kind", "in", ["progress", "done"])
		.where(found(q, { alias: "u", matcher: "app_search_matter_updates", words: ["u.text"], inYear: yearIs("m.year") }))
		.orderBy("u.at", "desc")
		.limit(SEARCH_LIMIT)
		.execute();
	return rows.map((r) => ({
		id: r.id,
		tenantId: r.tenantId,
		pageId: r.matterId,
		title: snippetAround(r.content, q.q, 20, 60),
		text: r.text,
		detail: null,
		year: r.year,
		total: r.total,
		matterStatus: r.status,
	}));
}

async function systems(tx: Tx, q: Query): Promise<Row[]> {
	const rows = await tx
		.selectFrom("systems as s")
		.select(["s.id", "s.tenant_id as tenantId", "s.title", "s.doc_number", "s.issued_on", total])
		.where(
			found(q, {
				alias: "s",
				matcher: "app_search_systems",
				words: ["s.title"],
				// By the day it was issued: a range, so the date index serves it.
				inYear: (year) => sql<boolean>`s.issued_on BETWEEN ${`${year}-01-01`} AND ${`${year}-12-31`}`,
			}),
		)
		.orderBy("s.issued_on", "desc")
		.orderBy("s.version", "desc")
		.limit(SEARCH_LIMIT)
		.execute();
	return rows.map((r) => ({
		id: r.id,
		tenantId: r.tenantId,
		pageId: r.id,
		title: r.title,
		text: null,
		detail: `${r.doc_number} · ${r.issued_on}`,
		year: Number(String(r.issued_on).slice(0, 4)),
		total: r.total,
	}));
}

/** The names of the units below that the results come from, in one read. */
async function unitNames(tx: Tx, own: string, rows: Row[]): Promise<Map<string, string>> {
	const ids = [...new Set(rows.map((r) => r.tenantId).filter((id) => id !== own))];
	if (ids.length === 0) return new Map();
	const units = await tx.selectFrom("tenants").select(["id", "name"]).where("id", "in", ids).execute();
	return new Map(units.map((u) => [u.id, u.name]));
}
