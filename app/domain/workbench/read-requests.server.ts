import { sql } from "kysely";
import type { Tx } from "#db/run-as.ts";
import type { MatterStatus, Side } from "#db/schema.ts";
import { isOverdue, supervisionOverdue } from "../matters/matter-rules.ts";
import { item } from "./workbench-item.ts";
import type { RequestAct, workbenchScope } from "./workbench-rules.ts";

type Scope = ReturnType<typeof workbenchScope>;

/**
 * O1: meeting requests waiting for this person's act — a draft to submit (union side), a regular
 * request to accept, an extraordinary one to consent to while their side has not answered yet.
 */
export async function readRequests(tx: Tx, tenantId: string, scope: Scope) {
	if (scope.requests.length === 0) return null;
	const rows = await tx
		.selectFrom("meetings as m")
		.select([
			"m.id",
			"m.title",
			"m.status",
			"m.kind",
			"m.updated_at as since",
			sql<Side[]>`array(select c.side::text from meeting_consents c
				where c.tenant_id = m.tenant_id and c.meeting_id = m.id)`.as("answered"),
		])
		.where("m.tenant_id", "=", tenantId)
		.where((eb) =>
			eb.or(scope.requests.map(({ status, kind }) => eb.and([eb("m.status", "=", status), eb("m.kind", "=", kind)]))),
		)
		.orderBy("m.updated_at")
		.execute();
	return rows.flatMap((r) => {
		const act = scope.requests.find((q) => q.status === r.status && q.kind === r.kind)?.act as RequestAct;
		if (act === "consent" && (scope.consentSide === null || r.answered.includes(scope.consentSide))) return [];
		return [item(r.id, `meetings/${r.id}`, r.title, "", { since: r.since, act, meetingTitleIn: "title" })];
	});
}

/** O6: decided matters whose newest extension record is a request, for the leaders who grant or refuse it. */
export async function readExtensionRequests(tx: Tx, tenantId: string, statuses: MatterStatus[], today: string) {
	if (statuses.length === 0) return null;
	const rows = await tx
		.selectFrom("decided_matters as x")
		.innerJoin("departments as d", (j) =>
			j.onRef("d.tenant_id", "=", "x.tenant_id").onRef("d.id", "=", "x.lead_department_id"),
		)
		.innerJoinLateral(
			(eb) =>
				eb
					.selectFrom("matter_updates as u")
					.select(["u.kind", "u.new_deadline as newDeadline", "u.at"])
					.whereRef("u.tenant_id", "=", "x.tenant_id")
					.whereRef("u.matter_id", "=", "x.id")
					.where("u.kind", "in", ["extension_requested", "extension_approved", "extension_refused"])
					.orderBy("u.at", "desc")
					.limit(1)
					.as("last"),
			(j) => j.onTrue(),
		)
		.select([
			"x.id",
			"x.content",
			"x.status",
			"x.deadline",
			"d.name as department",
			"last.newDeadline",
			"last.at as since",
		])
		.where("x.tenant_id", "=", tenantId)
		.where("x.status", "in", statuses)
		.where("last.kind", "=", "extension_requested")
		.orderBy("last.at")
		.execute();
	return rows.map((r) =>
		item(r.id, `matters/${r.id}`, r.content, r.department, {
			due: r.deadline,
			since: r.since,
			overdue: isOverdue(r, today),
			newDeadline: r.newDeadline,
		}),
	);
}

/**
 * O6: 督办 notices to the lead departments this person is the liaison of that still wait for their
 * written reply, the earliest reply-by day first.
 */
export async function readSupervisionReplies(
	tx: Tx,
	tenantId: string,
	userId: string,
	replies: boolean,
	today: string,
) {
	if (!replies) return null;
	const rows = await tx
		.selectFrom("matter_updates as u")
		.innerJoin("decided_matters as x", (j) =>
			j.onRef("x.tenant_id", "=", "u.tenant_id").onRef("x.id", "=", "u.matter_id"),
		)
		.innerJoin("department_liaisons as l", (j) =>
			j.onRef("l.tenant_id", "=", "x.tenant_id").onRef("l.department_id", "=", "x.lead_department_id"),
		)
		.innerJoin("departments as d", (j) =>
			j.onRef("d.tenant_id", "=", "x.tenant_id").onRef("d.id", "=", "x.lead_department_id"),
		)
		.select(["u.id", "u.reply_by as replyBy", "u.at as since", "x.id as matterId", "x.content", "d.name as department"])
		.where("u.tenant_id", "=", tenantId)
		.where("u.kind", "=", "supervision")
		.where("l.user_id", "=", userId)
		.where((eb) =>
			eb.not(
				eb.exists(
					eb
						.selectFrom("supervision_replies as r")
						.select("r.supervision_id")
						.whereRef("r.tenant_id", "=", "u.tenant_id")
						.whereRef("r.supervision_id", "=", "u.id"),
				),
			),
		)
		.orderBy(sql`u.reply_by nulls last`)
		.orderBy("u.at")
		.execute();
	return rows.map((r) =>
		item(r.id, `matters/${r.matterId}`, r.content, r.department, {
			due: r.replyBy,
			since: r.since,
			overdue: supervisionOverdue({ replyBy: r.replyBy, replied: false }, today),
		}),
	);
}
