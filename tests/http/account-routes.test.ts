import { describe, expect, it } from "vitest";
import { HttpClient } from "#tests/support/http-client.ts";

/**
 * ADR 0008 over HTTP, on the demo: for each kind of pair of units, the first unit's admin aims every
 * member route at a person of the second unit. Nothing comes back that could set their password,
 * the add form answers exactly as for an unknown email, and the person still signs in as before.
 */
async function client(email: string) {
	const c = new HttpClient();
	await c.signIn(email);
	return c;
}

/** A member's id, read from their own unit's members list by that unit's admin. */
async function memberId(slug: string, email: string) {
	const html = await (await (await client(`admin@${slug}.demo`)).request(`/t/${slug}/members`)).text();
	const row = html.split("<tr").find((r) => r.includes(email));
	const id = row ? new RegExp(`/t/${slug}/members/([0-9a-f-]{36})`).exec(row)?.[1] : undefined;
	if (!id) throw new Error(`no member ${email} in ${slug}`);
	return id;
}

/** The add form's answer (its status message), without the email and the one-time token. */
function answerOf(html: string, email: string) {
	const answer = /<div role="status"[\s\S]*?<\/div><\/div>/.exec(html)?.[0] ?? "";
	return answer.replaceAll(email, "EMAIL").replace(/\/invite\/[a-z2-7]{32}\.[a-z2-7]{32}/g, "/invite/TOKEN");
}

describe.each([
	["sibling", "lushi", "yima"],
	["parent → child", "smx", "hubin"],
	["child → parent", "hubin", "smx"],
	["industry → county", "kuaidi", "lingbao"],
])("%s: the admin of %s against a person of %s", (_kind, attacker, home) => {
	it("gets an invitation answer indistinguishable from a new email, and nothing that touches the account", async () => {
		const victim = `gov_office@${home}.demo`;
		const admin = await client(`admin@${attacker}.demo`);
		const known = await admin.request(`/t/${attacker}/members`, {
			form: { displayName: "张三", email: victim, roles: "viewer" },
		});
		const unknownEmail = `nobody-${Date.now()}@${attacker}.example`;
		const unknown = await admin.request(`/t/${attacker}/members`, {
			form: { displayName: "张三", email: unknownEmail, roles: "viewer" },
		});
		expect(known.status).toBe(200);
		expect(unknown.status).toBe(200);
		const [knownHtml, unknownHtml] = [await known.text(), await unknown.text()];
		expect(answerOf(knownHtml, victim)).toContain("/invite/TOKEN");
		expect(answerOf(knownHtml, victim)).toBe(answerOf(unknownHtml, unknownEmail));

		const id = await memberId(home, victim);
		for (const intent of ["link", "disable", "enable", "roles"]) {
			const response = await admin.request(`/t/${attacker}/members/${id}`, { form: { intent, roles: "admin" } });
			expect({ intent, status: response.status }).toEqual({ intent, status: 404 });
		}
		expect((await admin.request(`/t/${attacker}/members/${id}`)).status).toBe(404);
		const person = new HttpClient();
		await person.signIn(victim);
		expect((await person.request(`/t/${home}`)).status).toBe(200);
	});
});
