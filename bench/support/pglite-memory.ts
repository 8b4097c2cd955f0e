import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { memoryOf, signIn, startApp } from "./load.ts";

/** What the embedded default (PGlite, no DATABASE_URL) holds in memory, in MB. */
export interface EmbeddedMemory {
	/** Peak of the first start, which runs initdb, the migrations and the seed in the process. */
	firstStartPeak: number;
	/** Idle after a restart on the same data directory (what a running installation holds). */
	restartIdle: number;
	/** Peak RSS (VmHWM) of the restarted process after `views` page views. */
	peak: number;
	/** RSS at the end. */
	end: number;
	views: number;
	/** Page views per second over the load. */
	rate: number;
}

/**
 * The embedded default under page views (issue 25: ≤ 400 MB after 1,000): first start (initdb and
 * seed), then a restart on the same data directory, sign-in, and `views` page views spread over the
 * signed-in pages (tenant home, meetings list, a meeting page, statistics, matters, departments) at
 * concurrency 4.
 */
export async function embeddedMemory(views = 1000, env: Record<string, string> = {}): Promise<EmbeddedMemory> {
	const dataDir = mkdtempSync(path.join(tmpdir(), "lianxi-bench-pglite-"));
	const settings = { DATA_DIR: dataDir, COOKIE_SECURE: "false", DATABASE_URL: "", ...env };
	try {
		const first = await startApp(settings);
		await new Promise((r) => setTimeout(r, 1000));
		const firstStartPeak = memoryOf(first.pid).peak;
		await first.stop();

		const app = await startApp(settings);
		try {
			await new Promise((r) => setTimeout(r, 2000));
			const restartIdle = memoryOf(app.pid).rss;
			const cookie = await signIn(app.url, "union_staff@smx.demo");
			const headers = { cookie };
			const meetingsPage = await (await fetch(`${app.url}/t/smx/meetings`, { headers })).text();
			const meetingPath = /href="(\/t\/smx\/meetings\/[0-9a-f-]{36})"/.exec(meetingsPage)?.[1];
			const paths = [
				"/t/smx",
				"/t/smx/meetings",
				meetingPath,
				"/t/smx/reports",
				"/t/smx/matters",
				"/t/smx/departments",
			].filter((p): p is string => p !== undefined);
			let next = 0;
			const started = performance.now();
			await Promise.all(
				Array.from({ length: 4 }, async () => {
					while (next < views) {
						const pathname = paths[next++ % paths.length] as string;
						const response = await fetch(`${app.url}${pathname}`, { headers, redirect: "manual" });
						await response.arrayBuffer();
						if (response.status !== 200) throw new Error(`${pathname}: ${response.status}`);
					}
				}),
			);
			const rate = views / ((performance.now() - started) / 1000);
			const after = memoryOf(app.pid);
			return { firstStartPeak, restartIdle, peak: after.peak, end: after.rss, views, rate };
		} finally {
			await app.stop();
		}
	} finally {
		rmSync(dataDir, { recursive: true, force: true });
	}
}

// tsx bench/support/pglite-memory.ts [views]: this measurement alone.
if (import.meta.url === `file://${process.argv[1]}`) {
	const result = await embeddedMemory(Number(process.argv[2] ?? 1000));
	console.log(JSON.stringify(result, (_k, v) => (typeof v === "number" ? Math.round(v * 10) / 10 : v)));
}
