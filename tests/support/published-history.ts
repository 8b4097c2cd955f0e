import type { DatabaseHandle } from "#db/client.ts";
import type { TenantFixture } from "./integration-db.ts";

/**
 * A unit's published history for the statistics' tests, written as the owner: a current system, the
 * year's regular meeting held on `heldOn` (with minutes issued on `issuedOn`, and then its decided
 * matters as [status, deadline]), and agreed topics of the given categories.
 */
export async function publishedHistory(
	db: DatabaseHandle,
	t: TenantFixture,
	options: {
		year: number;
		system?: boolean;
		heldOn?: string;
		issuedOn?: string;
		matters?: [string, string][];
		topics?: number[];
	},
): Promise<{ matterIds: string[]; departmentId: string | null }> {
	const o = db.owner;
	const { year } = options;
	if (options.system) {
		await o
			.insertInto("systems")
			.values({
				tenant_id: t.id,
				version: 1,
				title: "制度",
				issuing_bodies: "办公室",
				doc_number: `${t.slug}〔2024〕1号`,
				issued_on: "2024-05-01",
				effective_on: "2024-05-01",
			})
			.execute();
	}
	if (!options.heldOn) return { matterIds: [], departmentId: null };
	const meeting = await o
		.insertInto("meetings")
		.values({
			tenant_id: t.id,
			year,
			seq: 1,
			kind: "regular",
			status: options.issuedOn ? "minutes_issued" : "held",
			title: `${year}年度联席会议`,
			reason: "年度例会",
			window_from: `${year}-01-01`,
			window_to: `${year}-12-31`,
			held_on: options.heldOn,
		})
		.returning("id")
		.executeTakeFirstOrThrow();
	const department = await o
		.insertInto("departments")
		.values({ tenant_id: t.id, name: "人社局", side: "gov", category: "functional" })
		.returning("id")
		.executeTakeFirstOrThrow();
	for (const [i, category] of (options.topics ?? []).entries()) {
		await o
			.insertInto("topics")
			.values({
				tenant_id: t.id,
				meeting_id: meeting.id,
				category,
				title: `议题${i}`,
				status: "agreed",
				sort_order: i,
			} as never)
			.execute();
	}
	if (!options.issuedOn) return { matterIds: [], departmentId: department.id };
	const minutes = await o
		.insertInto("minutes")
		.values({
			tenant_id: t.id,
			meeting_id: meeting.id,
			status: "issued",
			number_year: year,
			number_seq: 1,
			issued_on: options.issuedOn,
		} as never)
		.returning("id")
		.executeTakeFirstOrThrow();
	const matterIds: string[] = [];
	for (const [i, [status, deadline]] of (options.matters ?? []).entries()) {
		const row = await o
			.insertInto("decided_matters")
			.values({
				tenant_id: t.id,
				minutes_id: minutes.id,
				meeting_id: meeting.id,
				seq: i + 1,
				content: `事项${i}`,
				lead_department_id: department.id,
				co_department_ids: [],
				deadline,
				status: status as never,
			})
			.returning("id")
			.executeTakeFirstOrThrow();
		matterIds.push(row.id);
	}
	return { matterIds, departmentId: department.id };
}
