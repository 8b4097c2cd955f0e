import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type DatabaseHandle, openDatabase } from "#db/client.ts";
import { parseDatabaseEnv } from "#db/database-env.ts";
import { HttpClient } from "#tests/support/http-client.ts";

/**
 * 督办 over HTTP (O6): the office names the day the lead department replies by; the department's
 * liaison replies on the matter page; the page shows the notice overdue once that day has passed
 * without a reply; nobody else may reply.
 */
let db: DatabaseHandle;
beforeAll(async () => {
	db = await openDatabase({ env: parseDatabaseEnv({ DATABASE_URL: inject("databaseUrl") }) });
});
afterAll(async () => {
	await db.close();
});

async function client(email: string) {
	const c = new HttpClient();
	await c.signIn(email);
	return c;
}

const text = async (response: Response) => (await response.text()).replaceAll("<!-- -->", "");

/** A live matter of the city whose lead department has (`bound`) or has not the demo liaison among its liaisons. */
async function liveMatter(bound: boolean) {
	const { rows } = await sql<{ id: string }>`
		select d.id from decided_matters d join tenants t on t.id = d.tenant_id
		where t.slug = 'smx' and d.status in ('assigned', 'in_progress')
			and ${bound ? sql`` : sql`not`} exists (select 1 from department_liaisons l join users u on u.id = l.user_id
				where l.tenant_id = d.tenant_id and l.department_id = d.lead_department_id and u.email = 'department_liaison@smx.demo')
		order by d.seq limit 1`.execute(db.owner);
	if (!rows[0]) throw new Error(`the demo has no live matter (liaison bound: ${bound})`);
	return rows[0].id;
}

async function newestNotice(matterId: string) {
	return db.owner
		.selectFrom("matter_updates")
		.select(["id", "reply_by"])
		.where("matter_id", "=", matterId)
		.where("kind", "=", "supervision")
		.orderBy("at", "desc")
		.executeTakeFirstOrThrow();
}

describe("督办 with a reply-by day and the lead department's written reply", () => {
	it("is labelled by what each field is for, and refused without its reply-by day", async () => {
		const id = await liveMatter(true);
		const office = await client("gov_office@smx.demo");
		const page = await text(await office.request(`/t/smx/matters/${id}`));
		for (const label of ["催办内容", "督办要求", "书面答复期限"]) expect(page).toContain(`>${label}</span>`);
		expect(page).not.toContain(">说明</span>");
		const refused = await office.request(`/t/smx/matters/${id}`, {
			form: { intent: "supervision", text: "请报送落实情况" },
		});
		expect(refused.status).toBe(200);
		expect(await text(refused)).toContain("此项必填");
	});

	it("the lead department's liaison replies; the office, a viewer and another department's liaison may not", async () => {
		const id = await liveMatter(true);
		const office = await client("gov_office@smx.demo");
		const sent = await office.request(`/t/smx/matters/${id}`, {
			form: { intent: "supervision", text: "请书面说明培训补贴资金落实情况", replyBy: "2031-06-30" },
		});
		expect(sent.status).toBe(200);
		const notice = await newestNotice(id);
		expect(notice.reply_by).toBe("2031-06-30");
		const liaison = await client("department_liaison@smx.demo");
		const before = await text(await liaison.request(`/t/smx/matters/${id}`));
		expect(before).toContain("请牵头单位于 2031-06-30 前书面答复");
		expect(before).toContain("提交书面答复");
		for (const email of ["gov_office@smx.demo", "union_staff@smx.demo", "viewer@smx.demo"]) {
			const other = await client(email);
			const response = await other.request(`/t/smx/matters/${id}`, {
				form: { intent: "reply_supervision", supervisionId: notice.id, reply: "代为答复" },
			});
			expect({ email, status: response.status }).toEqual({ email, status: 403 });
		}
		const replied = await liaison.request(`/t/smx/matters/${id}`, {
			form: { intent: "reply_supervision", supervisionId: notice.id, reply: "资金已列入2027年预算，正在拨付" },
		});
		expect(replied.status).toBe(200);
		const after = await text(replied);
		expect(after).toContain("已提交书面答复。");
		expect(after).toContain("资金已列入2027年预算，正在拨付");
		// The answered page's reply form is gone with its notice: nothing left to post twice.
		expect(after).not.toContain('name="reply"');
		const again = await liaison.request(`/t/smx/matters/${id}`, {
			form: { intent: "reply_supervision", supervisionId: notice.id, reply: "再答一次" },
		});
		expect(await text(again)).toContain("该督办已经答复。");
		const rows = await db.owner
			.selectFrom("supervision_replies")
			.select("text")
			.where("supervision_id", "=", notice.id)
			.execute();
		expect(rows).toEqual([{ text: "资金已列入2027年预算，正在拨付" }]);
	});

	it("a liaison of another department is refused (403) and writes nothing", async () => {
		const id = await liveMatter(false);
		const office = await client("union_staff@smx.demo");
		await office.request(`/t/smx/matters/${id}`, {
			form: { intent: "supervision", text: "请说明进度", replyBy: "2031-07-31" },
		});
		const notice = await newestNotice(id);
		const liaison = await client("department_liaison@smx.demo");
		const response = await liaison.request(`/t/smx/matters/${id}`, {
			form: { intent: "reply_supervision", supervisionId: notice.id, reply: "越权答复" },
		});
		expect(response.status).toBe(403);
		const rows = await db.owner
			.selectFrom("supervision_replies")
			.select("text")
			.where("supervision_id", "=", notice.id)
			.execute();
		expect(rows).toEqual([]);
	});

	it("shows the 督办 overdue once its reply-by day has passed without a reply", async () => {
		const id = await liveMatter(false);
		const notice = await newestNotice(id);
		const office = await client("gov_office@smx.demo");
		expect(await text(await office.request(`/t/smx/matters/${id}`))).not.toContain("逾期未答复");
		// Set-up as the owner: the reply was due on a day long past (a literal date, whatever day the test runs).
		await db.owner.updateTable("matter_updates").set({ reply_by: "2026-01-10" }).where("id", "=", notice.id).execute();
		try {
			const page = await text(await office.request(`/t/smx/matters/${id}`));
			expect(page).toContain("请牵头单位于 2026-01-10 前书面答复");
			expect(page).toContain("逾期未答复");
			expect(page).toContain("督办逾期未答复");
		} finally {
			await db.owner
				.updateTable("matter_updates")
				.set({ reply_by: "2031-07-31" })
				.where("id", "=", notice.id)
				.execute();
		}
	});
});
