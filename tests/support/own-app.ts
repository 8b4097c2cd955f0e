import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { hashPassword } from "#app/domain/auth/password.server.ts";
import { localFileStore } from "#app/lib/file-store.server.ts";
import { openDatabase } from "#db/client.ts";
import { parseDatabaseEnv } from "#db/database-env.ts";
import { migrateToLatest } from "#db/migrate.ts";
import { seedDemo } from "#db/seed/seed-demo.ts";
import { runTodaysSweep, waitForOutboxDrained } from "./settled-jobs.ts";
import { createTestDatabase } from "./test-databases.ts";

const freePort = () =>
	new Promise<number>((resolve) => {
		const probe = createServer().listen(0, "127.0.0.1", () => {
			const { port } = probe.address() as { port: number };
			probe.close(() => resolve(port));
		});
	});

export async function until(check: () => Promise<boolean>, ms: number, everyMs = 200) {
	const deadline = Date.now() + ms;
	while (Date.now() < deadline) {
		if (await check().catch(() => false)) return true;
		await new Promise((r) => setTimeout(r, everyMs));
	}
	return false;
}

/**
 * The built app on a database of its own with the demo, for tests that break things (an outage,
 * fuzzing): the shared e2e app and its data stay untouched. `reach` rewrites the database URL the
 * app uses (a proxy); the test's own queries use `databaseUrl`.
 */
export async function startOwnApp(
	label: string,
	reach: (url: URL) => URL = (url) => url,
	env: Record<string, string> = {},
) {
	const database = await createTestDatabase(label);
	const dataDir = mkdtempSync(path.join(tmpdir(), `lianxi-${label}-`));
	const db = await openDatabase({ env: parseDatabaseEnv({ DATABASE_URL: database.url }) });
	await migrateToLatest(db.owner);
	await seedDemo(db.owner, { hashPassword, files: localFileStore(path.join(dataDir, "files")) });
	await db.close();
	// Unless the test breaks the database's reach or hands the jobs to Redis (a worker it runs itself),
	// today's sweep runs first and the app's outbox is drained before the test begins
	// (tests/support/settled-jobs.ts).
	const settle = reach(new URL(database.url)).toString() === database.url && !env.REDIS_URL;
	if (settle) await runTodaysSweep({ DATABASE_URL: database.url, DATA_DIR: dataDir, ...env });
	const port = await freePort();
	const child: ChildProcess = spawn(process.execPath, ["server.js"], {
		env: {
			...process.env,
			NODE_ENV: "production",
			DATABASE_URL: reach(new URL(database.url)).toString(),
			DATA_DIR: dataDir,
			PORT: String(port),
			HOST: "127.0.0.1",
			COOKIE_SECURE: "false",
			PUBLIC_URL: `http://127.0.0.1:${port}`,
			LOG_LEVEL: "fatal",
			...env,
		},
		stdio: process.env.OWN_APP_STDIO === "inherit" ? "inherit" : "ignore",
	});
	const baseUrl = `http://127.0.0.1:${port}`;
	if (!(await until(async () => (await fetch(`${baseUrl}/healthz`)).ok, 30_000))) {
		child.kill("SIGKILL");
		throw new Error(`${label}: the app did not start`);
	}
	if (settle) await waitForOutboxDrained(database.url, () => label);
	return {
		baseUrl,
		databaseUrl: database.url,
		dataDir,
		async stop() {
			if (child.exitCode === null) {
				const exited = new Promise((r) => child.once("exit", r));
				child.kill("SIGTERM");
				await exited;
			}
			await database.drop();
			rmSync(dataDir, { recursive: true, force: true });
		},
	};
}
