import path from "node:path";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, inject } from "vitest";
import { chromiumArgs } from "./chromium.ts";

export const DEMO_PASSWORD = "lianxi-demo-2024";

/** One Chromium per test file (Debian's, never downloaded); a fresh context per journey. */
export function openBrowserForFile() {
	let browser: Browser | undefined;
	const contexts: BrowserContext[] = [];
	beforeAll(async () => {
		browser = await chromium.launch({ executablePath: inject("chromiumPath"), headless: true, args: chromiumArgs });
	});
	afterAll(async () => {
		for (const context of contexts) await context.close();
		await browser?.close();
	});
	return {
		async newPage(options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
			if (!browser) throw new Error("browser not started");
			const context = await browser.newContext({
				baseURL: inject("baseUrl"),
				locale: "zh-CN",
				javaScriptEnabled: options.javaScriptEnabled ?? true,
			});
			contexts.push(context);
			const page = await context.newPage();
			page.setDefaultTimeout(15_000);
			return page;
		},
	};
}

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
	await page.goto("/login");
	await page.getByLabel("邮箱").fill(email);
	await page.getByLabel("密码").fill(password);
	await page.getByRole("button", { name: "登录" }).click();
	await page.waitForURL((url) => !url.pathname.startsWith("/login"));
}

export async function signOut(page: Page) {
	await page.getByRole("button", { name: /退出登录|Sign out/ }).click();
	await page.waitForURL("**/login");
}

/** Full-page screenshots are the suite's artifacts (test-results/screenshots). */
export async function screenshot(page: Page, name: string) {
	await page.screenshot({ path: path.join(inject("artifactsDir"), `${name}.png`), fullPage: true });
}

/** The one-time invitation link shown to the administrator right after inviting (ADR 0008). */
export async function invitationLinkOn(page: Page): Promise<string> {
	const field = page.getByLabel("一次性邀请链接");
	await field.waitFor();
	return field.inputValue();
}

/** A person new to the platform follows an invitation link and sets their own password. */
export async function joinFromInvitation(page: Page, link: string, password: string) {
	await page.goto(link);
	await page.getByLabel("新密码（至少 10 位）").fill(password);
	await page.getByLabel("再次输入新密码").fill(password);
	await page.getByRole("button", { name: "设置密码并加入" }).click();
	await page.waitForURL((url) => url.pathname.startsWith("/login"));
}
