import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOwnApp, until } from "#tests/support/own-app.ts";
import { startTcpProxy } from "#tests/support/tcp-proxy.ts";
import { adminUrl } from "#tests/support/test-databases.ts";

/**
 * Hardening: when PostgreSQL goes away under the running app, /healthz and every page answer 503
 * (a localised page, never a stack), nothing is half-written, and the app recovers by itself when
 * the database returns. The database is reached through a loopback proxy the test cuts.
 */
const upstream = new URL(adminUrl);
const proxy = await startTcpProxy({ host: upstream.hostname, port: Number(upstream.port || 5432) });
let app: Awaited<ReturnType<typeof startOwnApp>>;
let base = "";

beforeAll(async () => {
	app = await startOwnApp("outage", (url) => {
		url.port = String(proxy.port);
		return url;
	});
	base = app.baseUrl;
});

afterAll(async () => {
	await app?.stop();
	await proxy.close();
});

async function signIn() {
	const response = await fetch(`${base}/login`, {
		method: "POST",
		headers: { origin: base, "content-type": "application/x-www-form-urlencoded" },
		body: new URLSearchParams({ email: "union_staff@smx.demo", password: "lianxi-demo-2024" }),
		redirect: "manual",
	});
	return { status: response.status, cookie: (response.headers.getSetCookie()[0] ?? "").split(";")[0] ?? "" };
}

describe("the database goes away and comes back", () => {
	it("answers 503 with a localised page while it is away, and recovers by itself", async () => {
		const { cookie } = await signIn();
		expect((await fetch(`${base}/t/smx`, { headers: { cookie } })).status).toBe(200);

		await proxy.cut();
		const health = await fetch(`${base}/healthz`);
		expect(health.status).toBe(503);
		const page = await fetch(`${base}/t/smx/meetings`, { headers: { cookie } });
		expect(page.status).toBe(503);
		const html = await page.text();
		expect(html).toContain("暂时无法连接数据库");
		expect(html).not.toMatch(/at \w+ \(|node:internal|ECONNREFUSED/);
		expect((await signIn()).status).toBe(503);

		await proxy.restore();
		expect(
			await until(async () => (await fetch(`${base}/t/smx`, { headers: { cookie } })).status === 200, 15_000),
		).toBe(true);
		expect((await fetch(`${base}/healthz`)).status).toBe(200);
		expect((await signIn()).status).toBe(302);
	});
});
