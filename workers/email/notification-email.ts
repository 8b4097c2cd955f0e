import type { Kysely } from "kysely";
import { z } from "zod";
import { isLang } from "#app/i18n/i18n.ts";
import { runAs } from "#db/run-as.ts";
import type { Database } from "#db/schema.ts";
import { emailCategoryOf, notificationEmail } from "./email-content.ts";
import type { Mailer } from "./mailer.ts";

const notificationCreatedPayload = z.object({
	notificationId: z.uuid(),
	userId: z.uuid(),
	kind: z.string().min(1).max(100),
});

type EmailOutcome = "sent" | "muted" | "no_recipient" | "already";

/**
 * The email of one in-app notification, at most once per notification row: acting as the recipient
 * in the notification's unit (so the policies show exactly their own rows), it locks the row, skips
 * it when its email was already settled, sends, and records `emailed_at` in the same transaction.
 * A crash after the SMTP server accepted and before the commit sends it again on retry, with the
 * same Message-ID (ADR 0011): at least once to the server, once to the reader's mailbox.
 */
export async function emailNotification(
	deps: { app: Kysely<Database>; mailer: Mailer; publicUrl: string },
	tenantId: string,
	raw: unknown,
): Promise<EmailOutcome> {
	const payload = notificationCreatedPayload.parse(raw);
	return runAs(deps.app, { userId: payload.userId, tenantId }, async (tx) => {
		const n = await tx
			.selectFrom("notifications")
			.select(["id", "kind", "link", "params", "emailed_at"])
			.where("tenant_id", "=", tenantId)
			.where("id", "=", payload.notificationId)
			.forUpdate()
			.executeTakeFirst();
		if (!n) return "no_recipient";
		if (n.emailed_at) return "already";
		const person = await tx
			.selectFrom("users as u")
			.innerJoin("memberships as m", (j) => j.onRef("m.user_id", "=", "u.id").on("m.tenant_id", "=", tenantId))
			.innerJoin("tenants as t", "t.id", "m.tenant_id")
			.select(["u.email", "u.display_name", "u.preferred_lang", "u.email_off", "u.disabled_at", "t.name as unitName"])
			.select("m.disabled_at as membershipDisabledAt")
			.where("u.id", "=", payload.userId)
			.executeTakeFirst();
		let outcome: EmailOutcome = "sent";
		if (!person || person.disabled_at || person.membershipDisabledAt) outcome = "no_recipient";
		else if (person.email_off.includes(emailCategoryOf(n.kind))) outcome = "muted";
		// Recorded first, committed after the send: once the SMTP server has answered, only the
		// commit stands between the message and its record (the window for a repeat after a crash).
		await tx
			.updateTable("notifications")
			.set({ emailed_at: new Date(), email_status: outcome })
			.where("tenant_id", "=", tenantId)
			.where("id", "=", n.id)
			.execute();
		if (outcome === "sent" && person) {
			const lang = isLang(person.preferred_lang) ? person.preferred_lang : "zh-CN";
			const content = notificationEmail({
				lang,
				recipientName: person.display_name,
				unitName: person.unitName,
				kind: n.kind,
				params: (n.params ?? {}) as Record<string, string | number>,
				url: `${deps.publicUrl}${n.link}`,
				settingsUrl: `${deps.publicUrl}/account#email`,
			});
			await deps.mailer.send({ to: person.email, ...content, lang, messageId: `<${n.id}@lianxitong>` });
		}
		return outcome;
	});
}
