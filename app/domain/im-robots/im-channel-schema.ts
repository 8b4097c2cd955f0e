import { z } from "zod";
import { choiceList } from "../list-fields.ts";
import { line, optionalLine } from "../text-fields.ts";
import { imCategories, imChannelKinds } from "./im-channel-kinds.ts";

/**
 * The forms of the group-robot page (issue 23), told apart by `intent`. Messages are i18n keys. A
 * webhook address is only checked for presence here: the platform's host, https and the token are
 * checked on the server (webhook-url.ts), which alone knows whether a test origin is allowed.
 */
const categories = choiceList(z.enum(imCategories, { error: "form.error.invalid" }), imCategories.length).default([]);
const channelId = z.uuid({ error: "im.error.gone" });

export const createChannelSchema = z.object({
	intent: z.literal("create"),
	kind: z.enum(imChannelKinds, { error: "form.error.required" }),
	name: line(60),
	webhookUrl: line(1000),
	secret: optionalLine(200),
	keyword: optionalLine(20),
	categories,
});

export const updateChannelSchema = z.object({
	intent: z.literal("update"),
	channelId,
	name: line(60),
	newWebhookUrl: optionalLine(1000),
	newSecret: optionalLine(200),
	removeSecret: z.boolean().optional().default(false),
	keyword: optionalLine(20),
	categories,
});

/** Enable, disable, delete, test-send: the channel alone. */
export const channelStepSchema = z.object({
	intent: z.enum(["enable", "disable", "delete", "test"]),
	channelId,
});

export type CreateChannelInput = z.infer<typeof createChannelSchema>;
export type UpdateChannelInput = z.infer<typeof updateChannelSchema>;
