import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { openBrowserForFile, signIn } from "#tests/support/browser-session.ts";

/**
 * The menu and the 工作台's rows are plain anchors (app/components/route-anchor.tsx, ADR 0009): a
 * plain click still moves inside the app without loading a new document, the menu marks where the
 * reader is, and a modified click is left to the browser.
 */
const browser = openBrowserForFile();

/** A value kept on the window: it survives a client-side navigation and is gone after a document load. */
const mark = (page: Page) =>
	page.evaluate(() => {
		(window as unknown as { routeAnchorMark?: string }).routeAnchorMark = "kept";
	});
const marked = (page: Page) =>
	page.evaluate(() => (window as unknown as { routeAnchorMark?: string }).routeAnchorMark ?? "gone");

describe("route anchors (Chromium)", () => {
	it("the menu and a 工作台 row navigate without a new document, and the menu marks the page", async () => {
		const page = await browser.newPage();
		await signIn(page, "union_staff@smx.demo");
		await page.goto("/t/smx");
		const menu = page.getByRole("navigation", { name: "主菜单" });
		expect(await menu.getByRole("link", { name: "首页" }).getAttribute("aria-current")).toBe("page");
		// Hydrated: the client's router exists, and nothing is still loading.
		await page.waitForFunction(
			() =>
				(window as unknown as { __reactRouterDataRouter?: { state: { initialized: boolean } } }).__reactRouterDataRouter
					?.state.initialized === true,
		);
		await page.waitForLoadState("networkidle");
		await mark(page);

		await menu.getByRole("link", { name: "联席会议", exact: true }).click();
		await page.waitForURL(/\/t\/smx\/meetings$/);
		await page.getByRole("heading", { level: 1 }).filter({ hasText: "联席会议" }).waitFor();
		expect(await marked(page)).toBe("kept");
		expect(await menu.getByRole("link", { name: "联席会议", exact: true }).getAttribute("aria-current")).toBe("page");
		expect(await menu.getByRole("link", { name: "首页" }).getAttribute("aria-current")).toBeNull();

		await menu.getByRole("link", { name: "首页" }).click();
		await page.waitForURL(/\/t\/smx$/);
		const review = page.getByRole("region", { name: "待审阅的下级报送" });
		const row = review.getByRole("link").first();
		const href = await row.getAttribute("href");
		expect(href).toMatch(/^\/t\/smx\/report-requests\/[0-9a-f-]{36}\/units\/[0-9a-f-]{36}$/);
		await row.click();
		await page.waitForURL((url) => url.pathname === href);
		expect(await marked(page)).toBe("kept");
	});

	it("without JavaScript the same anchors load the page", async () => {
		const page = await browser.newPage({ javaScriptEnabled: false });
		await signIn(page, "union_staff@smx.demo");
		await page.goto("/t/smx");
		await page.getByRole("navigation", { name: "主菜单" }).getByRole("link", { name: "联席会议", exact: true }).click();
		await page.waitForURL(/\/t\/smx\/meetings$/);
		expect(
			await page
				.getByRole("navigation", { name: "主菜单" })
				.getByRole("link", { name: "联席会议", exact: true })
				.getAttribute("aria-current"),
		).toBe("page");
	});
});
