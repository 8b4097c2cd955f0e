import { z } from "zod";
import { deliverReportNotice, REPORT_NOTIFY_TOPIC } from "#app/domain/report-requests/report-notify.server.ts";
import { deliverInvitation, deliverPasswordLink, deliverPasswordReset } from "./email/link-email.ts";
import { emailNotification } from "./email/notification-email.ts";
import { deliverToRobot } from "./im-robots/deliver.ts";
import { DELIVER_TOPIC, fanOutToRobots } from "./im-robots/fan-out.ts";
import type { JobContext } from "./job-context.ts";

const linkDeps = (ctx: JobContext) => ({
	owner: ctx.db.owner,
	mailer: ctx.mailer,
	publicUrl: ctx.publicUrl,
	now: ctx.now,
});

/**
 * What each outbox topic does once it is committed. Handlers call domain modules and are idempotent
 * by their own keys: the outbox may hand a row out twice (a crash, a lost Redis), never skip it.
 */
const handlers: Record<
	string,
	(ctx: JobContext, tenantId: string, payload: unknown, messageId?: string) => Promise<string>
> = {
	// The email to the person, and one delivery per subscribed group robot of the unit (issue 23).
	"notification.created": async (ctx, tenantId, payload, messageId) => {
		const robots = await fanOutToRobots(ctx, messageId, tenantId, payload);
		const email = await emailNotification(
			{ app: ctx.db.app, mailer: ctx.mailer, publicUrl: ctx.publicUrl },
			tenantId,
			payload,
		);
		return robots > 0 ? `${email}; ${robots} robot deliveries` : email;
	},
	[DELIVER_TOPIC]: (ctx, tenantId, payload) => deliverToRobot(ctx, tenantId, payload),
	// One-time links travel to the address's mailbox only (ADR 0008): minted here, never shown in a page.
	"invitation.created": (ctx, tenantId, payload) => deliverInvitation(linkDeps(ctx), tenantId, payload),
	"password.link_requested": (ctx, tenantId, payload) => deliverPasswordLink(linkDeps(ctx), tenantId, payload),
	"password.reset_requested": (ctx, tenantId, payload) => deliverPasswordReset(linkDeps(ctx), tenantId, payload),
	// Issue 22: a report request's act tells other units (parent ↔ child); written inside each unit.
	[REPORT_NOTIFY_TOPIC]: (ctx, tenantId, payload) => deliverReportNotice(ctx.db, tenantId, payload),
	"invitation.answered": async (_ctx, _tenantId, payload) => {
		z.object({ invitationId: z.uuid(), answer: z.string() }).parse(payload);
		return "nothing to send";
	},
};

class UnknownTopicError extends Error {
	constructor(topic: string) {
		super(`no handler for outbox topic "${topic}"`);
		this.name = "UnknownTopicError";
	}
}

/** `messageId`: the outbox row's id (the robots' fan-out names its deliveries by it). */
export function handleOutboxMessage(
	ctx: JobContext,
	topic: string,
	tenantId: string,
	payload: unknown,
	messageId?: string,
) {
	const handler = handlers[topic];
	if (!handler) throw new UnknownTopicError(topic);
	return handler(ctx, tenantId, payload, messageId);
}
