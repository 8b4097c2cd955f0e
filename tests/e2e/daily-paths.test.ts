import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { can, type Permission } from "#app/domain/tenancy/permissions.ts";
import { roles } from "#app/domain/tenancy/roles.ts";
import { type DatabaseHandle, openDatabase } from "#db/client.ts";
import { parseDatabaseEnv } from "#db/database-env.ts";
import type { Role } from "#db/schema.ts";
import { openBrowserForFile, signIn, signOut } from "#tests/support/browser-session.ts";

/**
 * Issue #21, item 9: every role of a county (渑池县) and of the city walks its daily path — 工作台, the
 * meetings, a meeting, its minutes, the matters and one matter, the opinions to answer, the
 * statistics, the notifications (with the header's menu open), each page the role may reach — at
 * 1366 × 900 and at 390 × 844. Nothing may overflow sideways on any page; each page is kept as a
 * screenshot (test-results/daily-paths/, git-ignored) and read by axe (openBrowserForFile).
 */
const browser = openBrowserForFile();
const sizes = [
	[1366, 900],
	[390, 844],
] as const;
const units = ["mianchi", "smx"] as const;
type Unit = (typeof units)[number];

let db: DatabaseHandle;
const shotsDir = () => path.join(path.dirname(inject("artifactsDir")), "daily-paths");

/** The meetings, minutes and matter each unit's path opens, read from the seeded demo. */
const places = new Map<Unit, { meeting: string | null; minutesOf: string | null; matter: string | null }>();

beforeAll(async () => {
	mkdirSync(shotsDir(), { recursive: true });
	db = await openDatabase({ env: parseDatabaseEnv({ DATABASE_URL: inject("databaseUrl") }) });
	for (const slug of units) {
		const meetings = await db.owner
			.selectFrom("meetings as m")
			.innerJoin("tenants as t", "t.id", "m.tenant_id")
			.leftJoin("minutes as n", (j) => j.onRef("n.tenant_id", "=", "m.tenant_id").onRef("n.meeting_id", "=", "m.id"))
			.select(["m.id", "m.status", "n.status as minutes"])
			.where("t.slug", "=", slug)
			.orderBy("m.year", "desc")
			.orderBy("m.seq", "desc")
			.execute();
		// The meeting being prepared, else the newest whose minutes were issued; and those minutes.
		const current = meetings.find((m) => ["accepted", "preparing", "scheduled"].includes(m.status));
		const issued = meetings.find((m) => m.minutes === "issued");
		const matter = await db.owner
			.selectFrom("decided_matters as d")
			.innerJoin("tenants as t", "t.id", "d.tenant_id")
			.select("d.id")
			.where("t.slug", "=", slug)
			.orderBy("d.deadline")
			.executeTakeFirst();
		places.set(slug, {
			meeting: current?.id ?? issued?.id ?? null,
			minutesOf: issued?.id ?? null,
			matter: matter?.id ?? null,
		});
	}
});
afterAll(async () => db?.close());

/** The pages of a role's day in a unit, each with the permission its route asks for (null: everyone's). */
function dailyPath(slug: Unit, role: Role): { name: string; path: string }[] {
	const place = places.get(slug);
	if (!place) throw new Error(`no demo places for ${slug}`);
	const base = `/t/${slug}`;
	const pages: { name: string; path: string; needs: Permission | null }[] = [
		{ name: "home", path: base, needs: null },
		...(place.meeting
			? [{ name: "meeting", path: `${base}/meetings/${place.meeting}`, needs: "meetings.read" as const }]
			: []),
		...(place.minutesOf
			? [{ name: "minutes", path: `${base}/meetings/${place.minutesOf}/minutes`, needs: "minutes.read" as const }]
			: []),
		{ name: "matters", path: `${base}/matters`, needs: "matters.read" },
		...(place.matter
			? [{ name: "matter", path: `${base}/matters/${place.matter}`, needs: "matters.read" as const }]
			: []),
		{ name: "opinions", path: `${base}/opinions`, needs: "opinions.answer" },
		{ name: "statistics", path: `${base}/reports`, needs: "reports.read" },
		{ name: "notifications", path: `${base}/notifications`, needs: null },
	];
	return pages.filter((p) => p.needs === null || can([role], p.needs));
}

/** The document at each size: no sideways scroll; a screenshot of each (PNG, which the project's image viewers read). */
async function fitsAtEverySize(page: Page, name: string, overflow: string[]) {
	for (const [width, height] of sizes) {
		await page.setViewportSize({ width, height });
		const [scrollWidth, innerWidth] = await page.evaluate(() => [
			document.documentElement.scrollWidth,
			window.innerWidth,
		]);
		if (scrollWidth > innerWidth) overflow.push(`${name} at ${width}: ${scrollWidth} > ${innerWidth}`);
		// The first screen, whole width: what a screenshot costs is its height (most of this file's time).
		await page.screenshot({ path: path.join(shotsDir(), `${name}-${width}.png`) });
	}
}

describe("every role's daily path fits at 1366 × 900 and 390 × 844 (Chromium)", () => {
	for (const slug of units) {
		it(`every role of ${slug}`, { timeout: 240_000 }, async () => {
			const overflow: string[] = [];
			const visited: string[] = [];
			// One context for the unit, signed in as each role in turn (axe settles each role's pages first).
			const page = await browser.newPage();
			for (const role of roles) {
				await page.setViewportSize({ width: sizes[0][0], height: sizes[0][1] });
				if (role !== roles[0]) await signOut(page);
				await signIn(page, `${role}@${slug}.demo`);
				for (const step of dailyPath(slug, role)) {
					const response = await page.goto(step.path);
					// A page of the path answers: no refusal, no missing page.
					expect(response?.status(), `${role} ${step.path}`).toBe(200);
					await page.locator("main").first().waitFor();
					const name = `${slug}-${role}-${step.name}`;
					await fitsAtEverySize(page, name, overflow);
					visited.push(name);
					if (step.name === "home") {
						// The header's notification menu, open, fits the phone too.
						const menu = page
							.locator("header details")
							.filter({ has: page.locator("summary", { hasText: "待办提醒" }) });
						if ((await menu.count()) > 0) {
							await menu.first().locator("summary").click();
							await fitsAtEverySize(page, `${name}-menu`, overflow);
							await menu.first().locator("summary").click();
						}
					}
				}
			}
			expect(overflow).toEqual([]);
			// Every role walked at least home and notifications; the unit's whole path was seen.
			expect(visited.length).toBeGreaterThanOrEqual(roles.length * 2);
			expect(visited).toEqual(
				expect.arrayContaining([
					`${slug}-union_staff-meeting`,
					`${slug}-union_staff-minutes`,
					`${slug}-department_liaison-opinions`,
					`${slug}-gov_office-statistics`,
					`${slug}-viewer-notifications`,
				]),
			);
		});
	}
});

/** The statistics table where it is a table (from 1024 px): whether it fits its box, and the page. */
function tableFit(page: Page) {
	return page.evaluate(() => {
		const table = document.querySelector("[data-rollup-table]");
		return {
			shown: table !== null && getComputedStyle(table).display !== "none",
			fits: table !== null && table.scrollWidth <= table.clientWidth,
			page: document.documentElement.scrollWidth <= innerWidth,
		};
	});
}

describe("the statistics table fits from 1024 px in both languages (issue 21, item 8)", () => {
	it("the city's table, every column in view, in Chinese and in English", { timeout: 90_000 }, async () => {
		const page = await browser.newPage();
		await signIn(page, "gov_office@smx.demo");
		await page.goto("/t/smx/reports");
		for (const lang of ["zh-CN", "en"] as const) {
			if (lang === "en") {
				await page
					.getByRole("button", { name: /English/ })
					.first()
					.click();
				await page.getByRole("heading", { level: 1, name: "Statistics" }).waitFor();
			}
			for (const width of [1024, 1280, 1366]) {
				await page.setViewportSize({ width, height: 900 });
				expect(await tableFit(page), `${lang} at ${width}`).toEqual({ shown: true, fits: true, page: true });
				await page.screenshot({ path: path.join(shotsDir(), `smx-statistics-${lang}-${width}.png`) });
			}
		}
		// Drawn short, heard in full: the headings' names are the whole words.
		for (const name of ["Extraordinary", "Supervision replies overdue", "Closed on time", "Avg. days to close"])
			expect(await page.getByRole("columnheader", { name, exact: true }).count(), name).toBe(1);
		expect(await page.locator("[data-rollup-table] thead").innerText()).toContain("Extra.");
	});
});
