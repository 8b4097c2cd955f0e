import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { simpleParser } from "mailparser";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { openBrowserForFile, screenshot, signIn } from "#tests/support/browser-session.ts";
import { addDays, chinaDay } from "#workers/reminders/reminder-calendar.ts";

const browser = openBrowserForFile();

/** Every message the suite's SMTP server has received so far, parsed. */
async function mailbox() {
	const dir = inject("mailDir");
	const names = readdirSync(dir).filter((n) => n.endsWith(".eml"));
	return Promise.all(
		names.map(async (name) => {
			const mail = await simpleParser(readFileSync(path.join(dir, name)));
			const to = mail.to && "text" in mail.to ? mail.to.text : "";
			return { to, subject: mail.subject ?? "", text: mail.text ?? "", language: mail.headers.get("content-language") };
		}),
	);
}

/** `npm run reminders` against the app's database and SMTP server, as an operator runs it. */
function runReminders() {
	return new Promise<string>((resolve, reject) => {
		let out = "";
		const child = spawn(process.execPath, ["workers/reminders-cli.ts"], {
			env: {
				...process.env,
				DATABASE_URL: inject("databaseUrl"),
				DATA_DIR: inject("dataDir"),
				SMTP_URL: inject("smtpUrl"),
				PUBLIC_URL: inject("baseUrl"),
			},
			stdio: ["ignore", "pipe", "inherit"],
		});
		child.stdout?.on("data", (d) => {
			out += d;
		});
		child.once("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`reminders exited with ${code}`))));
	});
}

const owner = new pg.Client({ connectionString: inject("databaseUrl") });
await owner.connect();
afterAll(() => owner.end());

describe("reminders that reach people (Chromium and SMTP)", () => {
	it("the city's government office has this week's digest of lagging units in its mailbox", async () => {
		const digest = (await mailbox()).find((m) => m.to === "gov_office@smx.demo" && m.subject.includes("督促"));
		expect(digest?.subject).toMatch(/^【联席通】本周有 \d+ 个下级单位需要督促：/);
		expect(digest?.text).toContain("未建立制度");
		expect(digest?.text).toContain(`${inject("baseUrl")}/t/smx/reports`);
		expect(digest?.language).toBe("zh-CN");
	});

	it("a department liaison whose matter falls due in 7 days sees the reminder in the menu and gets the email", async () => {
		const dueOn = addDays(chinaDay(new Date()), 7);
		const { rows } = await owner.query<{ id: string; deadline: string }>(
			`UPDATE decided_matters m SET deadline = $1
			 FROM (SELECT d.id, d.deadline FROM decided_matters d JOIN tenants t ON t.id = d.tenant_id
			       WHERE t.slug = 'smx' AND d.content LIKE '完善技能人才评价激励机制%') old
			 WHERE m.id = old.id RETURNING m.id, old.deadline::text AS deadline`,
			[dueOn],
		);
		const matter = rows[0];
		if (!matter) throw new Error("the demo matter is missing");
		try {
			expect(await runReminders()).toMatch(/reminders for \d{4}-\d{2}-\d{2}: [1-9]\d* sent/);

			const page = await browser.newPage();
			await signIn(page, "department_liaison@smx.demo");
			await page.getByText("待办提醒").click();
			const reminder = page.getByRole("link", { name: new RegExp(`议定事项将于 ${dueOn} 到期（还有 7 天）`) });
			await reminder.waitFor();
			await screenshot(page, "90-reminder-menu");
			await reminder.click();
			await page.waitForURL(`**/t/smx/matters/${matter.id}`);

			const mail = (await mailbox()).find(
				(m) => m.to === "department_liaison@smx.demo" && m.subject.includes(`将于 ${dueOn} 到期`),
			);
			expect(mail?.subject).toMatch(
				/^【联席通】议定事项将于 .* 到期（还有 7 天），请按时办结：完善技能人才评价激励机制/,
			);
			expect(mail?.text).toContain(`${inject("baseUrl")}/t/smx/matters/${matter.id}`);
		} finally {
			await owner.query("UPDATE decided_matters SET deadline = $1 WHERE id = $2", [matter.deadline, matter.id]);
		}
	});
});
