import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type DatabaseHandle, openDatabase } from "#db/client.ts";
import { parseDatabaseEnv } from "#db/database-env.ts";
import { openBrowserForFile, screenshot, signIn } from "#tests/support/browser-session.ts";
import { HttpClient } from "#tests/support/http-client.ts";

/**
 * Characters as people count them (issue 27): a topic title of 200 characters takes 200 emoji, 200
 * CJK Extension B characters or 100 letters with a combining mark (200 code points), in the browser,
 * in zod and in PostgreSQL alike; one more is refused with a message, never cut. In Chromium, 200
 * pasted emoji are all kept (no maxLength cuts them at 100), the field counts them, and they are saved.
 */
const browser = openBrowserForFile();
let db: DatabaseHandle;
let meetingId = "";

beforeAll(async () => {
	db = await openDatabase({ env: parseDatabaseEnv({ DATABASE_URL: inject("databaseUrl") }) });
	const { rows } = await sql<{ id: string }>`select m.id from meetings m join tenants t on t.id = m.tenant_id
		where t.slug = 'smx' and m.year = 2026 and m.kind = 'regular' order by m.created_at limit 1`.execute(db.owner);
	meetingId = rows[0]?.id ?? "";
	expect(meetingId).not.toBe("");
});
afterAll(async () => {
	await db.close();
});

const emoji = "😀";
const extB = "𠀀";
const combined = "e\u0301";

/** The saved titles of the meeting equal to `title`, with their length as PostgreSQL counts it. */
async function saved(title: string) {
	const { rows } = await sql<{ n: number }>`select char_length(title) as n from topics
		where meeting_id = ${meetingId} and title = ${title}`.execute(db.owner);
	return rows.map((r) => r.n);
}

describe("limits count characters as people do", () => {
	it("over HTTP: at the limit saved whole, one over refused with the limit named", async () => {
		const staff = new HttpClient();
		await staff.signIn("union_staff@smx.demo");
		const post = (title: string) =>
			staff.request(`/t/smx/meetings/${meetingId}`, { form: { intent: "propose_topic", category: "4", title } });
		for (const [unit, times] of [
			[emoji, 200],
			[extB, 200],
			[combined, 100],
		] as const) {
			const atLimit = unit.repeat(times);
			const ok = await post(atLimit);
			expect(ok.status).toBe(200);
			expect(await ok.text()).not.toContain("不能超过 200 个字符");
			expect(await saved(atLimit)).toEqual([200]);
			const over = `${atLimit}工`;
			const refused = await post(over);
			expect(refused.status).toBe(200);
			expect(await refused.text()).toContain("不能超过 200 个字符");
			expect(await saved(over)).toEqual([]);
		}
	});

	it("in Chromium: 200 pasted emoji are kept, counted and saved; 201 are refused and kept", async () => {
		const page = await browser.newPage();
		await signIn(page, "union_staff@smx.demo");
		await page.goto(`/t/smx/meetings/${meetingId}`);
		const propose = page.locator("form").filter({ has: page.locator('input[name="intent"][value="propose_topic"]') });
		const details = page.locator("details").filter({ has: propose });
		if ((await details.getAttribute("open")) === null) await details.locator("summary").click();
		const title = propose.locator('input[name="title"]');
		expect(await title.getAttribute("maxlength")).toBeNull();
		const text = `${"工".repeat(10)}${emoji.repeat(190)}`;
		await title.click();
		// insertText is what a paste does to the box: a maxlength would cut it at 200 UTF-16 units.
		await page.keyboard.insertText(text);
		expect(await title.inputValue()).toBe(text);
		const counter = propose.locator("[data-count]").first();
		expect(await counter.textContent()).toBe("200/200 字");
		await screenshot(page, "60-title-200-emoji");
		await propose.getByRole("button", { name: "提出议题" }).click();
		await expect.poll(() => saved(text), { timeout: 10_000 }).toEqual([200]);

		await page.goto(`/t/smx/meetings/${meetingId}`);
		if ((await details.getAttribute("open")) === null) await details.locator("summary").click();
		const over = `${text}${extB}`;
		await title.click();
		await page.keyboard.insertText(over);
		expect(await title.inputValue()).toBe(over);
		expect(await counter.textContent()).toContain("201/200 字");
		await propose.getByRole("button", { name: "提出议题" }).click();
		await expect.poll(async () => (await page.content()).includes("不能超过 200 个字符")).toBe(true);
		expect(await title.inputValue()).toBe(over);
		expect(await saved(over)).toEqual([]);
		await screenshot(page, "61-title-201-refused");
	});
});
