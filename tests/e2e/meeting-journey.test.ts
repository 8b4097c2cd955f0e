import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { chinaToday } from "#app/lib/china-time.ts";
import { decide, openBrowserForFile, screenshot, signIn } from "#tests/support/browser-session.ts";
import { openOfd } from "#tests/support/ofd-package.ts";

const browser = openBrowserForFile();
const today = chinaToday();
const year = today.slice(0, 4);

// 陕州区: a county-level unit no other test reads, so the meeting this journey holds today disturbs none.
describe("O1–O4: from the union's proposal to the held meeting, each step by its role (Chromium)", () => {
	/** The meeting this journey proposes, holds and writes the minutes of. */
	let meetingUrl = "";
	it("proposal → acceptance → topics agreed by both sides → opinion answered → roster → scheduled → held", async () => {
		const unionStaff = await browser.newPage();
		await signIn(unionStaff, "union_staff@shanzhou.demo");
		await unionStaff.goto("/t/shanzhou/meetings/new");
		await unionStaff.getByLabel("会议类型").selectOption("regular");
		await unionStaff.getByLabel("提请事由").fill("研究新就业形态劳动者权益保障等年度重点事项");
		await unionStaff.getByLabel("建议召开时间（起）").fill(today);
		await unionStaff.getByLabel("建议召开时间（止）").fill(`${year}-12-31`);
		await unionStaff.getByRole("button", { name: "保存草稿" }).click();
		await unionStaff.getByRole("heading", { name: `陕州区人民政府与陕州区总工会${year}年度联席会议` }).waitFor();
		meetingUrl = unionStaff.url();
		await unionStaff.getByRole("button", { name: "提请政府方" }).click();
		await unionStaff.getByRole("status").filter({ hasText: "已提请政府方" }).waitFor();
		await screenshot(unionStaff, "20-meeting-requested");

		// The vice-head liaising with the union accepts (O1).
		const liaison = await browser.newPage();
		await signIn(liaison, "gov_liaison@shanzhou.demo");
		await liaison.goto(meetingUrl);
		// The leader's words go with the button pressed (its own dialog), and reach the union.
		const words = "同意召开，请补充职工代表意见";
		await decide(liaison, liaison.getByRole("button", { name: "同意召开", exact: true }), words);
		await liaison.getByRole("status").filter({ hasText: "已同意召开" }).waitFor();
		await liaison.getByText(`同意召开时的意见：${words}`).waitFor();
		await screenshot(liaison, "20b-accepted-with-comment");
		const meetingId = new URL(meetingUrl).pathname.split("/").at(-1) as string;
		await liaison.goto(`/t/shanzhou/audit?entity=${meetingId}`);
		await liaison.getByText(words).first().waitFor();

		// Union staff proposes a category-4 topic (O2); the notification of the acceptance carries the words.
		await unionStaff.goto(meetingUrl);
		await unionStaff.locator("summary", { hasText: "待办提醒" }).click();
		await unionStaff.getByText(`意见：${words}`).first().waitFor();
		await unionStaff.locator("summary", { hasText: "待办提醒" }).click();
		// The automatic category-6 topic is already listed, so the proposal form starts folded.
		await unionStaff.locator("summary", { hasText: "提出议题" }).click();
		await unionStaff.getByLabel("议题类别").selectOption("4");
		await unionStaff.getByLabel("议题名称").fill("新就业形态劳动者权益保障");
		await unionStaff.getByLabel("背景情况").fill("快递员、网约配送员等群体快速增长");
		await unionStaff.getByLabel("建议和对策").fill("推动建立职业伤害保障和协商机制");
		await unionStaff.getByRole("button", { name: "提出议题" }).click();
		await unionStaff.getByText("新就业形态劳动者权益保障").first().waitFor();

		// Union staff asks the human-resources bureau for its opinion.
		const ask = unionStaff.getByRole("form", { name: "征求部门意见：新就业形态劳动者权益保障" });
		await ask.getByLabel("部门").selectOption({ label: "区人力资源和社会保障局" });
		await ask.getByLabel("答复期限").fill(today);
		await ask.getByRole("button", { name: "征求部门意见" }).click();
		await unionStaff.getByText(`待答复（${today} 前）`).waitFor();

		// The category-6 topic on the 2024 decided matters was added automatically (C6).
		await unionStaff.getByText("上次联席会议议定事项落实情况").first().waitFor();

		// Both sides agree every topic: the liaison vice-head, then the union chair.
		await liaison.goto(meetingUrl);
		await agreeAll(liaison);
		await liaison.getByText("工会方：待同意").first().waitFor();
		const chair = await browser.newPage();
		await signIn(chair, "union_chair@shanzhou.demo");
		await chair.goto(meetingUrl);
		await agreeAll(chair);
		await chair.getByText("双方已商定").first().waitFor();

		// The department's liaison answers from their own list.
		const dept = await browser.newPage();
		await signIn(dept, "department_liaison@shanzhou.demo");
		await dept.getByRole("link", { name: "征求意见" }).click();
		const card = dept.getByRole("article").filter({ hasText: "新就业形态劳动者权益保障" }).filter({ hasText: today });
		await card.getByLabel("答复意见").fill("同意。建议将职业伤害保障试点扩大到全市。");
		await card.getByRole("button", { name: "提交答复" }).click();
		await dept.getByRole("status").filter({ hasText: "答复已提交" }).waitFor();

		// The government office builds the roster; the O3 warning goes once the leaders are in.
		const office = await browser.newPage();
		await signIn(office, "gov_office@shanzhou.demo");
		await office.goto(meetingUrl);
		await office.getByText("同意。建议将职业伤害保障试点扩大到全市。").waitFor();
		await office.getByRole("alert").filter({ hasText: "按通知要求" }).waitFor();
		const addMember = office.getByRole("form", { name: "添加本单位人员" });
		// O3: the head or the liaison vice-head, the deputy secretary-general, the union chair and vice-chairs.
		for (const person of [
			"gov_liaison@shanzhou.demo",
			"gov_deputy_secretary@shanzhou.demo",
			"union_chair@shanzhou.demo",
			"union_vice_chair@shanzhou.demo",
		]) {
			const name = await nameOf(office, person);
			const listed = office.getByRole("listitem").filter({ hasText: name });
			const before = await listed.count();
			const option = await addMember.locator("option").filter({ hasText: name }).first().getAttribute("value");
			await addMember.getByLabel("人员").selectOption(option as string);
			await addMember.getByLabel("身份").selectOption("attend");
			await addMember.getByRole("button", { name: "添加" }).click();
			// Listed on the roster: the next person is chosen only once the form has come back clean.
			await expect.poll(() => listed.count()).toBeGreaterThan(before);
		}
		const guest = office.getByRole("form", { name: "添加邀请人员" });
		await guest.getByLabel("姓名").fill("陈劳模");
		await guest.getByLabel("单位").fill("三门峡某物流公司");
		await guest.getByLabel("类别").selectOption("model_worker");
		await guest.getByRole("button", { name: "添加" }).click();
		await office.getByText("通知要求出席的领导均已列入。").waitFor();
		await screenshot(office, "21-meeting-prepared");

		// Scheduled, then held with attendance.
		// Held today (China time): a meeting is recorded as held only from its day on, never ahead.
		await office.getByLabel("开始时间").fill(`${today}T09:00`);
		await office.getByLabel("结束时间").fill(`${today}T11:30`);
		await office.getByLabel("地点").fill("市政府第一会议室");
		await office.getByRole("button", { name: "确定会议时间" }).click();
		await office.getByText(`会议时间：${today} 09:00 – ${today} 11:30，地点：市政府第一会议室`).waitFor();
		const ics = await office.request.get(`${new URL(meetingUrl).pathname}/calendar.ics`);
		expect(ics.status()).toBe(200);
		expect(await ics.text()).toContain(`DTSTART:${today.replaceAll("-", "")}T010000Z`);
		await office.getByLabel("陈劳模", { exact: true }).selectOption("absent");
		await office.getByLabel("陈劳模 缺席原因").fill("生产任务");
		await office.getByRole("button", { name: "登记", exact: true }).click();
		await office.getByText(`会议于 ${today} 召开。`).waitFor();
		await expect(office.getByText("已召开").first().isVisible()).resolves.toBe(true);
		await screenshot(office, "22-meeting-held");
	});

	it("O5: the union drafts the minutes, both sides' leaders approve, 印发 previews the first page and issues; the OFD downloads", async () => {
		expect(meetingUrl).not.toBe("");
		const minutesUrl = `${meetingUrl}/minutes`;
		const unionStaff = await browser.newPage();
		await signIn(unionStaff, "union_staff@shanzhou.demo");
		await unionStaff.goto(minutesUrl);
		await unionStaff.getByLabel("主持人").fill("王志强（副区长）");
		await unionStaff
			.getByLabel("纪要正文")
			.fill(
				"会议听取了区总工会关于新就业形态劳动者权益保障工作的汇报。\n（一）关于职业伤害保障\n会议同意在快递行业先行开展试点。",
			);
		await unionStaff.getByLabel("事项内容").first().fill("在快递行业开展新就业形态劳动者职业伤害保障试点");
		const lead = unionStaff.getByLabel("牵头单位").first();
		const reachable = await lead
			.locator("option")
			.evaluateAll(
				(options) =>
					options
						.map((o) => ({ value: (o as HTMLOptionElement).value, text: o.textContent ?? "" }))
						.find((o) => o.value && !o.text.includes("未绑定联络员"))?.value,
			);
		expect(reachable).toBeTruthy();
		await lead.selectOption(reachable as string);
		await unionStaff
			.getByLabel("完成时限")
			.first()
			.fill(`${Number(year) + 1}-03-31`);
		await unionStaff.getByRole("button", { name: "保存为新版本" }).click();
		await unionStaff.getByText("已保存第 1 版。").waitFor();
		await decide(unionStaff, unionStaff.getByRole("button", { name: "提交审核", exact: true }));
		await unionStaff.getByText("已提交工会领导审核。").waitFor();

		const unionChair = await browser.newPage();
		await signIn(unionChair, "union_chair@shanzhou.demo");
		await unionChair.goto(minutesUrl);
		await decide(unionChair, unionChair.getByRole("button", { name: "同意（工会领导）", exact: true }));
		await unionChair.getByText("已同意，转政府领导审核。").waitFor();

		const govLeader = await browser.newPage();
		await signIn(govLeader, "gov_liaison@shanzhou.demo");
		await govLeader.goto(minutesUrl);
		await decide(govLeader, govLeader.getByRole("button", { name: "同意（政府领导）", exact: true }));
		await govLeader.getByText("已同意，可以印发。").waitFor();

		// 印发 is irreversible: its dialog shows the first page as the OFD will print it, drawn from the same page model.
		const office = await browser.newPage();
		await signIn(office, "gov_office@shanzhou.demo");
		await office.goto(minutesUrl);
		await office.getByRole("button", { name: "印发", exact: true }).click();
		const dialog = office.getByRole("dialog");
		const firstPage = dialog.getByRole("img", { name: "印发后的第一页（版式预览）" });
		await firstPage.waitFor();
		const printed = await firstPage.locator("text").allTextContents();
		expect(printed[0]).toBe("陕州区政府与工会联席会议纪要");
		expect(printed[1]).toMatch(new RegExp(`^〔${year}〕\\d+号$`));
		await screenshot(office, "23-issue-first-page-preview");
		for (const box of await dialog.getByRole("checkbox").all()) await box.check();
		await dialog.getByRole("button", { name: /^确认/ }).click();
		await office.getByText(/已印发：联席会议纪要〔\d{4}〕\d+号/).waitFor();
		const ofdLink = office.getByRole("link", { name: "下载 OFD" });
		const ofd = await office.request.get((await ofdLink.getAttribute("href")) as string);
		expect(ofd.status()).toBe(200);
		expect(ofd.headers()["content-type"]).toBe("application/ofd");
		const pkg = openOfd(new Uint8Array(await ofd.body()));
		expect(pkg.validate("Doc_0/Pages/Page_0/Content.xml", "Page.xsd")).toBeNull();
		expect(pkg.texts("Doc_0/Pages/Page_0/Content.xml", "TextCode").slice(0, 2)).toEqual(printed.slice(0, 2));
	});
});

/** Clicks "agree" on every topic that still awaits this side, one page load at a time. */
async function agreeAll(page: Page) {
	const button = page.getByRole("button", { name: "同意该议题", exact: true });
	while ((await button.count()) > 0) {
		const before = await button.count();
		await decide(page, button.first());
		await page.waitForFunction(
			(n) =>
				document.querySelectorAll("button").length > 0 &&
				[...document.querySelectorAll("button")].filter((b) => b.textContent === "同意该议题").length < n,
			before,
		);
	}
}

/** A demo account's display name, read from the members list the government office may see. */
async function nameOf(page: Page, email: string): Promise<string> {
	const html = await (await page.request.get("/t/shanzhou/members")).text();
	const row = html.split("<tr").find((r) => r.includes(email));
	const name = /<td[^>]*>([^<]+)<\/td>/.exec(row ?? "")?.[1];
	if (!name) throw new Error(`no member ${email}`);
	return name;
}
