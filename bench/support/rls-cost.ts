import { type Kysely, sql } from "kysely";
import type { Database } from "#db/schema.ts";

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

async function timeLoop(
	db: Kysely<Database>,
	iterations: number,
	prelude: ReturnType<typeof sql> | null,
	list: ReturnType<typeof statements>,
) {
	const run = () =>
		db.transaction().execute(async (tx) => {
			if (prelude) await prelude.execute(tx);
			for (const statement of list) await statement.execute(tx);
		});
	for (let i = 0; i < 30; i++) await run();
	const started = performance.now();
	let next = 0;
	await Promise.all(
		Array.from({ length: 4 }, async () => {
			while (next++ < iterations) await run();
		}),
	);
	return (performance.now() - started) / iterations;
}

/**
 * Milliseconds per meeting page's worth of statements: as the app role under the policies (with the
 * settings `runAs` makes) and as the owner, who bypasses RLS. Each side runs the same statements
 * with the same explicit tenant filter, in one transaction per page.
 */
export async function rlsCost(
	app: Kysely<Database>,
	owner: Kysely<Database>,
	ids: { tenant: string; meeting: string; user: string },
	iterations = 500,
) {
	const list = statements(ids.tenant, ids.meeting);
	const settings = sql`select set_config('role', 'lianxi_app', true), set_config('app.user_id', ${ids.user}, true),
		set_config('app.tenant_id', ${ids.tenant}, true), set_config('app.auth', '', true)`;
	const on = await timeLoop(app, iterations, settings, list);
	const off = await timeLoop(owner, iterations, sql`select 1`, list);
	return { on, off, ratio: on / off };
}
