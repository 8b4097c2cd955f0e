import { sql } from "kysely";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { createTenant, openIntegrationDatabase } from "#tests/support/integration-db.ts";
import { subtreeSumMismatches } from "#tests/support/subtree-sums.ts";

/**
 * The per-unit-year summaries (unit_year_figures, topic_counts) under concurrent writers of one
 * unit and year: transactions that change topics and meetings in opposite orders neither deadlock
 * nor leave a summary computed from a snapshot that missed the other's commit.
 */
const db = await openIntegrationDatabase();
// A past year: a meeting is never recorded as held on a day after today (migration 2026-12-04T1200).
const YEAR = 2021;

async function meetingWithTopics(tenantId: string, seq: number, year = YEAR) {
	const meeting = await db.owner
		.insertInto("meetings")
		.values({
			tenant_id: tenantId,
			year: year,
			seq,
			kind: "regular",
			status: "preparing",
			title: `${year}年第${seq}次联席会议`,
			reason: "年度例会",
			window_from: `${year}-01-01`,
			window_to: `${year}-12-31`,
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
		// The kept subtree sums (migration 2026-12-06T1100) equal a recomputation too.
		expect(await subtreeSumMismatches(db.owner)).toEqual([]);
	});

	it("12 writers of sibling units, two years each in opposite orders: no deadlock on the shared ancestors' sums", async () => {
		const city = await createTenant(db, { kind: "city" });
		const county = await createTenant(db, { kind: "county", parentId: city.id });
		const units = await Promise.all(
			Array.from({ length: 12 }, (_, i) => createTenant(db, { kind: "zone", parentId: i % 2 ? county.id : city.id })),
		);
		const work = await Promise.all(
			units.map(async (u) => [await meetingWithTopics(u.id, 1, YEAR), await meetingWithTopics(u.id, 1, YEAR - 1)]),
		);
		const clients = await Promise.all(
			work.map(async () => {
				const client = new pg.Client({ connectionString: inject("databaseUrl") });
				await client.connect();
				return client;
			}),
		);
		try {
			const results = await Promise.allSettled(
				work.map(async (pair, i) => {
					const client = clients[i] as pg.Client;
					const held = (meetingId: string, day: string) =>
						client.query("UPDATE meetings SET status = 'held', held_on = $2 WHERE id = $1", [meetingId, day]);
					const [thisYear, lastYear] = pair as unknown as [{ meetingId: string }, { meetingId: string }];
					const first = i % 2 === 0 ? thisYear : lastYear;
					const second = i % 2 === 0 ? lastYear : thisYear;
					await client.query("BEGIN");
					await held(first.meetingId, first === thisYear ? `${YEAR}-05-05` : `${YEAR - 1}-05-05`);
					await client.query("SELECT pg_sleep(0.05)");
					await held(second.meetingId, second === thisYear ? `${YEAR}-05-05` : `${YEAR - 1}-05-05`);
					await client.query("COMMIT");
				}),
			);
			expect(
				results.filter((r) => r.status === "rejected").map((r) => String((r as PromiseRejectedResult).reason)),
			).toEqual([]);
		} finally {
			await Promise.all(clients.map((c) => c.end()));
		}
		// Literal: all 12 held a regular meeting in both years; six of them are below the county.
		const { rows } = await sql<{ slug: string; year: number; regular_held: number }>`
			select case when s.tenant_id = ${city.id} then 'city' else 'county' end as slug, s.year, s.regular_held
			from unit_subtree_year_figures s where s.tenant_id in (${city.id}, ${county.id}) order by 1, 2`.execute(db.owner);
		expect(rows).toEqual([
			{ slug: "city", year: YEAR - 1, regular_held: 12 },
			{ slug: "city", year: YEAR, regular_held: 12 },
			{ slug: "county", year: YEAR - 1, regular_held: 6 },
			{ slug: "county", year: YEAR, regular_held: 6 },
		]);
		expect(await subtreeSumMismatches(db.owner)).toEqual([]);
	});
});
