import { describe, expect, it } from "vitest";
import {
	DEMO_PASSWORD,
	invitationLinkOn,
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
	it("卢氏县's admin invites viewer@yima.demo: the answer tells nothing, the link sets no password, the person decides", async () => {
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
		const link = await invitationLinkOn(admin);
		// Not a member: no row in the members table, and no member page to ask a password link from.
		const membersTable = admin.getByRole("table").first();
		await expect(membersTable.getByText(victim).count()).resolves.toBe(0);
		await screenshot(admin, "60-admin-invites-foreign-account");

		// The admin opens the link: it offers sign-in or a new account; the new-account path is refused.
		const outsider = await browser.newPage();
		await outsider.goto(link);
		await outsider.getByRole("heading", { name: "加入单位邀请" }).waitFor();
		await outsider.getByLabel("新密码（至少 10 位）").fill("taken-over-pass");
		await outsider.getByLabel("再次输入新密码").fill("taken-over-pass");
		await outsider.getByRole("button", { name: "设置密码并加入" }).click();
		await outsider.getByRole("alert").filter({ hasText: "该邮箱已有平台账号" }).waitFor();
		await screenshot(outsider, "61-link-refuses-existing-account");
		expect(new URL(outsider.url()).pathname).toBe(new URL(link).pathname);

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
		await expect(admin.getByRole("button", { name: "生成新的设置密码链接" }).count()).resolves.toBe(0);
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
