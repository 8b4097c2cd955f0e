import path from "node:path";
import { AxeBuilder } from "@axe-core/playwright";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, expect, inject } from "vitest";
import { chromiumArgs } from "./chromium.ts";

export const DEMO_PASSWORD = "lianxi-demo-2024";

/** A serious or critical axe violation, or a page that could not be audited at all ("could not be audited: …"). */
type Finding = { page: string; rule: string; impact: string; targets: string } | string;

/** Per watched context: finish its audits before its session is changed. */
const settleBeforeSessionChange = new WeakMap<BrowserContext, () => Promise<void>>();

/**
 * Accessibility in every journey (hardening): axe-core (WCAG 2.1 A and AA rules) runs on every page
 * a journey loads, once per address; serious and critical findings fail the file at its end.
 */
function auditPages() {
	const seen = new Set<string>();
	/** Pages the journey left before axe had read them, by context: revisited at a sign-in or -out, or at the end. */
	const missed = new Map<BrowserContext, Set<string>>();
	const findings: Finding[] = [];
	let queue: Promise<void> = Promise.resolve();
	const keyOf = (address: string) => {
		const url = new URL(address);
		return url.protocol === "http:" ? `${url.pathname}${url.search}` : null;
	};
	const miss = (page: Page, key: string) => {
		const context = page.context();
		missed.set(context, (missed.get(context) ?? new Set()).add(key));
	};
	const audit = async (page: Page, key: string | null) => {
		if (!key || seen.has(key)) return;
		if (page.isClosed() || keyOf(page.url()) !== key) return miss(page, key);
		try {
			const analysis = new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
			const result = await Promise.race([
				analysis,
				new Promise<never>((_, reject) => setTimeout(() => reject(new Error("axe timed out")), 10_000)),
			]);
			seen.add(key);
			for (const v of result.violations) {
				if (v.impact === "serious" || v.impact === "critical") {
					findings.push({
						page: key,
						rule: v.id,
						impact: v.impact,
						targets: v.nodes.map((n) => n.target.join(" ")).join(", "),
					});
				}
			}
		} catch {
			// The journey moved on while axe was reading: revisited later (see `revisit`).
			miss(page, key);
		}
	};
	// A page the journey loaded is audited or named: none drops out of the audit unseen.
	const unaudited = (key: string, why: string) => findings.push(`could not be audited: ${key} (${why})`);
	const firstLine = (error: unknown) => String((error as Error)?.message ?? error).split("\n")[0] ?? "";
	/** Opens `key` in a fresh context without a session (same base address) and audits it there. */
	const revisitSignedOut = async (context: BrowserContext, key: string) => {
		const browser = context.browser();
		const base = context.pages()[0]?.url();
		if (!browser || !base) return;
		const fresh = await browser.newContext({ locale: "zh-CN", bypassCSP: true });
		try {
			const page = await fresh.newPage();
			await page.goto(new URL(key, base).href);
			await audit(page, keyOf(page.url()));
		} catch {
			// Named by the caller as not audited.
		} finally {
			await fresh.close();
		}
	};
	/** Revisits, in a page of its own, what a context's journey left before axe had read it. */
	const revisit = async (context: BrowserContext) => {
		const pending = [...(missed.get(context) ?? [])].filter((key) => !seen.has(key));
		missed.delete(context);
		if (pending.length === 0) return;
		let page: Page;
		try {
			page = await context.newPage();
		} catch (error) {
			for (const key of pending) unaudited(key, `no page to revisit it in: ${firstLine(error)}`);
			return;
		}
		for (const key of pending) {
			if (seen.has(key)) continue;
			let response: Awaited<ReturnType<Page["goto"]>>;
			try {
				response = await page.goto(key);
			} catch (error) {
				unaudited(key, firstLine(error));
				continue;
			}
			const type = response?.headers()["content-type"] ?? "";
			if (!type.startsWith("text/html")) {
				unaudited(key, `answered ${response?.status() ?? "nothing"} ${type}`.trim());
				continue;
			}
			await audit(page, keyOf(page.url()));
			// A page for those signed out (the sign-in page with its redirectTo) sends a signed-in context
			// on: it is revisited signed out, in a context of its own.
			if (!seen.has(key) && keyOf(page.url()) !== key) await revisitSignedOut(context, key);
			if (!seen.has(key)) {
				const now = keyOf(page.url());
				unaudited(key, now === key ? "axe failed on the revisit" : `now leads to ${now ?? page.url()}`);
			}
		}
		await page.close();
		// Named above if the revisit failed too: not revisited again.
		for (const key of pending) missed.get(context)?.delete(key);
	};
	return {
		watch(page: Page) {
			// Before the session changes (signIn, signOut), what this context missed is revisited while
			// the pages still answer as they did.
			settleBeforeSessionChange.set(page.context(), async () => {
				await queue;
				await revisit(page.context());
			});
			// Full loads and the router's client-side navigations alike; audit once the page has settled.
			page.on("framenavigated", (frame) => {
				if (frame !== page.mainFrame()) return;
				const key = keyOf(frame.url());
				queue = queue.then(async () => {
					await page.waitForLoadState("load", { timeout: 2_000 }).catch(() => {});
					await audit(page, key);
				});
			});
		},
		async done() {
			await queue;
			for (const context of [...missed.keys()]) await revisit(context);
			return { pages: seen.size, findings };
		},
	};
}

/** One Chromium per test file (Debian's, never downloaded); a fresh context per journey. */
export function openBrowserForFile() {
	let browser: Browser | undefined;
	const contexts: BrowserContext[] = [];
	const axe = auditPages();
	// A page that logs an error or throws (a hydration mismatch, a blocked script or style under the
	// CSP) fails the file. A refused response (403/404 on purpose) is not the page's error.
	const consoleErrors: { page: string; text: string }[] = [];
	let audited = 0;
	beforeAll(async () => {
		browser = await chromium.launch({ executablePath: inject("chromiumPath"), headless: true, args: chromiumArgs });
	});
	afterAll(async () => {
		const { pages, findings } = await axe.done();
		for (const context of contexts) await context.close();
		await browser?.close();
		if (process.env.AXE_REPORT) console.info(`axe: ${pages} pages audited`);
		// Every file with a page that runs scripts is audited (pages without JavaScript cannot run axe).
		if (audited > 0) expect(pages).toBeGreaterThan(0);
		expect(findings).toEqual([]);
		expect(consoleErrors).toEqual([]);
	});
	return {
		async newPage(options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
			if (!browser) throw new Error("browser not started");
			const context = await browser.newContext({
				baseURL: inject("baseUrl"),
				locale: "zh-CN",
				javaScriptEnabled: options.javaScriptEnabled ?? true,
				// axe is injected into pages that carry a nonce-only CSP.
				bypassCSP: true,
			});
			contexts.push(context);
			const page = await context.newPage();
			page.setDefaultTimeout(15_000);
			page.on("console", (message) => {
				if (message.type() !== "error" || message.text().startsWith("Failed to load resource")) return;
				consoleErrors.push({ page: new URL(page.url()).pathname, text: message.text() });
			});
			page.on("pageerror", (error) => consoleErrors.push({ page: new URL(page.url()).pathname, text: error.message }));
			// axe runs as a script: pages of a JavaScript-disabled journey are audited in the others.
			if (options.javaScriptEnabled !== false) {
				axe.watch(page);
				audited++;
			}
			return page;
		},
	};
}

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
	await settleBeforeSessionChange.get(page.context())?.();
	await page.goto("/login");
	await page.getByLabel("邮箱").fill(email);
	await page.getByLabel("密码").fill(password);
	await page.getByRole("button", { name: "登录" }).click();
	await page.waitForURL((url) => !url.pathname.startsWith("/login"));
}

export async function signOut(page: Page) {
	await settleBeforeSessionChange.get(page.context())?.();
	await page.getByRole("button", { name: /退出登录|Sign out/ }).click();
	await page.waitForURL("**/login");
}

/** Full-page screenshots are the suite's artifacts (test-results/screenshots). */
export async function screenshot(page: Page, name: string) {
	await page.screenshot({ path: path.join(inject("artifactsDir"), `${name}.png`), fullPage: true });
}

/** The one-time invitation link shown to the administrator right after inviting (ADR 0008). */
export { mailedLink } from "./mailed-link.ts";

/** A person new to the platform follows an invitation link and sets their own password. */
export async function joinFromInvitation(page: Page, link: string, password: string) {
	await page.goto(link);
	await page.getByLabel("新密码（至少 10 位）").fill(password);
	await page.getByLabel("再次输入新密码").fill(password);
	await page.getByRole("button", { name: "设置密码并加入" }).click();
	await page.waitForURL((url) => url.pathname.startsWith("/login"));
}

/**
 * Takes a decision the way a person does: presses its button, and in the decision's own dialog types
 * the words (意见 or 理由) if given, ticks its confirmation boxes, and confirms.
 */
export async function decide(page: Page, button: ReturnType<Page["getByRole"]>, words?: string) {
	await button.click();
	const dialog = page.getByRole("dialog");
	await dialog.waitFor();
	if (words !== undefined) await dialog.getByRole("textbox").fill(words);
	for (const box of await dialog.getByRole("checkbox").all()) await box.check();
	await dialog.getByRole("button", { name: /^确认|^Confirm/ }).click();
}
