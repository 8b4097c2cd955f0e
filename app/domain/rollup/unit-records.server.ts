import { type Kysely, sql } from "kysely";
import { runAs } from "#db/run-as.ts";
import type { Database, MatterStatus, MeetingKind, MeetingStatus, TenantKind } from "#db/schema.ts";
import { minutesNumber } from "../minutes/minutes-rules.ts";
import { publishedMatter, publishedMeeting, publishedMinutes } from "../publishing/published-upward.ts";

interface UnitRecords {
	unit: { id: string; name: string; kind: TenantKind; parentId: string | null };
	meetings: {
		id: string;
		year: number;
		kind: MeetingKind;
		status: MeetingStatus;
		title: string;
		heldOn: string | null;
	}[];
	minutes: { meetingId: string; number: string; issuedOn: string }[];
	matters: {
		id: string;
		meetingTitle: string;
		content: string;
		department: string | null;
		deadline: string;
		status: MatterStatus;
		closedOn: string | null;
	}[];
	publicity: { meetingId: string; title: string; channel: string; publishedOn: string; link: string | null }[];
}

/**
 * What one unit of the reader's subtree publishes upward (ADR 0005, W1–W3): its published meetings'
 * titles, states and dates, its issued minutes' numbers, the decided matters of those minutes and
 * their progress state, and its publicity — read-only, newest first. Row-level security decides for
 * a unit below (outside the subtree: not found; drafts, requests not accepted, topics, reviews and
 * progress reports are never read); the reader's own unit, which row-level security shows whole, is
 * filtered by the same definition (published-upward.ts), so the page shows what goes up.
 */
export async function readUnitRecords(
	db: Kysely<Database>,
	actor: { userId: string; tenantId: string },
	unitId: string,
): Promise<UnitRecords | null> {
	return runAs(db, actor, async (tx) => {
		const unit = await tx
			.selectFrom("tenants")
			.select(["id", "name", "kind", "parent_id as parentId"])
			.where("id", "=", unitId)
			.where(sql<boolean>`path <@ (select path from tenants where id = ${actor.tenantId})`)
			.executeTakeFirst();
		if (!unit) return null;
		const meetings = await tx
			.selectFrom("meetings")
			.select(["id", "year", "kind", "status", "title", "held_on as heldOn"])
			.where("tenant_id", "=", unitId)
			.where(publishedMeeting("meetings"))
			.orderBy("year", "desc")
			.orderBy("seq", "desc")
			.execute();
		const minutes = await tx
			.selectFrom("minutes")
			.select(["meeting_id as meetingId", "number_year", "number_seq", "issued_on"])
			.where("tenant_id", "=", unitId)
			.where(publishedMinutes("minutes"))
			.execute();
		const matters = await tx
			.selectFrom("decided_matters as d")
			.innerJoin("meetings as m", (j) => j.onRef("m.tenant_id", "=", "d.tenant_id").onRef("m.id", "=", "d.meeting_id"))
			.select(["d.id", "m.title as meetingTitle", "d.content", "d.deadline", "d.status", "d.closed_on as closedOn"])
			.select(sql<string | null>`app_matter_department_name(d.tenant_id, d.lead_department_id)`.as("department"))
			.where("d.tenant_id", "=", unitId)
			.where(publishedMatter("d"))
			.where(publishedMeeting("m"))
			.orderBy("m.year", "desc")
			.orderBy("d.seq")
			.execute();
		const publicity = await tx
			.selectFrom("publicity as p")
			.innerJoin("meetings as m", (j) => j.onRef("m.tenant_id", "=", "p.tenant_id").onRef("m.id", "=", "p.meeting_id"))
			.select(["p.meeting_id as meetingId", "p.title", "p.channel", "p.published_on as publishedOn", "p.link"])
			.where("p.tenant_id", "=", unitId)
			.where(publishedMeeting("m"))
			.orderBy("p.published_on", "desc")
			.execute();
		return {
			unit,
			meetings,
			minutes: minutes.map((n) => ({
				meetingId: n.meetingId,
				number: minutesNumber(n.number_year as number, n.number_seq as number),
				issuedOn: n.issued_on as string,
			})),
			matters: matters.map((m) => ({ ...m, closedOn: m.closedOn as string | null })),
			publicity,
		};
	});
}
