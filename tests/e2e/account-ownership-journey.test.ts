import { describe, expect, it } from "vitest";
import {
	DEMO_PASSWORD,
	mailedLink,
	openBrowserForFile,
	screenshot,
	signIn,
	signOut,
} from "#tests/support/browser-session.ts";

const browser = openBrowserForFile();

/**
 * The reported takeover, replayed in Chromium (ADR 0008): a county's administrator adds another
 * unit's person by email and tries to get a set-password link for them. It ends refused; the
 * person is asked, and joins only by accepting while signed in.
 */
describe("an administrator cannot take over another unit's account (Chromium)", () => {
	it("卢氏县's admin invites viewer@yima.demo: the answer tells nothing, the link goes to the person's mailbox, the person decides", async () => {
		const victim = "viewer@yima.demo";
		const admin = await browser.newPage();
		await signIn(admin, "admin@lushi.demo");
		await admin.goto("/t/lushi/members");
		await admin.getByLabel("姓名").fill("义马查看员");
		await admin.getByLabel("邮箱（登录账号）").fill(victim);
		await admin.getByLabel("报表查看").check();
		await admin.getByRole("button", { name: "添加成员" }).click();
		await admin
			.getByRole("status")
			.filter({ hasText: `已向 ${victim} 发出加入邀请` })
			.waitFor();
		// The link went to the person's mailbox only: the page, and every answer to the admin, has none.
		await expect(admin.locator("main").textContent()).resolves.not.toMatch(/\/invite\//);
		await admin.getByText(`一次性链接已发送到 ${victim} 的邮箱`).waitFor();
		const invitations = admin.getByRole("region", { name: "邀请记录" });
		await invitations
			.getByRole("row")
			.filter({ hasText: victim })
			.getByText(/已发送|发送中/)
			.waitFor();
		// Not a member: no row in the members table, and no member page to ask a password link from.
		const membersTable = admin.getByRole("table").first();
		await expect(membersTable.getByText(victim).count()).resolves.toBe(0);
		await screenshot(admin, "60-admin-invites-foreign-account");

		// The owner of the mailbox opens the link: it asks them to sign in and accept.
		const link = await mailedLink(victim, "invite");
		const outsider = await browser.newPage();
		await outsider.goto(link);
		await outsider.getByRole("heading", { name: "加入单位邀请" }).waitFor();
		await screenshot(outsider, "61-mailed-link-asks-to-sign-in");

		// The person's password is unchanged; they see the invitation in the app and accept it.
		const person = await browser.newPage();
		await signIn(person, victim, DEMO_PASSWORD);
		// A report viewer's home is the statistics page.
		expect(new URL(person.url()).pathname).toBe("/t/yima/reports");
		await person.getByText("您有 1 个加入单位的邀请待答复").waitFor();
		await person.getByRole("link", { name: "查看邀请" }).click();
		await person.getByRole("heading", { name: "我的邀请" }).waitFor();
		await screenshot(person, "62-person-sees-invitation");
		await person.getByRole("button", { name: /接受邀请/ }).click();
		await person.waitForURL("**/t/lushi/reports");

		// Now a member of both units: the county's admin manages the membership, never the password.
		await admin.goto("/t/lushi/members");
		await admin.getByRole("row").filter({ hasText: victim }).getByRole("link", { name: /管理/ }).click();
		await admin.getByText("此账号由本人管理").waitFor();
		await expect(admin.getByRole("button", { name: "发送设置密码链接" }).count()).resolves.toBe(0);
		const response = await admin.request.post(admin.url(), {
			form: { intent: "link" },
			headers: { origin: new URL(admin.url()).origin },
		});
		expect(response.status()).toBe(200);
		const html = await response.text();
		expect(html).toContain("此账号不由本单位管理");
		expect(html).not.toContain("/set-password/");
		await screenshot(admin, "63-member-page-without-password-link");
		await signOut(person);
		await signIn(person, victim, DEMO_PASSWORD);
		expect(new URL(person.url()).pathname).toMatch(/^\/t\//);
	});
});
