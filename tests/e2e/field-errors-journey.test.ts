import { sql } from "kysely";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type DatabaseHandle, openDatabase } from "#db/client.ts";
import { parseDatabaseEnv } from "#db/database-env.ts";
import { openBrowserForFile, screenshot, signIn } from "#tests/support/browser-session.ts";

/**
 * Each multi-step page with JavaScript turned off (issue: one way to write a page): a refused step
 * answers with the message at the field it is about — tied to the control by aria-describedby — and
 * everything that was typed comes back in the form.
 */
const browser = openBrowserForFile();
let db: DatabaseHandle;
beforeAll(async () => {
	db = await openDatabase({ env: parseDatabaseEnv({ DATABASE_URL: inject("databaseUrl") }) });
});
afterAll(async () => {
	await db.close();
});

async function noScriptPage(email: string): Promise<Page> {
	const page = await browser.newPage({ javaScriptEnabled: false });
	await signIn(page, email);
	return page;
}

/** The message the control points at with aria-describedby (and that it is marked invalid). */
async function messageAt(control: Locator): Promise<string> {
	expect(await control.getAttribute("aria-invalid")).toBe("true");
	const id = (await control.getAttribute("aria-describedby"))?.split(" ")[0];
	expect(id).toBeTruthy();
	return (await control.page().locator(`[id="${id}"]`).textContent()) ?? "";
}

async function one<T>(query: ReturnType<typeof sql<T>>): Promise<T> {
	const { rows } = await query.execute(db.owner);
	if (!rows[0]) throw new Error("the demo has no such row");
	return rows[0];
}

describe("field-level errors and kept input without JavaScript (Chromium)", () => {
	it("meeting page: an end before the start is refused at 结束时间, and the times and place come back", async () => {
		const { id } = await one(sql<{ id: string }>`select m.id from meetings m join tenants t on t.id = m.tenant_id
			where t.slug = 'smx' and m.status in ('accepted', 'preparing') order by m.created_at limit 1`);
		const office = await noScriptPage("gov_office@smx.demo");
		await office.goto(`/t/smx/meetings/${id}`);
		await office.getByLabel("开始时间").fill("2026-12-18T09:00");
		await office.getByLabel("结束时间").fill("2026-12-18T08:00");
		await office.getByLabel("地点").fill("市政府第一会议室（东楼）");
		await office.getByRole("button", { name: "确定会议时间" }).click();
		await office.waitForLoadState("load");
		expect(await messageAt(office.getByLabel("结束时间"))).toContain("结束时间须晚于开始时间");
		expect(await office.getByLabel("开始时间").inputValue()).toBe("2026-12-18T09:00");
		expect(await office.getByLabel("结束时间").inputValue()).toBe("2026-12-18T08:00");
		expect(await office.getByLabel("地点").inputValue()).toBe("市政府第一会议室（东楼）");
		await expect(office.getByText("有内容需要修改").first().isVisible()).resolves.toBe(true);
		await screenshot(office, "40-meeting-field-error-no-js");
	});

	it("minutes editor: a matter without its lead department is refused at that row; rows are added without JavaScript", async () => {
		const { id, slug } = await one(sql<{ id: string; slug: string }>`select m.id, t.slug from meetings m
			join tenants t on t.id = m.tenant_id left join minutes n on n.tenant_id = m.tenant_id and n.meeting_id = m.id
			where m.status = 'held' and (n.id is null or n.status = 'draft') and t.slug in ('smx', 'hubin', 'kuaidi', 'lushi', 'yima', 'lingbao', 'mianchi', 'shanzhou')
			order by t.slug limit 1`);
		const staff = await noScriptPage(`union_staff@${slug}.demo`);
		await staff.goto(`/t/${slug}/meetings/${id}/minutes`);
		const body = "会议听取了年度工作通报（字段错误测试）。";
		await staff.getByLabel("纪要正文").fill(body);
		const rows = staff.locator("fieldset fieldset");
		const before = await rows.count();
		// "增加一行" is conform's list intent: a plain submit without JavaScript; what was typed stays.
		await staff.getByRole("button", { name: "增加一行" }).click();
		await staff.waitForLoadState("load");
		expect(await rows.count()).toBe(before + 1);
		expect(await staff.getByLabel("纪要正文").inputValue()).toBe(body);
		const last = rows.last();
		await last.getByLabel("事项内容").fill("建立欠薪线索联合核查机制");
		await last.getByLabel("完成时限").fill("2027-06-30");
		await staff.getByRole("button", { name: "保存为新版本" }).click();
		await staff.waitForLoadState("load");
		const row = staff.locator("fieldset fieldset").last();
		expect(await messageAt(row.getByLabel("牵头单位"))).toContain("此项必填");
		expect(await row.getByLabel("事项内容").inputValue()).toBe("建立欠薪线索联合核查机制");
		expect(await row.getByLabel("完成时限").inputValue()).toBe("2027-06-30");
		expect(await staff.getByLabel("纪要正文").inputValue()).toBe(body);
		await screenshot(staff, "41-minutes-field-error-no-js");
	});

	it("matter page: a supervision notice of blanks is refused at 督办要求, and what was typed comes back", async () => {
		const { id } = await one(sql<{ id: string }>`select d.id from decided_matters d join tenants t on t.id = d.tenant_id
			where t.slug = 'smx' and d.status in ('assigned', 'in_progress') order by d.deadline limit 1`);
		const office = await noScriptPage("gov_office@smx.demo");
		await office.goto(`/t/smx/matters/${id}`);
		const form = office.locator("form").filter({ has: office.getByRole("button", { name: "发督办通知" }) });
		await form.getByLabel("督办要求").fill("   ");
		await form.getByLabel("书面答复期限").fill("2031-03-31");
		await form.getByRole("button", { name: "发督办通知" }).click();
		await office.waitForLoadState("load");
		const again = office.locator("form").filter({ has: office.getByRole("button", { name: "发督办通知" }) });
		expect(await messageAt(again.getByLabel("督办要求"))).toContain("请填写理由或说明");
		expect(await again.getByLabel("书面答复期限").inputValue()).toBe("2031-03-31");
		await screenshot(office, "42-matter-field-error-no-js");
	});

	it("opinion requests: an answer of blanks is refused at 答复意见", async () => {
		const liaison = await noScriptPage("department_liaison@smx.demo");
		await liaison.goto("/t/smx/opinions");
		const form = liaison
			.locator("form")
			.filter({ has: liaison.getByRole("button", { name: /提交答复|修改答复/ }) })
			.first();
		const answer = form.getByLabel("答复意见");
		await answer.fill("   ");
		await form.getByRole("button", { name: /提交答复|修改答复/ }).click();
		await liaison.waitForLoadState("load");
		const refused = liaison.locator("[aria-invalid=true]").first();
		expect(await messageAt(refused)).toContain("此项必填");
		await screenshot(liaison, "43-opinion-field-error-no-js");
	});
});
