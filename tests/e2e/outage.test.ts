import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "#app/domain/auth/password.server.ts";
import { localFileStore } from "#app/lib/file-store.server.ts";
import { openDatabase } from "#db/client.ts";
import { parseDatabaseEnv } from "#db/database-env.ts";
import { migrateToLatest } from "#db/migrate.ts";
import { seedDemo } from "#db/seed/seed-demo.ts";
import { startTcpProxy } from "#tests/support/tcp-proxy.ts";
import { adminUrl, createTestDatabase } from "#tests/support/test-databases.ts";

/**
 * Hardening: when PostgreSQL goes away under the running app, /healthz and every page answer 503
 * (a localised page, never a stack), nothing is half-written, and the app recovers by itself when
 * the database returns. The database is reached through a loopback proxy the test cuts.
 */
const database = await createTestDatabase("outage");
const dataDir = mkdtempSync(path.join(tmpdir(), "lianxi-outage-"));
const upstream = new URL(adminUrl);
const proxy = await startTcpProxy({ host: upstream.hostname, port: Number(upstream.port || 5432) });
let app: ChildProcess | undefined;
let base = "";

const freePort = () =>
	new Promise<number>((resolve) => {
		const probe = createServer().listen(0, "127.0.0.1", () => {
			const { port } = probe.address() as { port: number };
			probe.close(() => resolve(port));
		});
	});

async function until(check: () => Promise<boolean>, ms: number) {
	const deadline = Date.now() + ms;
	while (Date.now() < deadline) {
		if (await check().catch(() => false)) return true;
		await new Promise((r) => setTimeout(r, 200));
	}
	return false;
}

beforeAll(async () => {
	const db = await openDatabase({ env: parseDatabaseEnv({ DATABASE_URL: database.url }) });
	await migrateToLatest(db.owner);
	await seedDemo(db.owner, { hashPassword, files: localFileStore(path.join(dataDir, "files")) });
	await db.close();
	const viaProxy = new URL(database.url);
	viaProxy.port = String(proxy.port);
	const port = await freePort();
	app = spawn(process.execPath, ["server.js"], {
		env: {
			...process.env,
			NODE_ENV: "production",
			DATABASE_URL: viaProxy.toString(),
			DATA_DIR: dataDir,
			PORT: String(port),
			HOST: "127.0.0.1",
			COOKIE_SECURE: "false",
			LOG_LEVEL: "fatal",
		},
		stdio: "ignore",
	});
	base = `http://127.0.0.1:${port}`;
	expect(await until(async () => (await fetch(`${base}/healthz`)).ok, 30_000)).toBe(true);
});

afterAll(async () => {
	if (app && app.exitCode === null) {
		const exited = new Promise((r) => app?.once("exit", r));
		app.kill("SIGTERM");
		await exited;
	}
	await proxy.close();
	await database.drop();
	rmSync(dataDir, { recursive: true, force: true });
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
