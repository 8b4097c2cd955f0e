import { type Kysely, sql } from "kysely";
import type { UseCaseOptions } from "#app/domain/actor.ts";
import { enforce, Refusal } from "#app/domain/refusal.ts";
import { runAs } from "#db/run-as.ts";
import type { Database } from "#db/schema.ts";
import { AppError } from "../app-error.ts";
import { recordAudit } from "../audit/record-audit.server.ts";
import { refuseUnreachable, unreachableDepartments } from "../directory/liaison-reach.server.ts";
import { opinionFiles, topicFiles } from "../files/attached-files.server.ts";
import { recordUploads, type StoredUpload } from "../files/stored-upload.ts";
import { notify } from "../notifications/notify.server.ts";
import { settleAsks } from "../notifications/resolve-notifications.server.ts";
import { checkRole } from "./meeting-rules.ts";
import { transition } from "./meeting-transitions.server.ts";
import { isOpinionOpen } from "./opinion-rules.ts";

/**
 * O2: the union asks a department for its opinion on a topic, by a due date; its liaisons are told.
 * A department without an active liaison would never see it: refused, and the administrator told.
 */
export async function requestOpinion(
	options: UseCaseOptions,
	meetingId: string,
	input: { topicId: string; departmentId: string; dueOn: string; note: string },
) {
	enforce(checkRole("request_opinion", options.actor.membership.roles));
	await refuseUnreachable(options, "opinion", async () => [input.departmentId]);
	return transition(options, meetingId, "request_opinion", async (tx, meeting) => {
		const tenantId = meeting.tenant_id;
		const topic = await tx
			.selectFrom("topics")
			.select(["id", "title"])
			.where("tenant_id", "=", tenantId)
			.where("meeting_id", "=", meetingId)
			.where("id", "=", input.topicId)
			.executeTakeFirst();
		if (!topic) throw new AppError("not_found");
		const department = await tx
			.selectFrom("departments")
			.select(["id", "name"])
			.where("tenant_id", "=", tenantId)
			.where("id", "=", input.departmentId)
			.where("archived_at", "is", null)
			.executeTakeFirst();
		if (!department) throw new Refusal({ ok: false, code: "invalid_state", reason: "meetings.error.department" });
		// Its liaison may have been unbound since the check above.
		if ((await unreachableDepartments(tx, tenantId, [department.id])).length > 0) {
			const params = { department: [department.name] };
			throw new Refusal({ ok: false, code: "invalid_state", reason: "directory.unreachable.opinion", params });
		}
		const request = await tx
			.insertInto("opinion_requests")
			.values({
				tenant_id: tenantId,
				topic_id: topic.id,
				department_id: department.id,
				due_on: input.dueOn,
				note: input.note,
				requested_by: options.actor.userId,
			})
			.onConflict((oc) =>
				oc.columns(["tenant_id", "topic_id", "department_id"]).doUpdateSet({ due_on: input.dueOn, note: input.note }),
			)
			.returning("id")
			.executeTakeFirstOrThrow();
		const liaisons = await tx
			.selectFrom("department_liaisons")
			.select("user_id")
			.where("tenant_id", "=", tenantId)
			.where("department_id", "=", department.id)
			.execute();
		const { membership } = options.actor;
		await notify(
			tx,
			{
				tenantId,
				kind: "opinion.requested",
				entityType: "opinion_request",
				entityId: request.id,
				link: `/t/${membership.tenant.slug}/opinions`,
				params: { title: topic.title, due: input.dueOn },
			},
			liaisons.map((l) => l.user_id),
			options.actor.userId,
		);
		return {
			status: "preparing",
			audit: { opinion_request: request.id, department: department.name, due_on: input.dueOn },
			result: request.id,
		};
	});
}

/** A department's liaison answers a request addressed to their department. */
export async function answerOpinion(
	{ db, actor, meta }: UseCaseOptions,
	requestId: string,
	answer: string,
	uploads: readonly StoredUpload[] = [],
) {
	const tenantId = actor.membership.tenant.id;
	if (!actor.membership.roles.includes("department_liaison")) {
		throw new Refusal({ ok: false, code: "forbidden", reason: "meetings.error.forbidden" });
	}
	return runAs(db, { userId: actor.userId, tenantId }, async (tx) => {
		const request = await tx
			.selectFrom("opinion_requests as r")
			.innerJoin("topics as t", (j) => j.onRef("t.tenant_id", "=", "r.tenant_id").onRef("t.id", "=", "r.topic_id"))
			.innerJoin("meetings as m", (j) => j.onRef("m.tenant_id", "=", "t.tenant_id").onRef("m.id", "=", "t.meeting_id"))
			.select(["r.id", "r.department_id", "r.answer", "m.status", "m.id as meetingId", "t.title", "r.requested_by"])
			.where("r.tenant_id", "=", tenantId)
			.where("r.id", "=", requestId)
			.forUpdate("r")
			.executeTakeFirst();
		if (!request) throw new AppError("not_found");
		const bound = await tx
			.selectFrom("department_liaisons")
			.select("user_id")
			.where("tenant_id", "=", tenantId)
			.where("department_id", "=", request.department_id)
			.where("user_id", "=", actor.userId)
			.executeTakeFirst();
		if (!bound) throw new Refusal({ ok: false, code: "forbidden", reason: "meetings.error.notLiaison" });
		if (!isOpinionOpen(request.status)) {
			throw new Refusal({ ok: false, code: "invalid_state", reason: "meetings.error.opinionClosed" });
		}
		await tx
			.updateTable("opinion_requests")
			.set({ answer, answered_by: actor.userId, answered_at: sql<Date>`now()` })
			.where("tenant_id", "=", tenantId)
			.where("id", "=", requestId)
			.execute();
		await settleAsks(tx, "opinion.answered", { type: "opinion_request", id: requestId });
		const fileIds = await recordUploads(tx, tenantId, actor.userId, uploads);
		if (fileIds.length > 0) {
			await tx
				.insertInto("opinion_files")
				.values(fileIds.map((file_id) => ({ tenant_id: tenantId, opinion_request_id: requestId, file_id })))
				.execute();
		}
		await recordAudit(tx, {
			tenantId,
			actorUserId: actor.userId,
			action: request.answer === null ? "opinion.answered" : "opinion.answer_revised",
			entityType: "opinion_request",
			entityId: requestId,
			after: { answer, attachments: uploads.map((u) => u.name) },
			meta,
		});
		if (request.requested_by) {
			await notify(
				tx,
				{
					tenantId,
					kind: "opinion.answered",
					entityType: "meeting",
					entityId: request.meetingId,
					link: `/t/${actor.membership.tenant.slug}/meetings/${request.meetingId}#topics`,
					params: { title: request.title },
				},
				[request.requested_by],
				actor.userId,
			);
		}
	});
}

/** The requests addressed to the departments a liaison is bound to, open ones first. */
export function listMyOpinionRequests(db: Kysely<Database>, actor: { userId: string; tenantId: string }) {
	return runAs(db, actor, async (tx) => {
		const rows = await tx
			.selectFrom("opinion_requests as r")
			.innerJoin("department_liaisons as l", (j) =>
				j.onRef("l.tenant_id", "=", "r.tenant_id").onRef("l.department_id", "=", "r.department_id"),
			)
			.innerJoin("departments as d", (j) =>
				j.onRef("d.tenant_id", "=", "r.tenant_id").onRef("d.id", "=", "r.department_id"),
			)
			.innerJoin("topics as t", (j) => j.onRef("t.tenant_id", "=", "r.tenant_id").onRef("t.id", "=", "r.topic_id"))
			.innerJoin("meetings as m", (j) => j.onRef("m.tenant_id", "=", "t.tenant_id").onRef("m.id", "=", "t.meeting_id"))
			.select([
				"r.id",
				"r.due_on as dueOn",
				"r.note",
				"r.answer",
				"r.answered_at as answeredAt",
				"d.name as department",
				"t.id as topicId",
				"t.title as topic",
				"t.category",
				// O2: the department answers on the whole topic, its files too.
				"t.background",
				"t.research",
				"t.suggestions",
				"m.title as meeting",
				"m.status as meetingStatus",
			])
			.where("r.tenant_id", "=", actor.tenantId)
			.where("l.user_id", "=", actor.userId)
			.orderBy(sql`r.answer is not null`)
			.orderBy("r.due_on")
			.execute();
		const files = await opinionFiles(
			tx,
			actor.tenantId,
			rows.map((r) => r.id),
		);
		const attached = await topicFiles(
			tx,
			actor.tenantId,
			rows.map((r) => r.topicId),
		);
		return rows.map((r) => ({ ...r, files: files.get(r.id) ?? [], topicFiles: attached.get(r.topicId) ?? [] }));
	});
}
