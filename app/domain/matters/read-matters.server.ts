import { type Kysely, sql } from "kysely";
import { z } from "zod";
import type { Actor } from "#app/domain/actor.ts";
import { chinaToday } from "#app/lib/china-time.ts";
import { runAs } from "#db/run-as.ts";
import type { Database } from "#db/schema.ts";
import { minutesNumber } from "../minutes/minutes-rules.ts";
import { isOverdue, supervisionOverdue } from "./matter-rules.ts";

export const boardFilterSchema = z.object({
	department: z.uuid().optional().catch(undefined),
	status: z.enum(["assigned", "in_progress", "done", "verified", "overdue"]).optional().catch(undefined),
	meeting: z.uuid().optional().catch(undefined),
	mine: z.literal("1").optional().catch(undefined),
});

type BoardFilter = z.infer<typeof boardFilterSchema>;

/** The supervision board: every live matter of the tenant, overdue first, with its latest progress. */
export function listMatters(db: Kysely<Database>, actor: Actor, filter: BoardFilter, today: string) {
	return runAs(db, actor, async (tx) => {
		let query = tx
			.selectFrom("decided_matters as m")
			.innerJoin("departments as d", (j) =>
				j.onRef("d.tenant_id", "=", "m.tenant_id").onRef("d.id", "=", "m.lead_department_id"),
			)
			.innerJoin("meetings as mt", (j) =>
				j.onRef("mt.tenant_id", "=", "m.tenant_id").onRef("mt.id", "=", "m.meeting_id"),
			)
			.innerJoin("minutes as mi", (j) =>
				j.onRef("mi.tenant_id", "=", "m.tenant_id").onRef("mi.id", "=", "m.minutes_id"),
			)
			.select([
				"m.id",
				"m.seq",
				"m.content",
				"m.status",
				"m.deadline",
				"m.lead_department_id as departmentId",
				"d.name as department",
				"mt.id as meetingId",
				"mt.title as meeting",
				"mi.number_year as numberYear",
				"mi.number_seq as numberSeq",
				(eb) =>
					eb
						.selectFrom("matter_updates as u")
						.select("u.text")
						.whereRef("u.tenant_id", "=", "m.tenant_id")
						.whereRef("u.matter_id", "=", "m.id")
						.where("u.kind", "in", ["progress", "done"])
						.orderBy("u.at", "desc")
						.limit(1)
						.as("latest"),
			])
			.where("m.tenant_id", "=", actor.tenantId);
		if (filter.department) query = query.where("m.lead_department_id", "=", filter.department);
		if (filter.meeting) query = query.where("m.meeting_id", "=", filter.meeting);
		if (filter.status && filter.status !== "overdue") query = query.where("m.status", "=", filter.status);
		if (filter.mine) {
			query = query.where((eb) =>
				eb.exists(
					eb
						.selectFrom("department_liaisons as l")
						.select("l.user_id")
						.whereRef("l.tenant_id", "=", "m.tenant_id")
						.whereRef("l.department_id", "=", "m.lead_department_id")
						.where("l.user_id", "=", actor.userId),
				),
			);
		}
		const rows = await query.orderBy("m.deadline").orderBy("m.seq").execute();
		const matters = rows
			.map((r) => ({
				...r,
				number: r.numberYear && r.numberSeq ? minutesNumber(r.numberYear, r.numberSeq) : "",
				overdue: isOverdue(r, today),
			}))
			.filter((r) => filter.status !== "overdue" || r.overdue)
			.sort((a, b) => Number(b.overdue) - Number(a.overdue));
		const departments = await tx
			.selectFrom("departments")
			.select(["id", "name"])
			.where("tenant_id", "=", actor.tenantId)
			.orderBy("category")
			.orderBy("sort_order")
			.execute();
		const meetings = await tx
			.selectFrom("meetings")
			.select(["id", "title"])
			.where("tenant_id", "=", actor.tenantId)
			.where(
				sql<boolean>`exists (select 1 from decided_matters x where x.tenant_id = meetings.tenant_id and x.meeting_id = meetings.id)`,
			)
			.orderBy("year", "desc")
			.execute();
		return { matters, departments, meetings };
	});
}

/** One matter with its whole record of updates. */
export function readMatter(db: Kysely<Database>, actor: Actor, matterId: string, today: string) {
	if (!/^[0-9a-f-]{36}$/.test(matterId)) return Promise.resolve(null);
	return runAs(db, actor, async (tx) => {
		const matter = await tx
			.selectFrom("decided_matters as m")
			.innerJoin("departments as d", (j) =>
				j.onRef("d.tenant_id", "=", "m.tenant_id").onRef("d.id", "=", "m.lead_department_id"),
			)
			.innerJoin("meetings as mt", (j) =>
				j.onRef("mt.tenant_id", "=", "m.tenant_id").onRef("mt.id", "=", "m.meeting_id"),
			)
			.select([
				"m.id",
				"m.content",
				"m.status",
				"m.deadline",
				"m.original_deadline as originalDeadline",
				"m.extended_after_overdue as extendedAfterOverdue",
				"m.co_department_ids as coIds",
				"m.lead_department_id as leadId",
				"d.name as department",
				"mt.id as meetingId",
				"mt.title as meeting",
			])
			.where("m.tenant_id", "=", actor.tenantId)
			.where("m.id", "=", matterId)
			.executeTakeFirst();
		if (!matter) return null;
		const co = matter.coIds.length
			? await tx
					.selectFrom("departments")
					.select("name")
					.where("tenant_id", "=", actor.tenantId)
					.where("id", "in", matter.coIds)
					.execute()
			: [];
		const updates = await tx
			.selectFrom("matter_updates as u")
			.innerJoin("users as p", "p.id", "u.user_id")
			.select([
				"u.id",
				"u.kind",
				"u.text",
				"u.percent",
				"u.new_deadline as newDeadline",
				"u.reply_by as replyBy",
				"u.at",
				"p.display_name as name",
			])
			.where("u.tenant_id", "=", actor.tenantId)
			.where("u.matter_id", "=", matterId)
			.orderBy("u.at", "desc")
			.execute();
		const evidence = updates.length
			? await tx
					.selectFrom("matter_update_files as l")
					.innerJoin("files as f", (j) => j.onRef("f.tenant_id", "=", "l.tenant_id").onRef("f.id", "=", "l.file_id"))
					.select(["l.update_id as updateId", "f.id", "f.original_name as name"])
					.where("l.tenant_id", "=", actor.tenantId)
					.where(
						"l.update_id",
						"in",
						updates.map((u) => u.id),
					)
					.execute()
			: [];
		// O6: each 督办's written reply by the lead department, if given.
		const notices = updates.filter((u) => u.kind === "supervision").map((u) => u.id);
		const replies = notices.length
			? await tx
					.selectFrom("supervision_replies as r")
					.innerJoin("users as p", "p.id", "r.user_id")
					.select(["r.supervision_id as supervisionId", "r.text", "r.at", "p.display_name as name"])
					.where("r.tenant_id", "=", actor.tenantId)
					.where("r.supervision_id", "in", notices)
					.execute()
			: [];
		const isLead = Boolean(
			await tx
				.selectFrom("department_liaisons")
				.select("user_id")
				.where("tenant_id", "=", actor.tenantId)
				.where("department_id", "=", matter.leadId)
				.where("user_id", "=", actor.userId)
				.executeTakeFirst(),
		);
		// O6: the newest extension record is an open request until a leader decides it.
		const lastExtension = updates.find((u) => u.kind.startsWith("extension_"));
		return {
			matter: { ...matter, co: co.map((c) => c.name), overdue: isOverdue(matter, today) },
			extensionRequest:
				lastExtension?.kind === "extension_requested" ? { newDeadline: lastExtension.newDeadline ?? "" } : null,
			updates: updates.map((u) => {
				const reply = replies.find((r) => r.supervisionId === u.id) ?? null;
				return {
					...u,
					files: evidence.filter((e) => e.updateId === u.id).map(({ id, name }) => ({ id, name })),
					reply: reply && {
						text: reply.text,
						name: reply.name,
						at: reply.at,
						late: u.replyBy !== null && chinaToday(reply.at) > u.replyBy,
					},
					replyOverdue:
						u.kind === "supervision" && supervisionOverdue({ replyBy: u.replyBy, replied: reply !== null }, today),
				};
			}),
			isLead,
		};
	});
}
