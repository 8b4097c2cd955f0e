import { type Kysely, sql } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import type { Actor } from "#app/domain/actor.ts";
import { runAs } from "#db/run-as.ts";
import type { Database, MinutesStatus } from "#db/schema.ts";
import { statementTemplate } from "#db/statement-template.ts";
import { numberedAgenda } from "./agenda-order.ts";
import { previousMeetingMatters, type ReportedMatter } from "./previous-matters.server.ts";

/** The tenant's meetings, newest first, with their topic counts. */
export function listMeetings(db: Kysely<Database>, actor: Actor) {
	return runAs(db, actor, (tx) => meetingsStatement(tx, { tenant: actor.tenantId }));
}

/** The list's one statement, compiled once (ADR 0009, db/statement-template.ts). */
const meetingsStatement = statementTemplate(["tenant"], (tx: Kysely<Database>, v: { tenant: string }) =>
	tx
		.selectFrom("meetings as m")
		.select([
			"m.id",
			"m.year",
			"m.kind",
			"m.status",
			"m.title",
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
		.where("m.tenant_id", "=", v.tenant)
		.orderBy("m.year", "desc")
		.orderBy("m.seq", "desc"),
);

/**
 * One meeting with what its page shows: decisions of both sides, the agenda, the publicity, the
 * one-side consents still waiting for the other side (P, O1, O2: a proposed cancellation of the
 * meeting, proposed withdrawals of its topics not withdrawn yet) and the minutes' status.
 */
export function readMeeting(db: Kysely<Database>, actor: Actor, meetingId: string) {
	return runAs(db, actor, async (tx) => {
		const [row] = await meetingStatement(tx, { tenant: actor.tenantId, meeting: meetingId });
		if (!row) return null;
		const { consents: consentRows, agenda, publicity, pending: pendingRows, minutesStatus, ...meeting } = row;
		const consents = consentRows.map((c) => ({ ...c, at: new Date(c.at) }));
		const pending = pendingRows.map((c) => ({ ...c, at: new Date(c.at) }));
		const item1 = agenda.find((a) => a.standardItem === 1);
		// Frozen as reported on the day once the meeting is held; live before.
		const reported = (item1?.snapshot as { meeting?: string | null; matters?: ReportedMatter[] } | null) ?? null;
		const previous = reported?.matters
			? { meeting: reported.meeting ?? null, matters: reported.matters }
			: await previousMeetingMatters(tx, actor.tenantId, meetingId);
		// O4: numbered 1, 2, 3, 3.1 … (items added by people), 4 last.
		return { meeting, minutesStatus, consents, agenda: numberedAgenda(agenda), publicity, pending, previous };
	});
}

/**
 * The meeting with its consents, agenda, publicity, pending consents and minutes' status in one
 * statement (ADR 0009), compiled once; each list still under its table's row-level security.
 */
const meetingStatement = statementTemplate(
	["tenant", "meeting"],
	(tx: Kysely<Database>, v: { tenant: string; meeting: string }) =>
		tx
			.selectFrom("meetings as mt")
			.selectAll("mt")
			.select((eb) => [
				jsonArrayFrom(
					eb
						.selectFrom("meeting_consents as c")
						.innerJoin("users as u", "u.id", "c.user_id")
						.select(["c.side", "c.decision", "c.reason", sql<string>`c.at`.as("at"), "u.display_name as name"])
						.where("c.tenant_id", "=", v.tenant)
						.whereRef("c.meeting_id", "=", "mt.id"),
				).as("consents"),
				jsonArrayFrom(
					eb
						.selectFrom("agenda_items as ai")
						.select(["ai.id", "ai.position", "ai.standard_item as standardItem", "ai.title", "ai.snapshot"])
						.where("ai.tenant_id", "=", v.tenant)
						.whereRef("ai.meeting_id", "=", "mt.id")
						.orderBy("ai.position"),
				).as("agenda"),
				jsonArrayFrom(
					eb
						.selectFrom("publicity as p")
						.select(["p.id", "p.channel", "p.title", "p.link", "p.published_on as publishedOn"])
						.where("p.tenant_id", "=", v.tenant)
						.whereRef("p.meeting_id", "=", "mt.id")
						.orderBy("p.published_on"),
				).as("publicity"),
				jsonArrayFrom(
					eb
						.selectFrom("dual_consents as c")
						.innerJoin("users as u", "u.id", "c.user_id")
						.leftJoin("topics as t", (j) =>
							j.onRef("t.tenant_id", "=", "c.tenant_id").onRef("t.id", "=", "c.subject_id"),
						)
						.select([
							"c.subject_type as subjectType",
							"c.subject_id as subjectId",
							"c.side",
							"u.display_name as name",
							"c.reason",
							sql<string>`c.at`.as("at"),
						])
						.where((w) =>
							w.or([
								w.and([w("c.subject_type", "=", "meeting_cancel"), w("c.subject_id", "=", w.ref("mt.id"))]),
								w.and([
									w("c.subject_type", "=", "topic_withdraw"),
									w("t.meeting_id", "=", w.ref("mt.id")),
									w("t.status", "!=", "withdrawn"),
								]),
							]),
						)
						.orderBy("c.at"),
				).as("pending"),
				// Read only while the next step depends on it (held, minutes in review): the minutes'
				// policy computes the unit's subtree before it looks at the unit itself.
				eb
					.case()
					.when("mt.status", "in", ["held", "minutes_review"])
					.then(
						eb
							.selectFrom("minutes as mi")
							.select("mi.status")
							.whereRef("mi.tenant_id", "=", "mt.tenant_id")
							.whereRef("mi.meeting_id", "=", "mt.id"),
					)
					.end()
					.$castTo<MinutesStatus | null>()
					.as("minutesStatus"),
			])
			.where("mt.tenant_id", "=", v.tenant)
			.where("mt.id", "=", v.meeting),
);
