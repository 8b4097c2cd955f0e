import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { demoPdf } from "#db/seed/demo-pdf.ts";
import {
	joinFromInvitation,
	mailedLink,
	openBrowserForFile,
	screenshot,
	signIn,
	signOut,
} from "#tests/support/browser-session.ts";

const browser = openBrowserForFile();

describe("W1: a new county sets up its system and the city sees it (Chromium)", () => {
	it("city admin opens a county, its admin adds union staff, who records the system; the register shows it", async () => {
		const suffix = Date.now().toString(36);
		const slug = `xin-${suffix}`;
		const countyName = `新城区${suffix}`;
		const adminEmail = `admin@${slug}.example`;
		const staffEmail = `staff@${slug}.example`;
		const docNumber = `新政办〔2026〕${suffix}号`;

		// The city's admin opens the county on the platform.
		const city = await browser.newPage();
		await signIn(city, "admin@smx.demo");
		await city.goto("/t/smx/children");
		await city.getByLabel("单位类型").selectOption("county");
		await city.getByLabel("单位简称（如 卢氏县）").fill(countyName);
		await city.getByLabel(/政府方名称/).fill(`${countyName}人民政府`);
		await city.getByLabel(/工会方名称/).fill(`${countyName}总工会`);
		await city.getByLabel("网址代码").fill(slug);
		await city.getByLabel("姓名").fill("新城区管理员");
		await city.getByLabel("邮箱（登录账号）").fill(adminEmail);
		await city.getByRole("button", { name: "开通" }).click();
		await city.getByRole("status").filter({ hasText: "已邀请其首位管理员" }).waitFor();
		// The link went to the new administrator's mailbox; the page never shows it.
		await expect(city.locator("body").textContent()).resolves.not.toMatch(/\/invite\//);
		const adminLink = await mailedLink(adminEmail, "invite");
		await screenshot(city, "10-city-opens-county");

		// The county's admin joins from the invitation link, signs in and invites a union staff member.
		const county = await browser.newPage();
		await joinFromInvitation(county, adminLink, "county-admin-pass");
		await screenshot(county, "10b-county-admin-joined");
		await signIn(county, adminEmail, "county-admin-pass");
		expect(new URL(county.url()).pathname).toBe(`/t/${slug}`);
		await county.getByRole("link", { name: "成员" }).click();
		await county.getByLabel("姓名").fill("工会干事");
		await county.getByLabel("邮箱（登录账号）").fill(staffEmail);
		await county.getByLabel("工会工作人员").check();
		await county.getByRole("button", { name: "添加成员" }).click();
		await county
			.getByRole("status")
			.filter({ hasText: `已向 ${staffEmail} 发出加入邀请` })
			.waitFor();
		const staffLink = await mailedLink(staffEmail, "invite");
		await county
			.getByRole("row")
			.filter({ hasText: staffEmail })
			.getByRole("button", { name: /撤回邀请/ })
			.waitFor();
		await screenshot(county, "11-county-adds-member");
		await signOut(county);

		// The union staff joins from the link and records the county's system with its document.
		await joinFromInvitation(county, staffLink, "union-staff-pass");
		await signIn(county, staffEmail, "union-staff-pass");
		await county.goto(`/t/${slug}/system`);
		await county.getByText("尚未登记联席会议制度文件").waitFor();
		await county.getByRole("link", { name: "登记制度文件" }).click();
		await county
			.getByLabel("文件标题", { exact: true })
			.fill(`${countyName}人民政府办公室关于印发政府与工会联席会议制度的通知`);
		await county.getByLabel("发文单位", { exact: true }).fill(`${countyName}人民政府办公室`);
		await county.getByLabel("文号", { exact: true }).fill(docNumber);
		await county.getByLabel("印发日期", { exact: true }).fill("2026-11-02");
		await county.getByLabel("施行日期", { exact: true }).fill("2026-11-02");
		const file = path.join(tmpdir(), `制度-${suffix}.pdf`);
		writeFileSync(file, demoPdf(["county system"]));
		await county.getByLabel(/制度文件/).setInputFiles(file);
		await county.getByRole("button", { name: "登记", exact: true }).click();
		await county.getByRole("status").filter({ hasText: "已登记第 1 版" }).waitFor();
		await expect(county.getByText(docNumber).isVisible()).resolves.toBe(true);
		await screenshot(county, "12-county-system-recorded");

		// The city's adoption register shows the county as established, with its number and document.
		await city.goto("/t/smx/register?kind=county");
		const row = city.getByRole("row").filter({ hasText: countyName });
		await row.waitFor();
		await expect(row.getByText("已建立").isVisible()).resolves.toBe(true);
		await expect(row.getByText(docNumber).isVisible()).resolves.toBe(true);
		await expect(city.getByText(/个县级单位中 \d+ 个已建立/).isVisible()).resolves.toBe(true);
		const download = row.getByRole("link", { name: /下载/ });
		const response = await city.request.get((await download.getAttribute("href")) as string);
		expect(response.status()).toBe(200);
		expect(response.headers()["content-type"]).toBe("application/pdf");
		await screenshot(city, "13-city-register");
	});
});
