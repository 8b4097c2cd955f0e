import { describe, expect, inject, it } from "vitest";
import { openDatabase } from "#db/client.ts";
import { parseDatabaseEnv } from "#db/database-env.ts";
import { HttpClient } from "#tests/support/http-client.ts";
import { mailedLink } from "#tests/support/mailed-link.ts";
import { fillRoute, routeIdsOf, tenantRoutePatterns } from "#tests/support/route-paths.ts";

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

/** The add form's answer (its status message), without the email. */
function answerOf(html: string, email: string) {
	const answer = /<div role="status"[\s\S]*?<\/div>/.exec(html)?.[0] ?? "";
	return answer.replaceAll(email, "EMAIL");
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
		// The link went to the address's mailbox: no answer to the admin carries one.
		expect(answerOf(knownHtml, victim)).toContain("已发送到 EMAIL 的邮箱");
		for (const html of [knownHtml, unknownHtml]) expect(html).not.toMatch(/\/invite\/|\/set-password\//);
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

/**
 * Sign-in throttling over HTTP (the e2e app runs with TRUST_PROXY=true, so X-Forwarded-For names the
 * source): failures count per (account, source) and per source, never per account alone.
 */
describe("sign-in throttling by account and source", () => {
	const from = (ip: string, lang?: "en") => {
		const c = new HttpClient();
		const headers: Record<string, string> = { "x-forwarded-for": ip };
		if (lang) headers.cookie = `lang=${encodeURIComponent(Buffer.from(JSON.stringify(lang)).toString("base64"))}`;
		return (email: string, password: string) => c.request("/login", { form: { email, password }, headers });
	};
	const errorOf = async (response: Response) => /role="alert"[^>]*>([^<]*)</.exec(await response.text())?.[1];

	it("a stranger's wrong passwords slow only the stranger's source; the person signs in from theirs", async () => {
		const victim = "viewer@mianchi.demo";
		const stranger = from("198.51.100.23");
		for (let i = 0; i < 5; i++) {
			const response = await stranger(victim, `guess-${i}`);
			expect(response.status).toBe(200);
			expect(await errorOf(response)).toBe("邮箱或密码错误。");
		}
		const blocked = await stranger(victim, "lianxi-demo-2024");
		expect(blocked.status).toBe(200);
		expect(await errorOf(blocked)).toMatch(/^此来源的登录尝试过多，请 [1-5] 秒后再试。$/);
		expect(await errorOf(await from("198.51.100.23", "en")(victim, "lianxi-demo-2024"))).toMatch(
			/^Too many sign-in attempts from this source: try again in [1-5] seconds\.$/,
		);
		const person = await from("203.0.113.40")(victim, "lianxi-demo-2024");
		expect(person.status).toBe(302);
		// The unit sees the throttling of its member, from the stranger's address.
		const page = await (await client("admin@mianchi.demo")).request("/t/mianchi/security?show=throttled");
		const html = await page.text();
		expect(html).toContain("登录受限");
		expect(html).toContain("198.51.100.23");
	});

	it("one source is limited across accounts; other sources are not", async () => {
		const source = from("198.51.100.61");
		for (let i = 0; i < 50; i++) {
			expect((await source(`nobody-${i}-${Date.now()}@mianchi.example`, "wrong")).status).toBe(200);
		}
		expect(await errorOf(await source("viewer@lushi.demo", "lianxi-demo-2024"))).toBe(
			"此来源的登录尝试过多，请 15 分钟后再试。",
		);
		expect((await from("198.51.100.62")("viewer@lushi.demo", "lianxi-demo-2024")).status).toBe(302);
	});
});

describe("a unit's security events over HTTP", () => {
	it("show a member's session only once it enters the unit, never their sign-ins elsewhere", async () => {
		const ip = "203.0.113.77";
		const person = new HttpClient();
		const response = await person.request("/login", {
			form: { email: "union_staff@smx.demo", password: "lianxi-demo-2024" },
			headers: { "x-forwarded-for": ip },
		});
		expect(response.status).toBe(302);
		expect((await person.request("/t/smx", { headers: { "x-forwarded-for": ip } })).status).toBe(200);
		const hubinAdmin = await client("admin@hubin.demo");
		expect(await (await hubinAdmin.request("/t/hubin/security")).text()).not.toContain(ip);
		expect(await (await (await client("admin@smx.demo")).request("/t/smx/security")).text()).toContain(ip);
		// A viewer there: the unit's statistics page.
		expect((await person.request("/t/hubin/reports", { headers: { "x-forwarded-for": ip } })).status).toBe(200);
		const html = await (await hubinAdmin.request("/t/hubin/security")).text();
		expect(html).toContain(ip);
		expect(html).toContain("登录后进入本单位");
		// The person sees both entries among their own events.
		const own = await (await person.request("/account")).text();
		expect(own).toContain("登录后进入三门峡市");
		expect(own).toContain("登录后进入湖滨区");
	});
});

describe("links reach only the mailbox (ADR 0008)", () => {
	it("no page an administrator can open carries a usable link, while the mailed ones work", async () => {
		const admin = await client("admin@smx.demo");
		const suffix = Date.now().toString(36);
		const joiner = `joiner-${suffix}@smx.example`;
		const pending = `pending-${suffix}@smx.example`;
		const start = Date.now();
		for (const email of [joiner, pending]) {
			const added = await admin.request("/t/smx/members", { form: { displayName: "新同志", email, roles: "viewer" } });
			expect(added.status).toBe(200);
			expect(await added.text()).not.toMatch(/\/invite\/[a-z2-7]{32}/);
		}
		// The first person joins from their mailbox; the admin then asks for a set-password link for them.
		const joinLink = await mailedLink(joiner, "invite", start);
		const joined = await new HttpClient().request(joinLink, {
			form: { displayName: "新同志", password: "joiner-password-1", confirm: "joiner-password-1" },
		});
		expect(joined.status).toBe(302);
		const id = await memberId("smx", joiner);
		const linkAsked = await admin.request(`/t/smx/members/${id}`, { form: { intent: "link" } });
		expect(await linkAsked.text()).toContain("已发送到该成员本人的邮箱");
		const passwordLink = await mailedLink(joiner, "set-password", start);
		const inviteLink = await mailedLink(pending, "invite", start);
		const secrets = [passwordLink, inviteLink].map((link) => link.split("/").at(-1) as string);

		// Every page of the unit (from app/routes.ts, with real ids) and the person's own pages.
		const db = await openDatabase({ env: parseDatabaseEnv({ DATABASE_URL: inject("databaseUrl") }) });
		const ids = await routeIdsOf(db, "smx").finally(() => db.close());
		const pages = [
			...tenantRoutePatterns().map((p) => fillRoute(p, { ...ids, userId: id })),
			"/account",
			"/invitations",
		];
		expect(pages.length).toBeGreaterThan(25);
		let read = 0;
		for (const page of pages) {
			const response = await admin.request(page);
			const body = Buffer.from(await response.arrayBuffer()).toString("latin1");
			for (const secret of secrets) {
				for (const part of secret.split("."))
					expect({ page, found: body.includes(part) }).toEqual({ page, found: false });
			}
			expect({ page, link: /\/(invite|set-password)\/[a-z2-7]{32}\./.test(body) }).toEqual({ page, link: false });
			read += 1;
		}
		expect(read).toBe(pages.length);
		// The mailed links are live: the crawl proves their absence, not their death.
		expect((await new HttpClient().request(inviteLink)).status).toBe(200);
		expect((await new HttpClient().request(passwordLink)).status).toBe(200);
	});
});

describe("forgotten password over HTTP", () => {
	it("answers alike for an account and a stranger, mails only the account, and the link signs out everywhere", async () => {
		const start = Date.now();
		const account = "gov_head@lingbao.demo";
		const answers: string[] = [];
		for (const email of [account, `nobody-${start}@lingbao.example`]) {
			const response = await new HttpClient().request("/forgot-password", { form: { email } });
			expect(response.status).toBe(200);
			answers.push((/<div role="status"[\s\S]*?<\/div>/.exec(await response.text()) ?? [""])[0]);
		}
		expect(answers[0]).toContain("如果该邮箱有联席通账号");
		expect(answers[0]).toBe(answers[1]);
		const session = await client(account);
		expect((await session.request("/t/lingbao")).status).toBe(200);
		const link = await mailedLink(account, "set-password", start);
		const page = await new HttpClient().request(link);
		expect(page.status).toBe(200);
		const reset = await new HttpClient().request(link, {
			form: { password: "lianxi-demo-2024", confirm: "lianxi-demo-2024" },
		});
		expect(reset.status).toBe(302);
		// The session from before the reset is gone; the link is spent.
		expect((await session.request("/t/lingbao")).status).toBe(302);
		expect((await new HttpClient().request(link)).status).toBe(410);
	});
});
