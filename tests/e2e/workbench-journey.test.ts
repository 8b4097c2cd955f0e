import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { openBrowserForFile, screenshot, signIn } from "#tests/support/browser-session.ts";

/**
 * Issue #21, in Chromium at 1366 × 900 and 390 × 844: the union proposes a meeting and the county
 * head finds it on their 工作台; the next step names who must act, and speaks to the reader on
 * their turn; a county without subordinate units is told nothing about them; the city sees which
 * of its units need attention, each linked to its statistics.
 */
const browser = openBrowserForFile();
const sizes = [
	[1366, 900],
	[390, 844],
] as const;

async function signedIn(email: string): Promise<Page> {
	const page = await browser.newPage();
	await signIn(page, email);
	return page;
}

const nextLine = (page: Page) => page.getByRole("region", { name: "下一步" }).locator("p").first();

async function fitsAtEverySize(page: Page, name: string) {
	for (const [width, height] of sizes) {
		await page.setViewportSize({ width, height });
		const [scrollWidth, innerWidth] = await page.evaluate(() => [
			document.documentElement.scrollWidth,
			window.innerWidth,
		]);
		expect(scrollWidth, `${name} at ${width}`).toBeLessThanOrEqual(innerWidth);
		await screenshot(page, `${name}-${width}`);
	}
}

describe("the 工作台 and the next step by name (Chromium)", () => {
	it("a proposed meeting waits for the head by name, and the head is asked to decide", async () => {
		const staff = await signedIn("union_staff@lushi.demo");
		await staff.goto("/t/lushi/meetings/new");
		await staff.getByLabel("会议类型").selectOption({ label: "年度例会" });
		await staff.getByLabel("提请事由").fill("研究职工权益保障工作");
		await staff.getByLabel("建议召开时间（起）").fill("2026-12-20");
		await staff.getByLabel("建议召开时间（止）").fill("2026-12-28");
		await staff.getByRole("button", { name: "保存草稿" }).click();
		await staff.waitForURL(/\/t\/lushi\/meetings\/[0-9a-f-]{36}$/);
		const meetingPath = new URL(staff.url()).pathname;
		expect(await nextLine(staff).innerText()).toBe("请您修改完善后提请政府方。");
		await staff.getByRole("button", { name: "提请政府方" }).click();
		await staff.getByText(/^等待 /).waitFor();
		// Both who may accept are named, each with their 职务 (or the role they hold).
		expect(await nextLine(staff).innerText()).toMatch(/^等待 \S+（\S+）或 \S+（\S+）同意召开。$/);
		await fitsAtEverySize(staff, "60-next-step-union-staff");

		const head = await signedIn("gov_head@lushi.demo");
		const requests = head.getByRole("region", { name: "待我处理的会议提请" });
		const item = requests.getByRole("link").first();
		await item.waitFor();
		expect(await requests.innerText()).toContain("决定是否同意召开");
		await fitsAtEverySize(head, "61-workbench-gov-head");
		await item.click();
		await head.waitForURL((url) => url.pathname === meetingPath);
		await head.getByRole("heading", { level: 1, name: /联席会议/ }).waitFor();
		expect(await nextLine(head).innerText()).toBe("请您决定是否同意召开。");
		await fitsAtEverySize(head, "62-next-step-gov-head");
	});

	it("a county without subordinate units is told nothing about them", async () => {
		const office = await signedIn("gov_office@lushi.demo");
		await office.getByRole("heading", { name: "我的待办" }).waitFor();
		expect(await office.getByRole("region", { name: "需要关注的下级单位" }).count()).toBe(0);
		expect(await office.locator("main").innerText()).not.toContain("下级单位");
		await fitsAtEverySize(office, "63-home-county-office");
	});

	it("the city sees which of its units need attention, each linked to its statistics", async () => {
		const office = await signedIn("gov_office@smx.demo");
		const attention = office.getByRole("region", { name: "需要关注的下级单位" });
		await attention.waitFor();
		const units = attention.getByRole("listitem");
		expect(await units.count()).toBeGreaterThan(0);
		const href = await units.first().getByRole("link").first().getAttribute("href");
		expect(href).toMatch(/^\/t\/smx\/reports(\?under=|\/units\/)[0-9a-f-]{36}$/);
		await fitsAtEverySize(office, "64-home-city-office");
	});
});
