import { describe, expect, it } from "vitest";
import { openBrowserForFile, screenshot, signIn } from "#tests/support/browser-session.ts";

const browser = openBrowserForFile();

/** W1–W3 in Chromium: the city reads its subtree's figures, filters, drills two levels, downloads. */
describe("statistics (Chromium)", () => {
	it("the city's government office filters, drills from the city into 灵宝市 and on, and downloads the workbook", async () => {
		const page = await browser.newPage();
		await signIn(page, "gov_office@smx.demo");
		await page.getByRole("link", { name: "统计分析" }).click();
		await page.getByRole("heading", { name: "统计分析" }).waitFor();
		await page.locator('select[name="year"]').selectOption("2024");
		await page.locator('select[name="kind"]').selectOption("county");
		await page.getByRole("button", { name: "查看" }).click();
		await page.waitForURL(/year=2024/);
		await page.waitForLoadState("networkidle");
		// The zone is filtered out once the page shows the chosen kind.
		await page.getByRole("row", { name: /城乡一体化示范区/ }).waitFor({ state: "detached" });
		await expect(page.locator("figure svg").count()).resolves.toBe(4);
		await screenshot(page, "80-statistics-city");
		// Printed for a leader's briefing: the figures and charts, without the header, menus and filters.
		await page.emulateMedia({ media: "print" });
		expect(await page.getByRole("navigation", { name: "主菜单" }).isVisible()).toBe(false);
		expect(await page.getByRole("button", { name: "查看" }).isVisible()).toBe(false);
		expect(await page.locator("figure svg").first().isVisible()).toBe(true);
		expect(await page.getByRole("heading", { name: "统计分析" }).isVisible()).toBe(true);
		await screenshot(page, "80-statistics-print");
		await page.emulateMedia({ media: "screen" });

		await page.getByRole("link", { name: /^灵宝市\s*查看下级$/ }).click();
		await page.getByRole("heading", { name: /统计分析 · 灵宝市/ }).waitFor();
		await page.getByRole("row", { name: /灵宝市快递行业协会/ }).waitFor();
		await screenshot(page, "81-statistics-drilled");

		const download = page.waitForEvent("download");
		await page.getByRole("link", { name: "导出 Excel" }).click();
		const file = await download;
		expect(file.suggestedFilename()).toMatch(/^灵宝市统计分析\d{4}\.xlsx$/);

		await page.getByRole("button", { name: /English/ }).click();
		await page.getByRole("heading", { name: /Statistics/ }).waitFor();
		await screenshot(page, "82-statistics-en");
	});

	it("a report viewer starts on the statistics and sees no write control", async () => {
		const page = await browser.newPage();
		await signIn(page, "viewer@smx.demo");
		expect(new URL(page.url()).pathname).toBe("/t/smx/reports");
		await page.getByRole("heading", { name: "统计分析" }).waitFor();
		const writeForms = await page
			.locator("form")
			.evaluateAll((forms) =>
				forms
					.filter((f) => f.getAttribute("method")?.toLowerCase() === "post")
					.map((f) => f.getAttribute("action") ?? ""),
			);
		expect(writeForms.filter((action) => !["/logout", "/lang"].includes(action))).toEqual([]);
		await page.setViewportSize({ width: 390, height: 844 });
		await screenshot(page, "83-statistics-viewer-phone");
	});
});
