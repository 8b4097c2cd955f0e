import { z } from "zod";
import { emailNotification } from "./email/notification-email.ts";
import type { JobContext } from "./job-context.ts";

/**
 * What each outbox topic does once it is committed. Handlers call domain modules and are idempotent
 * by their own keys: the outbox may hand a row out twice (a crash, a lost Redis), never skip it.
 */
const handlers: Record<string, (ctx: JobContext, tenantId: string, payload: unknown) => Promise<string>> = {
	"notification.created": (ctx, tenantId, payload) =>
		emailNotification({ app: ctx.db.app, mailer: ctx.mailer, publicUrl: ctx.publicUrl }, tenantId, payload),
	// The link of an invitation is a secret that only its admin holds (ADR 0008): no email carries
	// it. An existing account sees the invitation in the app; the inviter's notification of the
	// answer travels as notification.created.
	"invitation.created": async (_ctx, _tenantId, payload) => {
		z.object({ invitationId: z.uuid() }).parse(payload);
		return "nothing to send";
	},
	"invitation.answered": async (_ctx, _tenantId, payload) => {
		z.object({ invitationId: z.uuid(), answer: z.string() }).parse(payload);
		return "nothing to send";
	},
};

export class UnknownTopicError extends Error {
	constructor(topic: string) {
		super(`no handler for outbox topic "${topic}"`);
		this.name = "UnknownTopicError";
	}
}

export function handleOutboxMessage(ctx: JobContext, topic: string, tenantId: string, payload: unknown) {
	const handler = handlers[topic];
	if (!handler) throw new UnknownTopicError(topic);
	return handler(ctx, tenantId, payload);
}
