import { sql } from "kysely";
import type { Tx } from "#db/run-as.ts";
import type { MatterStatus } from "#db/schema.ts";

export interface ReportedMatter {
	content: string;
	department: string;
	deadline: string;
	status: MatterStatus;
	latest: string | null;
}

/**
 * O4 item 1 and topic category 6: the decided matters of the tenant's latest earlier meeting whose
 * minutes were issued, each with its status and latest progress at this moment.
 */
export async function previousMeetingMatters(
	tx: Tx,
	tenantId: string,
	meetingId: string | null,
): Promise<{ meeting: string | null; matters: ReportedMatter[] }> {
	const previous = await tx
		.selectFrom("meetings as m")
		.innerJoin("minutes as mi", (j) => j.onRef("mi.tenant_id", "=", "m.tenant_id").onRef("mi.meeting_id", "=", "m.id"))
		.select(["m.id", "m.title"])
		.where("m.tenant_id", "=", tenantId)
		.where("mi.status", "=", "issued")
		.$if(meetingId !== null, (q) => q.where("m.id", "<>", meetingId as string))
		.orderBy("mi.issued_on", "desc")
		.limit(1)
		.executeTakeFirst();
	if (!previous) return { meeting: null, matters: [] };
	const matters = await tx
		.selectFrom("decided_matters as d")
		.innerJoin("departments as dep", (j) =>
			j.onRef("dep.tenant_id", "=", "d.tenant_id").onRef("dep.id", "=", "d.lead_department_id"),
		)
		.select([
			"d.content",
			"dep.name as department",
			"d.deadline",
			"d.status",
			sql<
				string | null
			>`(select u.text from matter_updates u where u.tenant_id = d.tenant_id and u.matter_id = d.id and u.kind in ('progress', 'done') order by u.at desc limit 1)`.as(
				"latest",
			),
		])
		.where("d.tenant_id", "=", tenantId)
		.where("d.meeting_id", "=", previous.id)
		.orderBy("d.seq")
		.execute();
	return { meeting: previous.title, matters };
}
