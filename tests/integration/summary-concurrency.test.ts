import { sql } from "kysely";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { createTenant, openIntegrationDatabase } from "#tests/support/integration-db.ts";

/**
 * The per-unit-year summaries (unit_year_figures, topic_counts) under concurrent writers of one
 * unit and year: transactions that change topics and meetings in opposite orders neither deadlock
 * nor leave a summary computed from a snapshot that missed the other's commit.
 */
const db = await openIntegrationDatabase();
// A past year: a meeting is never recorded as held on a day after today (migration 2026-12-04T1200).
const YEAR = 2021;

async function meetingWithTopics(tenantId: string, seq: number) {
	const meeting = await db.owner
		.insertInto("meetings")
		.values({
			tenant_id: tenantId,
			year: YEAR,
			seq,
			kind: "regular",
			status: "preparing",
			title: `${YEAR}年第${seq}次联席会议`,
			reason: "年度例会",
			window_from: `${YEAR}-01-01`,
			window_to: `${YEAR}-12-31`,
		})
		.returning("id")
		.executeTakeFirstOrThrow();
	const topic = await db.owner
		.insertInto("topics")
		.values({
			tenant_id: tenantId,
			meeting_id: meeting.id,
			category: 1,
			title: `议题${seq}`,
			status: "agreed",
		} as never)
		.returning("id")
		.executeTakeFirstOrThrow();
	return { meetingId: meeting.id, topicId: topic.id };
}

describe("summaries under concurrent writers of one unit-year", () => {
	it("12 transactions in opposite orders: no deadlock, and the kept figures equal a recomputation", async () => {
		const tenant = await createTenant(db);
		const work = await Promise.all(Array.from({ length: 12 }, (_, i) => meetingWithTopics(tenant.id, i + 1)));
		const clients = await Promise.all(
			work.map(async () => {
				const client = new pg.Client({ connectionString: inject("databaseUrl") });
				await client.connect();
				return client;
			}),
		);
		try {
			const results = await Promise.allSettled(
				work.map(async ({ meetingId, topicId }, i) => {
					const client = clients[i] as pg.Client;
					const topic = () => client.query("UPDATE topics SET category = $2 WHERE id = $1", [topicId, (i % 7) + 1]);
					const meeting = () =>
						client.query("UPDATE meetings SET status = 'held', held_on = $2 WHERE id = $1", [
							meetingId,
							`${YEAR}-03-${String(10 + i).padStart(2, "0")}`,
						]);
					await client.query("BEGIN");
					// Half touch the topic first, half the meeting first; a pause lets the others interleave.
					if (i % 2 === 0) await topic();
					else await meeting();
					await client.query("SELECT pg_sleep(0.05)");
					if (i % 2 === 0) await meeting();
					else await topic();
					await client.query("COMMIT");
				}),
			);
			expect(
				results.filter((r) => r.status === "rejected").map((r) => String((r as PromiseRejectedResult).reason)),
			).toEqual([]);
		} finally {
			await Promise.all(clients.map((c) => c.end()));
		}
		const { rows } = await sql<{ kept: string; fresh: string; counts: string; fresh_counts: string }>`
			select
				row(f.regular_on, f.topics)::text as kept,
				row(
					(select min(held_on) from meetings where tenant_id = ${tenant.id} and year = ${YEAR} and kind = 'regular'),
					(select array_agg((select count(*) from topics x where x.tenant_id = ${tenant.id} and x.category = c
						and x.status = 'agreed') order by c) from generate_series(1, 7) c)
				)::text as fresh,
				(select string_agg(category || ':' || topics, ',' order by category) from topic_counts
					where tenant_id = ${tenant.id} and year = ${YEAR} and topics > 0) as counts,
				(select string_agg(category || ':' || n, ',' order by category) from (select category, count(*) as n
					from topics where tenant_id = ${tenant.id} and status = 'agreed' group by category) x) as fresh_counts
			from unit_year_figures f where f.tenant_id = ${tenant.id} and f.year = ${YEAR}`.execute(db.owner);
		expect(rows).toHaveLength(1);
		expect(rows[0]?.kept).toBe(rows[0]?.fresh);
		expect(rows[0]?.counts).toBe(rows[0]?.fresh_counts);
	});
});
