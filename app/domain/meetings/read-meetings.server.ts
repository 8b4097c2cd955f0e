import { type Kysely, sql } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import type { Actor } from "#app/domain/actor.ts";
import { runAs } from "#db/run-as.ts";
import type { Database } from "#db/schema.ts";
import { numberedAgenda } from "./agenda-order.ts";
import { previousMeetingMatters, type ReportedMatter } from "./previous-matters.server.ts";

/** The tenant's meetings, newest first, with their topic counts. */
export function listMeetings(db: Kysely<Database>, actor: Actor) {
	return runAs(db, actor, (tx) =>
		tx
			.selectFrom("meetings as m")
			.select([
				"m.id",
				"m.year",
				"m.seq",
				"m.kind",
				"m.status",
				"m.title",
				"m.window_from as windowFrom",
				"m.scheduled_start as scheduledStart",
				"m.held_on as heldOn",
				(eb) =>
					eb
						.selectFrom("topics as t")
						.select(sql<number>`count(*)::int`.as("n"))
						.whereRef("t.tenant_id", "=", "m.tenant_id")
						.whereRef("t.meeting_id", "=", "m.id")
						.where("t.status", "<>", "withdrawn")
						.as("topicCount"),
				(eb) =>
					eb
						.selectFrom("publicity as p")
						.select(sql<number>`count(*)::int`.as("n"))
						.whereRef("p.tenant_id", "=", "m.tenant_id")
						.whereRef("p.meeting_id", "=", "m.id")
						.as("publicityCount"),
			])
			.where("m.tenant_id", "=", actor.tenantId)
			.orderBy("m.year", "desc")
			.orderBy("m.seq", "desc")
			.execute(),
	);
}

/** One meeting with what its page shows: decisions of both sides and the agenda. */
export function readMeeting(db: Kysely<Database>, actor: Actor, meetingId: string) {
	return runAs(db, actor, async (tx) => {
		// The meeting with its consents, agenda and publicity in one statement (ADR 0009).
		const row = await tx
			.selectFrom("meetings as mt")
			.selectAll("mt")
			.select((eb) => [
				jsonArrayFrom(
					eb
						.selectFrom("meeting_consents as c")
						.innerJoin("users as u", "u.id", "c.user_id")
						.select(["c.side", "c.decision", "c.reason", sql<string>`c.at`.as("at"), "u.display_name as name"])
						.where("c.tenant_id", "=", actor.tenantId)
						.whereRef("c.meeting_id", "=", "mt.id"),
				).as("consents"),
				jsonArrayFrom(
					eb
						.selectFrom("agenda_items as ai")
						.select(["ai.id", "ai.position", "ai.standard_item as standardItem", "ai.title", "ai.snapshot"])
						.where("ai.tenant_id", "=", actor.tenantId)
						.whereRef("ai.meeting_id", "=", "mt.id")
						.orderBy("ai.position"),
				).as("agenda"),
				jsonArrayFrom(
					eb
						.selectFrom("publicity as p")
						.select(["p.id", "p.channel", "p.title", "p.link", "p.published_on as publishedOn"])
						.where("p.tenant_id", "=", actor.tenantId)
						.whereRef("p.meeting_id", "=", "mt.id")
						.orderBy("p.published_on"),
				).as("publicity"),
			])
			.where("mt.tenant_id", "=", actor.tenantId)
			.where("mt.id", "=", meetingId)
			.executeTakeFirst();
		if (!row) return null;
		const { consents: consentRows, agenda, publicity, ...meeting } = row;
		const consents = consentRows.map((c) => ({ ...c, at: new Date(c.at) }));
		const item1 = agenda.find((a) => a.standardItem === 1);
		// Frozen as reported on the day once the meeting is held; live before.
		const reported = (item1?.snapshot as { meeting?: string | null; matters?: ReportedMatter[] } | null) ?? null;
		const previous = reported?.matters
			? { meeting: reported.meeting ?? null, matters: reported.matters }
			: await previousMeetingMatters(tx, actor.tenantId, meetingId);
		// O4: numbered 1, 2, 3, 3.1 … (items added by people), 4 last.
		return { meeting, consents, agenda: numberedAgenda(agenda), publicity, previous };
	});
}
