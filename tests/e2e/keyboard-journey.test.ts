import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { openBrowserForFile, screenshot } from "#tests/support/browser-session.ts";

const browser = openBrowserForFile();

/** Presses Tab until the focused element matches; fails after `max` presses. */
async function tabTo(
	page: Page,
	matches: (el: { tag: string; text: string; name: string | null; href: string | null }) => boolean,
	max = 400,
) {
	for (let i = 0; i < max; i++) {
		await page.keyboard.press("Tab");
		const focused = await page.evaluate(() => {
			const el = document.activeElement as HTMLElement | null;
			return {
				tag: el?.tagName ?? "",
				text: (el?.textContent ?? "").trim(),
				name: el?.getAttribute("name") ?? null,
				href: el?.getAttribute("href") ?? null,
			};
		});
		if (matches(focused)) return;
	}
	throw new Error("the element was never reached with Tab");
}

/** Hardening: a whole meeting step done with the keyboard alone, from signing in to the result. */
describe("keyboard only (Chromium)", () => {
	it("union staff signs in and proposes a topic without touching the mouse", async () => {
		const page = await browser.newPage();
		await page.goto("/login");
		await tabTo(page, (el) => el.name === "email");
		await page.keyboard.type("union_staff@smx.demo");
		await page.keyboard.press("Tab");
		await page.keyboard.type("lianxi-demo-2024");
		await page.keyboard.press("Enter");
		await page.waitForURL("**/t/smx");

		await tabTo(page, (el) => el.tag === "A" && el.text === "联席会议");
		await page.keyboard.press("Enter");
		await page.waitForURL("**/t/smx/meetings");
		// The meeting's link in the list (the header's notifications may also name a "2026年度" item).
		await tabTo(
			page,
			(el) => el.tag === "A" && /\/meetings\/[0-9a-f-]{36}$/.test(el.href ?? "") && el.text.startsWith("2026年度"),
		);
		await page.keyboard.press("Enter");
		await page.waitForURL(/\/t\/smx\/meetings\/[0-9a-f-]{36}$/);

		const title = `键盘提出的议题 ${Date.now().toString(36)}`;
		await tabTo(page, (el) => el.tag === "SUMMARY" && el.text === "提出议题");
		await page.keyboard.press("Enter");
		await tabTo(page, (el) => el.name === "category");
		await page.keyboard.press("ArrowDown");
		await page.keyboard.press("Tab");
		await page.keyboard.type(title);
		await tabTo(page, (el) => el.tag === "BUTTON" && el.text === "提出议题");
		await page.keyboard.press("Enter");
		await page.getByText(title).first().waitFor();
		await screenshot(page, "70-keyboard-topic-proposed");
		expect(await page.getByText(title).count()).toBeGreaterThan(0);
	});
});
