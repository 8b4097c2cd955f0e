import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { openDatabase } from "#db/client.ts";
import { parseDatabaseEnv } from "#db/database-env.ts";
import { HttpClient } from "#tests/support/http-client.ts";

/**
 * Issue 21, items 4 and 5: what the platform writes itself reads in the reader's language (titles,
 * the standard agenda, the automatic topic, statuses), what people typed stays as typed; the audit
 * trail names each act in words and links its subject by title.
 */
async function client(email: string, lang?: "en") {
	const c = new HttpClient();
	await c.signIn(email);
	if (lang) await c.request("/lang", { form: { lang, redirectTo: "/" } });
	return c;
}

const db = openDatabase({ env: parseDatabaseEnv({ DATABASE_URL: inject("databaseUrl") }) });
afterAll(async () => (await db).close());

/** The page's <main> as text: tags become breaks (a typed value is one text node), entities decoded. */
function mainText(html: string): string {
	const main = html.slice(html.indexOf("<main"), html.indexOf("</main>"));
	return main
		.replace(/<!--.*?-->/g, "")
		.replace(/<[^>]*>/g, "\n")
		.replace(/&quot;/g, '"')
		.replace(/&#x27;|&#39;/g, "'")
		.replace(/&lt;/g, "<")
		.replace(/&gt;/g, ">")
		.replace(/&amp;/g, "&");
}

/**
 * Everything people typed in the unit (or that names them, their units and departments): every text
 * value of the unit's rows, but for what the platform generates — meeting titles, the standard
 * agenda items and the automatic topic's title.
 */
async function typedIn(slug: string): Promise<string[]> {
	const { owner } = await db;
	const unit = sql`(select id from tenants where slug = ${slug})`;
	const each = (table: string, row: ReturnType<typeof sql>, where = sql`true`) =>
		sql`select v.value from ${sql.table(table)} x, jsonb_each_text(${row}) v where x.tenant_id = ${unit} and ${where}`;
	const { rows } = await sql<{ value: string | null }>`
		${each("meetings", sql`to_jsonb(x) - 'title'`)}
		union ${each("topics", sql`case when x.auto_generated then to_jsonb(x) - 'title' else to_jsonb(x) end`)}
		union ${each("agenda_items", sql`to_jsonb(x) - 'snapshot'`, sql`x.standard_item is null`)}
		union ${each("attendees", sql`to_jsonb(x)`)}
		union ${each("opinion_requests", sql`to_jsonb(x)`)}
		union ${each("meeting_consents", sql`to_jsonb(x)`)}
		union ${each("topic_agreements", sql`to_jsonb(x)`)}
		union ${each("dual_consents", sql`to_jsonb(x)`)}
		union ${each("publicity", sql`to_jsonb(x)`)}
		union ${each("departments", sql`to_jsonb(x)`)}
		union ${each("decided_matters", sql`to_jsonb(x)`)}
		union ${each("matter_updates", sql`to_jsonb(x)`)}
		union ${each("files", sql`to_jsonb(x)`)}
		union ${each("memberships", sql`to_jsonb(x)`)}
		union select u.display_name from users u join memberships m on m.user_id = u.id where m.tenant_id = ${unit}
		union select unnest(array[name, gov_name, union_name]) from tenants
	`.execute(owner);
	// Longest first, so that a value containing another is taken away whole.
	return rows
		.flatMap((r) => (r.value === null ? [] : [r.value.trim()]))
		.filter((v) => /\p{Script=Han}/u.test(v))
		.sort((a, b) => b.length - a.length);
}

/** What is left of the page's Chinese once every typed value is taken away: generated text not translated. */
function untranslated(text: string, typed: string[]): string[] {
	let rest = text;
	for (const value of typed) rest = rest.replaceAll(value, "");
	return rest
		.split("\n")
		.map((line) => line.trim())
		.filter((line) => /\p{Script=Han}/u.test(line));
}

let meetingPath = "";

beforeAll(async () => {
	// A new regular meeting of 渑池县, accepted: its title is generated, and since the 2025 meeting has
	// decided matters, so is its first topic (C6).
	const staff = await client("union_staff@mianchi.demo");
	const created = await staff.request("/t/mianchi/meetings/new", {
		form: { kind: "regular", reason: "研究职工权益保障年度重点事项", windowFrom: "2027-04-01", windowTo: "2027-04-30" },
	});
	expect(created.status).toBe(302);
	meetingPath = created.headers.get("location") as string;
	expect((await staff.request(meetingPath, { form: { intent: "submit" } })).status).toBe(200);
	const head = await client("gov_head@mianchi.demo");
	const accepted = await head.request(meetingPath, { form: { intent: "accept", comment: "同意，抓紧筹备" } });
	expect(accepted.status).toBe(200);
});

describe("English pages carry no generated Chinese (issue 21, item 5)", () => {
	it("a new meeting's title names both parties, in Chinese as stored and in English from the catalogue", async () => {
		const zh = await (await client("union_staff@mianchi.demo")).request(meetingPath);
		expect(await zh.text()).toMatch(/<h1[^>]*>渑池县人民政府与渑池县总工会2027年度联席会议<\/h1>/);
		const en = await (await client("union_staff@mianchi.demo", "en")).request(meetingPath);
		const html = await en.text();
		expect(html).toMatch(/<h1[^>]*>Joint meeting of 渑池县人民政府 and 渑池县总工会, 2027<\/h1>/);
		expect(html).toContain("Report on how the matters decided at the previous joint meeting were carried out");
		expect(html).toContain("How the matters decided at the previous joint meeting were carried out");
	});

	it("the English meeting page: every Chinese character left is one people typed", async () => {
		const html = await (await (await client("union_staff@mianchi.demo", "en")).request(meetingPath)).text();
		const text = mainText(html);
		// What was typed is there, as typed.
		expect(text).toContain("研究职工权益保障年度重点事项");
		expect(text).toContain("同意，抓紧筹备");
		const typed = await typedIn("mianchi");
		expect(untranslated(text, typed)).toEqual([]);
		// The same check on the Chinese page finds the generated words: it can fail.
		const zh = mainText(await (await (await client("union_staff@mianchi.demo")).request(meetingPath)).text());
		expect(untranslated(zh, typed)).toEqual(
			expect.arrayContaining([
				"与2027年度联席会议",
				"通报上次联席会议议定事项的落实情况",
				"上次联席会议议定事项落实情况",
			]),
		);
	});

	it("the city's meeting in preparation (topics, opinions, roster) reads in English too", async () => {
		const { owner } = await db;
		const meeting = await owner
			.selectFrom("meetings as m")
			.innerJoin("tenants as t", "t.id", "m.tenant_id")
			.select("m.id")
			.where("t.slug", "=", "smx")
			.where("m.year", "=", 2026)
			.where("m.kind", "=", "regular")
			.orderBy("m.created_at")
			.executeTakeFirstOrThrow();
		const html = await (
			await (await client("union_staff@smx.demo", "en")).request(`/t/smx/meetings/${meeting.id}`)
		).text();
		expect(html).toContain("Both sides&#x27; leaders direct the carrying out of the matters decided at this meeting");
		expect(untranslated(mainText(html), await typedIn("smx"))).toEqual([]);
	});

	it("the list of meetings names them in English", async () => {
		const html = await (await (await client("union_staff@mianchi.demo", "en")).request("/t/mianchi/meetings")).text();
		const text = mainText(html);
		expect(text).toContain("Joint meeting of 渑池县人民政府 and 渑池县总工会, 2027");
		expect(text).toContain("Government–trade union joint meeting, 2025");
		expect(text).not.toContain("2025年度政府与工会联席会议");
	});
});

describe("the audit trail in words (issue 21, item 4)", () => {
	it("names each act and links its subject by title; no codes", async () => {
		const admin = await client("admin@mianchi.demo");
		const html = await (await admin.request("/t/mianchi/audit?action=meeting.")).text();
		const main = html.slice(html.indexOf("<main"), html.indexOf("</main>"));
		for (const words of ["起草会议提请", "提请政府方召开会议", "同意召开会议", "同意，抓紧筹备"])
			expect(main).toContain(words);
		expect(main).toMatch(
			new RegExp(`<a [^>]*href="${meetingPath}"[^>]*>渑池县人民政府与渑池县总工会2027年度联席会议</a>`),
		);
		// Neither action codes nor type:id abbreviations are shown.
		expect(main).not.toMatch(/>meeting\.(drafted|submit|accept)</);
		expect(main).not.toMatch(/meeting:[0-9a-f]{8}/);
	});

	it("in English, the same acts and the same link in English words", async () => {
		const admin = await client("admin@mianchi.demo", "en");
		const html = await (await admin.request("/t/mianchi/audit?action=meeting.")).text();
		const main = html.slice(html.indexOf("<main"), html.indexOf("</main>"));
		for (const words of ["Meeting request drafted", "Meeting requested from the government side", "Meeting accepted"])
			expect(main).toContain(words);
		expect(main).toMatch(
			new RegExp(`<a [^>]*href="${meetingPath}"[^>]*>Joint meeting of 渑池县人民政府 and 渑池县总工会, 2027</a>`),
		);
	});

	it("one subject's records: filtered by it, and named above the list", async () => {
		const admin = await client("admin@mianchi.demo");
		const id = meetingPath.split("/").at(-1) as string;
		const html = await (await admin.request(`/t/mianchi/audit?entity=${id}`)).text();
		const main = html.slice(html.indexOf("<main"), html.indexOf("</main>"));
		expect(main).toContain("只显示与“渑池县人民政府与渑池县总工会2027年度联席会议”有关的记录。");
		// Exactly the three acts on this meeting, each row linking to it.
		expect(main.match(/<tr /g)?.length).toBe(3);
		expect(main.split(`href="${meetingPath}"`).length - 1).toBe(3);
	});
});

/**
 * A generated title left in Chinese: "…2026年度联席会议", "2026年度政府与工会联席会议", "2026年第1次临时联席会议"
 * (not followed by more Chinese: "2026年度联席会议制度落实情况报送" is a typed title).
 */
const generatedChinese = /\d{4}年(?:度(?:政府与工会)?|第\d+次临时)联席会议(?!\p{Script=Han})/u;

/** The lines of a part of the page that carry a generated Chinese title. */
const generatedLines = (text: string) => text.split("\n").filter((line) => generatedChinese.test(line));

/** The page's header (its notification menu) as text. */
const headerText = (html: string) =>
	mainText(`<main>${html.slice(html.indexOf("<header"), html.indexOf("</header>"))}</main>`);

describe("generated meeting titles on the daily surfaces, in English (issue 21, item 5)", () => {
	it("the 工作台 names the meetings and the topics' meetings in English", async () => {
		const en = mainText(await (await (await client("gov_liaison@mianchi.demo", "en")).request("/t/mianchi")).text());
		expect(en).toContain("Joint meeting of 渑池县人民政府 and 渑池县总工会, 2027");
		expect(generatedLines(en)).toEqual([]);
		const office = mainText(await (await (await client("gov_office@smx.demo", "en")).request("/t/smx")).text());
		expect(office).toContain("Extraordinary joint meeting no. 1, 2026");
		expect(generatedLines(office)).toEqual([]);
		// The Chinese page shows the stored titles: the check can fail.
		const zh = mainText(await (await (await client("gov_office@smx.demo")).request("/t/smx")).text());
		expect(generatedLines(zh)).toContain("2026年第1次临时联席会议");
	});

	it("search results name the meetings in English", async () => {
		const path = `/t/smx/search?q=${encodeURIComponent("联席会议")}`;
		// The highlighted words are <mark>s between <span>s: taken out, so that a title is one line.
		const read = async (c: HttpClient) =>
			mainText((await (await c.request(path)).text()).replace(/<\/?(?:mark|span)\b[^>]*>/g, ""));
		const en = await read(await client("union_staff@smx.demo", "en"));
		for (const title of [
			"Government–trade union joint meeting, 2026",
			"Extraordinary joint meeting no. 1, 2026",
			"Government–trade union joint meeting, 2024",
		])
			expect(en).toContain(title);
		expect(generatedLines(en)).toEqual([]);
		const zh = await read(await client("union_staff@smx.demo"));
		expect(generatedLines(zh)).toEqual(
			expect.arrayContaining(["2026年度政府与工会联席会议", "2026年第1次临时联席会议"]),
		);
	});

	it("the public page and its feed name the meetings in English", async () => {
		const visitor = new HttpClient();
		await visitor.request("/lang", { form: { lang: "en", redirectTo: "/" } });
		const page = await (await visitor.request("/p/smx")).text();
		expect(page).toMatch(/<h2[^>]*>Government–trade union joint meeting, 2024<\/h2>/);
		expect(generatedLines(mainText(page))).toEqual([]);
		const feed = await (await visitor.request("/p/smx/feed.atom")).text();
		expect(feed).toContain('<title type="text">Government–trade union joint meeting, 2024</title>');
		expect(feed).not.toMatch(generatedChinese);
		const zh = await (await new HttpClient().request("/p/smx")).text();
		expect(zh).toMatch(/<h2[^>]*>2024年度政府与工会联席会议<\/h2>/);
	});

	it("the notification menu and the inbox name the accepted meeting in English", async () => {
		const staff = await client("union_staff@mianchi.demo", "en");
		const html = await (await staff.request("/t/mianchi/notifications?show=all")).text();
		const inbox = mainText(html);
		expect(inbox).toContain("Joint meeting of 渑池县人民政府 and 渑池县总工会, 2027");
		expect(generatedLines(inbox)).toEqual([]);
		const menu = headerText(html);
		expect(menu).toMatch(/Joint meeting of 渑池县人民政府 and 渑池县总工会, 2027/);
		expect(generatedLines(menu)).toEqual([]);
		const zh = await (
			await (await client("union_staff@mianchi.demo")).request("/t/mianchi/notifications?show=all")
		).text();
		expect(generatedLines(mainText(zh))).toContain("渑池县人民政府与渑池县总工会2027年度联席会议");
	});
});
