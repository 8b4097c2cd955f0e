// The statistics page's cost as the tree grows (W1–W3, ADR 0010, issue #25): p50 at one connection
// with the demo's 11 children and with 1,000 more (ten years of history each) — right after the bulk
// load (before ANALYZE) and after ANALYZE — their ratios (target ≤ 1.5), the Excel export's time, and
// the app's peak RSS after exporting at 10,000 children (target ≤ 300 MB). The 11 children are a
// second demo database with its own server, measured in rounds beside the large one (each round the
// small then the large, the ratio the median of the rounds'), so that the machine's speed, which
// moves within a run, falls on both alike. Prints; asserts nothing.
//   npm run build && npm run bench        (BENCH_SCALE sets the number of added units,
//   BENCH_EXPORT_SCALE the children of the export's measure; 0 skips it; BENCH_ROUNDS the rounds)
import { sql } from "kysely";
import { seedScale } from "#db/seed/seed-scale.ts";
import { cpuDuring } from "./support/cpu.ts";
import { seededDemoDatabase } from "./support/demo-database.ts";
import { latency, memoryOf, pagesOnly, signIn, startApp } from "./support/load.ts";
import { seedWideChildren } from "./support/seed-export-scale.ts";
import { against, median, range, targets } from "./support/targets.ts";

// BENCH_QUICK=1 measures the pages only (bench/pages.ts).
if (process.env.BENCH_QUICK === "1") {
	console.log("BENCH_QUICK=1: the statistics roll-up as the tree grows not measured");
	process.exit(0);
}

const SCALE = Number(process.env.BENCH_SCALE ?? 1000);
const EXPORT_SCALE = Number(process.env.BENCH_EXPORT_SCALE ?? 10_000);
const SAMPLES = Number(process.env.BENCH_LATENCY ?? 40);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const demo = await seededDemoDatabase("bench_rollup");
const smallDemo = await seededDemoDatabase("bench_rollup_small");
const { db } = demo;
const stops: (() => Promise<void>)[] = [];
try {
	// Beside the p50, the CPU per request of each server and its database backends (bench/support/cpu.ts):
	// on a machine that other work keeps busy, the p50 measures the scheduler as much as the page.
	const serve = async (database: typeof demo) => {
		const server = await startApp({
			DATABASE_URL: database.url,
			DATA_DIR: database.dataDir,
			COOKIE_SECURE: "false",
			...pagesOnly,
		});
		stops.push(server.stop);
		const cookie = await signIn(server.url, "gov_office@smx.demo");
		const page = `${server.url}/t/smx/reports?year=2025`;
		const counted = { pid: server.pid, role: "lianxi_app", database: new URL(database.url).pathname.slice(1) };
		// A process just started compiles, prepares its statements and draws its charts on the first
		// requests: warm it before the first measure, as the later ones find it warm.
		for (let i = 0; i < 50; i++) await (await fetch(page, { headers: { cookie } })).arrayBuffer();
		return {
			...server,
			cookie,
			page,
			/** p50 and p90 at one connection over SAMPLES requests, and the CPU per request. */
			async measure() {
				let timed = { p50: 0, p90: 0 };
				const cpu = await cpuDuring(counted, async () => {
					timed = await latency(page, { cookie }, SAMPLES);
				});
				// latency() warms up with ten requests first.
				return { ...timed, cpu: cpu / (SAMPLES + 10) };
			},
		};
	};
	const app = await serve(demo);
	const smallApp = await serve(smallDemo);
	const { cookie, page } = app;
	/** Rounds of the 11 children then the large tree; medians of the rounds, and the ratios' range. */
	const compare = async () => {
		type Measure = Awaited<ReturnType<typeof app.measure>>;
		const rounds: { small: Measure; large: Measure }[] = [];
		for (let round = 0; round < ROUNDS; round++) {
			const small = await smallApp.measure();
			rounds.push({ small, large: await app.measure() });
		}
		const of = (pick: (r: (typeof rounds)[number]) => number) => median(rounds.map(pick)).toFixed(1);
		const ratios = rounds.map((r) => r.large.p50 / r.small.p50);
		const cpuRatios = rounds.map((r) => r.large.cpu / r.small.cpu);
		return `${of((r) => r.large.p50)} ms (p90 ${of((r) => r.large.p90)}) against ${of((r) => r.small.p50)} ms (p90 ${of((r) => r.small.p90)}) at 11: ratio ${against(median(ratios), "≤", targets.rollupGrowth)}, rounds ${range(ratios)}; CPU ${of((r) => r.large.cpu)} against ${of((r) => r.small.cpu)} ms/req, ratio ${median(cpuRatios).toFixed(2)}, rounds ${range(cpuRatios)}`;
	};
	const seeded = performance.now();
	// seedScale loads in steps (one transaction per 200 units), as `npm run db:seed -- --scale` does.
	await seedScale(db.owner, SCALE);
	const seedSeconds = (performance.now() - seeded) / 1000;
	// Right after the bulk load: the planner has not seen the new rows yet.
	const fresh = await compare();
	await sql`analyze`.execute(db.owner);
	const large = await compare();
	const exportOnce = async () => {
		const started = performance.now();
		const workbook = await fetch(`${app.url}/t/smx/reports/export.xlsx?year=2025`, { headers: { cookie } });
		const bytes = (await workbook.arrayBuffer()).byteLength;
		return { seconds: (performance.now() - started) / 1000, kb: bytes / 1024, status: workbook.status };
	};
	const workbook = await exportOnce();
	console.log(
		`statistics page, p50 at one connection, ${ROUNDS} rounds of the 11 children and the large tree (${SAMPLES} requests each):`,
	);
	console.log(
		`  ${11 + SCALE} children (+${SCALE} with ten years each, seeded in ${seedSeconds.toFixed(1)} s), before ANALYZE: ${fresh}`,
	);
	console.log(`  ${11 + SCALE} children, after ANALYZE: ${large}`);
	console.log(
		`Excel export at ${11 + SCALE} children: ${workbook.seconds.toFixed(2)} s, ${workbook.kb.toFixed(0)} KB (HTTP ${workbook.status})`,
	);
	let memory = memoryOf(app.pid);
	console.log(
		`app RSS at ${11 + SCALE} children: now ${memory.rss.toFixed(0)} MB, peak ${memory.peak.toFixed(0)} MB (target ≤ 300 MB)`,
	);
	if (EXPORT_SCALE > SCALE) {
		const more = performance.now();
		// One year of history each (ten, as above, would take most of an hour to load).
		await seedWideChildren(db.owner, EXPORT_SCALE - SCALE, 2025);
		await sql`analyze`.execute(db.owner);
		const moreSeconds = (performance.now() - more) / 1000;
		const big = await exportOnce();
		const bigPage = await latency(page, { cookie }, Math.min(SAMPLES, 10));
		memory = memoryOf(app.pid);
		console.log(
			`Excel export at ${11 + EXPORT_SCALE} children (+${EXPORT_SCALE - SCALE} with one year each, seeded in ${moreSeconds.toFixed(1)} s): ${big.seconds.toFixed(2)} s, ${big.kb.toFixed(0)} KB (HTTP ${big.status}); page p50 ${bigPage.p50.toFixed(1)} ms`,
		);
		console.log(
			`app RSS after it: now ${memory.rss.toFixed(0)} MB, peak ${memory.peak.toFixed(0)} MB (target ≤ 300 MB)`,
		);
	}
} finally {
	for (const stop of stops) await stop().catch(() => {});
	await db.close();
	await demo.drop();
	await smallDemo.db.close();
	await smallDemo.drop();
}
