// The statistics page's cost as the tree grows (W1–W3, ADR 0010): p50 at one connection with the
// demo's 11 children and again after adding 1,000 more (ten years of history each), their ratio
// (target ≤ 1.5), the Excel export's time, and the app's peak RSS (target ≤ 300 MB). Prints; asserts nothing.
//   npm run build && npm run bench        (BENCH_SCALE sets the number of added units)
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { hashPassword } from "#app/domain/auth/password.server.ts";
import { localFileStore } from "#app/lib/file-store.server.ts";
import { openDatabase } from "#db/client.ts";
import { parseDatabaseEnv } from "#db/database-env.ts";
import { migrateToLatest } from "#db/migrate.ts";
import { seedDemo } from "#db/seed/seed-demo.ts";
import { seedScale } from "#db/seed/seed-scale.ts";
import { createTestDatabase } from "#tests/support/test-databases.ts";
import { latency, memoryOf, signIn, startApp } from "./support/load.ts";

const SCALE = Number(process.env.BENCH_SCALE ?? 1000);
const SAMPLES = Number(process.env.BENCH_LATENCY ?? 40);
const database = await createTestDatabase("bench_rollup");
const dataDir = mkdtempSync(path.join(tmpdir(), "lianxi-bench-rollup-"));
const db = await openDatabase({ env: parseDatabaseEnv({ DATABASE_URL: database.url }) });
let stop: (() => Promise<void>) | undefined;
try {
	await migrateToLatest(db.owner);
	await seedDemo(db.owner, { hashPassword, files: localFileStore(path.join(dataDir, "files")) });
	const app = await startApp({ DATABASE_URL: database.url, DATA_DIR: dataDir, COOKIE_SECURE: "false" });
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
	await database.drop();
	rmSync(dataDir, { recursive: true, force: true });
}
