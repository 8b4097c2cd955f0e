// SSR throughput of the built app against a bare node:http + pg baseline, measured in the same run
// on this machine (loopback only, bounded request counts). Prints requests per second and ratios.
//   npm run build && npm run bench
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { hashPassword } from "#app/domain/auth/password.server.ts";
import { localFileStore } from "#app/lib/file-store.server.ts";
import { openDatabase } from "#db/client.ts";
import { parseDatabaseEnv } from "#db/database-env.ts";
import { migrateToLatest } from "#db/migrate.ts";
import { seedDemo } from "#db/seed/seed-demo.ts";
import { createTestDatabase } from "#tests/support/test-databases.ts";

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 600);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);

async function measure(label: string, url: string, headers: Record<string, string> = {}) {
	// Warm-up, then a bounded number of requests with a fixed concurrency.
	for (let i = 0; i < 20; i++) await (await fetch(url, { headers })).arrayBuffer();
	let next = 0;
	const started = performance.now();
	await Promise.all(
		Array.from({ length: CONCURRENCY }, async () => {
			while (next < REQUESTS) {
				next++;
				const response = await fetch(url, { headers, redirect: "manual" });
				if (response.status !== 200) throw new Error(`${label}: ${response.status}`);
				await response.arrayBuffer();
			}
		}),
	);
	const seconds = (performance.now() - started) / 1000;
	return { label, rps: REQUESTS / seconds };
}

const database = await createTestDatabase("bench");
const dataDir = mkdtempSync(path.join(tmpdir(), "lianxi-bench-"));
let child: ChildProcess | undefined;
const baselinePool = new pg.Pool({ connectionString: database.url, max: 10 });
try {
	const db = await openDatabase({ env: parseDatabaseEnv({ DATABASE_URL: database.url }) });
	await migrateToLatest(db.owner);
	await seedDemo(db.owner, { hashPassword, files: localFileStore(path.join(dataDir, "files")) });
	await db.close();

	// Baseline: the least a server can do for a tenant page: one query, a small HTML answer.
	const baseline = createServer(async (_req, res) => {
		const { rows } = await baselinePool.query("select name, gov_name, union_name from tenants where slug = $1", [
			"smx",
		]);
		res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
		res.end(
			`<!doctype html><html lang="zh-CN"><body><h1>${rows[0]?.name}</h1><p>${rows[0]?.gov_name} / ${rows[0]?.union_name}</p></body></html>`,
		);
	});
	await new Promise<void>((resolve) => baseline.listen(0, "127.0.0.1", resolve));
	const baselinePort = (baseline.address() as { port: number }).port;

	const port = await new Promise<number>((resolve) => {
		const probe = createServer().listen(0, "127.0.0.1", () => {
			const { port: free } = probe.address() as { port: number };
			probe.close(() => resolve(free));
		});
	});
	child = spawn(process.execPath, ["server.js"], {
		env: {
			...process.env,
			NODE_ENV: "production",
			DATABASE_URL: database.url,
			DATA_DIR: dataDir,
			PORT: String(port),
			HOST: "127.0.0.1",
			LOG_LEVEL: "warn",
		},
		stdio: "ignore",
	});
	const app = `http://127.0.0.1:${port}`;
	for (let i = 0; i < 100; i++) {
		try {
			if ((await fetch(`${app}/healthz`)).ok) break;
		} catch {}
		await new Promise((r) => setTimeout(r, 200));
	}
	const login = await fetch(`${app}/login`, {
		method: "POST",
		headers: { origin: app, "content-type": "application/x-www-form-urlencoded" },
		body: new URLSearchParams({ email: "union_staff@smx.demo", password: "lianxi-demo-2024" }),
		redirect: "manual",
	});
	const cookie = (login.headers.getSetCookie()[0] ?? "").split(";")[0] ?? "";

	const base = await measure("baseline node:http + pg", `http://127.0.0.1:${baselinePort}/`);
	const results = [
		await measure("GET /login (anonymous SSR)", `${app}/login`),
		await measure("GET /t/smx (signed in, RLS)", `${app}/t/smx`, { cookie }),
		await measure("GET /t/smx/meetings (signed in, RLS)", `${app}/t/smx/meetings`, { cookie }),
	];
	console.log(`${REQUESTS} requests each, concurrency ${CONCURRENCY}`);
	console.log(`${base.label.padEnd(40)} ${base.rps.toFixed(0).padStart(6)} req/s  (baseline)`);
	for (const r of results) {
		console.log(`${r.label.padEnd(40)} ${r.rps.toFixed(0).padStart(6)} req/s  ratio ${(r.rps / base.rps).toFixed(3)}`);
	}
	baseline.close();
} finally {
	child?.kill("SIGTERM");
	await baselinePool.end();
	await new Promise((r) => setTimeout(r, 500));
	await database.drop();
	rmSync(dataDir, { recursive: true, force: true });
}
