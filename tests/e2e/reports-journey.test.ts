import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { openBrowserForFile, screenshot, signIn } from "#tests/support/browser-session.ts";

const browser = openBrowserForFile();

/** What fits: the document, the statistics table (when shown), the cards, the smallest chart text as drawn on screen. */
function measure(page: Page) {
	return page.evaluate(() => {
		const shown = (el: Element | null) => el !== null && getComputedStyle(el).display !== "none";
		const table = document.querySelector("[data-rollup-table]");
		const svgs = [...document.querySelectorAll("figure svg")].filter((svg) => svg.getBoundingClientRect().width > 0);
		const sizes = svgs.flatMap((svg) => {
			// The font size written in the SVG, times the scale the page draws the SVG at.
			const scale = svg.getBoundingClientRect().width / (svg as SVGSVGElement).viewBox.baseVal.width;
			return [...svg.querySelectorAll("text")].map(
				(text) => Number.parseFloat(text.getAttribute("font-size") ?? "0") * scale,
			);
		});
		return {
			documentFits: document.documentElement.scrollWidth <= innerWidth,
			table: shown(table) ? { fits: (table?.scrollWidth ?? 0) <= (table?.clientWidth ?? 0) } : null,
			cards: shown(document.querySelector("[data-rollup-cards]")),
			charts: svgs.length,
			texts: sizes.length,
			smallestText: Math.min(...sizes),
		};
	});
}

/** This year in Beijing, worked out here (not by the app). */
const chinaYear = () =>
	new Intl.DateTimeFormat("en", { timeZone: "Asia/Shanghai", year: "numeric" }).format(new Date());

/** W1–W3 in Chromium: the city reads its subtree's figures, filters, drills two levels, downloads. */
describe("statistics (Chromium)", () => {
	it("the city's government office filters, drills from the city into 灵宝市 and on, and downloads the workbook", async () => {
		const page = await browser.newPage();
		await page.setViewportSize({ width: 1366, height: 900 });
		await signIn(page, "gov_office@smx.demo");
		await page.getByRole("link", { name: "统计分析", exact: true }).click();
		await page.getByRole("heading", { name: "统计分析" }).waitFor();
		// The year selector ends at this year (China time), never the next.
		const years = await page.locator('select[name="year"] option').allTextContents();
		expect(years[0]).toBe(chinaYear());
		expect(years).not.toContain(String(Number(chinaYear()) + 1));
		// At 1366 px the whole table fits (no column behind a sideways scroll), and so does the page.
		expect(await measure(page)).toMatchObject({ documentFits: true, table: { fits: true }, cards: false, charts: 4 });
		for (const column of ["逾期", "按期办结率", "平均办结天数", "宣传", "提示"]) {
			await expect(page.getByRole("columnheader", { name: column, exact: true }).isVisible()).resolves.toBe(true);
		}
		await page.locator('select[name="year"]').selectOption("2024");
		await page.locator('select[name="kind"]').selectOption("county");
		await page.getByRole("button", { name: "查看" }).click();
		await page.waitForURL(/year=2024/);
		await page.waitForLoadState("networkidle");
		// The zone is filtered out once the page shows the chosen kind.
		await page.getByRole("row", { name: /城乡一体化示范区/ }).waitFor({ state: "detached" });
		const wide = await measure(page);
		expect(wide).toMatchObject({ documentFits: true, table: { fits: true }, charts: 4 });
		expect(wide.texts).toBeGreaterThan(40);
		expect(wide.smallestText).toBeGreaterThanOrEqual(12);
		// Topics by category name, units by their full names, read across.
		const chartText = await page.locator("figure svg text").allTextContents();
		expect(chartText).toEqual(expect.arrayContaining(["通报事项", "上次议定事项落实情况", "灵宝市", "湖滨区"]));
		expect(chartText.join("")).not.toMatch(/第\d类/);
		await screenshot(page, "80-statistics-city");
		// Printed for a leader's briefing: the figures and charts, without the header, menus and filters.
		await page.emulateMedia({ media: "print" });
		expect(await page.getByRole("navigation", { name: "主菜单" }).isVisible()).toBe(false);
		expect(await page.getByRole("button", { name: "查看" }).isVisible()).toBe(false);
		// The wider drawing of each chart prints.
		expect(await page.locator('figure [data-chart-size="wide"] svg').first().isVisible()).toBe(true);
		expect(await page.locator('figure [data-chart-size="narrow"] svg').first().isVisible()).toBe(false);
		expect(await page.getByRole("heading", { name: "统计分析" }).isVisible()).toBe(true);
		await screenshot(page, "80-statistics-print");
		await page.emulateMedia({ media: "screen" });

		// 灵宝市's row on the city's page, then its breakdown: 灵宝市 itself (本级) and its association,
		// whose total is the row above.
		const rowAbove = await page
			.getByRole("row", { name: /^灵宝市\s*查看下级/ })
			.locator("td")
			.allTextContents();
		await page.getByRole("link", { name: /^灵宝市\s*查看下级$/ }).click();
		await page.getByRole("heading", { name: /统计分析 · 灵宝市/ }).waitFor();
		await page.getByRole("row", { name: /灵宝市快递行业协会/ }).waitFor();
		await page.getByRole("rowheader", { name: /灵宝市（本级）/ }).waitFor();
		const breakdownTotal = await page.getByRole("row", { name: /^合计/ }).locator("td").allTextContents();
		expect(rowAbove[0]).toBe("1/2");
		expect(breakdownTotal).toEqual(rowAbove);
		expect(await measure(page)).toMatchObject({ documentFits: true, table: { fits: true } });
		await screenshot(page, "81-statistics-drilled");

		const download = page.waitForEvent("download");
		await page.getByRole("link", { name: "导出 Excel" }).click();
		const file = await download;
		expect(file.suggestedFilename()).toMatch(/^灵宝市统计分析\d{4}\.xlsx$/);

		await page.getByRole("button", { name: /English/ }).click();
		await page.getByRole("heading", { name: /Statistics/ }).waitFor();
		// The English headings are longer: they wrap, and the table still fits.
		expect(await measure(page)).toMatchObject({ documentFits: true, table: { fits: true } });
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
		// On a phone each unit is a card with its figures; nothing scrolls sideways; chart text ≥ 12 px.
		const phone = await measure(page);
		expect(phone).toMatchObject({ documentFits: true, table: null, cards: true, charts: 4 });
		expect(phone.smallestText).toBeGreaterThanOrEqual(12);
		const cards = page.locator("[data-rollup-cards] li");
		await expect(cards.count()).resolves.toBeGreaterThanOrEqual(12);
		const lingbao = cards.filter({ has: page.getByRole("heading", { name: /^灵宝市/ }) });
		for (const figure of ["制度", "年度例会", "逾期", "按期办结率", "平均办结天数", "宣传"]) {
			await expect(lingbao.getByText(figure, { exact: true }).isVisible()).resolves.toBe(true);
		}
		await screenshot(page, "83-statistics-viewer-phone");
	});
});
