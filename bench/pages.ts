// Page cost of the built app against two baselines measured in the same run (ADR 0009), on loopback
// with bounded request counts. Prints ratios; asserts nothing.
//   npm run build && npm run bench
// BENCH_REQUESTS (default 600) and BENCH_CONCURRENCY (default 8) set the load, BENCH_ROUNDS (3) how
// many times each page is measured beside the baselines; BENCH_LATENCY (200)
// the one-connection sample; BENCH_QUICK=1 measures the pages only (no RLS, no PGlite; bench/rollup.ts and bench/sweep.ts skip).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { preparedPool } from "#db/prepared-pool.ts";
import type { Database } from "#db/schema.ts";
import { demoMeeting, seededDemoDatabase } from "./support/demo-database.ts";
import { latency, memoryOf, signIn, startApp, startBaseline, throughput } from "./support/load.ts";
import { rlsCost } from "./support/rls-cost.ts";

const load = {
	requests: Number(process.env.BENCH_REQUESTS ?? 600),
	concurrency: Number(process.env.BENCH_CONCURRENCY ?? 8),
};
const oneConnection = Number(process.env.BENCH_LATENCY ?? 200);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const fmt = (n: number, digits = 2) => n.toFixed(digits).padStart(7);

const demo = await seededDemoDatabase("bench");
const { db, dataDir } = demo;
const stops: (() => Promise<void>)[] = [];
try {
	const meeting = await demoMeeting(db);
	const staff = await db.owner
		.selectFrom("users")
		.select("id")
		.where("email", "=", "union_staff@smx.demo")
		.executeTakeFirstOrThrow();

	const app = await startApp({ DATABASE_URL: demo.url, DATA_DIR: dataDir, COOKIE_SECURE: "false" });
	stops.push(app.stop);
	const baselineA = await startBaseline("A", demo.url);
	stops.push(baselineA.stop);
	const baselineB = await startBaseline("B", demo.url);
	stops.push(baselineB.stop);
	const cookie = await signIn(app.url, "union_staff@smx.demo");
	const pages = [
		["/login", "login page (anonymous)", {}],
		["/t/smx", "tenant home", { cookie }],
		["/t/smx/meetings", "meetings list", { cookie }],
		[`/t/smx/meetings/${meeting.id}`, "a meeting page", { cookie }],
		["/t/smx/reports", "statistics page", { cookie }],
	] as const;

	// This machine's speed moves between runs and within one (ADR 0009): every page is measured in
	// rounds, each round A, the app and B back to back, and the ratios are the medians of the rounds'.
	const median = (values: number[]) => {
		const sorted = [...values].sort((x, y) => x - y);
		const mid = Math.floor(sorted.length / 2);
		return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
	};
	console.log(
		`pages: ${load.requests} requests each at concurrency ${load.concurrency}, in ${rounds} rounds of baseline A, the app and baseline B; latency over ${oneConnection} at one connection`,
	);
	console.log(
		`${"page".padEnd(24)} ${"A/s".padStart(7)} ${"app/s".padStart(7)} ${"B/s".padStart(7)} ${"vs A".padStart(7)} ${"vs B".padStart(7)} ${"p50 ms".padStart(7)} ${"p90 ms".padStart(7)} ${"B p50".padStart(7)}`,
	);
	for (const [pathname, label, headers] of pages) {
		const measured = {
			a: [] as number[],
			app: [] as number[],
			b: [] as number[],
			vsA: [] as number[],
			vsB: [] as number[],
		};
		for (let round = 0; round < rounds; round++) {
			const aRps = await throughput(`${baselineA.url}/`, {}, load);
			const appRps = await throughput(`${app.url}${pathname}`, headers, load);
			const bRps = await throughput(`${baselineB.url}${pathname}`, headers, load);
			measured.a.push(aRps);
			measured.app.push(appRps);
			measured.b.push(bRps);
			measured.vsA.push(appRps / aRps);
			measured.vsB.push(appRps / bRps);
		}
		const appLatency = await latency(`${app.url}${pathname}`, headers, oneConnection);
		const bLatency = await latency(`${baselineB.url}${pathname}`, headers, oneConnection);
		console.log(
			`${label.padEnd(24)} ${fmt(median(measured.a), 0)} ${fmt(median(measured.app), 0)} ${fmt(median(measured.b), 0)} ${fmt(median(measured.vsA))} ${fmt(median(measured.vsB))} ${fmt(appLatency.p50)} ${fmt(appLatency.p90)} ${fmt(bLatency.p50)}`,
		);
	}
	const postgresMemory = memoryOf(app.pid);
	await app.stop();

	console.log(
		`\nRSS on PostgreSQL: peak ${postgresMemory.peak.toFixed(0)} MB under the load above (now ${postgresMemory.rss.toFixed(0)} MB)`,
	);
	if (process.env.BENCH_QUICK !== "1") {
		// Both sides on connections that prepare their statements, as the app's do.
		const ownerPrepared = new Kysely<Database>({
			dialect: new PostgresDialect({ pool: preparedPool(new pg.Pool({ connectionString: demo.url, max: 4 })) }),
		});
		const rls = await rlsCost(db.app, ownerPrepared, {
			tenant: meeting.tenant_id,
			meeting: meeting.id,
			user: staff.id,
		});
		await ownerPrepared.destroy();
		console.log(
			`RLS, the meeting page's 10 statements: app role ${fmt(rls.on, 3)} ms, owner ${fmt(rls.off, 3)} ms per page, on/off ${rls.ratio.toFixed(2)}`,
		);

		// The embedded default: its own data directory, migrated and seeded at start.
		const embeddedDir = mkdtempSync(path.join(tmpdir(), "lianxi-bench-pglite-"));
		try {
			const embedded = await startApp({ DATA_DIR: embeddedDir, COOKIE_SECURE: "false", DATABASE_URL: "" });
			stops.push(embedded.stop);
			await new Promise((r) => setTimeout(r, 2000));
			const idle = memoryOf(embedded.pid);
			const embeddedCookie = await signIn(embedded.url, "union_staff@smx.demo");
			const embeddedRps = await throughput(
				`${embedded.url}/t/smx`,
				{ cookie: embeddedCookie },
				{ ...load, requests: 300 },
			);
			const loaded = memoryOf(embedded.pid);
			console.log(
				`RSS on PGlite: idle ${idle.rss.toFixed(0)} MB after start and seed (peak so far ${idle.peak.toFixed(0)} MB); peak ${loaded.peak.toFixed(0)} MB after 300 page views (${embeddedRps.toFixed(0)} req/s on /t/smx)`,
			);
			await embedded.stop();
			// A restart on the same data directory: no initdb, no seed; what a running installation holds.
			const restarted = await startApp({ DATA_DIR: embeddedDir, COOKIE_SECURE: "false", DATABASE_URL: "" });
			stops.push(restarted.stop);
			await new Promise((r) => setTimeout(r, 2000));
			const restartIdle = memoryOf(restarted.pid);
			const again = await signIn(restarted.url, "union_staff@smx.demo");
			await throughput(`${restarted.url}/t/smx`, { cookie: again }, { ...load, requests: 300 });
			console.log(
				`RSS on PGlite after a restart: idle ${restartIdle.rss.toFixed(0)} MB; peak ${memoryOf(restarted.pid).peak.toFixed(0)} MB after 300 page views`,
			);
			await restarted.stop();
		} finally {
			rmSync(embeddedDir, { recursive: true, force: true });
		}
	}
} finally {
	for (const stop of stops.reverse()) await stop().catch(() => {});
	await db.close();
	await demo.drop();
}
