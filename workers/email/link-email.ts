import { type Kysely, sql, type Transaction } from "kysely";
import { z } from "zod";
import { generateSessionToken } from "#app/domain/auth/session-token.server.ts";
import { unsafeMintPasswordLink } from "#app/domain/people/password-links.server.ts";
import { roleLabelKey, type TenantKind } from "#app/domain/tenancy/roles.ts";
import { isLang, type Lang, translator } from "#app/i18n/i18n.ts";
import { chinaDateTime } from "#app/lib/china-time.ts";
import type { Database, Role } from "#db/schema.ts";
import { type EmailContent, escapeHtml } from "./email-content.ts";
import type { Mailer } from "./mailer.ts";

/**
 * The emails that carry a one-time link (ADR 0008, amended 2026-12-04). The link's token comes into
 * being here, in the process that mails it, on the owner connection (the app role cannot write a
 * token): it exists in the email and nowhere else, only its SHA-256 is stored. Each outbox message
 * carries a delivery id, so a retried message mints and sends nothing twice; a crash after the SMTP
 * server accepted and before the commit sends a second email whose link replaces the first.
 */
interface LinkMailDeps {
	owner: Kysely<Database>;
	mailer: Mailer;
	publicUrl: string;
	now(): Date;
}

type LinkMailOutcome = "sent" | "already" | "not_pending" | "not_managed" | "no_account";

/** Plain text and HTML with one link, in the reader's language; nothing else secret. */
function linkEmail(input: {
	lang: Lang;
	subject: string;
	name: string | null;
	paragraphs: string[];
	action: string;
	url: string;
	expiresAt: Date;
}): EmailContent {
	const t = translator(input.lang);
	const greeting = input.name ? [t("mailLink.greeting", { name: input.name })] : [];
	const validUntil = t("mailLink.validUntil", { until: chinaDateTime(input.expiresAt) });
	const text = [
		...greeting,
		"",
		...input.paragraphs.flatMap((p) => [p, ""]),
		`${input.action}${input.lang === "zh-CN" ? "：" : ": "}${input.url}`,
		"",
		validUntil,
		"",
		"--",
		t("mailLink.footer"),
		"",
	].join("\n");
	const html = `<!doctype html><html lang="${input.lang}"><head><meta charset="utf-8"><title>${escapeHtml(input.subject)}</title></head>
<body style="font-family: sans-serif; color: #1f2937; line-height: 1.6">
${greeting.map((g) => `<p>${escapeHtml(g)}</p>`).join("")}
${input.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("\n")}
<p><a href="${escapeHtml(input.url)}" style="display: inline-block; padding: 6px 14px; background: #1d4ed8; color: #ffffff; text-decoration: none; border-radius: 4px">${escapeHtml(input.action)}</a></p>
<p style="font-size: 13px">${escapeHtml(validUntil)}</p>
<p style="font-size: 12px; color: #6b7280">${escapeHtml(t("mailLink.footer"))}</p>
</body></html>`;
	return { subject: input.subject, text, html };
}

async function languageOf(tx: Kysely<Database>, email: string): Promise<{ lang: Lang; name: string | null }> {
	const account = await tx
		.selectFrom("users")
		.select(["preferred_lang", "display_name"])
		.where("email", "=", email)
		.executeTakeFirst();
	return {
		lang: account && isLang(account.preferred_lang) ? account.preferred_lang : "zh-CN",
		name: account?.display_name ?? null,
	};
}

const invitationPayload = z.object({ invitationId: z.uuid(), deliveryId: z.uuid() });

/** Mints an invitation's link and mails it to the invited address; the previous link stops working. */
export function deliverInvitation(deps: LinkMailDeps, tenantId: string, raw: unknown): Promise<LinkMailOutcome> {
	const payload = invitationPayload.parse(raw);
	const now = deps.now();
	return deps.owner.transaction().execute(async (tx) => {
		const inv = await tx
			.selectFrom("invitations")
			.select([
				"id",
				"email",
				"display_name",
				"roles",
				"tenant_name",
				"tenant_kind",
				"status",
				"expires_at",
				"delivery_id",
			])
			.where("tenant_id", "=", tenantId)
			.where("id", "=", payload.invitationId)
			.forUpdate()
			.executeTakeFirst();
		if (inv?.status !== "pending" || inv.expires_at.getTime() <= now.getTime()) return "not_pending";
		if (inv.delivery_id === payload.deliveryId) return "already";
		const { token, id, secretHash } = generateSessionToken();
		await tx
			.updateTable("invitations")
			.set({
				token_id: id,
				secret_hash: secretHash,
				delivery_id: payload.deliveryId,
				sent_at: now,
				send_count: sql`send_count + 1`,
			})
			.where("tenant_id", "=", tenantId)
			.where("id", "=", inv.id)
			.execute();
		const { lang } = await languageOf(tx, inv.email);
		const t = translator(lang);
		const tenant = { kind: inv.tenant_kind as TenantKind, name: inv.tenant_name };
		const roles = (inv.roles as Role[])
			.map((role) => t(roleLabelKey(role, tenant)))
			.join(lang === "zh-CN" ? "、" : ", ");
		const content = linkEmail({
			lang,
			subject: t("mailLink.invite.subject", { tenant: inv.tenant_name }),
			name: inv.display_name,
			paragraphs: [t("mailLink.invite.body", { tenant: inv.tenant_name, roles }), t("mailLink.invite.how")],
			action: t("mailLink.invite.action"),
			url: `${deps.publicUrl}/invite/${token}`,
			expiresAt: inv.expires_at,
		});
		await deps.mailer.send({ to: inv.email, ...content, lang, messageId: `<invitation-${id}@lianxitong>` });
		return "sent";
	});
}

/**
 * Mints a set-password or reset link for an active account and mails it to the account's own address,
 * in the caller's transaction (committed after the SMTP server accepted the message).
 */
async function mailPasswordLink(
	deps: LinkMailDeps,
	tx: Transaction<Database>,
	link: {
		userId: string;
		purpose: "set" | "reset";
		issuedBy: string | null;
		issuedIn: string | null;
		deliveryId: string;
	},
	words: (t: ReturnType<typeof translator>) => { subject: string; paragraphs: string[]; action: string },
): Promise<LinkMailOutcome> {
	const person = await tx
		.selectFrom("users")
		.select(["email", "display_name", "preferred_lang", "disabled_at"])
		.where("id", "=", link.userId)
		.executeTakeFirst();
	if (!person || person.disabled_at) return "no_account";
	const minted = await unsafeMintPasswordLink(tx, { ...link, now: deps.now() });
	if (!minted) return "already";
	const lang = isLang(person.preferred_lang) ? person.preferred_lang : "zh-CN";
	const content = linkEmail({
		lang,
		...words(translator(lang)),
		name: person.display_name,
		url: `${deps.publicUrl}/set-password/${minted.token}`,
		expiresAt: minted.expiresAt,
	});
	await deps.mailer.send({ to: person.email, ...content, lang, messageId: `<password-${minted.tokenId}@lianxitong>` });
	return "sent";
}

const passwordLinkPayload = z.object({
	userId: z.uuid(),
	issuedBy: z.uuid(),
	tenantId: z.uuid(),
	deliveryId: z.uuid(),
});

/** A set-password link, mailed to the account's own address while the unit still holds the account. */
export function deliverPasswordLink(deps: LinkMailDeps, tenantId: string, raw: unknown): Promise<LinkMailOutcome> {
	const payload = passwordLinkPayload.parse(raw);
	if (payload.tenantId !== tenantId) throw new Error("password.link_requested: tenant mismatch");
	return deps.owner.transaction().execute(async (tx) => {
		const { rows } = await sql<{ managed: boolean }>`
			select app_account_managed_by(${payload.userId}, ${tenantId}) as managed`.execute(tx);
		if (!rows[0]?.managed) return "not_managed";
		const unit = await tx.selectFrom("tenants").select("name").where("id", "=", tenantId).executeTakeFirstOrThrow();
		return mailPasswordLink(
			deps,
			tx,
			{
				userId: payload.userId,
				purpose: "set",
				issuedBy: payload.issuedBy,
				issuedIn: tenantId,
				deliveryId: payload.deliveryId,
			},
			(t) => ({
				subject: t("mailLink.set.subject"),
				paragraphs: [t("mailLink.set.body", { tenant: unit.name })],
				action: t("mailLink.set.action"),
			}),
		);
	});
}

const resetPayload = z.object({ userId: z.uuid(), deliveryId: z.uuid() });

/** A forgotten-password link: one hour, once; mailed only to the account's own address. */
export function deliverPasswordReset(deps: LinkMailDeps, _tenantId: string, raw: unknown): Promise<LinkMailOutcome> {
	const payload = resetPayload.parse(raw);
	return deps.owner.transaction().execute((tx) =>
		mailPasswordLink(
			deps,
			tx,
			{ userId: payload.userId, purpose: "reset", issuedBy: null, issuedIn: null, deliveryId: payload.deliveryId },
			(t) => ({
				subject: t("mailLink.reset.subject"),
				paragraphs: [t("mailLink.reset.body"), t("mailLink.reset.notYou")],
				action: t("mailLink.reset.action"),
			}),
		),
	);
}
