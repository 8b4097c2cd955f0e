import type { Kysely } from "kysely";
import type { Actor } from "#app/domain/actor.ts";
import { runAs } from "#db/run-as.ts";
import type { Database, Side } from "#db/schema.ts";

interface PendingConsent {
	subjectType: "meeting_cancel" | "topic_withdraw";
	subjectId: string;
	side: Side;
	name: string;
	reason: string | null;
	at: Date;
}

/**
 * The one-side consents still waiting for the other side (P, O1, O2): a proposed cancellation of the
 * meeting and proposed withdrawals of its agreed topics. Read with the meeting page.
 */
export function readPendingConsents(db: Kysely<Database>, actor: Actor, meetingId: string): Promise<PendingConsent[]> {
	return runAs(db, actor, (tx) =>
		tx
			.selectFrom("dual_consents as c")
			.innerJoin("users as u", "u.id", "c.user_id")
			.leftJoin("topics as t", (j) => j.onRef("t.tenant_id", "=", "c.tenant_id").onRef("t.id", "=", "c.subject_id"))
			.select([
				"c.subject_type as subjectType",
				"c.subject_id as subjectId",
				"c.side",
				"u.display_name as name",
				"c.reason",
				"c.at",
			])
			.where((eb) =>
				eb.or([
					eb.and([eb("c.subject_type", "=", "meeting_cancel"), eb("c.subject_id", "=", meetingId)]),
					eb.and([
						eb("c.subject_type", "=", "topic_withdraw"),
						eb("t.meeting_id", "=", meetingId),
						eb("t.status", "!=", "withdrawn"),
					]),
				]),
			)
			.orderBy("c.at")
			.execute(),
	);
}
