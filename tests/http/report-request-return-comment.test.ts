import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type DatabaseHandle, openDatabase } from "#db/client.ts";
import { parseDatabaseEnv } from "#db/database-env.ts";
import { HttpClient } from "#tests/support/http-client.ts";

/**
 * A 退回 whose comment at a field is over 500 characters, over HTTP: refused at that field with the
 * message (zh-CN and en), the form shown again with what was typed, the unit's report untouched.
 * The accepted 500-character comment is in tests/integration/report-return-comments.test.ts: a
 * 退回 here would change the demo's counts the other page tests read.
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

async function submittedUnit() {
	const { rows } = await sql<{ request_id: string; unit_id: string }>`
		select g.request_id, g.unit_id from report_targets g
		join report_requests r on r.id = g.request_id join tenants t on t.id = r.tenant_id
		where t.slug = 'smx' and r.title = '2026年度联席会议制度落实情况报送' and g.status = 'submitted'
		order by g.unit_id limit 1`.execute(db.owner);
	if (!rows[0]) throw new Error("the demo's annual request has no submitted unit");
	return rows[0];
}

async function stored(requestId: string, unitId: string) {
	const { rows } = await sql<{ status: string; state: string; field_comments: Record<string, string> }>`
		select g.status, s.state, s.field_comments from report_targets g
		join report_submissions s on s.request_id = g.request_id and s.unit_id = g.unit_id and s.version = g.version
		where g.request_id = ${requestId} and g.unit_id = ${unitId}`.execute(db.owner);
	return rows[0];
}

describe("a 退回's comment at a field", () => {
	it("of 501 characters is refused next to the field, with what was typed, and nothing is saved", async () => {
		const { request_id: requestId, unit_id: unitId } = await submittedUnit();
		const before = await stored(requestId, unitId);
		expect(before?.status).toBe("submitted");
		const path = `/t/smx/report-requests/${requestId}/units/${unitId}`;
		const office = await client("gov_office@smx.demo");
		const typed = `${"核".repeat(500)}对`;
		const form = { intent: "return", reason: "请核对台账", "comment.f1": typed };
		const refused = await office.request(path, { form });
		expect(refused.status).toBe(200);
		const body = await text(refused);
		expect(body).toMatch(
			/id="rr-comment-f1-error"[^>]*>不能超过 500 个字符，请删减后再提交（已输入的内容已保留）。<\/p>/,
		);
		expect(body).toContain(`value="${typed}"`);
		expect(body).toContain("请核对台账</textarea>");
		expect(await stored(requestId, unitId)).toEqual(before);

		await office.request("/lang", { form: { lang: "en", redirectTo: "/" } });
		const english = await text(await office.request(path, { form }));
		expect(english).toContain("At most 500 characters: shorten it and submit again (what you typed is kept).");
		expect(await stored(requestId, unitId)).toEqual(before);
	});
});
