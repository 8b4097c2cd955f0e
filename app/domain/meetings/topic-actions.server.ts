import type { Selectable } from "kysely";
import type { UseCaseOptions } from "#app/domain/actor.ts";
import { type Denied, denied, Refusal } from "#app/domain/refusal.ts";
import type { MessageKey } from "#app/i18n/i18n.ts";
import type { Tx } from "#db/run-as.ts";
import type { Role, TopicStatus, TopicsTable } from "#db/schema.ts";
import { AppError } from "../app-error.ts";
import { recordUploads, type StoredUpload } from "../files/stored-upload.ts";
import { notifyRolesAboutMeeting } from "../notifications/notify.server.ts";
import { settleTopicStep } from "../notifications/resolve-notifications.server.ts";
import { bothReasons, consentForSide } from "./dual-consent.server.ts";
import { consentSide } from "./meeting-rules.ts";
import { transition } from "./meeting-transitions.server.ts";
import {
	agreeingRoles,
	agreeingSides,
	checkWithdrawTopic,
	mayReturnTopic,
	topicProposers,
	topicStatusAfterAgreement,
} from "./topic-rules.ts";

interface TopicInput {
	category: number;
	title: string;
	background: string;
	research: string;
	suggestions: string;
}

async function attach(tx: Tx, tenantId: string, topicId: string, userId: string, uploads: readonly StoredUpload[]) {
	const fileIds = await recordUploads(tx, tenantId, userId, uploads);
	if (fileIds.length > 0) {
		await tx
			.insertInto("topic_files")
			.values(fileIds.map((file_id) => ({ tenant_id: tenantId, topic_id: topicId, file_id })))
			.execute();
	}
}

const refuse = (reason: MessageKey, code: Denied["code"] = "invalid_state") => new Refusal(denied(code, reason));

async function loadTopic(
	tx: Tx,
	tenantId: string,
	meetingId: string,
	topicId: string,
): Promise<Selectable<TopicsTable>> {
	const topic = await tx
		.selectFrom("topics")
		.selectAll()
		.where("tenant_id", "=", tenantId)
		.where("meeting_id", "=", meetingId)
		.where("id", "=", topicId)
		.forUpdate()
		.executeTakeFirst();
	if (!topic) throw new AppError("not_found");
	return topic;
}

const agreers: Role[] = [...agreeingRoles.gov, ...agreeingRoles.union];

/** O2: union staff or the government office propose a topic in one of the seven categories. */
export async function proposeTopic(
	options: UseCaseOptions,
	meetingId: string,
	input: TopicInput,
	uploads: readonly StoredUpload[] = [],
) {
	if (!options.actor.membership.roles.some((r) => topicProposers.includes(r)))
		throw refuse("meetings.error.forbidden", "forbidden");
	return transition(options, meetingId, "prepare", async (tx, meeting) => {
		const topic = await tx
			.insertInto("topics")
			.values({
				tenant_id: meeting.tenant_id,
				meeting_id: meetingId,
				...input,
				proposed_by: options.actor.userId,
				proposed_side: consentSide(options.actor.membership.roles),
			})
			.returning("id")
			.executeTakeFirstOrThrow();
		await attach(tx, meeting.tenant_id, topic.id, options.actor.userId, uploads);
		await notifyRolesAboutMeeting(tx, options.actor, {
			meetingId,
			kind: "topic.proposed",
			title: input.title,
			roles: agreers,
			subpath: "#topics",
			topicId: topic.id,
		});
		return {
			status: "preparing",
			audit: { topic: topic.id, category: input.category, title: input.title, attachments: uploads.map((u) => u.name) },
			result: topic.id,
		};
	});
}

/**
 * O2: a topic is agreed when one of {liaison vice-head, deputy secretary-general} AND one of {union
 * chair, vice-chair} have agreed. Each agreement is recorded with who, when and their 意见. Opinions
 * asked of departments and not yet answered are named first: agreeing before them takes a confirmation.
 */
export async function agreeTopic(
	options: UseCaseOptions,
	meetingId: string,
	topicId: string,
	words: { comment?: string | null; confirmPending?: boolean } = {},
) {
	const sides = agreeingSides(options.actor.membership.roles);
	if (sides.length === 0) throw refuse("meetings.error.forbidden", "forbidden");
	const comment = words.comment?.trim() || null;
	return transition(options, meetingId, "agree_topic", async (tx, meeting) => {
		const topic = await loadTopic(tx, meeting.tenant_id, meetingId, topicId);
		if (topic.status !== "proposed") throw refuse("meetings.error.topicNotOpen");
		if (!words.confirmPending && (await pendingOpinions(tx, meeting.tenant_id, topicId)) > 0)
			throw refuse("topic.error.pendingOpinions");
		for (const side of sides) {
			await tx
				.insertInto("topic_agreements")
				.values({ tenant_id: meeting.tenant_id, topic_id: topicId, side, user_id: options.actor.userId, comment })
				.onConflict((oc) => oc.columns(["tenant_id", "topic_id", "side"]).doNothing())
				.execute();
		}
		const agreed = await tx
			.selectFrom("topic_agreements")
			.select("side")
			.where("tenant_id", "=", meeting.tenant_id)
			.where("topic_id", "=", topicId)
			.execute();
		const status: TopicStatus = topicStatusAfterAgreement(agreed.map((a) => a.side));
		if (status !== topic.status) {
			await tx
				.updateTable("topics")
				.set({ status, updated_at: new Date() })
				.where("tenant_id", "=", meeting.tenant_id)
				.where("id", "=", topicId)
				.execute();
			await settleTopicStep(tx, topicId, { act: "topic.agreed" });
			await notifyRolesAboutMeeting(tx, options.actor, {
				meetingId,
				topicId,
				kind: "topic.agreed",
				title: topic.title,
				roles: ["union_staff", "gov_office"],
				subpath: "#topics",
				comment,
			});
		} else {
			const waiting = sides.includes("gov") ? agreeingRoles.union : agreeingRoles.gov;
			await settleTopicStep(tx, topicId, { act: "topic.agree", sides });
			await notifyRolesAboutMeeting(tx, options.actor, {
				meetingId,
				topicId,
				kind: "topic.agreement_awaited",
				title: topic.title,
				roles: waiting,
				subpath: "#topics",
				comment,
			});
		}
		return { audit: { topic: topicId, sides, topic_status: status, comment }, result: status };
	});
}

/** Opinions asked of departments on this topic and not yet answered (O2). */
async function pendingOpinions(tx: Tx, tenantId: string, topicId: string): Promise<number> {
	const row = await tx
		.selectFrom("opinion_requests")
		.select((eb) => eb.fn.countAll<number>().as("n"))
		.where("tenant_id", "=", tenantId)
		.where("topic_id", "=", topicId)
		.where("answered_at", "is", null)
		.executeTakeFirst();
	return Number(row?.n ?? 0);
}

/** Either side's leader may return a proposed topic with comments (O2); an agreed one is withdrawn, not returned. */
export async function returnTopic(options: UseCaseOptions, meetingId: string, topicId: string, comment: string) {
	if (agreeingSides(options.actor.membership.roles).length === 0) throw refuse("meetings.error.forbidden", "forbidden");
	return transition(options, meetingId, "agree_topic", async (tx, meeting) => {
		const topic = await loadTopic(tx, meeting.tenant_id, meetingId, topicId);
		if (!mayReturnTopic(topic.status)) throw refuse("meetings.error.topicNotOpen");
		await tx
			.deleteFrom("topic_agreements")
			.where("tenant_id", "=", meeting.tenant_id)
			.where("topic_id", "=", topicId)
			.execute();
		await tx
			.updateTable("topics")
			.set({ status: "returned", return_comment: comment, updated_at: new Date() })
			.where("tenant_id", "=", meeting.tenant_id)
			.where("id", "=", topicId)
			.execute();
		await settleTopicStep(tx, topicId, { act: "topic.returned" });
		await notifyRolesAboutMeeting(tx, options.actor, {
			meetingId,
			topicId,
			kind: "topic.returned",
			title: topic.title,
			roles: topicProposers,
			subpath: "#topics",
		});
		return { audit: { topic: topicId, comment }, result: undefined };
	});
}

/** The proposers revise a returned topic and put it forward again. */
export async function reviseTopic(
	options: UseCaseOptions,
	meetingId: string,
	topicId: string,
	input: TopicInput,
	uploads: readonly StoredUpload[] = [],
) {
	if (!options.actor.membership.roles.some((r) => topicProposers.includes(r)))
		throw refuse("meetings.error.forbidden", "forbidden");
	return transition(options, meetingId, "prepare", async (tx, meeting) => {
		const topic = await loadTopic(tx, meeting.tenant_id, meetingId, topicId);
		if (topic.status !== "returned" && topic.status !== "proposed") throw refuse("meetings.error.topicNotOpen");
		await tx
			.updateTable("topics")
			.set({ ...input, status: "proposed", updated_at: new Date() })
			.where("tenant_id", "=", meeting.tenant_id)
			.where("id", "=", topicId)
			.execute();
		await attach(tx, meeting.tenant_id, topicId, options.actor.userId, uploads);
		await notifyRolesAboutMeeting(tx, options.actor, {
			meetingId,
			kind: "topic.proposed",
			title: input.title,
			roles: agreers,
			subpath: "#topics",
			topicId,
		});
		return { status: "preparing", audit: { topic: topicId, revised: true }, result: undefined };
	});
}

/**
 * P, O2: a topic is withdrawn only by the side that proposed it, with a reason. Once both sides agreed
 * it, withdrawing it takes both sides again: one agreeing leader of each side (`dual_consents`), the
 * second one withdraws it.
 */
export async function withdrawTopic(options: UseCaseOptions, meetingId: string, topicId: string, reason: string) {
	const roles = options.actor.membership.roles;
	return transition(options, meetingId, "prepare", async (tx, meeting) => {
		const topic = await loadTopic(tx, meeting.tenant_id, meetingId, topicId);
		const verdict = checkWithdrawTopic(roles, topic);
		if (!verdict.ok) throw new Refusal(verdict);
		const withdraw = async (why: string) => {
			await tx
				.updateTable("topics")
				.set({ status: "withdrawn", withdraw_reason: why, updated_at: new Date() })
				.where("tenant_id", "=", meeting.tenant_id)
				.where("id", "=", topicId)
				.execute();
			await settleTopicStep(tx, topicId, { act: "topic.withdrawn" });
			await notifyRolesAboutMeeting(tx, options.actor, {
				meetingId,
				topicId,
				kind: "topic.withdrawn",
				title: topic.title,
				roles: [...topicProposers, ...agreers],
				subpath: "#topics",
				comment: why,
			});
		};
		if (topic.status !== "agreed") {
			await withdraw(reason);
			return { audit: { topic: topicId, withdrawn: true, reason }, result: "withdrawn" as const };
		}
		const side = consentSide(roles);
		if (!side) throw refuse("meetings.error.forbidden", "forbidden");
		const { other } = await consentForSide(
			tx,
			{
				tenantId: meeting.tenant_id,
				subjectType: "topic_withdraw",
				subjectId: topicId,
				side,
				userId: options.actor.userId,
				reason,
			},
			"topic.error.withdrawAwaitsOtherSide",
		);
		if (!other) {
			await notifyRolesAboutMeeting(tx, options.actor, {
				meetingId,
				topicId,
				kind: "topic.withdrawal_awaited",
				title: topic.title,
				roles: agreeingRoles[side === "gov" ? "union" : "gov"],
				subpath: "#topics",
				comment: reason,
			});
			return { audit: { topic: topicId, side, reason, withdrawal: "awaiting" }, result: "awaiting" as const };
		}
		await withdraw(bothReasons(other.reason, reason));
		return { audit: { topic: topicId, side, reason, withdrawn: true }, result: "withdrawn" as const };
	});
}
