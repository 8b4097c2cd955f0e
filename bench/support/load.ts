import { type ChildProcess, fork, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";

/** Loopback only, bounded counts: a load of `requests` at a fixed concurrency, and latency at one connection. */
export interface LoadOptions {
	requests: number;
	concurrency: number;
}

export async function throughput(url: string, headers: Record<string, string>, options: LoadOptions) {
	for (let i = 0; i < 20; i++) await (await fetch(url, { headers })).arrayBuffer();
	let next = 0;
	const started = performance.now();
	await Promise.all(
		Array.from({ length: options.concurrency }, async () => {
			while (next < options.requests) {
				next++;
				const response = await fetch(url, { headers, redirect: "manual" });
				if (response.status !== 200) throw new Error(`${url}: ${response.status}`);
				await response.arrayBuffer();
			}
		}),
	);
	return options.requests / ((performance.now() - started) / 1000);
}

export async function latency(url: string, headers: Record<string, string>, requests: number) {
	const times: number[] = [];
	for (let i = 0; i < 10; i++) await (await fetch(url, { headers })).arrayBuffer();
	for (let i = 0; i < requests; i++) {
		const started = performance.now();
		const response = await fetch(url, { headers, redirect: "manual" });
		await response.arrayBuffer();
		if (response.status !== 200) throw new Error(`${url}: ${response.status}`);
		times.push(performance.now() - started);
	}
	times.sort((a, b) => a - b);
	const at = (q: number) => times[Math.min(times.length - 1, Math.floor(times.length * q))] ?? Number.NaN;
	return { p50: at(0.5), p90: at(0.9) };
}

export function freePort(): Promise<number> {
	return new Promise((resolve) => {
		const probe = createServer().listen(0, "127.0.0.1", () => {
			const { port } = probe.address() as { port: number };
			probe.close(() => resolve(port));
		});
	});
}

async function waitFor(url: string, child: ChildProcess) {
	for (let i = 0; i < 300; i++) {
		if (child.exitCode !== null) throw new Error(`${url}: the process exited with ${child.exitCode}`);
		try {
			if ((await fetch(url)).status < 500) return;
		} catch {}
		await new Promise((r) => setTimeout(r, 100));
	}
	throw new Error(`${url} did not answer`);
}

export interface Served {
	url: string;
	pid: number;
	stop(): Promise<void>;
}

function stopper(child: ChildProcess) {
	return () =>
		new Promise<void>((resolve) => {
			if (child.exitCode !== null) return resolve();
			child.once("exit", () => resolve());
			child.kill("SIGTERM");
		});
}

/**
 * The V8 flags of `npm run serve` (ADR 0009: V8's young and old generations sized for a server;
 * WebAssembly, i.e. the embedded PGlite, on the baseline compiler only, since 2026-12-05).
 */
export const serverFlags = ["--max-semi-space-size=16", "--max-old-space-size=256", "--liftoff-only"];

/**
 * The built app (`node server.js`) with these settings, as a child process on a free port;
 * `nodeFlags` go after the server's own (a profiler's, for instance).
 */
export async function startApp(env: Record<string, string>, nodeFlags: string[] = []): Promise<Served> {
	const port = await freePort();
	const merged: Record<string, string | undefined> = {
		...process.env,
		NODE_ENV: "production",
		HOST: "127.0.0.1",
		LOG_LEVEL: "warn",
		PUBLIC_URL: `http://127.0.0.1:${port}`,
		...env,
		PORT: String(port),
	};
	// An empty value means unset (the embedded default has no DATABASE_URL at all).
	for (const [key, value] of Object.entries(merged)) if (value === "") delete merged[key];
	const child = spawn(process.execPath, [...serverFlags, ...nodeFlags, "server.js"], { env: merged, stdio: "ignore" });
	const url = `http://127.0.0.1:${port}`;
	await waitFor(`${url}/healthz`, child);
	return { url, pid: child.pid as number, stop: stopper(child) };
}

/**
 * The settings of a measured server on PostgreSQL: pages only. A PostgreSQL deployment works its
 * outbox and daily sweep in `npm run worker` (REDIS_URL, ADR 0011); without this the app process
 * would also send the seeded demo's emails and run the day's sweep while its pages are measured.
 */
export const pagesOnly = { RUN_JOBS: "false" } as const;

/** A baseline server (bench/support/baseline-server.tsx) in its own process. */
export async function startBaseline(mode: "A" | "B", databaseUrl: string): Promise<Served> {
	const port = await freePort();
	const child = fork("bench/support/baseline-server.tsx", [mode, databaseUrl, String(port)], {
		execArgv: ["--import", "tsx"],
		stdio: "ignore",
	});
	const url = `http://127.0.0.1:${port}`;
	await waitFor(`${url}/login`, child);
	return { url, pid: child.pid as number, stop: stopper(child) };
}

/** Resident memory of a process, in MB: now (VmRSS) and the peak so far (VmHWM). */
export function memoryOf(pid: number) {
	const status = readFileSync(`/proc/${pid}/status`, "utf8");
	const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
	return { rss: kb("VmRSS") / 1024, peak: kb("VmHWM") / 1024 };
}

export async function signIn(base: string, email: string, password = "lianxi-demo-2024") {
	const response = await fetch(`${base}/login`, {
		method: "POST",
		headers: { origin: base, "content-type": "application/x-www-form-urlencoded" },
		body: new URLSearchParams({ email, password }),
		redirect: "manual",
	});
	if (response.status !== 302) throw new Error(`sign-in answered ${response.status}`);
	return response.headers
		.getSetCookie()
		.map((c) => c.split(";")[0])
		.join("; ");
}
