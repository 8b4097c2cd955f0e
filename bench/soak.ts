// Soak (hardening): the built app on its own database with the demo, under a steady mixed load of
// reads and writes from several tenants and roles, on loopback. Bounded in time and rate; reports
// the error rate, p50/p90/p99 and the app's RSS at the start and the end. Not part of `npm test`.
//   npm run build && npm run soak            (10 minutes at 50 requests/s)
//   SOAK_MINUTES=2 SOAK_RATE=30 npm run soak

import { seededDemoDatabase } from "./support/demo-database.ts";
import { memoryOf, signIn, startApp } from "./support/load.ts";

const MINUTES = Number(process.env.SOAK_MINUTES ?? 10);
const RATE = Number(process.env.SOAK_RATE ?? 50);
const WARM_UP_SECONDS = Number(process.env.SOAK_WARMUP ?? 30);

const demo = await seededDemoDatabase("soak");
const { db, dataDir } = demo;
let stop: (() => Promise<void>) | undefined;
try {
	// The admin's writes rename one department back and forth: audited writes whose data stays the
	// same size, so the RSS measured is the process's, not a growing page's.
	const department = await db.owner
		.selectFrom("departments")
		.innerJoin("tenants", "tenants.id", "departments.tenant_id")
		.select(["departments.id", "departments.name", "departments.side", "departments.category"])
		.where("tenants.slug", "=", "lushi")
		.orderBy("departments.name")
		.executeTakeFirstOrThrow();
	await db.close();
	const app = await startApp({ DATABASE_URL: demo.url, DATA_DIR: dataDir, COOKIE_SECURE: "false" });
	stop = app.stop;

	// Several tenants and roles; each step is a read or a write that the role may do.
	const actors = await Promise.all(
		[
			["union_staff", "smx"],
			["gov_office", "smx"],
			["viewer", "smx"],
			["union_staff", "hubin"],
			["admin", "lushi"],
			["department_liaison", "smx"],
			["union_staff", "kuaidi"],
		].map(async ([role, slug]) => ({ slug, role, cookie: await signIn(app.url, `${role}@${slug}.demo`) })),
	);
	const reads = ["", "/meetings", "/matters", "/system", "/departments", "/notifications"];
	let written = 0;
	const step = async (i: number) => {
		const actor = actors[i % actors.length] as (typeof actors)[number];
		const headers = { cookie: actor.cookie, origin: app.url };
		if (i % 10 === 0 && actor.role === "admin") {
			// A write: the department renamed, with its audit event, in the admin's own tenant.
			written++;
			return fetch(`${app.url}/t/${actor.slug}/departments/${department.id}`, {
				method: "POST",
				headers: { ...headers, "content-type": "application/x-www-form-urlencoded" },
				body: new URLSearchParams({
					intent: "update",
					name: i % 20 === 0 ? `${department.name}（浸泡）` : department.name,
					side: department.side,
					category: department.category,
				}),
				redirect: "manual",
			});
		}
		if (i % 10 === 5) {
			// A write any member may do: switch the language (a cookie) and mark notifications read.
			return fetch(`${app.url}/t/${actor.slug}/notifications`, {
				method: "POST",
				headers: { ...headers, "content-type": "application/x-www-form-urlencoded" },
				body: new URLSearchParams({ redirectTo: `/t/${actor.slug}` }),
				redirect: "manual",
			});
		}
		return fetch(`${app.url}/t/${actor.slug}${reads[i % reads.length]}`, { headers, redirect: "manual" });
	};

	// A warm-up at the same rate, not counted: the start RSS is that of a process that has served.
	const warmUp = Date.now() + WARM_UP_SECONDS * 1000;
	for (let i = 0; Date.now() < warmUp; i++) {
		await (await step(1_000_000 + i)).arrayBuffer();
		await new Promise((r) => setTimeout(r, 1000 / RATE));
	}
	const start = memoryOf(app.pid);
	const times: number[] = [];
	let errors = 0;
	let sent = 0;
	const until = Date.now() + MINUTES * 60_000;
	const inFlight = new Set<Promise<void>>();
	console.log(
		`soak: ${MINUTES} min at ${RATE} req/s after ${WARM_UP_SECONDS} s of warm-up; RSS ${start.rss.toFixed(0)} MB`,
	);
	while (Date.now() < until) {
		const tick = Date.now();
		for (let k = 0; k < RATE / 10; k++) {
			const i = sent++;
			const started = performance.now();
			const request = step(i)
				.then(async (response) => {
					await response.arrayBuffer();
					if (response.status >= 400) errors++;
				})
				.catch(() => {
					errors++;
				})
				.finally(() => {
					times.push(performance.now() - started);
					inFlight.delete(request);
				});
			inFlight.add(request);
		}
		await new Promise((r) => setTimeout(r, Math.max(0, 100 - (Date.now() - tick))));
	}
	await Promise.all(inFlight);
	const end = memoryOf(app.pid);
	times.sort((a, b) => a - b);
	const at = (q: number) => (times[Math.min(times.length - 1, Math.floor(times.length * q))] ?? 0).toFixed(1);
	console.log(
		`requests ${sent} (${written} writes with audit), errors ${errors} (${((errors / Math.max(1, sent)) * 100).toFixed(3)} %)`,
	);
	console.log(`latency ms: p50 ${at(0.5)}, p90 ${at(0.9)}, p99 ${at(0.99)}`);
	console.log(
		`RSS: start ${start.rss.toFixed(0)} MB, end ${end.rss.toFixed(0)} MB (${(((end.rss - start.rss) / start.rss) * 100).toFixed(1)} %), peak ${end.peak.toFixed(0)} MB`,
	);
} finally {
	await stop?.();
	await demo.drop();
}
