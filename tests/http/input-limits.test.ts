import { describe, expect, it } from "vitest";
import { HttpClient } from "#tests/support/http-client.ts";

/**
 * Hardening: what people type is refused with a message, never cut and never a 500. Control
 * characters (NUL first: PostgreSQL refuses it) and text over the limit answer at the field.
 */
async function client(email: string) {
	const c = new HttpClient();
	await c.signIn(email);
	return c;
}

async function meetingId(c: HttpClient, heading: RegExp) {
	const html = await (await c.request("/t/smx/meetings")).text();
	const id = new RegExp(`/t/smx/meetings/([0-9a-f-]{36})"[^>]*>${heading.source}`).exec(html)?.[1];
	if (!id) throw new Error(`no meeting ${heading}`);
	return id;
}

describe("control characters and limits", () => {
	it("a NUL in a department name, a member's name or a topic title answers with a message, not 500", async () => {
		const admin = await client("admin@smx.demo");
		const department = await admin.request("/t/smx/departments", {
			form: { name: "人社局\u0000", side: "gov", category: "functional" },
		});
		expect(department.status).toBe(200);
		expect(await department.text()).toContain("含有不可见的控制字符");
		const member = await admin.request("/t/smx/members", {
			form: { displayName: "张\u0000三", email: "nul@smx.example", roles: "viewer" },
		});
		expect(member.status).toBe(200);
		expect(await member.text()).toContain("含有不可见的控制字符");

		const staff = await client("union_staff@smx.demo");
		const id = await meetingId(staff, /2026年度/);
		const topic = await staff.request(`/t/smx/meetings/${id}`, {
			form: { intent: "propose_topic", category: "4", title: "欠薪\u0000问题" },
		});
		expect(topic.status).toBeLessThan(500);
	});

	it("a name over 100 characters is refused with the limit and comes back as typed", async () => {
		const admin = await client("admin@smx.demo");
		const long = "很长的名字".repeat(21);
		const response = await admin.request("/t/smx/departments", {
			form: { name: long, side: "gov", category: "functional" },
		});
		const html = await response.text();
		expect(html).toContain("不能超过 100 个字符");
		expect(html).toContain(long);
	});

	it("a minutes body over 50,000 characters is refused, not cut, and the typed text comes back", async () => {
		let answered = false;
		for (const slug of ["smx", "hubin", "kuaidi", "jianshe"]) {
			if (answered) break;
			const staff = await client(`union_staff@${slug}.demo`);
			const html = await (await staff.request(`/t/${slug}/meetings`)).text();
			const ids = [...html.matchAll(new RegExp(`/t/${slug}/meetings/([0-9a-f-]{36})"`, "g"))].map((m) => m[1]);
			for (const id of ids) {
				const page = await staff.request(`/t/${slug}/meetings/${id}/minutes`);
				if (page.status !== 200 || !(await page.text()).includes('name="body"')) continue;
				const body = `纪要正文${"字".repeat(50_001)}`;
				const response = await staff.request(`/t/${slug}/meetings/${id}/minutes`, {
					form: { intent: "save", presidedBy: "主持人", body },
				});
				const text = await response.text();
				expect(response.status).toBe(200);
				expect(text).toContain("不能超过 50000 个字符");
				expect(text).toContain(body);
				answered = true;
				break;
			}
		}
		expect(answered).toBe(true);
	});
});
