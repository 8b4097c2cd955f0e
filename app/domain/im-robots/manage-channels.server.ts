import type { Updateable } from "kysely";
import type { MessageKey } from "#app/i18n/i18n.ts";
import { runAs, type Tx } from "#db/run-as.ts";
import type { ImChannelsTable } from "#db/schema.ts";
import type { UseCaseOptions } from "../actor.ts";
import { AppError } from "../app-error.ts";
import type { AuditKind } from "../audit/audit-kinds.ts";
import { recordAudit } from "../audit/record-audit.server.ts";
import { can } from "../tenancy/permissions.ts";
import type { ImChannelKind } from "./im-channel-kinds.ts";
import type { CreateChannelInput, UpdateChannelInput } from "./im-channel-schema.ts";
import { type SecretBox, secretBox } from "./secret-box.server.ts";
import { parseWebhookUrl, robotTestOrigin } from "./webhook-url.ts";

/**
 * A unit's group robots, managed by its administrator (issue 23). The webhook URL and the signing
 * secret are sealed (secret-box) before they reach the database and are never read back for a page:
 * what the page and the audit trail see is the mask, whether a secret is set, and the rest.
 * Without a configured key nothing is stored at all.
 */
interface ManageOptions extends UseCaseOptions {
	/** The box to seal with (tests); default: the process's, from IM_SECRET_KEYS or the development key. */
	box?: SecretBox | null;
	/** The loopback origin tests may point channels at; default from the environment (never in production). */
	testOrigin?: string | null;
}

type Field = "kind" | "name" | "webhookUrl" | "newWebhookUrl" | "secret" | "newSecret" | "keyword";
export type ManageOutcome = { ok: true; id: string } | { ok: false; field: Field | null; error: MessageKey };

/** What the audit trail keeps of a channel: never the URL's token, never the secret. */
const auditView = (c: {
	kind: string;
	name: string;
	url_mask: string;
	has_secret: boolean;
	keyword: string | null;
	categories: string[];
	enabled: boolean;
}) => ({
	kind: c.kind,
	name: c.name,
	urlMask: c.url_mask,
	secret: c.has_secret,
	keyword: c.keyword,
	categories: c.categories,
	enabled: c.enabled,
});

/** 钉钉 and 飞书 need a signature or a keyword: a robot with neither is either refused or open to anyone. */
function securityProblem(
	kind: ImChannelKind,
	hasSecret: boolean,
	keyword: string | null | undefined,
): MessageKey | null {
	if (hasSecret || keyword) return null;
	if (kind === "dingtalk") return "im.error.dingtalkSecretOrKeyword";
	if (kind === "feishu") return "im.error.feishuSecretOrKeyword";
	return null;
}

type UrlProblem = Extract<ReturnType<typeof parseWebhookUrl>, { ok: false }>["reason"];

const urlProblems = {
	not_url: "imRobot.url.not_url",
	not_https: "imRobot.url.not_https",
	wrong_host: "imRobot.url.wrong_host",
	wrong_path: "imRobot.url.wrong_path",
	no_token: "imRobot.url.no_token",
} as const satisfies Record<UrlProblem, MessageKey>;

const urlProblem = (reason: UrlProblem): MessageKey => urlProblems[reason];

async function change(
	options: ManageOptions,
	action: AuditKind,
	needsKey: boolean,
	work: (
		tx: Tx,
		tenantId: string,
		box: SecretBox,
	) => Promise<{ id: string; before?: unknown; after?: unknown } | Extract<ManageOutcome, { ok: false }>>,
): Promise<ManageOutcome> {
	const { db, actor, meta } = options;
	// Refuse before reading: the role, then the key (enabling, disabling and deleting need none).
	if (!can(actor.membership.roles, "imChannels.manage")) throw new AppError("forbidden");
	const box = options.box === undefined ? secretBox() : options.box;
	if (needsKey && !box) return { ok: false, field: null, error: "im.error.noKey" };
	const tenantId = actor.membership.tenant.id;
	return runAs(db, { userId: actor.userId, tenantId }, async (tx) => {
		const done = await work(tx, tenantId, box as SecretBox);
		if ("ok" in done) return done;
		await recordAudit(tx, {
			tenantId,
			actorUserId: actor.userId,
			action,
			entityType: "im_channel",
			entityId: done.id,
			before: done.before,
			after: done.after,
			meta,
		});
		return { ok: true as const, id: done.id };
	});
}

async function loadChannel(tx: Tx, tenantId: string, id: string) {
	const row = await tx
		.selectFrom("im_channels")
		.select(["id", "kind", "name", "url_mask", "keyword", "categories", "enabled", "health"])
		.select((eb) => eb("secret_enc", "is not", null).as("has_secret"))
		.where("tenant_id", "=", tenantId)
		.where("id", "=", id)
		.forUpdate()
		.executeTakeFirst();
	if (!row) throw new AppError("not_found");
	return { ...row, has_secret: Boolean(row.has_secret) };
}

/** Adds a robot, enabled; its URL and secret sealed with the current key. */
export function createChannel(options: ManageOptions, input: CreateChannelInput): Promise<ManageOutcome> {
	return change(options, "im_channel.created", true, async (tx, tenantId, box) => {
		const testOrigin = options.testOrigin === undefined ? robotTestOrigin() : options.testOrigin;
		const url = parseWebhookUrl(input.kind, input.webhookUrl, { testOrigin });
		if (!url.ok) return { ok: false, field: "webhookUrl", error: urlProblem(url.reason) };
		// 企业微信's group robot has no signature: its key is in the URL.
		const secret = input.kind === "wecom" ? null : (input.secret ?? null);
		const keyword = input.keyword ?? null;
		const problem = securityProblem(input.kind, secret !== null, keyword);
		if (problem) return { ok: false, field: "secret", error: problem };
		const sealedUrl = box.seal(url.url);
		const row = await tx
			.insertInto("im_channels")
			.values({
				tenant_id: tenantId,
				kind: input.kind,
				name: input.name,
				webhook_url_enc: sealedUrl.ciphertext,
				// Both sealed with the same (current) key: one key id per row.
				secret_enc: secret === null ? null : box.seal(secret).ciphertext,
				key_id: sealedUrl.keyId,
				url_mask: url.mask,
				keyword,
				categories: input.categories,
				enabled: true,
				health: "ok",
				created_by: options.actor.userId,
			})
			.returning("id")
			.executeTakeFirstOrThrow();
		return {
			id: row.id,
			after: auditView({
				kind: input.kind,
				name: input.name,
				url_mask: url.mask,
				has_secret: secret !== null,
				keyword,
				categories: input.categories,
				enabled: true,
			}),
		};
	});
}

/**
 * Changes a robot's name, keyword and categories; a new URL or secret replaces the old one (an empty
 * field keeps it). A new URL or secret clears a failing state: the next message shows whether it works.
 * Replacing one value re-seals the other with the current key, so a row never mixes keys.
 */
export function updateChannel(options: ManageOptions, input: UpdateChannelInput): Promise<ManageOutcome> {
	return change(options, "im_channel.updated", true, async (tx, tenantId, box) => {
		const before = await loadChannel(tx, tenantId, input.channelId);
		const kind = before.kind;
		const set: Updateable<ImChannelsTable> = {
			name: input.name,
			keyword: input.keyword ?? null,
			categories: input.categories,
			updated_at: new Date(),
		};
		let urlMask = before.url_mask;
		const newSecret = kind === "wecom" ? null : (input.newSecret ?? null);
		const removeSecret = input.removeSecret && newSecret === null;
		const hasSecret = newSecret !== null || (before.has_secret && !removeSecret && kind !== "wecom");
		const problem = securityProblem(kind, hasSecret, input.keyword);
		if (problem) return { ok: false, field: input.removeSecret ? "keyword" : "newSecret", error: problem };
		let newUrl: string | null = null;
		if (input.newWebhookUrl) {
			const testOrigin = options.testOrigin === undefined ? robotTestOrigin() : options.testOrigin;
			const url = parseWebhookUrl(kind, input.newWebhookUrl, { testOrigin });
			if (!url.ok) return { ok: false, field: "newWebhookUrl", error: urlProblem(url.reason) };
			newUrl = url.url;
			urlMask = url.mask;
		}
		if (newUrl !== null || newSecret !== null || removeSecret) {
			const sealed = await tx
				.selectFrom("im_channels")
				.select(["webhook_url_enc", "secret_enc", "key_id"])
				.where("tenant_id", "=", tenantId)
				.where("id", "=", before.id)
				.executeTakeFirstOrThrow();
			const url = newUrl ?? box.open({ keyId: sealed.key_id, ciphertext: sealed.webhook_url_enc });
			const secret = removeSecret
				? null
				: (newSecret ?? (sealed.secret_enc ? box.open({ keyId: sealed.key_id, ciphertext: sealed.secret_enc }) : null));
			const sealedUrl = box.seal(url);
			set.webhook_url_enc = sealedUrl.ciphertext;
			set.secret_enc = secret === null ? null : box.seal(secret).ciphertext;
			set.key_id = sealedUrl.keyId;
			set.url_mask = urlMask;
			if (before.health === "failing") {
				set.health = "ok";
				set.last_error = null;
				set.last_error_at = null;
			}
		}
		await tx
			.updateTable("im_channels")
			.set(set)
			.where("tenant_id", "=", tenantId)
			.where("id", "=", before.id)
			.execute();
		return {
			id: before.id,
			before: auditView(before),
			after: auditView({
				...before,
				name: input.name,
				url_mask: urlMask,
				has_secret: hasSecret,
				keyword: input.keyword ?? null,
				categories: input.categories,
			}),
		};
	});
}

/** Turns a robot on (health ok again) or off (health disabled: nothing is posted there). */
export function setChannelEnabled(
	options: ManageOptions,
	{ channelId, enabled }: { channelId: string; enabled: boolean },
): Promise<ManageOutcome> {
	return change(options, enabled ? "im_channel.enabled" : "im_channel.disabled", false, async (tx, tenantId) => {
		const before = await loadChannel(tx, tenantId, channelId);
		await tx
			.updateTable("im_channels")
			.set({ enabled, health: enabled ? "ok" : "disabled", updated_at: new Date() })
			.where("tenant_id", "=", tenantId)
			.where("id", "=", channelId)
			.execute();
		return {
			id: channelId,
			before: { enabled: before.enabled, health: before.health },
			after: { enabled, health: enabled ? "ok" : "disabled" },
		};
	});
}

/** Deletes a robot: its sealed URL and secret go with it (and, by the foreign key, its delivery log). */
export function deleteChannel(options: ManageOptions, { channelId }: { channelId: string }): Promise<ManageOutcome> {
	return change(options, "im_channel.deleted", false, async (tx, tenantId) => {
		const before = await loadChannel(tx, tenantId, channelId);
		await tx.deleteFrom("im_channels").where("tenant_id", "=", tenantId).where("id", "=", channelId).execute();
		return { id: channelId, before: auditView(before) };
	});
}
