import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { decide, openBrowserForFile, screenshot, signIn } from "#tests/support/browser-session.ts";

/**
 * Daily use (issue #14), in Chromium: each role lands on its own open work and acting on an item
 * takes it off the list; the header search finds the demo's 欠薪 matter and its meeting; a meeting's
 * results appear on the public page only while both sides agree.
 */
const browser = openBrowserForFile();

async function signedIn(email: string): Promise<Page> {
	const page = await browser.newPage();
	await signIn(page, email);
	return page;
}

const group = (page: Page, name: string) => page.getByRole("region", { name });

describe("daily use (Chromium)", () => {
	it("the 工作台: a liaison vice-head agrees a topic and it leaves their list; a department liaison and union staff see theirs; the viewer starts on the statistics", async () => {
		const liaison = await signedIn("gov_liaison@smx.demo");
		expect(new URL(liaison.url()).pathname).toBe("/t/smx");
		const topics = group(liaison, "待我同意的议题");
		const item = topics.getByRole("link", { name: /职工疗休养制度落实/ });
		await item.waitFor();
		await screenshot(liaison, "50-workbench-gov-liaison");
		await item.click();
		await liaison.waitForURL(/\/t\/smx\/meetings\/[0-9a-f-]{36}/);
		const card = liaison
			.locator("li, article, div")
			.filter({ hasText: "职工疗休养制度落实" })
			.filter({
				has: liaison.getByRole("button", { name: "同意该议题", exact: true }),
			});
		await decide(liaison, card.last().getByRole("button", { name: "同意该议题", exact: true }));
		await liaison.locator("main").getByText("已保存。").first().waitFor();
		await liaison.goto("/t/smx");
		await group(liaison, "待我同意的议题").waitFor();
		expect(
			await group(liaison, "待我同意的议题")
				.getByRole("link", { name: /职工疗休养制度落实/ })
				.count(),
		).toBe(0);

		const department = await signedIn("department_liaison@smx.demo");
		await group(department, "待答复的征求意见")
			.getByRole("link", { name: /职工职业技能提升行动/ })
			.waitFor();
		await screenshot(department, "51-workbench-department-liaison");

		const staff = await signedIn("union_staff@smx.demo");
		await staff.getByRole("heading", { name: "我的待办" }).waitFor();
		await screenshot(staff, "52-workbench-union-staff");

		const viewer = await signedIn("viewer@smx.demo");
		expect(new URL(viewer.url()).pathname).toBe("/t/smx/reports");
	});

	it("the header search finds the 欠薪 matter and the meeting that decided it", async () => {
		const staff = await signedIn("union_staff@smx.demo");
		const box = staff.getByRole("searchbox").first();
		await box.fill("欠薪");
		await box.press("Enter");
		await staff.waitForURL(/\/t\/smx\/search\?/);
		const main = staff.locator("main");
		await main.getByText("根治欠薪").first().waitFor();
		expect(await main.locator("mark").filter({ hasText: "欠薪" }).count()).toBeGreaterThan(1);
		expect(await main.locator('a[href*="/t/smx/matters/"]').count()).toBeGreaterThan(0);
		expect(await main.locator('a[href*="/t/smx/meetings/"]').count()).toBeGreaterThan(0);
		await screenshot(staff, "53-search-qianxin");
	});

	it("a meeting leaves the public page when withdrawn and comes back once both sides agree again", async () => {
		const visitor = await browser.newPage();
		await visitor.goto("/p/smx");
		const heading = await visitor.locator("main h2").first().textContent();
		expect(heading).toBeTruthy();
		const title = (heading ?? "").trim();
		await screenshot(visitor, "54-public-page");

		const chair = await signedIn("union_chair@smx.demo");
		await chair.goto("/t/smx/public-results");
		const row = (page: Page) => page.locator("tr").filter({ hasText: title });
		await row(chair).getByRole("button", { name: "撤回公开" }).click();
		await chair.locator("main").getByText("已撤回，公开页面立即不再显示该会议。").waitFor();
		await visitor.goto("/p/smx");
		expect(await visitor.getByText(title).count()).toBe(0);

		await row(chair).getByRole("button", { name: "代表工会方同意公开" }).click();
		await chair.locator("main").getByText("已记录您的同意。").waitFor();
		await visitor.goto("/p/smx");
		expect(await visitor.getByText(title).count()).toBe(0);

		const office = await signedIn("gov_liaison@smx.demo");
		await office.goto("/t/smx/public-results");
		await row(office).getByRole("button", { name: "代表政府方同意公开" }).click();
		await office.locator("main").getByText("双方均已同意，会议结果已公开。").waitFor();
		await visitor.goto("/p/smx");
		await visitor.getByText(title).first().waitFor();
	});
});
