// Report requests as the tree grows (issue 22 §9): the tracker and the summary page of a request
// sent to the demo city's 11 children, and of the same request sent after adding 1,000 more
// children (p50 at one connection, ratio against the 11, target ≤ 1.5), and the summary Excel
// export's time and the app's peak RSS. Seven in ten units have reported in both. Both requests live
// in one database and are measured in rounds, the 11 then the 1,011 (the ratio is the median of the
// rounds', their range beside it), so that the machine's drift between measures does not land on
// the ratio (as in bench/rollup.ts). Prints; asserts nothing.
//   npm run build && npx tsx bench/report-requests.ts     (BENCH_SCALE sets the number of added units,
//   BENCH_ROUNDS the rounds)
import { type Kysely, sql } from "kysely";
import { reportFieldListSchema } from "#app/domain/report-requests/report-fields.ts";
import type { Database } from "#db/schema.ts";
import { seededDemoDatabase } from "./support/demo-database.ts";
import { latency, memoryOf, pagesOnly, signIn, startApp } from "./support/load.ts";
import { against, median, range } from "./support/targets.ts";

if (process.env.BENCH_QUICK === "1") {
	console.log("BENCH_QUICK=1: report requests as the tree grows not measured");
	process.exit(0);
}

const SCALE = Number(process.env.BENCH_SCALE ?? 1000);
const SAMPLES = Number(process.env.BENCH_LATENCY ?? 30);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** Issue 22 §9: a page at 1,011 units against the same page at 11. */
const GROWTH = 1.5;

const fields = reportFieldListSchema.parse([
	{ key: "cases", label: "协调欠薪案件", type: "integer", required: true, min: 0, unit: "件", growthRatio: 2 },
	{ key: "amount", label: "追回金额", type: "decimal", unit: "万元", scale: 2 },
	{ key: "level", label: "落实情况", type: "choice", choices: ["好", "较好", "一般"] },
	{ key: "system", label: "建立制度", type: "yes_no", required: true },
	{ key: "note", label: "情况说明", type: "text" },
]);

/**
 * A form request of the city to every direct child, 7 in 10 of them reported (set-based, as the
 * owner, the way seed-scale.ts builds its history): the same request at either size.
 */
async function cityRequest(owner: Kysely<Database>, title: string): Promise<string> {
	return owner.transaction().execute(async (tx) => {
		const city = await tx.selectFrom("tenants").select("id").where("slug", "=", "smx").executeTakeFirstOrThrow();
		const request = await sql<{ id: string }>`
			insert into report_requests (tenant_id, title, kind, period_kind, period_key, due_on, scope, fields, series_id)
			values (${city.id}, ${title}, 'form', 'year', '2026', '2027-01-31', 'children', ${JSON.stringify(fields)}::jsonb,
				gen_random_uuid())
			returning id`.execute(tx);
		const id = request.rows[0]?.id as string;
		const children = sql`(select id, row_number() over (order by slug) as n from tenants where parent_id = ${city.id})`;
		await sql`
			insert into report_targets (tenant_id, request_id, unit_id, reviewer_id, depth, status, version, reported_at, reported_on)
			select ${city.id}, ${id}, c.id, ${city.id}, 1,
				case when c.n % 10 < 7 then 'submitted' else 'not_started' end,
				case when c.n % 10 < 7 then 1 else 0 end,
				case when c.n % 10 < 7 then now() end,
				case when c.n % 10 < 7 then (now() at time zone 'Asia/Shanghai')::date end
			from ${children} c`.execute(tx);
		await sql`
			insert into report_submissions (tenant_id, request_id, unit_id, version, state, "values", reported_at)
			select ${city.id}, ${id}, c.id, 1, 'submitted',
				jsonb_build_object('cases', c.n % 50, 'amount', (c.n % 37) * 1.25,
					'level', (array['好', '较好', '一般'])[1 + c.n % 3], 'system', c.n % 2 = 0, 'note', '按期召开联席会议'),
				now()
			from ${children} c where c.n % 10 < 7`.execute(tx);
		return id;
	});
}

/**
 * More children under the city, as seed-scale.ts names them (scale-00001 …) but without their ten
 * years of history: a request's tracker and summary read the targets and the reports, not the history.
 */
async function moreChildren(owner: Kysely<Database>, units: number) {
	await sql`
		insert into tenants (slug, kind, name, gov_name, union_name, parent_id)
		select 'scale-' || lpad(i::text, 5, '0'), (array['county', 'zone', 'industry'])[1 + i % 3],
			'规模测试单位' || i, '规模测试单位' || i || '政府', '规模测试单位' || i || '工会',
			(select id from tenants where slug = 'smx')
		from generate_series(1, ${units}) i
		on conflict (slug) do nothing`.execute(owner);
}

const demo = await seededDemoDatabase("bench_report_requests");
const { db, dataDir } = demo;
let stop: (() => Promise<void>) | undefined;
try {
	// BENCH_APP_DIR: a copy of the checkout with its own build/, so that a rebuild by someone else
	// during the (long) run does not change the app under measurement.
	const here = process.cwd();
	if (process.env.BENCH_APP_DIR) process.chdir(process.env.BENCH_APP_DIR);
	const app = await startApp({ DATABASE_URL: demo.url, DATA_DIR: dataDir, COOKIE_SECURE: "false", ...pagesOnly });
	process.chdir(here);
	stop = app.stop;
	const cookie = await signIn(app.url, "gov_office@smx.demo");
	const pages = (id: string) => ({
		tracker: `${app.url}/t/smx/report-requests/${id}`,
		summary: `${app.url}/t/smx/report-requests/${id}/summary`,
	});
	// The 11 children's request is made before the 1,000 are added: its targets stay the 11.
	const small = pages(await cityRequest(db.owner, "规模测试报送（11个单位）"));
	const seeded = performance.now();
	await moreChildren(db.owner, SCALE);
	const largeId = await cityRequest(db.owner, `规模测试报送（${11 + SCALE}个单位）`);
	await sql`analyze`.execute(db.owner);
	const seedSeconds = (performance.now() - seeded) / 1000;
	const large = pages(largeId);
	// The summary's last page at 1,011 lists about as many groups (direct children that reported) as
	// the 11's one page: the same page, where the first page at 1,011 lists fifty.
	const reported = await sql<{ n: number }>`
		select count(*)::int as n from report_targets where request_id = ${largeId} and status in ('submitted', 'accepted')`.execute(
		db.owner,
	);
	const lastPage = Math.ceil((reported.rows[0]?.n ?? 1) / 50);
	const largeLast = `${large.summary}?page=${lastPage}`;
	const rounds: Record<"tracker" | "summary" | "last", { small: number[]; large: number[]; ratio: number[] }> = {
		tracker: { small: [], large: [], ratio: [] },
		summary: { small: [], large: [], ratio: [] },
		last: { small: [], large: [], ratio: [] },
	};
	for (let round = 0; round < ROUNDS; round++) {
		for (const name of ["tracker", "summary"] as const) {
			const a = (await latency(small[name], { cookie }, SAMPLES)).p50;
			const b = (await latency(large[name], { cookie }, SAMPLES)).p50;
			rounds[name].small.push(a);
			rounds[name].large.push(b);
			rounds[name].ratio.push(b / a);
			if (name === "summary") {
				const c = (await latency(largeLast, { cookie }, SAMPLES)).p50;
				rounds.last.small.push(a);
				rounds.last.large.push(c);
				rounds.last.ratio.push(c / a);
			}
		}
	}

	const started = performance.now();
	const workbook = await fetch(`${app.url}/t/smx/report-requests/${largeId}/summary.xlsx`, { headers: { cookie } });
	const bytes = (await workbook.arrayBuffer()).byteLength;
	const exportSeconds = (performance.now() - started) / 1000;
	const memory = memoryOf(app.pid);

	console.log(
		`report requests, p50 at one connection, ${ROUNDS} rounds of ${SAMPLES} requests each (7 in 10 units reported):`,
	);
	console.log(`  (+${SCALE} children, seeded with the request in ${seedSeconds.toFixed(1)} s)`);
	for (const name of ["tracker", "summary"] as const) {
		const r = rounds[name];
		console.log(
			`  ${name}: 11 children ${median(r.small).toFixed(1)} ms, ${11 + SCALE} children ${median(r.large).toFixed(1)} ms; ratio ${against(median(r.ratio), "≤", GROWTH)}, rounds ${range(r.ratio)}`,
		);
	}
	const last = rounds.last;
	console.log(
		`  summary, its last page at ${11 + SCALE} (page ${lastPage}, as many lines as the 11's): ${median(last.large).toFixed(1)} ms; ratio ${median(last.ratio).toFixed(2)}, rounds ${range(last.ratio)} (the first page lists 50 lines)`,
	);
	console.log(
		`summary Excel export at ${11 + SCALE} children: ${exportSeconds.toFixed(2)} s, ${(bytes / 1024).toFixed(0)} KB (HTTP ${workbook.status})`,
	);
	console.log(`app RSS: now ${memory.rss.toFixed(0)} MB, peak ${memory.peak.toFixed(0)} MB (target ≤ 300 MB)`);
} finally {
	await stop?.();
	await db.close();
	await demo.drop();
}
