// Page cost of the built app against two baselines measured in the same run (ADR 0009), on loopback
// with bounded request counts. Prints ratios, each beside its target (issue 25); asserts nothing.
//   npm run build && npm run bench
// BENCH_REQUESTS (default 600) and BENCH_CONCURRENCY (default 8) set the load, BENCH_ROUNDS (3) how
// many times each page is measured beside the baselines; BENCH_LATENCY (200)
// the one-connection sample; BENCH_PGLITE_VIEWS (1000) the page views on the embedded default;
// BENCH_QUICK=1 measures the pages only (no RLS, no PGlite; bench/rollup.ts and bench/sweep.ts skip).
import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { preparedPool } from "#db/prepared-pool.ts";
import type { Database } from "#db/schema.ts";
import { cpuDuring } from "./support/cpu.ts";
import { demoMeeting, seededDemoDatabase } from "./support/demo-database.ts";
import { latency, memoryOf, pagesOnly, signIn, startApp, startBaseline, throughput } from "./support/load.ts";
import { embeddedMemory } from "./support/pglite-memory.ts";
import { rlsCost } from "./support/rls-cost.ts";
import { against, median, range, targets } from "./support/targets.ts";

const load = {
	requests: Number(process.env.BENCH_REQUESTS ?? 600),
	concurrency: Number(process.env.BENCH_CONCURRENCY ?? 8),
};
const oneConnection = Number(process.env.BENCH_LATENCY ?? 200);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const fmt = (n: number, digits = 2, width = 7) => n.toFixed(digits).padStart(width);

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

	const app = await startApp({ DATABASE_URL: demo.url, DATA_DIR: dataDir, COOKIE_SECURE: "false", ...pagesOnly });
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
	// rounds, each round A, the app and B back to back, and the ratios are the medians of the rounds'
	// (their lowest and highest printed beside, to show how noisy the run was). Beside requests per
	// second, the CPU per request of each server with its database backends: on a machine that other
	// work keeps busy, the steadier measure of what a page costs (bench/support/cpu.ts).
	const database = new URL(demo.url).pathname.slice(1);
	const appServer = { pid: app.pid, role: "lianxi_app", database };
	const bServer = { pid: baselineB.pid, role: new URL(demo.url).username || "postgres", database };
	console.log(
		`pages: ${load.requests} requests each at concurrency ${load.concurrency}, in ${rounds} rounds of baseline A, the app and baseline B; latency over ${oneConnection} at one connection; CPU: server process and its PostgreSQL backends, per request`,
	);
	console.log(
		`${"page".padEnd(24)} ${"A/s".padStart(6)} ${"app/s".padStart(6)} ${"B/s".padStart(6)} ${"vs A".padStart(5)} ${"vs B".padStart(5)} ${"rounds".padStart(9)} ${"app ms".padStart(6)} ${"B ms".padStart(5)} ${"CPU vs B".padStart(8)} ${"rounds".padStart(9)} ${"p50".padStart(6)} ${"p90".padStart(6)} ${"B p50".padStart(6)}  target ≥ ${targets.pageVsB.toFixed(2)} × B`,
	);
	const verdict = (ratio: number) => (ratio >= targets.pageVsB ? "met" : "NOT met");
	for (const [pathname, label, headers] of pages) {
		const measured = {
			a: [] as number[],
			app: [] as number[],
			b: [] as number[],
			vsA: [] as number[],
			vsB: [] as number[],
			appCpu: [] as number[],
			bCpu: [] as number[],
			cpuVsB: [] as number[],
		};
		// throughput() sends 20 requests to warm up before the timed ones: the CPU is over all of them.
		const sent = load.requests + 20;
		for (let round = 0; round < rounds; round++) {
			const aRps = await throughput(`${baselineA.url}/`, {}, load);
			let appRps = 0;
			let bRps = 0;
			const appCpu =
				(await cpuDuring(appServer, async () => {
					appRps = await throughput(`${app.url}${pathname}`, headers, load);
				})) / sent;
			const bCpu =
				(await cpuDuring(bServer, async () => {
					bRps = await throughput(`${baselineB.url}${pathname}`, headers, load);
				})) / sent;
			measured.a.push(aRps);
			measured.app.push(appRps);
			measured.b.push(bRps);
			measured.vsA.push(appRps / aRps);
			measured.vsB.push(appRps / bRps);
			measured.appCpu.push(appCpu);
			measured.bCpu.push(bCpu);
			measured.cpuVsB.push(bCpu / appCpu);
		}
		const appLatency = await latency(`${app.url}${pathname}`, headers, oneConnection);
		const bLatency = await latency(`${baselineB.url}${pathname}`, headers, oneConnection);
		const vsB = median(measured.vsB);
		const cpuVsB = median(measured.cpuVsB);
		console.log(
			`${label.padEnd(24)} ${fmt(median(measured.a), 0, 6)} ${fmt(median(measured.app), 0, 6)} ${fmt(median(measured.b), 0, 6)} ${fmt(median(measured.vsA), 2, 5)} ${fmt(vsB, 2, 5)} ${range(measured.vsB).padStart(9)} ${fmt(median(measured.appCpu), 2, 6)} ${fmt(median(measured.bCpu), 2, 5)} ${fmt(cpuVsB, 2, 8)} ${range(measured.cpuVsB).padStart(9)} ${fmt(appLatency.p50, 1, 6)} ${fmt(appLatency.p90, 1, 6)} ${fmt(bLatency.p50, 1, 6)}  req/s ${verdict(vsB)}, CPU ${verdict(cpuVsB)}`,
		);
	}
	const postgresMemory = memoryOf(app.pid);
	await app.stop();

	console.log(
		`\nRSS on PostgreSQL: peak ${postgresMemory.peak.toFixed(0)} MB under the load above (now ${postgresMemory.rss.toFixed(0)} MB)`,
	);
	if (process.env.BENCH_QUICK !== "1") {
		// Both sides on connections that prepare their statements and pipeline, as the app's do (db/client.ts).
		const ownerPool = new pg.Pool({ connectionString: demo.url, max: 4, pipeline: true });
		const ownerPrepared = new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparedPool(ownerPool) }) });
		// In rounds too: each round both sides back to back; the median of the rounds' ratios.
		const rls = [];
		const ids = { tenant: meeting.tenant_id, meeting: meeting.id, user: staff.id };
		const cpu = { database, appRole: "lianxi_app", ownerRole: bServer.role };
		for (let round = 0; round < rounds; round++) rls.push(await rlsCost(db.app, ownerPrepared, ids, 500, cpu));
		await ownerPrepared.destroy();
		const ratios = rls.map((r) => r.ratio);
		const cpuRatios = rls.map((r) => r.cpuRatio);
		console.log(
			`RLS, the meeting page's 10 statements, one page after the other${rls.every((r) => r.oneCpu) ? " (this process and both sides' backends on one CPU)" : " (not on one CPU: taskset missing)"}: app role ${fmt(median(rls.map((r) => r.on)), 3)} ms, owner ${fmt(median(rls.map((r) => r.off)), 3)} ms per page (p50), on/off ${against(median(ratios), "≤", targets.rlsOnOff)}, rounds ${range(ratios)}; fastest tenth ${against(median(rls.map((r) => r.fastestTenthRatio)), "≤", targets.rlsOnOff)}, rounds ${range(rls.map((r) => r.fastestTenthRatio))}; CPU (this process and the backends) on/off ${against(median(cpuRatios), "≤", targets.rlsOnOff)}, rounds ${range(cpuRatios)}`,
		);

		// The embedded default: its own data directory; first start (initdb, migrations, seed), then a
		// restart and page views over the signed-in pages (bench/support/pglite-memory.ts).
		const views = Number(process.env.BENCH_PGLITE_VIEWS ?? 1000);
		const embedded = await embeddedMemory(views);
		console.log(
			`RSS on PGlite: first start (initdb and seed) peak ${embedded.firstStartPeak.toFixed(0)} MB; after a restart idle ${embedded.restartIdle.toFixed(0)} MB, peak ${against(embedded.peak, "≤", targets.pgliteMb, 0, " MB")} after ${views} page views (${embedded.rate.toFixed(0)} views/s at concurrency 4), ${embedded.end.toFixed(0)} MB at the end`,
		);
	}
} finally {
	for (const stop of stops.reverse()) await stop().catch(() => {});
	await db.close();
	await demo.drop();
}
