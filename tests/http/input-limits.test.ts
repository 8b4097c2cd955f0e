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
		expect(topic.status).toBe(200);
		expect(await topic.text()).toContain("含有不可见的控制字符");
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

	it("a body of 100,000 fields answers 413 at once with the localised page, and nothing is stored", async () => {
		const admin = await client("admin@smx.demo");
		const email = "many-roles@smx.example";
		const fields = new URLSearchParams({ displayName: "字段过多", email });
		for (let i = 0; i < 100_000; i++) fields.append("roles", "viewer");
		// The multipart body is made before the clock starts: serialising 100,000 parts is the client's time.
		const parts = new FormData();
		for (const [name, value] of fields) parts.append(name, value);
		const multipart = new Request("http://localhost/", { method: "POST", body: parts });
		const multipartType = multipart.headers.get("content-type") ?? "";
		const multipartBody = await multipart.arrayBuffer();

		const timed = async (body: BodyInit, type: string) => {
			const startedAt = Date.now();
			const response = await admin.request("/t/smx/members", {
				method: "POST",
				body,
				headers: { "content-type": type },
			});
			const html = await response.text();
			return {
				status: response.status,
				html,
				ms: Date.now() - startedAt,
				cache: response.headers.get("cache-control"),
			};
		};
		const urlencoded = await timed(fields.toString(), "application/x-www-form-urlencoded");
		expect(urlencoded.status).toBe(413);
		expect(urlencoded.ms).toBeLessThan(2_000);
		expect(urlencoded.html).toContain("表单字段过多");
		expect(urlencoded.html).toContain("一份表单最多可含 1000 个字段");
		expect(urlencoded.cache).toBe("private, no-store");

		await admin.request("/lang", { form: { lang: "en", redirectTo: "/login" } });
		const english = await timed(multipartBody, multipartType);
		expect(english.status).toBe(413);
		expect(english.ms).toBeLessThan(2_000);
		expect(english.html).toContain("Too many form fields");
		expect(english.html).toContain("A form may carry at most 1000 fields");

		const members = await (await admin.request("/t/smx/members")).text();
		expect(members).not.toContain(email);
	});

	it("a body within the field limit is read; a role sent more often than there are roles is refused at the field", async () => {
		const admin = await client("admin@smx.demo");
		const email = "repeated-roles@smx.example";
		const fields = new URLSearchParams({ displayName: "角色重复", email });
		for (let i = 0; i < 998; i++) fields.append("roles", "viewer");
		const response = await admin.request("/t/smx/members", {
			method: "POST",
			body: fields,
			headers: { "content-type": "application/x-www-form-urlencoded" },
		});
		expect(response.status).toBe(200);
		expect(await response.text()).toContain("最多只能选择 10 项");
		expect(await (await admin.request("/t/smx/members")).text()).not.toContain(email);
	});
});
