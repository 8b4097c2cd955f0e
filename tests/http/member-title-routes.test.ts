import { afterAll, describe, expect, inject, it } from "vitest";
import { openDatabase } from "#db/client.ts";
import { parseDatabaseEnv } from "#db/database-env.ts";
import { HttpClient } from "#tests/support/http-client.ts";

/** A member's 职务 over HTTP on the built app and the demo: set by the administrator, without JavaScript. */
const db = await openDatabase({ env: parseDatabaseEnv({ DATABASE_URL: inject("databaseUrl") }) });
const text = async (response: Response) => (await response.text()).replaceAll("<!-- -->", "");

async function membership(email: string, slug: string) {
	return db.owner
		.selectFrom("memberships as m")
		.innerJoin("users as u", "u.id", "m.user_id")
		.innerJoin("tenants as t", "t.id", "m.tenant_id")
		.select(["m.user_id as userId", "m.title"])
		.where("u.email", "=", email)
		.where("t.slug", "=", slug)
		.executeTakeFirstOrThrow();
}

const viewer = await membership("viewer@lushi.demo", "lushi");
afterAll(async () => {
	await db.owner.updateTable("memberships").set({ title: viewer.title }).where("user_id", "=", viewer.userId).execute();
	await db.close();
});

describe("the member page's 职务", () => {
	const page = `/t/lushi/members/${viewer.userId}`;

	it("is saved by the unit's administrator and shown on the members list", async () => {
		const admin = new HttpClient();
		await admin.signIn("admin@lushi.demo");
		const saved = await admin.request(page, { form: { intent: "title", title: "县总工会网络信息中心主任" } });
		expect(saved.status).toBe(200);
		expect(await text(saved)).toContain("职务已保存。");
		expect((await membership("viewer@lushi.demo", "lushi")).title).toBe("县总工会网络信息中心主任");
		expect(await text(await admin.request("/t/lushi/members"))).toContain("县总工会网络信息中心主任");
	});

	it("over 40 characters is refused at its field, what was typed kept, nothing saved", async () => {
		const admin = new HttpClient();
		await admin.signIn("admin@lushi.demo");
		const typed = "长".repeat(41);
		const refused = await admin.request(page, { form: { intent: "title", title: typed } });
		expect(refused.status).toBe(200);
		const html = await text(refused);
		expect(html).toContain("不能超过 40 个字符");
		expect(html).toContain(`value="${typed}"`);
		expect((await membership("viewer@lushi.demo", "lushi")).title).toBe("县总工会网络信息中心主任");
	});

	it("is refused to anyone but this unit's administrator", async () => {
		const staff = new HttpClient();
		await staff.signIn("union_staff@lushi.demo");
		expect((await staff.request(page, { form: { intent: "title", title: "主任" } })).status).toBe(403);
		const otherAdmin = new HttpClient();
		await otherAdmin.signIn("admin@yima.demo");
		expect(
			(await otherAdmin.request(`/t/yima/members/${viewer.userId}`, { form: { intent: "title", title: "主任" } }))
				.status,
		).toBe(404);
		expect((await membership("viewer@lushi.demo", "lushi")).title).toBe("县总工会网络信息中心主任");
	});
});
