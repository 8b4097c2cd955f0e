import { type Kysely, sql } from "kysely";
import type { Database } from "#db/schema.ts";
import { backendsOf, cpuDuring, onOneCpu } from "./cpu.ts";

/** The meeting page's statements (DESIGN §9: measure RLS with the same statements on both sides). */
const statements = (tenant: string, meeting: string) => [
	sql`select * from meetings where tenant_id = ${tenant} and id = ${meeting}`,
	sql`select * from topics where tenant_id = ${tenant} and meeting_id = ${meeting} order by sort_order`,
	sql`select a.* from topic_agreements a join topics t on t.tenant_id = a.tenant_id and t.id = a.topic_id
		where a.tenant_id = ${tenant} and t.meeting_id = ${meeting}`,
	sql`select r.* from opinion_requests r join topics t on t.tenant_id = r.tenant_id and t.id = r.topic_id
		where r.tenant_id = ${tenant} and t.meeting_id = ${meeting}`,
	sql`select * from attendees where tenant_id = ${tenant} and meeting_id = ${meeting} order by sort_order`,
	sql`select * from agenda_items where tenant_id = ${tenant} and meeting_id = ${meeting} order by position`,
	sql`select * from meeting_consents where tenant_id = ${tenant} and meeting_id = ${meeting}`,
	sql`select * from publicity where tenant_id = ${tenant} and meeting_id = ${meeting}`,
	sql`select id, name from departments where tenant_id = ${tenant} and archived_at is null`,
	sql`select m.user_id, m.roles from memberships m where m.tenant_id = ${tenant}`,
];

type Page = () => Promise<void>;

function pageOf(db: Kysely<Database>, prelude: ReturnType<typeof sql>, list: ReturnType<typeof statements>): Page {
	return () =>
		db.transaction().execute(async (tx) => {
			await prelude.execute(tx);
			for (const statement of list) await statement.execute(tx);
		});
}

const quantile = (sorted: number[], q: number) =>
	sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))] ?? 0;

/**
 * Milliseconds per meeting page's worth of statements: as the app role under the policies (with the
 * settings `runAs` makes) and as the owner, who bypasses RLS. Each side runs the same statements
 * with the same explicit tenant filter, in one transaction per page. The two sides alternate page by
 * page on one connection each, so that whatever else the machine is doing falls on both alike; the
 * ratio is of the medians, and the ratio of the fastest tenth is given beside it (the least
 * disturbed pages), and the ratio of CPU used (this process and the backends), which a busy machine
 * disturbs least. Where the backends are known (`cpu`), this process and both sides' backends run
 * on one CPU while the pages are timed: otherwise each page's time is mostly the wake-ups of its
 * round trips, and whether a side's backend sat on the other CPU decided the ratio (from 0.7 to 2
 * with the same statements, ADR 0009).
 */
export async function rlsCost(
	app: Kysely<Database>,
	owner: Kysely<Database>,
	ids: { tenant: string; meeting: string; user: string },
	iterations = 500,
	/** Where each side's backends are, to count their CPU too (bench/support/cpu.ts); none: wall clock only. */
	cpu?: { database: string; appRole: string; ownerRole: string },
) {
	const list = statements(ids.tenant, ids.meeting);
	const settings = sql`select set_config('role', 'lianxi_app', true), set_config('app.user_id', ${ids.user}, true),
		set_config('app.tenant_id', ${ids.tenant}, true), set_config('app.auth', '', true)`;
	const onPage = pageOf(app, settings, list);
	const offPage = pageOf(owner, sql`select 1`, list);
	for (let i = 0; i < 30; i++) {
		await onPage();
		await offPage();
	}
	// After the warm-up, so that each side's connection and backend exist.
	const restore = cpu
		? onOneCpu([process.pid, ...backendsOf(cpu.appRole, cpu.database), ...backendsOf(cpu.ownerRole, cpu.database)])
		: null;
	const on: number[] = [];
	const off: number[] = [];
	const timed = async (page: Page, into: number[]) => {
		const started = performance.now();
		await page();
		into.push(performance.now() - started);
	};
	try {
		for (let i = 0; i < iterations; i++) {
			// Which side goes first alternates too.
			if (i % 2) {
				await timed(onPage, on);
				await timed(offPage, off);
			} else {
				await timed(offPage, off);
				await timed(onPage, on);
			}
		}
	} finally {
		restore?.();
	}
	on.sort((x, y) => x - y);
	off.sort((x, y) => x - y);
	const p50 = { on: quantile(on, 0.5), off: quantile(off, 0.5) };
	const p10 = { on: quantile(on, 0.1), off: quantile(off, 0.1) };
	// CPU: this process and each side's PostgreSQL backends, over blocks of 100 pages, side after side.
	let cpuOn = 0;
	let cpuOff = 0;
	if (cpu) {
		const block = (page: Page) => async () => {
			for (let i = 0; i < 100; i++) await page();
		};
		for (let i = 0; i < Math.max(1, Math.round(iterations / 100)); i++) {
			cpuOn += await cpuDuring({ pid: process.pid, role: cpu.appRole, database: cpu.database }, block(onPage));
			cpuOff += await cpuDuring({ pid: process.pid, role: cpu.ownerRole, database: cpu.database }, block(offPage));
		}
	}
	return {
		on: p50.on,
		off: p50.off,
		ratio: p50.on / p50.off,
		fastestTenthRatio: p10.on / p10.off,
		cpuRatio: cpu ? cpuOn / cpuOff : Number.NaN,
		oneCpu: restore !== null,
	};
}
