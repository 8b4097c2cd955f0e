import type { Kysely } from "kysely";
import { z } from "zod";
import { choiceList } from "#app/domain/list-fields.ts";
import { runAs } from "#db/run-as.ts";
import { type Database, type EmailCategory, emailCategories } from "#db/schema.ts";

/** The form: the categories left ticked are the ones emailed. */
export const emailSettingsSchema = z.object({
	intent: z.literal("email"),
	on: choiceList(z.enum(emailCategories), emailCategories.length).default([]),
});

export function readEmailOff(db: Kysely<Database>, userId: string): Promise<EmailCategory[]> {
	return runAs(db, { userId, tenantId: null }, async (tx) => {
		const row = await tx.selectFrom("users").select("email_off").where("id", "=", userId).executeTakeFirstOrThrow();
		return row.email_off;
	});
}

/**
 * The person chooses which notifications also come by email (in-app ones always arrive); one
 * transaction with its security event, like a change of password.
 */
export function saveEmailSettings(
	db: Kysely<Database>,
	options: {
		userId: string;
		on: readonly EmailCategory[];
		meta: { ip: string | null; userAgent: string | null; requestId: string | null };
	},
): Promise<EmailCategory[]> {
	const off = emailCategories.filter((c) => !options.on.includes(c));
	return runAs(db, { userId: options.userId, tenantId: null }, async (tx) => {
		await tx.updateTable("users").set({ email_off: off }).where("id", "=", options.userId).execute();
		await tx
			.insertInto("security_events")
			.values({
				kind: "email_settings_changed",
				user_id: options.userId,
				ip: options.meta.ip,
				user_agent: options.meta.userAgent?.slice(0, 300) ?? null,
				request_id: options.meta.requestId,
			})
			.execute();
		return off;
	});
}
