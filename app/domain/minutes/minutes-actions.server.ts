import { type Selectable, sql } from "kysely";
import type { UseCaseOptions } from "#app/domain/actor.ts";
import { type Denied, enforce, Refusal } from "#app/domain/refusal.ts";
import { chinaToday } from "#app/lib/china-time.ts";
import { runAs, type Tx } from "#db/run-as.ts";
import type { DraftMatter, MinutesTable, Role } from "#db/schema.ts";
import { AppError } from "../app-error.ts";
import { recordAudit } from "../audit/record-audit.server.ts";
import { refuseUnreachable, unreachableDepartments } from "../directory/liaison-reach.server.ts";
import { checkIssuedOn } from "../meetings/meeting-dates.ts";
import { notifyRolesAboutMeeting } from "../notifications/notify.server.ts";
import { settleAsks } from "../notifications/resolve-notifications.server.ts";
import {
	checkMinutesAction,
	checkMinutesSave,
	type MinutesAction,
	minutesActionRoles,
	minutesNumber,
	nextStatus,
} from "./minutes-rules.ts";

export interface MinutesDraft {
	presidedBy: string;
	body: string;
	matters: DraftMatter[];
}

async function lockMinutes(tx: Tx, tenantId: string, meetingId: string): Promise<Selectable<MinutesTable> | undefined> {
	return tx
		.selectFrom("minutes")
		.selectAll()
		.where("tenant_id", "=", tenantId)
		.where("meeting_id", "=", meetingId)
		.forUpdate()
		.executeTakeFirst();
}

function refuse(verdict: Omit<Denied, "ok">) {
	return new Refusal({ ok: false, ...verdict });
}

/** The lead departments of the minutes' current version. */
async function currentLeads(tx: Tx, tenantId: string, meetingId: string): Promise<string[]> {
	const row = await tx
		.selectFrom("minutes as m")
		.innerJoin("minutes_versions as v", (j) =>
			j
				.onRef("v.tenant_id", "=", "m.tenant_id")
				.onRef("v.minutes_id", "=", "m.id")
				.onRef("v.version", "=", "m.current_version"),
		)
		.select("v.matters")
		.where("m.tenant_id", "=", tenantId)
		.where("m.meeting_id", "=", meetingId)
		.executeTakeFirst();
	return ((row?.matters ?? []) as DraftMatter[]).map((m) => m.leadDepartmentId);
}

/** O5: union staff save the draft; every save is a new version. Minutes start once the meeting is held. */
export async function saveMinutes(options: UseCaseOptions, meetingId: string, draft: MinutesDraft) {
	const tenantId = options.actor.membership.tenant.id;
	if (!checkMinutesSave(options.actor.membership.roles, "draft", "held").ok)
		throw refuse({ code: "forbidden", reason: "minutes.error.forbidden" });
	// O6: a lead department answers for its matter through its liaison; without one it is refused.
	await refuseUnreachable(options, "matter", async () => draft.matters.map((m) => m.leadDepartmentId));
	return runAs(options.db, { userId: options.actor.userId, tenantId }, async (tx) => {
		const meeting = await tx
			.selectFrom("meetings")
			.select(["id", "status", "title"])
			.where("tenant_id", "=", tenantId)
			.where("id", "=", meetingId)
			.forUpdate()
			.executeTakeFirst();
		if (!meeting) throw new AppError("not_found");
		let minutes = await lockMinutes(tx, tenantId, meetingId);
		const verdict = checkMinutesSave(options.actor.membership.roles, minutes?.status ?? null, meeting.status);
		enforce(verdict);
		if (!minutes) {
			minutes = await tx
				.insertInto("minutes")
				.values({ tenant_id: tenantId, meeting_id: meetingId })
				.returningAll()
				.executeTakeFirstOrThrow();
		}
		const departments = await tx
			.selectFrom("departments")
			.select("id")
			.where("tenant_id", "=", tenantId)
			.where("archived_at", "is", null)
			.execute();
		const known = new Set(departments.map((d) => d.id));
		for (const matter of draft.matters) {
			if (!known.has(matter.leadDepartmentId) || matter.coDepartmentIds.some((id) => !known.has(id))) {
				throw refuse({ code: "invalid_state", reason: "minutes.error.department" });
			}
		}
		const version = minutes.current_version + 1;
		await tx
			.insertInto("minutes_versions")
			.values({
				tenant_id: tenantId,
				minutes_id: minutes.id,
				version,
				presided_by: draft.presidedBy,
				body: draft.body,
				matters: JSON.stringify(draft.matters),
				saved_by: options.actor.userId,
			})
			.execute();
		await tx
			.updateTable("minutes")
			.set({ current_version: version, updated_at: new Date() })
			.where("tenant_id", "=", tenantId)
			.where("id", "=", minutes.id)
			.execute();
		await recordAudit(tx, {
			tenantId,
			actorUserId: options.actor.userId,
			action: "minutes.saved",
			entityType: "minutes",
			entityId: minutes.id,
			after: { version, matters: draft.matters.length },
			meta: options.meta,
		});
		return { minutesId: minutes.id, version };
	});
}

/**
 * The review steps and the issue, each one transaction with its audit event and notifications. At
 * issue the tenant's next number of the year is taken under a row lock (gap-free), the minutes are
 * frozen and the decided matters become live (O6).
 */
export async function advanceMinutes(
	options: UseCaseOptions,
	meetingId: string,
	action: Exclude<MinutesAction, "save">,
	input: { comment?: string; today?: string } = {},
) {
	const tenantId = options.actor.membership.tenant.id;
	const roles = options.actor.membership.roles;
	// O6: the lead departments may have lost their liaisons since the draft was saved.
	if (action === "issue" && roles.some((r) => minutesActionRoles.issue.includes(r)))
		await refuseUnreachable(options, "matter", (tx) => currentLeads(tx, tenantId, meetingId));
	return runAs(options.db, { userId: options.actor.userId, tenantId }, async (tx) => {
		const minutes = await lockMinutes(tx, tenantId, meetingId);
		if (!minutes) throw refuse({ code: "invalid_state", reason: "minutes.error.noDraft" });
		const verdict = checkMinutesAction(action, roles, minutes.status);
		enforce(verdict);
		if (action === "return" && !input.comment)
			throw refuse({ code: "invalid_state", reason: "minutes.error.commentRequired" });
		const meeting = await tx
			.selectFrom("meetings")
			.select(["title", "held_on"])
			.where("tenant_id", "=", tenantId)
			.where("id", "=", meetingId)
			.executeTakeFirstOrThrow();
		const status = nextStatus[action];
		const update: Record<string, unknown> = { status, updated_at: new Date() };
		let number: string | null = null;
		if (action === "union_approve" || action === "gov_approve" || action === "return") {
			await tx
				.insertInto("minutes_reviews")
				.values({
					tenant_id: tenantId,
					minutes_id: minutes.id,
					version: minutes.current_version,
					stage: minutes.status === "gov_review" ? "gov" : "union",
					decision: action === "return" ? "return" : "approve",
					comment: input.comment ?? null,
					user_id: options.actor.userId,
				})
				.execute();
		}
		if (action === "issue") {
			// Issued on the day of issue (China time; `today` pins the clock), never before the meeting was held.
			const today = input.today ?? chinaToday();
			enforce(checkIssuedOn(today, meeting.held_on));
			const year = Number(today.slice(0, 4));
			await tx
				.insertInto("minutes_counters")
				.values({ tenant_id: tenantId, year })
				.onConflict((oc) => oc.columns(["tenant_id", "year"]).doNothing())
				.execute();
			const counter = await tx
				.updateTable("minutes_counters")
				.set({ last_seq: sql`last_seq + 1` })
				.where("tenant_id", "=", tenantId)
				.where("year", "=", year)
				.returning("last_seq")
				.executeTakeFirstOrThrow();
			Object.assign(update, {
				number_year: year,
				number_seq: counter.last_seq,
				issued_on: today,
				issued_by: options.actor.userId,
			});
			number = minutesNumber(year, counter.last_seq);
			const version = await tx
				.selectFrom("minutes_versions")
				.select("matters")
				.where("tenant_id", "=", tenantId)
				.where("minutes_id", "=", minutes.id)
				.where("version", "=", minutes.current_version)
				.executeTakeFirstOrThrow();
			const matters = version.matters as DraftMatter[];
			const unreachable = await unreachableDepartments(
				tx,
				tenantId,
				matters.map((m) => m.leadDepartmentId),
			);
			if (unreachable.length > 0) {
				const params = { department: unreachable.map((d) => d.name) };
				throw new Refusal({ ok: false, code: "invalid_state", reason: "directory.unreachable.matter", params });
			}
			if (matters.length > 0) {
				await tx
					.insertInto("decided_matters")
					.values(
						matters.map((m, i) => ({
							tenant_id: tenantId,
							minutes_id: minutes.id,
							meeting_id: meetingId,
							seq: i + 1,
							content: m.content,
							lead_department_id: m.leadDepartmentId,
							co_department_ids: m.coDepartmentIds,
							deadline: m.deadline,
						})),
					)
					.execute();
			}
			await tx
				.updateTable("meetings")
				.set({ status: "minutes_issued", updated_at: new Date() })
				.where("tenant_id", "=", tenantId)
				.where("id", "=", meetingId)
				.execute();
		}
		if (action === "submit") {
			await tx
				.updateTable("meetings")
				.set({ status: "minutes_review", updated_at: new Date() })
				.where("tenant_id", "=", tenantId)
				.where("id", "=", meetingId)
				.execute();
		}
		await tx
			.updateTable("minutes")
			.set(update)
			.where("tenant_id", "=", tenantId)
			.where("id", "=", minutes.id)
			.execute();
		await recordAudit(tx, {
			tenantId,
			actorUserId: options.actor.userId,
			action: `minutes.${action}`,
			entityType: "minutes",
			entityId: minutes.id,
			before: { status: minutes.status, version: minutes.current_version },
			after: { status, comment: input.comment, number },
			meta: options.meta,
		});
		await settleAsks(tx, `minutes.${action}`, { type: "meeting", id: meetingId });
		const next: Record<typeof action, Role[]> = {
			submit: ["union_chair", "union_vice_chair"],
			union_approve: ["gov_head", "gov_liaison"],
			gov_approve: ["gov_office", "union_staff"],
			return: ["union_staff"],
			issue: ["gov_office", "union_staff", "department_liaison"],
		};
		await notifyRolesAboutMeeting(tx, options.actor, {
			meetingId,
			kind: `minutes.${action}`,
			title: meeting.title,
			roles: next[action],
			subpath: "/minutes",
		});
		return { status, number };
	});
}
