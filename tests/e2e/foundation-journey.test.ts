import { describe, expect, it } from "vitest";
import { openBrowserForFile, screenshot, signIn, signOut } from "#tests/support/browser-session.ts";

const browser = openBrowserForFile();

describe("signing in, languages, tenants (Chromium)", () => {
	it("union staff signs in in zh-CN, switches to English and back, switches tenant, signs out", async () => {
		const page = await browser.newPage();
		await page.goto("/login");
		expect(await page.getAttribute("html", "lang")).toBe("zh-CN");
		await expect(page.getByRole("heading", { name: "登录联席通" }).isVisible()).resolves.toBe(true);
		await screenshot(page, "01-login-zh");

		await signIn(page, "union_staff@smx.demo");
		expect(new URL(page.url()).pathname).toBe("/t/smx");
		await page.getByRole("heading", { name: "三门峡市工作台" }).waitFor();
		await screenshot(page, "02-city-home-zh");

		await page.getByRole("button", { name: /English/ }).click();
		await page.getByRole("heading", { name: "三门峡市 workspace" }).waitFor();
		expect(await page.getAttribute("html", "lang")).toBe("en");
		await expect(page.getByRole("link", { name: "Joint meetings" }).isVisible()).resolves.toBe(true);
		await screenshot(page, "03-city-home-en");
		await page.getByRole("button", { name: /简体中文/ }).click();
		await page.getByRole("heading", { name: "三门峡市工作台" }).waitFor();

		const switcher = page.locator("details").filter({ has: page.locator("summary", { hasText: "三门峡市" }) });
		await switcher.locator("summary").click();
		// The switcher's link (the home page also names 湖滨区 among the units that need attention).
		await switcher.getByRole("link", { name: "湖滨区" }).click();
		// There the person is a report viewer, whose home is the statistics page.
		await page.getByRole("heading", { name: "统计分析" }).waitFor();
		expect(new URL(page.url()).pathname).toBe("/t/hubin/reports");

		await signOut(page);
		await page.goto("/t/smx");
		expect(new URL(page.url()).pathname).toBe("/login");
	});

	it("a wrong password keeps the email and says so; a deep link survives signing in", async () => {
		const page = await browser.newPage();
		await page.goto("/t/smx/settings");
		expect(new URL(page.url()).searchParams.get("redirectTo")).toBe("/t/smx/settings");
		await page.getByLabel("邮箱").fill("gov_office@smx.demo");
		await page.getByLabel("密码").fill("wrong-password");
		await page.getByRole("button", { name: "登录" }).click();
		await page.getByRole("alert").filter({ hasText: "邮箱或密码错误" }).waitFor();
		expect(await page.getByLabel("邮箱").inputValue()).toBe("gov_office@smx.demo");
		await screenshot(page, "04-login-error");
		await page.getByLabel("密码").fill("lianxi-demo-2024");
		await page.getByRole("button", { name: "登录" }).click();
		await page.waitForURL("**/t/smx/settings");
		await page.getByRole("heading", { name: "单位信息" }).waitFor();
	});

	it("a county user is refused the city's pages with 404, and works in their own", async () => {
		const page = await browser.newPage();
		await signIn(page, "gov_office@hubin.demo");
		expect(new URL(page.url()).pathname).toBe("/t/hubin");
		for (const path of ["/t/smx", "/t/smx/register", "/t/smx/system"]) {
			const response = await page.goto(path);
			expect({ path, status: response?.status() }).toEqual({ path, status: 404 });
			await page.getByRole("heading", { name: "页面不存在" }).waitFor();
		}
		await screenshot(page, "05-county-refused");
	});

	it("works without JavaScript: sign in and save a form", async () => {
		const page = await browser.newPage({ javaScriptEnabled: false });
		await signIn(page, "admin@fuwuqu.demo");
		await page.goto("/t/fuwuqu/settings");
		await page.getByLabel("工会方名称").fill("三门峡市现代服务业开发区工会（已核对）");
		await page.getByRole("button", { name: "保存" }).click();
		await page.getByText("已保存。").waitFor();
		expect(await page.getByLabel("工会方名称").inputValue()).toBe("三门峡市现代服务业开发区工会（已核对）");
	});

	it("the skip link comes first for keyboard users, then the language switch and the form", async () => {
		const page = await browser.newPage();
		await page.goto("/login");
		await page.keyboard.press("Tab");
		expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("跳到主要内容");
		await page.keyboard.press("Tab");
		expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("English");
		await page.keyboard.press("Tab");
		expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe("email");
		await page.keyboard.press("Tab");
		expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name)).toBe("password");
	});

	it("on a phone, the account page's wide tables scroll inside boxes a keyboard reaches, and the page itself does not", async () => {
		const page = await browser.newPage();
		await page.setViewportSize({ width: 390, height: 844 });
		await signIn(page, "gov_office@smx.demo");
		await page.goto("/account");
		const box = page.locator('section[tabindex="0"][aria-label="登录会话"]');
		await box.waitFor();
		// The table is wider than its box: the box scrolls, the page does not.
		expect(await box.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
		expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
		await box.focus();
		await page.keyboard.press("ArrowRight");
		await expect.poll(() => box.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
		await screenshot(page, "06-account-390");
	});
});
