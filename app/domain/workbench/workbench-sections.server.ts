import { type Kysely, sql } from "kysely";
import type { Database, Role, Side } from "#db/schema.ts";
import { hasActiveLiaison } from "../directory/liaison-reach.server.ts";
import { isOverdue } from "../matters/matter-rules.ts";
import { mayDownloadCalendar } from "../meetings/meeting-abilities.ts";
import { minutesNumber } from "../minutes/minutes-rules.ts";
import { item } from "./workbench-item.ts";
import { type BenchValues, type JsonRow, timestamp } from "./workbench-json.ts";
import { awaitsMySide, opinionAnswerableStatuses, type workbenchScope } from "./workbench-rules.ts";

/**
 * The 工作台's sections (issue #14), each a query the workbench's one statement reads as a JSON
 * list (read-workbench.server.ts), and the mapping of its rows to items. Each names the tenant, as
 * RLS lets meetings of the subtree through.
 */

type Scope = ReturnType<typeof workbenchScope>;
type TopicScope = NonNullable<Scope["topics"]>;

export function topicsSection(db: Kysely<Database>, v: BenchValues, topics: TopicScope) {
	return db
		.selectFrom("topics as t")
		.innerJoin("meetings as m", (j) => j.onRef("m.tenant_id", "=", "t.tenant_id").onRef("m.id", "=", "t.meeting_id"))
		.select([
			"t.id",
			"t.title",
			"t.created_at as since",
			"m.id as meetingId",
			"m.title as meeting",
			sql<Side[]>`array(select a.side::text from topic_agreements a
				where a.tenant_id = t.tenant_id and a.topic_id = t.id)`.as("agreed"),
		])
		.where("t.tenant_id", "=", v.tenantId)
		.where("t.status", "=", "proposed")
		.where((eb) =>
			eb.or(topics.meetings.map(({ status, kind }) => eb.and([eb("m.status", "=", status), eb("m.kind", "=", kind)]))),
		)
		.orderBy("t.created_at")
		.orderBy("t.sort_order");
}

export function topicItems(rows: JsonRow<typeof topicsSection>[], topics: TopicScope) {
	return rows
		.filter((r) => awaitsMySide(topics.sides, r.agreed))
		.map((r) =>
			item(r.id, `meetings/${r.meetingId}#topics`, r.title, r.meeting, {
				since: timestamp(r.since),
				meetingTitleIn: "context",
			}),
		);
}

export function opinionsSection(db: Kysely<Database>, v: BenchValues) {
	return db
		.selectFrom("opinion_requests as r")
		.innerJoin("department_liaisons as l", (j) =>
			j.onRef("l.tenant_id", "=", "r.tenant_id").onRef("l.department_id", "=", "r.department_id"),
		)
		.innerJoin("departments as d", (j) =>
			j.onRef("d.tenant_id", "=", "r.tenant_id").onRef("d.id", "=", "r.department_id"),
		)
		.innerJoin("topics as t", (j) => j.onRef("t.tenant_id", "=", "r.tenant_id").onRef("t.id", "=", "r.topic_id"))
		.innerJoin("meetings as m", (j) => j.onRef("m.tenant_id", "=", "t.tenant_id").onRef("m.id", "=", "t.meeting_id"))
		.select(["r.id", "r.due_on as due", "r.requested_at as since", "t.title", "d.name as department"])
		.where("r.tenant_id", "=", v.tenantId)
		.where("l.user_id", "=", v.userId)
		.where("r.answer", "is", null)
		.where("m.status", "in", opinionAnswerableStatuses)
		.orderBy("r.due_on")
		.orderBy("r.requested_at");
}

export function opinionItems(rows: JsonRow<typeof opinionsSection>[], today: string) {
	return rows.map((r) =>
		item(r.id, `opinions#op-${r.id}`, r.title, r.department, {
			due: r.due,
			since: timestamp(r.since),
			overdue: r.due < today,
		}),
	);
}

export function minutesSection(db: Kysely<Database>, v: BenchValues, statuses: Scope["minutes"]) {
	return db
		.selectFrom("minutes as mi")
		.innerJoin("meetings as m", (j) => j.onRef("m.tenant_id", "=", "mi.tenant_id").onRef("m.id", "=", "mi.meeting_id"))
		.select(["mi.id", "mi.updated_at as since", "mi.current_version as version", "m.id as meetingId", "m.title"])
		.where("mi.tenant_id", "=", v.tenantId)
		.where("mi.status", "in", statuses)
		.orderBy("mi.updated_at");
}

export function minutesItems(rows: JsonRow<typeof minutesSection>[]) {
	return rows.map((r) =>
		item(r.id, `meetings/${r.meetingId}/minutes`, r.title, `v${r.version}`, {
			since: timestamp(r.since),
			meetingTitleIn: "title",
		}),
	);
}

export function progressSection(db: Kysely<Database>, v: BenchValues, statuses: Scope["progress"]) {
	return db
		.selectFrom("decided_matters as x")
		.innerJoin("department_liaisons as l", (j) =>
			j.onRef("l.tenant_id", "=", "x.tenant_id").onRef("l.department_id", "=", "x.lead_department_id"),
		)
		.innerJoin("departments as d", (j) =>
			j.onRef("d.tenant_id", "=", "x.tenant_id").onRef("d.id", "=", "x.lead_department_id"),
		)
		.innerJoin("minutes as mi", (j) => j.onRef("mi.tenant_id", "=", "x.tenant_id").onRef("mi.id", "=", "x.minutes_id"))
		.select([
			"x.id",
			"x.content",
			"x.status",
			"x.deadline",
			"x.created_at as since",
			"d.name as department",
			"mi.number_year as numberYear",
			"mi.number_seq as numberSeq",
		])
		.where("x.tenant_id", "=", v.tenantId)
		.where("l.user_id", "=", v.userId)
		.where("x.status", "in", statuses)
		.orderBy("x.deadline")
		.orderBy("x.seq");
}

export function progressItems(rows: JsonRow<typeof progressSection>[], today: string) {
	return rows.map((r) =>
		item(r.id, `matters/${r.id}`, r.content, matterContext(r), {
			due: r.deadline,
			since: timestamp(r.since),
			overdue: isOverdue(r, today),
		}),
	);
}

export function verifySection(db: Kysely<Database>, v: BenchValues, statuses: Scope["verify"]) {
	return db
		.selectFrom("decided_matters as x")
		.innerJoin("departments as d", (j) =>
			j.onRef("d.tenant_id", "=", "x.tenant_id").onRef("d.id", "=", "x.lead_department_id"),
		)
		.innerJoin("minutes as mi", (j) => j.onRef("mi.tenant_id", "=", "x.tenant_id").onRef("mi.id", "=", "x.minutes_id"))
		.select([
			"x.id",
			"x.content",
			"x.deadline",
			"d.name as department",
			"mi.number_year as numberYear",
			"mi.number_seq as numberSeq",
			sql<Date | null>`(select max(u.at) from matter_updates u
				where u.tenant_id = x.tenant_id and u.matter_id = x.id and u.kind = 'done')`.as("since"),
		])
		.where("x.tenant_id", "=", v.tenantId)
		.where("x.status", "in", statuses)
		.orderBy(sql`"since" nulls first`)
		.orderBy("x.deadline");
}

export function verifyItems(rows: JsonRow<typeof verifySection>[]) {
	return rows.map((r) =>
		item(r.id, `matters/${r.id}`, r.content, matterContext(r), { due: r.deadline, since: timestamp(r.since) }),
	);
}

/** The scheduled meetings, each with whether this person is on its roster (and not on leave). */
export function meetingsSection(db: Kysely<Database>, v: BenchValues) {
	return db
		.selectFrom("meetings as m")
		.select([
			"m.id",
			"m.title",
			"m.status",
			"m.scheduled_start as scheduledStart",
			"m.place",
			(eb) =>
				eb
					.exists(
						eb
							.selectFrom("attendees as a")
							.select("a.id")
							.whereRef("a.tenant_id", "=", "m.tenant_id")
							.whereRef("a.meeting_id", "=", "m.id")
							.where("a.user_id", "=", v.userId)
							// O3: someone on leave is not coming; the meeting is not their work.
							.where("a.leave_reason", "is", null),
					)
					.as("onRoster"),
		])
		.where("m.tenant_id", "=", v.tenantId)
		.where("m.status", "=", "scheduled")
		.orderBy("m.scheduled_start");
}

export function meetingItems(rows: JsonRow<typeof meetingsSection>[], roles: readonly Role[], prepares: boolean) {
	return rows
		.map((m) => ({ ...m, onRoster: Boolean(m.onRoster) }))
		.filter((m) => m.onRoster || prepares)
		.map((m) =>
			item(m.id, `meetings/${m.id}`, m.title, m.place ?? "", {
				due: timestamp(m.scheduledStart),
				meetingTitleIn: "title",
				calendarPath: mayDownloadCalendar(roles, m, m.onRoster) ? `meetings/${m.id}/calendar.ics` : null,
			}),
		);
}

/** O2/O6: opinion requests and decided matters cannot reach these departments until bound. */
export function liaisonsSection(db: Kysely<Database>, v: BenchValues) {
	return db
		.selectFrom("departments as d")
		.select(["d.id", "d.name", "d.created_at as since"])
		.where("d.tenant_id", "=", v.tenantId)
		.where("d.archived_at", "is", null)
		.where(sql<boolean>`not ${hasActiveLiaison("d")}`)
		.orderBy("d.category")
		.orderBy("d.sort_order")
		.orderBy("d.name");
}

export function liaisonItems(rows: JsonRow<typeof liaisonsSection>[]) {
	return rows.map((r) => item(r.id, `departments/${r.id}`, r.name, "", {}));
}

function matterContext(r: { department: string; numberYear: number | null; numberSeq: number | null }) {
	return r.numberYear && r.numberSeq ? `${r.department} · ${minutesNumber(r.numberYear, r.numberSeq)}` : r.department;
}
