// The statistics page's cost as the tree grows (W1–W3, ADR 0010): p50 at one connection with the
// demo's 11 children and again after adding 1,000 more (ten years of history each), their ratio
// (target ≤ 1.5), the Excel export's time, and the app's peak RSS (target ≤ 300 MB). Prints; asserts nothing.
//   npm run build && npm run bench        (BENCH_SCALE sets the number of added units)
import { sql } from "kysely";
import { seedScale } from "#db/seed/seed-scale.ts";
import { seededDemoDatabase } from "./support/demo-database.ts";
import { latency, memoryOf, signIn, startApp } from "./support/load.ts";

// BENCH_QUICK=1 measures the pages only (bench/pages.ts).
if (process.env.BENCH_QUICK === "1") {
	console.log("BENCH_QUICK=1: the statistics roll-up as the tree grows not measured");
	process.exit(0);
}

const SCALE = Number(process.env.BENCH_SCALE ?? 1000);
const SAMPLES = Number(process.env.BENCH_LATENCY ?? 40);
const demo = await seededDemoDatabase("bench_rollup");
const { db, dataDir } = demo;
let stop: (() => Promise<void>) | undefined;
try {
	const app = await startApp({ DATABASE_URL: demo.url, DATA_DIR: dataDir, COOKIE_SECURE: "false" });
	stop = app.stop;
	const cookie = await signIn(app.url, "gov_office@smx.demo");
	const page = `${app.url}/t/smx/reports?year=2025`;
	const small = await latency(page, { cookie }, SAMPLES);
	const seeded = performance.now();
	await seedScale(db.owner, SCALE);
	await sql`analyze`.execute(db.owner);
	const seedSeconds = (performance.now() - seeded) / 1000;
	const large = await latency(page, { cookie }, SAMPLES);
	const started = performance.now();
	const workbook = await fetch(`${app.url}/t/smx/reports/export.xlsx?year=2025`, { headers: { cookie } });
	const bytes = (await workbook.arrayBuffer()).byteLength;
	const exportSeconds = (performance.now() - started) / 1000;
	const memory = memoryOf(app.pid);
	console.log(`statistics page, p50 at one connection over ${SAMPLES} requests:`);
	console.log(`  11 children: ${small.p50.toFixed(1)} ms (p90 ${small.p90.toFixed(1)})`);
	console.log(
		`  ${11 + SCALE} children (+${SCALE} with ten years each, seeded in ${seedSeconds.toFixed(1)} s): ${large.p50.toFixed(1)} ms (p90 ${large.p90.toFixed(1)})`,
	);
	console.log(`  ratio ${(large.p50 / small.p50).toFixed(2)} (target ≤ 1.5)`);
	console.log(
		`Excel export at ${11 + SCALE} children: ${exportSeconds.toFixed(2)} s, ${(bytes / 1024).toFixed(0)} KB (HTTP ${workbook.status})`,
	);
	console.log(`app RSS: now ${memory.rss.toFixed(0)} MB, peak ${memory.peak.toFixed(0)} MB (target ≤ 300 MB)`);
} finally {
	await stop?.();
	await db.close();
	await demo.drop();
}
