// Where a page's time goes in the built server (ADR 0009): runs `node --cpu-prof server.js` on a
// seeded PostgreSQL database, loads one page, and prints the server's CPU per request by what it
// was doing. Asserts nothing.
//   npm run build && npm run bench:profile -- /t/smx          (or "meeting" for a meeting page)
// PROFILE_REQUESTS (default 3000) and PROFILE_CONCURRENCY (8) set the load.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { demoMeeting, seededDemoDatabase } from "./support/demo-database.ts";
import { pagesOnly, signIn, startApp, throughput } from "./support/load.ts";

interface CallFrame {
	functionName: string;
	url: string;
}
interface CpuProfile {
	nodes: { id: number; callFrame: CallFrame; children?: number[] }[];
	samples: number[];
	timeDeltas: number[];
}

/** What a sample was doing: the first of these found anywhere on its stack, in this order. */
const categories: [name: string, test: (frame: CallFrame) => boolean][] = [
	["garbage collection", (f) => f.functionName === "(garbage collector)"],
	["idle", (f) => f.functionName === "(idle)" || f.functionName === "(program)"],
	["module loading (start-up)", (f) => /compileSourceTextModule|wrapModuleLoad|moduleStrategy/.test(f.functionName)],
	[
		"PostgreSQL client (pg, socket writes)",
		// db/prepared-pool.ts uncorks the socket itself: the writes of what was pipelined are under it.
		(f) =>
			/node_modules\/(pg|pg-protocol|pg-pool)\//.test(f.url) ||
			(f.url.includes("build/server") && f.functionName === "uncork"),
	],
	["Kysely (building, compiling)", (f) => f.url.includes("node_modules/kysely")],
	["compression", (f) => /node:zlib|node_modules\/compression/.test(f.url)],
	["loader data encoding (turbo-stream)", (f) => /encodeViaTurboStream/.test(f.functionName)],
	["route matching", (f) => /matchRoutesImpl|matchServerRoutes/.test(f.functionName)],
	["React rendering", (f) => f.url.includes("react-dom")],
	["sending the response (node:http, socket)", (f) => /_http_outgoing|_http_server/.test(f.url)],
	["app code", (f) => f.url.includes("build/server")],
	["React Router (other)", (f) => /node_modules\/(react-router|@react-router)\//.test(f.url)],
	["express", (f) => /node_modules\/(express|router|send|serve-static)\//.test(f.url)],
];

function breakdown(profile: CpuProfile) {
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const parent = new Map<number, number>();
	for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
	const tally = new Map<string, number>();
	let total = 0;
	profile.samples.forEach((sample, i) => {
		const micros = profile.timeDeltas[i] ?? 0;
		total += micros;
		let best = categories.length;
		for (let id: number | undefined = sample; id !== undefined; id = parent.get(id)) {
			const frame = byId.get(id)?.callFrame;
			if (!frame) break;
			for (let c = 0; c < best; c++) if (categories[c]?.[1](frame)) best = c;
		}
		const name = categories[best]?.[0] ?? "other";
		tally.set(name, (tally.get(name) ?? 0) + micros);
	});
	return { tally, total };
}

const target = process.argv[2] ?? "/t/smx";
const load = {
	requests: Number(process.env.PROFILE_REQUESTS ?? 3000),
	concurrency: Number(process.env.PROFILE_CONCURRENCY ?? 8),
};
const demo = await seededDemoDatabase("profile");
const profileDir = mkdtempSync(path.join(tmpdir(), "lianxi-cpuprofile-"));
try {
	const meeting = await demoMeeting(demo.db);
	await demo.db.close();
	const pathname = target === "meeting" ? `/t/smx/meetings/${meeting.id}` : target;
	const app = await startApp({ DATABASE_URL: demo.url, DATA_DIR: demo.dataDir, COOKIE_SECURE: "false", ...pagesOnly }, [
		"--cpu-prof",
		`--cpu-prof-dir=${profileDir}`,
	]);
	const headers: Record<string, string> =
		pathname === "/login" ? {} : { cookie: await signIn(app.url, "union_staff@smx.demo") };
	const rps = await throughput(`${app.url}${pathname}`, headers, load);
	// The profile is written as the process exits.
	await app.stop();
	const file = readdirSync(profileDir).find((f) => f.endsWith(".cpuprofile"));
	if (!file) throw new Error("no CPU profile was written");
	const { tally, total } = breakdown(JSON.parse(readFileSync(path.join(profileDir, file), "utf8")) as CpuProfile);
	const requests = load.requests + 20; // throughput() warms up with 20
	console.log(
		`${pathname}: ${rps.toFixed(0)} req/s under the profiler, ${load.requests} requests at ${load.concurrency}`,
	);
	console.log(`server CPU per request, by what it was doing (the whole run, start-up included):`);
	for (const [name, micros] of [...tally].sort((x, y) => y[1] - x[1])) {
		console.log(
			`${((micros / total) * 100).toFixed(1).padStart(6)} %  ${(micros / 1000 / requests).toFixed(3).padStart(7)} ms  ${name}`,
		);
	}
} finally {
	await demo.drop();
	rmSync(profileDir, { recursive: true, force: true });
}
