import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { hashPassword } from "#app/domain/auth/password.server.ts";
import { localFileStore } from "#app/lib/file-store.server.ts";
import { openDatabase } from "#db/client.ts";
import { parseDatabaseEnv } from "#db/database-env.ts";
import { migrateToLatest } from "#db/migrate.ts";
import { seedDemo } from "#db/seed/seed-demo.ts";
import { ensureChromium } from "./chromium.ts";
import { runTodaysSweep, waitForOutboxDrained } from "./settled-jobs.ts";
import { startSmtpSink } from "./smtp-sink.ts";
import { createTestDatabase } from "./test-databases.ts";

declare module "vitest" {
	export interface ProvidedContext {
		baseUrl: string;
		databaseUrl: string;
		chromiumPath: string;
		artifactsDir: string;
		/** The SMTP server the app sends to, and the folder where it keeps each message as .eml. */
		smtpUrl: string;
		mailDir: string;
		dataDir: string;
	}
}

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.listen(0, "127.0.0.1", () => {
			const address = server.address();
			server.close(() =>
				typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
			);
		});
	});
}

async function waitForHealth(url: string, child: ChildProcess, log: () => string): Promise<void> {
	const deadline = Date.now() + 30_000;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`app exited with ${child.exitCode}:\n${log()}`);
		try {
			const res = await fetch(`${url}/healthz`);
			if (res.ok) return;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 200));
	}
	throw new Error(`app did not become healthy in 30 s:\n${log()}`);
}

/**
 * The built app (`npm run build`) on its own database with the demo data, on a free port, as a
 * child process: the HTTP and browser tests drive it like a user would.
 */
export default async function setup(project: TestProject) {
	if (!existsSync("build/server/index.js")) throw new Error("No build: run `npm run build` first (npm test does).");
	const chromiumPath = ensureChromium();
	const database = await createTestDatabase("e2e");
	// Its own data directory (uploaded files), removed afterwards: the demo's ./.data is never touched.
	const dataDir = mkdtempSync(path.join(tmpdir(), "lianxi-e2e-"));
	const db = await openDatabase({ env: parseDatabaseEnv({ DATABASE_URL: database.url }) });
	try {
		await migrateToLatest(db.owner);
		await seedDemo(db.owner, { hashPassword, files: localFileStore(path.join(dataDir, "files")) });
	} finally {
		await db.close();
	}
	// A real SMTP server on loopback; what it receives is kept as .eml files for the tests to read.
	const mailDir = path.join(dataDir, "received-mail");
	const smtp = await startSmtpSink({ dir: mailDir });
	const port = await freePort();
	const jobsEnv = {
		DATABASE_URL: database.url,
		DATA_DIR: dataDir,
		SMTP_URL: smtp.url,
		PUBLIC_URL: `http://localhost:${port}`,
		LOG_LEVEL: "warn",
	};
	await runTodaysSweep(jobsEnv);
	let output = "";
	const child = spawn(process.execPath, ["server.js"], {
		env: {
			...process.env,
			NODE_ENV: "production",
			...jobsEnv,
			PORT: String(port),
			HOST: "127.0.0.1",
			SHUTDOWN_GRACE_MS: "2000",
			// Behind one proxy: tests name a request's source with X-Forwarded-For (sign-in throttling).
			TRUST_PROXY: "true",
		},
		stdio: ["ignore", "pipe", "pipe"],
	});
	child.stdout?.on("data", (d) => {
		output += d;
	});
	child.stderr?.on("data", (d) => {
		output += d;
	});
	const baseUrl = `http://localhost:${port}`;
	await waitForHealth(baseUrl, child, () => output);
	await waitForOutboxDrained(database.url, () => output);

	const artifactsDir = path.resolve("test-results/screenshots");
	mkdirSync(artifactsDir, { recursive: true });
	project.provide("baseUrl", baseUrl);
	project.provide("databaseUrl", database.url);
	project.provide("chromiumPath", chromiumPath);
	project.provide("artifactsDir", artifactsDir);
	project.provide("smtpUrl", smtp.url);
	project.provide("mailDir", mailDir);
	project.provide("dataDir", dataDir);

	return async () => {
		if (child.exitCode === null) {
			const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
			child.kill("SIGTERM");
			// SIGTERM drains and closes the pool: a clean exit is part of what the suite checks.
			const code = await exited;
			if (code !== 0) throw new Error(`app exited with ${code} after SIGTERM:\n${output}`);
		}
		await smtp.close();
		await database.drop();
		rmSync(dataDir, { recursive: true, force: true });
	};
}
