// The statistics page's cost as the tree grows (W1–W3, ADR 0010, issue #25): p50 at one connection
// with the demo's 11 children and again after adding 1,000 more (ten years of history each) — right
// after the bulk load (before ANALYZE) and after ANALYZE — their ratios (target ≤ 1.5), the Excel
// export's time, and the app's peak RSS after exporting at 10,000 children (target ≤ 300 MB).
// Prints; asserts nothing.
//   npm run build && npm run bench        (BENCH_SCALE sets the number of added units,
//   BENCH_EXPORT_SCALE the children of the export's measure; 0 skips it)
import { sql } from "kysely";
import { seedScale } from "#db/seed/seed-scale.ts";
import { cpuDuring } from "./support/cpu.ts";
import { seededDemoDatabase } from "./support/demo-database.ts";
import { latency, memoryOf, pagesOnly, signIn, startApp } from "./support/load.ts";
import { seedWideChildren } from "./support/seed-export-scale.ts";

// BENCH_QUICK=1 measures the pages only (bench/pages.ts).
if (process.env.BENCH_QUICK === "1") {
	console.log("BENCH_QUICK=1: the statistics roll-up as the tree grows not measured");
	process.exit(0);
}

const SCALE = Number(process.env.BENCH_SCALE ?? 1000);
const EXPORT_SCALE = Number(process.env.BENCH_EXPORT_SCALE ?? 10_000);
const SAMPLES = Number(process.env.BENCH_LATENCY ?? 40);
const demo = await seededDemoDatabase("bench_rollup");
const { db, dataDir } = demo;
let stop: (() => Promise<void>) | undefined;
const ratio = (large: { p50: number; cpu: number }, small: { p50: number; cpu: number }) =>
	`ratio ${(large.p50 / small.p50).toFixed(2)} (target ≤ 1.5); CPU ${large.cpu.toFixed(1)} ms/req, ratio ${(large.cpu / small.cpu).toFixed(2)}`;
try {
	const app = await startApp({ DATABASE_URL: demo.url, DATA_DIR: dataDir, COOKIE_SECURE: "false", ...pagesOnly });
	stop = app.stop;
	const cookie = await signIn(app.url, "gov_office@smx.demo");
	const page = `${app.url}/t/smx/reports?year=2025`;
	// Beside the p50, the CPU per request of the server and its database backends (bench/support/cpu.ts):
	// on a machine that other work keeps busy, the p50 measures the scheduler as much as the page.
	const appServer = { pid: app.pid, role: "lianxi_app", database: new URL(demo.url).pathname.slice(1) };
	const measure = async () => {
		let timed = { p50: 0, p90: 0 };
		const cpu = await cpuDuring(appServer, async () => {
			timed = await latency(page, { cookie }, SAMPLES);
		});
		// latency() warms up with ten requests first.
		return { ...timed, cpu: cpu / (SAMPLES + 10) };
	};
	// A process just started compiles, prepares its statements and draws its charts on the first
	// requests: warm it before the first measure, as the later ones find it warm.
	for (let i = 0; i < 50; i++) await (await fetch(page, { headers: { cookie } })).arrayBuffer();
	const small = await measure();
	const seeded = performance.now();
	// seedScale loads in steps (one transaction per 200 units), as `npm run db:seed -- --scale` does.
	await seedScale(db.owner, SCALE);
	const seedSeconds = (performance.now() - seeded) / 1000;
	// Right after the bulk load: the planner has not seen the new rows yet.
	const fresh = await measure();
	await sql`analyze`.execute(db.owner);
	const large = await measure();
	const exportOnce = async () => {
		const started = performance.now();
		const workbook = await fetch(`${app.url}/t/smx/reports/export.xlsx?year=2025`, { headers: { cookie } });
		const bytes = (await workbook.arrayBuffer()).byteLength;
		return { seconds: (performance.now() - started) / 1000, kb: bytes / 1024, status: workbook.status };
	};
	const workbook = await exportOnce();
	console.log(`statistics page, p50 at one connection over ${SAMPLES} requests:`);
	console.log(
		`  11 children: ${small.p50.toFixed(1)} ms (p90 ${small.p90.toFixed(1)}), CPU ${small.cpu.toFixed(1)} ms/req`,
	);
	console.log(
		`  ${11 + SCALE} children (+${SCALE} with ten years each, seeded in ${seedSeconds.toFixed(1)} s), before ANALYZE: ${fresh.p50.toFixed(1)} ms (p90 ${fresh.p90.toFixed(1)}), ${ratio(fresh, small)}`,
	);
	console.log(
		`  ${11 + SCALE} children, after ANALYZE: ${large.p50.toFixed(1)} ms (p90 ${large.p90.toFixed(1)}), ${ratio(large, small)}`,
	);
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
	await stop?.();
	await db.close();
	await demo.drop();
}
