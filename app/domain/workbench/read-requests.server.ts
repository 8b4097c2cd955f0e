import { type Kysely, sql } from "kysely";
import type { Database, MatterStatus, Side } from "#db/schema.ts";
import { isOverdue, supervisionOverdue } from "../matters/matter-rules.ts";
import { item } from "./workbench-item.ts";
import { type BenchValues, type JsonRow, timestamp } from "./workbench-json.ts";
import type { RequestAct, workbenchScope } from "./workbench-rules.ts";

type Scope = ReturnType<typeof workbenchScope>;

/**
 * O1: meeting requests waiting for this person's act — a draft to submit (union side), a regular
 * request to accept, an extraordinary one to consent to while their side has not answered yet.
 * A section of the workbench's one statement (read-workbench.server.ts): only when `scope.requests` has states.
 */
export function requestsSection(db: Kysely<Database>, v: BenchValues, scope: Scope) {
	return db
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
		.where("m.tenant_id", "=", v.tenantId)
		.where((eb) =>
			eb.or(scope.requests.map(({ status, kind }) => eb.and([eb("m.status", "=", status), eb("m.kind", "=", kind)]))),
		)
		.orderBy("m.updated_at");
}

export function requestItems(rows: JsonRow<typeof requestsSection>[], scope: Scope) {
	return rows.flatMap((r) => {
		const act = scope.requests.find((q) => q.status === r.status && q.kind === r.kind)?.act as RequestAct;
		if (act === "consent" && (scope.consentSide === null || r.answered.includes(scope.consentSide))) return [];
		return [item(r.id, `meetings/${r.id}`, r.title, "", { since: timestamp(r.since), act, meetingTitleIn: "title" })];
	});
}

/** O6: decided matters whose newest extension record is a request, for the leaders who grant or refuse it. */
export function extensionsSection(db: Kysely<Database>, v: BenchValues, statuses: MatterStatus[]) {
	return db
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
		.where("x.tenant_id", "=", v.tenantId)
		.where("x.status", "in", statuses)
		.where("last.kind", "=", "extension_requested")
		.orderBy("last.at");
}

export function extensionItems(rows: JsonRow<typeof extensionsSection>[], today: string) {
	return rows.map((r) =>
		item(r.id, `matters/${r.id}`, r.content, r.department, {
			due: r.deadline,
			since: timestamp(r.since),
			overdue: isOverdue(r, today),
			newDeadline: r.newDeadline,
		}),
	);
}

/**
 * O6: 督办 notices to the lead departments this person is the liaison of that still wait for their
 * written reply, the earliest reply-by day first.
 */
export function repliesSection(db: Kysely<Database>, v: BenchValues) {
	return db
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
		.where("u.tenant_id", "=", v.tenantId)
		.where("u.kind", "=", "supervision")
		.where("l.user_id", "=", v.userId)
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
		.orderBy("u.at");
}

export function replyItems(rows: JsonRow<typeof repliesSection>[], today: string) {
	return rows.map((r) =>
		item(r.id, `matters/${r.matterId}`, r.content, r.department, {
			due: r.replyBy,
			since: timestamp(r.since),
			overdue: supervisionOverdue({ replyBy: r.replyBy, replied: false }, today),
		}),
	);
}
