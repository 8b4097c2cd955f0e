import { z } from "zod";
import { deliverInvitation, deliverPasswordLink, deliverPasswordReset } from "./email/link-email.ts";
import { emailNotification } from "./email/notification-email.ts";
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
const handlers: Record<string, (ctx: JobContext, tenantId: string, payload: unknown) => Promise<string>> = {
	"notification.created": (ctx, tenantId, payload) =>
		emailNotification({ app: ctx.db.app, mailer: ctx.mailer, publicUrl: ctx.publicUrl }, tenantId, payload),
	// One-time links travel to the address's mailbox only (ADR 0008): minted here, never shown in a page.
	"invitation.created": (ctx, tenantId, payload) => deliverInvitation(linkDeps(ctx), tenantId, payload),
	"password.link_requested": (ctx, tenantId, payload) => deliverPasswordLink(linkDeps(ctx), tenantId, payload),
	"password.reset_requested": (ctx, tenantId, payload) => deliverPasswordReset(linkDeps(ctx), tenantId, payload),
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

export function handleOutboxMessage(ctx: JobContext, topic: string, tenantId: string, payload: unknown) {
	const handler = handlers[topic];
	if (!handler) throw new UnknownTopicError(topic);
	return handler(ctx, tenantId, payload);
}
