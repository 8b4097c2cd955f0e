// The daily reminder sweep over 1,000,000 decided matters (1,000 units × 1,000, ten years of
// deadlines; matters older than 45 days past their deadline are closed): the sweep's finding step
// against the raw indexed SQL that finds the same matters, as a ratio (target ≤ 2), on the first day
// and on a re-run of the same day (everything already sent); and the whole first sweep with its
// deliveries. Prints; asserts nothing.
//   npm run bench        (BENCH_SWEEP_UNITS × BENCH_SWEEP_MATTERS set the size)
import { sql } from "kysely";
import { openDatabase } from "#db/client.ts";
import { parseDatabaseEnv } from "#db/database-env.ts";
import { migrateToLatest } from "#db/migrate.ts";
import { createTestDatabase } from "#tests/support/test-databases.ts";
import { findDueReminders } from "#workers/reminders/find-due.ts";
import { addDays } from "#workers/reminders/reminder-calendar.ts";
import { runReminderSweep } from "#workers/reminders/reminder-sweep.ts";
import { median, range } from "./support/targets.ts";

// BENCH_QUICK=1 measures the pages only (bench/pages.ts).
if (process.env.BENCH_QUICK === "1") {
	console.log("BENCH_QUICK=1: the 1,000,000-matter reminder sweep not measured");
	process.exit(0);
}

const UNITS = Number(process.env.BENCH_SWEEP_UNITS ?? 1000);
const PER_UNIT = Number(process.env.BENCH_SWEEP_MATTERS ?? 1000);
const DAY = "2026-11-25";
const RUNS = 7;

const database = await createTestDatabase("bench_sweep");
const db = await openDatabase({ env: parseDatabaseEnv({ DATABASE_URL: database.url }) });

async function medianMs(work: () => Promise<unknown>): Promise<number> {
	const times: number[] = [];
	for (let i = 0; i < RUNS; i++) {
		const started = performance.now();
		await work();
		times.push(performance.now() - started);
	}
	return median(times);
}

/** `first` then `second`, RUNS times: the medians of each and of the runs' ratios (second / first). */
async function pairedRuns(first: () => Promise<unknown>, second: () => Promise<unknown>) {
	const firsts: number[] = [];
	const seconds: number[] = [];
	const ratios: number[] = [];
	for (let i = 0; i < RUNS; i++) {
		let started = performance.now();
		await first();
		const a = performance.now() - started;
		started = performance.now();
		await second();
		const b = performance.now() - started;
		firsts.push(a);
		seconds.push(b);
		ratios.push(b / a);
	}
	return { firstMs: median(firsts), secondMs: median(seconds), ratio: median(ratios), range: range(ratios) };
}

/** The same matters the sweep's first rule finds, by the partial index, with nothing else. */
const raw = () =>
	sql`
	select d.tenant_id, d.id, d.deadline from decided_matters d
	where d.status in ('assigned', 'in_progress')
		and (d.deadline in (${DAY}::date + 7, ${DAY}::date + 1) or d.deadline < ${DAY}::date)`.execute(db.owner);

try {
	await migrateToLatest(db.owner);
	const seeded = performance.now();
	await sql`
		insert into tenants (slug, kind, name, gov_name, union_name)
		select 'sweep-' || i, 'county', '单位' || i, '单位' || i || '政府', '单位' || i || '工会' from generate_series(1, ${UNITS}) i`.execute(
		db.owner,
	);
	await sql`insert into users (email, display_name, password_hash)
		select 'u' || r || '-' || t.slug || '@bench.example', '用户', 'x' from tenants t cross join generate_series(1, 2) r`.execute(
		db.owner,
	);
	await sql`insert into memberships (tenant_id, user_id, roles)
		select t.id, u.id, case when u.email like 'u1-%' then array['gov_office'] else array['union_staff'] end
		from tenants t join users u on u.email like '%-' || t.slug || '@bench.example'`.execute(db.owner);
	await sql`insert into departments (tenant_id, name, side, category) select id, '人社局', 'gov', 'functional' from tenants`.execute(
		db.owner,
	);
	await sql`insert into meetings (tenant_id, year, seq, kind, status, title, reason, window_from, window_to, held_on)
		select id, 2016, 1, 'regular', 'minutes_issued', '例会', '例会', '2016-01-01', '2016-12-31', '2016-03-01' from tenants`.execute(
		db.owner,
	);
	await sql`insert into minutes (tenant_id, meeting_id, status, number_year, number_seq, issued_on)
		select tenant_id, id, 'issued', 2016, 1, '2016-03-10' from meetings`.execute(db.owner);
	await sql`
		insert into decided_matters (tenant_id, minutes_id, meeting_id, seq, content, lead_department_id, deadline, status)
		select n.tenant_id, n.id, n.meeting_id, k, '议定事项' || k, d.id, x.deadline,
			case when x.deadline < ${DAY}::date - 45 then 'verified' else (array['assigned', 'in_progress'])[1 + k % 2] end
		from minutes n join departments d on d.tenant_id = n.tenant_id
		cross join generate_series(1, ${PER_UNIT}) k
		cross join lateral (select ${DAY}::date - 3650 + ((k * 7 + hashtext(n.tenant_id::text)) % 3700 + 3700) % 3700 as deadline) x`.execute(
		db.owner,
	);
	await sql`analyze`.execute(db.owner);
	const total = Number(
		(await sql<{ n: number }>`select count(*)::int as n from decided_matters`.execute(db.owner)).rows[0]?.n,
	);
	const open = Number(
		(
			await sql<{
				n: number;
			}>`select count(*)::int as n from decided_matters where status in ('assigned','in_progress')`.execute(db.owner)
		).rows[0]?.n,
	);
	console.log(
		`reminder sweep over ${total.toLocaleString("en")} decided matters in ${UNITS} units (${open.toLocaleString("en")} open), seeded in ${((performance.now() - seeded) / 1000).toFixed(1)} s; day ${DAY}, median of ${RUNS}:`,
	);

	const rawRows = (await raw()).rows.length;
	const found = (await findDueReminders(db.owner, DAY)).filter((c) => c.rule.startsWith("matter")).length;
	// Side by side, as bench/pages.ts measures in rounds: each run times the raw SQL and then the
	// finding step, and the ratio is the median of the runs' own ratios, so that the machine's speed
	// moving between the two series (ADR 0009) does not move the ratio.
	const pairs = await pairedRuns(raw, () => findDueReminders(db.owner, DAY));
	const rawMs = pairs.firstMs;
	console.log(`  raw indexed SQL: ${rawRows} matters in ${rawMs.toFixed(1)} ms`);
	console.log(
		`  the sweep's finding step (every rule, first run): ${found} matter reminders in ${pairs.secondMs.toFixed(1)} ms — ratio ${pairs.ratio.toFixed(2)} (runs ${pairs.range}; target ≤ 2: ${pairs.ratio <= 2 ? "met" : "NOT met"})`,
	);

	const started = performance.now();
	const first = await runReminderSweep(db, DAY);
	const sweepSeconds = (performance.now() - started) / 1000;
	console.log(
		`  whole first sweep: ${first.reminders} reminders, ${first.notifications} notifications with their outbox rows in ${first.units} units, ${sweepSeconds.toFixed(1)} s (${Math.round(first.notifications / sweepSeconds)} notifications/s)`,
	);
	const againMs = await medianMs(() => runReminderSweep(db, DAY));
	const again = await runReminderSweep(db, DAY);
	console.log(
		`  re-run of the same day (all sent): ${again.reminders} reminders, ${againMs.toFixed(1)} ms — ratio ${(againMs / rawMs).toFixed(2)} to the raw SQL`,
	);
	const next = addDays(DAY, 1);
	const nextStarted = performance.now();
	const nextDay = await runReminderSweep(db, next);
	console.log(
		`  the next day: ${nextDay.reminders} reminders, ${nextDay.notifications} notifications, ${((performance.now() - nextStarted) / 1000).toFixed(2)} s`,
	);
} finally {
	await db.close();
	await database.drop();
}
