import { type Kysely, sql } from "kysely";
import type { Actor } from "#app/domain/actor.ts";
import { runAs } from "#db/run-as.ts";
import type { Database, Role, Side } from "#db/schema.ts";
import { hasActiveLiaison } from "../directory/liaison-reach.server.ts";
import { isOverdue } from "../matters/matter-rules.ts";
import { mayDownloadCalendar } from "../meetings/meeting-abilities.ts";
import { minutesNumber } from "../minutes/minutes-rules.ts";
import { readReportWork } from "./read-report-work.server.ts";
import { readExtensionRequests, readRequests, readSupervisionReplies } from "./read-requests.server.ts";
import { item, type WorkbenchItem } from "./workbench-item.ts";
import { awaitsMySide, opinionAnswerableStatuses, type WorkbenchGroup, workbenchScope } from "./workbench-rules.ts";

export type Workbench = Record<WorkbenchGroup, WorkbenchItem[] | null>;

/**
 * The signed-in person's own open work in this tenant (issue #14), each group only for roles the
 * rules let act on it (null: not theirs to do), oldest or most overdue first. One transaction as
 * the app role; each statement names the tenant, as RLS lets meetings of the subtree through.
 */
export function readWorkbench(db: Kysely<Database>, actor: Actor, roles: readonly Role[], today: string) {
	const scope = workbenchScope(roles);
	return runAs(db, actor, async (tx): Promise<Workbench> => {
		const tenantId = actor.tenantId;
		const bench: Workbench = {
			requests: null,
			reportFill: null,
			reportApprove: null,
			reportReview: null,
			extensions: null,
			replies: null,
			topics: null,
			opinions: null,
			minutes: null,
			progress: null,
			verify: null,
			meetings: [],
			liaisons: null,
		};
		const sections: Promise<void>[] = [
			readRequests(tx, tenantId, scope).then((rows) => {
				bench.requests = rows;
			}),
			readExtensionRequests(tx, tenantId, scope.extensions, today).then((rows) => {
				bench.extensions = rows;
			}),
			readSupervisionReplies(tx, tenantId, actor.userId, scope.replies, today).then((rows) => {
				bench.replies = rows;
			}),
			// Issue #22: report requests to fill in, to approve (单位审核) and to review.
			readReportWork(tx, tenantId, roles, today).then((work) => {
				Object.assign(bench, work);
			}),
		];

		const topicScope = scope.topics;
		if (topicScope)
			sections.push(
				(async () => {
					const rows = await tx
						.selectFrom("topics as t")
						.innerJoin("meetings as m", (j) =>
							j.onRef("m.tenant_id", "=", "t.tenant_id").onRef("m.id", "=", "t.meeting_id"),
						)
						.select([
							"t.id",
							"t.title",
							"t.created_at as since",
							"m.id as meetingId",
							"m.title as meeting",
							sql<Side[]>`array(select a.side::text from topic_agreements a
						where a.tenant_id = t.tenant_id and a.topic_id = t.id)`.as("agreed"),
						])
						.where("t.tenant_id", "=", tenantId)
						.where("t.status", "=", "proposed")
						.where((eb) =>
							eb.or(
								topicScope.meetings.map(({ status, kind }) =>
									eb.and([eb("m.status", "=", status), eb("m.kind", "=", kind)]),
								),
							),
						)
						.orderBy("t.created_at")
						.orderBy("t.sort_order")
						.execute();
					bench.topics = rows
						.filter((r) => awaitsMySide(topicScope.sides, r.agreed))
						.map((r) =>
							item(r.id, `meetings/${r.meetingId}#topics`, r.title, r.meeting, {
								since: r.since,
								meetingTitleIn: "context",
							}),
						);
				})(),
			);

		if (scope.opinions)
			sections.push(
				(async () => {
					const rows = await tx
						.selectFrom("opinion_requests as r")
						.innerJoin("department_liaisons as l", (j) =>
							j.onRef("l.tenant_id", "=", "r.tenant_id").onRef("l.department_id", "=", "r.department_id"),
						)
						.innerJoin("departments as d", (j) =>
							j.onRef("d.tenant_id", "=", "r.tenant_id").onRef("d.id", "=", "r.department_id"),
						)
						.innerJoin("topics as t", (j) =>
							j.onRef("t.tenant_id", "=", "r.tenant_id").onRef("t.id", "=", "r.topic_id"),
						)
						.innerJoin("meetings as m", (j) =>
							j.onRef("m.tenant_id", "=", "t.tenant_id").onRef("m.id", "=", "t.meeting_id"),
						)
						.select(["r.id", "r.due_on as due", "r.requested_at as since", "t.title", "d.name as department"])
						.where("r.tenant_id", "=", tenantId)
						.where("l.user_id", "=", actor.userId)
						.where("r.answer", "is", null)
						.where("m.status", "in", opinionAnswerableStatuses)
						.orderBy("r.due_on")
						.orderBy("r.requested_at")
						.execute();
					bench.opinions = rows.map((r) =>
						item(r.id, `opinions#op-${r.id}`, r.title, r.department, {
							due: r.due,
							since: r.since,
							overdue: r.due < today,
						}),
					);
				})(),
			);

		if (scope.minutes.length > 0)
			sections.push(
				(async () => {
					const rows = await tx
						.selectFrom("minutes as mi")
						.innerJoin("meetings as m", (j) =>
							j.onRef("m.tenant_id", "=", "mi.tenant_id").onRef("m.id", "=", "mi.meeting_id"),
						)
						.select([
							"mi.id",
							"mi.updated_at as since",
							"mi.current_version as version",
							"m.id as meetingId",
							"m.title",
						])
						.where("mi.tenant_id", "=", tenantId)
						.where("mi.status", "in", scope.minutes)
						.orderBy("mi.updated_at")
						.execute();
					bench.minutes = rows.map((r) =>
						item(r.id, `meetings/${r.meetingId}/minutes`, r.title, `v${r.version}`, {
							since: r.since,
							meetingTitleIn: "title",
						}),
					);
				})(),
			);

		if (scope.progress.length > 0)
			sections.push(
				(async () => {
					const rows = await tx
						.selectFrom("decided_matters as x")
						.innerJoin("department_liaisons as l", (j) =>
							j.onRef("l.tenant_id", "=", "x.tenant_id").onRef("l.department_id", "=", "x.lead_department_id"),
						)
						.innerJoin("departments as d", (j) =>
							j.onRef("d.tenant_id", "=", "x.tenant_id").onRef("d.id", "=", "x.lead_department_id"),
						)
						.innerJoin("minutes as mi", (j) =>
							j.onRef("mi.tenant_id", "=", "x.tenant_id").onRef("mi.id", "=", "x.minutes_id"),
						)
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
						.where("x.tenant_id", "=", tenantId)
						.where("l.user_id", "=", actor.userId)
						.where("x.status", "in", scope.progress)
						.orderBy("x.deadline")
						.orderBy("x.seq")
						.execute();
					bench.progress = rows.map((r) =>
						item(r.id, `matters/${r.id}`, r.content, matterContext(r), {
							due: r.deadline,
							since: r.since,
							overdue: isOverdue(r, today),
						}),
					);
				})(),
			);

		if (scope.verify.length > 0)
			sections.push(
				(async () => {
					const rows = await tx
						.selectFrom("decided_matters as x")
						.innerJoin("departments as d", (j) =>
							j.onRef("d.tenant_id", "=", "x.tenant_id").onRef("d.id", "=", "x.lead_department_id"),
						)
						.innerJoin("minutes as mi", (j) =>
							j.onRef("mi.tenant_id", "=", "x.tenant_id").onRef("mi.id", "=", "x.minutes_id"),
						)
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
						.where("x.tenant_id", "=", tenantId)
						.where("x.status", "in", scope.verify)
						.orderBy(sql`"since" nulls first`)
						.orderBy("x.deadline")
						.execute();
					bench.verify = rows.map((r) =>
						item(r.id, `matters/${r.id}`, r.content, matterContext(r), { due: r.deadline, since: r.since }),
					);
				})(),
			);

		sections.push(
			(async () => {
				const meetings = await tx
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
										.where("a.user_id", "=", actor.userId)
										// O3: someone on leave is not coming; the meeting is not their work.
										.where("a.leave_reason", "is", null),
								)
								.as("onRoster"),
					])
					.where("m.tenant_id", "=", tenantId)
					.where("m.status", "=", "scheduled")
					.orderBy("m.scheduled_start")
					.execute();
				bench.meetings = meetings
					.map((m) => ({ ...m, onRoster: Boolean(m.onRoster) }))
					.filter((m) => m.onRoster || scope.prepares)
					.map((m) =>
						item(m.id, `meetings/${m.id}`, m.title, m.place ?? "", {
							due: m.scheduledStart,
							meetingTitleIn: "title",
							calendarPath: mayDownloadCalendar(roles, m, m.onRoster) ? `meetings/${m.id}/calendar.ics` : null,
						}),
					);
			})(),
		);
		if (scope.liaisons)
			sections.push(
				(async () => {
					// O2/O6: opinion requests and decided matters cannot reach these departments until bound.
					const rows = await tx
						.selectFrom("departments as d")
						.select(["d.id", "d.name", "d.created_at as since"])
						.where("d.tenant_id", "=", tenantId)
						.where("d.archived_at", "is", null)
						.where(sql<boolean>`not ${hasActiveLiaison("d")}`)
						.orderBy("d.category")
						.orderBy("d.sort_order")
						.orderBy("d.name")
						.execute();
					bench.liaisons = rows.map((r) => item(r.id, `departments/${r.id}`, r.name, "", {}));
				})(),
			);

		// The sections read side by side: their statements share round trips (ADR 0009).
		await Promise.all(sections);
		return bench;
	});
}

function matterContext(r: { department: string; numberYear: number | null; numberSeq: number | null }) {
	return r.numberYear && r.numberSeq ? `${r.department} · ${minutesNumber(r.numberYear, r.numberSeq)}` : r.department;
}
