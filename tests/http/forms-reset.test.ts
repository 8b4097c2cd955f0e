import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type DatabaseHandle, openDatabase } from "#db/client.ts";
import { parseDatabaseEnv } from "#db/database-env.ts";
import { openBrowserForFile, screenshot, signIn } from "#tests/support/browser-session.ts";
import { HttpClient } from "#tests/support/http-client.ts";

/**
 * A creating form that succeeded comes back empty — on the page answered without JavaScript and in
 * the page that stays with JavaScript — so pressing again never proposes the same topic twice.
 */
const browser = openBrowserForFile();
let db: DatabaseHandle;
let meetingId: string;

beforeAll(async () => {
	db = await openDatabase({ env: parseDatabaseEnv({ DATABASE_URL: inject("databaseUrl") }) });
	// The city's 2026 regular meeting in preparation (demo data): union staff propose topics to it.
	const row = await db.owner
		.selectFrom("meetings as m")
		.innerJoin("tenants as t", "t.id", "m.tenant_id")
		.select("m.id")
		.where("t.slug", "=", "smx")
		.where("m.year", "=", 2026)
		.where("m.kind", "=", "regular")
		.orderBy("m.created_at")
		.executeTakeFirstOrThrow();
	meetingId = row.id;
});
afterAll(async () => {
	await db.close();
});

/** The topics of that meeting with this title. */
const topicsTitled = async (title: string) =>
	(
		await db.owner
			.selectFrom("topics")
			.select("id")
			.where("meeting_id", "=", meetingId)
			.where("title", "=", title)
			.execute()
	).length;

/** The propose form of an answered page: from its intent to the end of its form. */
function proposeForm(html: string): string {
	const start = html.indexOf('name="intent" value="propose_topic"');
	expect(start).toBeGreaterThan(0);
	return html.slice(start, html.indexOf("</form>", start));
}

describe("a creating form after its step succeeded", () => {
	it("提出议题 without JavaScript: the answered page shows the topic once and an empty form", async () => {
		const staff = new HttpClient();
		await staff.signIn("union_staff@smx.demo");
		const title = "表单复位测试：无脚本提出的议题";
		const response = await staff.request(`/t/smx/meetings/${meetingId}`, {
			form: {
				intent: "propose_topic",
				category: "4",
				title,
				background: "背景：无脚本",
				research: "调研：无脚本",
				suggestions: "建议：无脚本",
			},
		});
		expect(response.status).toBe(200);
		const html = (await response.text()).replaceAll("<!-- -->", "");
		expect(html).toContain("已保存。");
		expect(html).toContain(`>${title}</h3>`);
		const form = proposeForm(html);
		expect(form).toContain('name="title"');
		expect(form).not.toContain(title);
		for (const field of ["background", "research", "suggestions"]) {
			expect(form).toMatch(new RegExp(`<textarea[^>]*name="${field}"[^>]*></textarea>`));
		}
		expect(form).not.toContain("无脚本");
		expect(await topicsTitled(title)).toBe(1);
	});

	it("提出议题 with JavaScript: the form stays on the page with its fields empty", async () => {
		const page = await browser.newPage();
		await signIn(page, "union_staff@smx.demo");
		await page.setViewportSize({ width: 1366, height: 900 });
		await page.goto(`/t/smx/meetings/${meetingId}`);
		const form = page.locator("form").filter({ has: page.locator('input[name="intent"][value="propose_topic"]') });
		const summary = page.locator("summary").filter({ hasText: "提出议题" });
		if (!(await form.isVisible())) await summary.click();
		const title = "表单复位测试：脚本中提出的议题";
		await form.getByLabel("议题名称").fill(title);
		await form.getByLabel("背景情况").fill("背景：脚本");
		await form.getByLabel("调查研究").fill("调研：脚本");
		await form.getByLabel("建议和对策").fill("建议：脚本");
		await form.getByRole("button", { name: "提出议题" }).click();
		await page.getByRole("heading", { name: title }).waitFor();
		expect(await form.getByLabel("议题名称").inputValue()).toBe("");
		for (const label of ["背景情况", "调查研究", "建议和对策"]) {
			expect(await form.getByLabel(label).inputValue()).toBe("");
		}
		await screenshot(page, "forms-reset-propose-topic");
		expect(await topicsTitled(title)).toBe(1);
	});
});
