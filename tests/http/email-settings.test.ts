import { describe, expect, it } from "vitest";
import { HttpClient } from "#tests/support/http-client.ts";

/** The checkbox of a category on /account, and whether it is ticked. */
function ticked(html: string, category: string): boolean | null {
	const input = new RegExp(`<input[^>]*value="${category}"[^>]*>`).exec(html)?.[0];
	if (!input) return null;
	return /checked/.test(input);
}

describe("/account email settings", () => {
	it("every category is emailed by default; unticked ones stop, and the page says it saved", async () => {
		const c = new HttpClient();
		await c.signIn("viewer@lushi.demo");
		const before = await (await c.request("/account")).text();
		for (const category of ["meetings", "minutes", "matters", "reminders", "digest", "account"]) {
			expect({ category, on: ticked(before, category) }).toEqual({ category, on: true });
		}
		const body = new URLSearchParams([
			["intent", "email"],
			["on", "meetings"],
			["on", "reminders"],
		]);
		const saved = await c.request("/account", {
			method: "POST",
			body,
			headers: { "content-type": "application/x-www-form-urlencoded" },
		});
		expect(saved.status).toBe(200);
		expect(await saved.text()).toContain("邮件设置已保存");
		const after = await (await c.request("/account")).text();
		expect(ticked(after, "meetings")).toBe(true);
		expect(ticked(after, "reminders")).toBe(true);
		expect(ticked(after, "digest")).toBe(false);
		expect(ticked(after, "matters")).toBe(false);
	});

	it("refuses a category that does not exist", async () => {
		const c = new HttpClient();
		await c.signIn("viewer@yima.demo");
		const response = await c.request("/account", { form: { intent: "email", on: "everything" } });
		expect(response.status).toBe(400);
	});
});
