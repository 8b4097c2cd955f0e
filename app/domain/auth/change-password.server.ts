import type { Kysely } from "kysely";
import { runAs } from "#db/run-as.ts";
import type { Database } from "#db/schema.ts";
import { hashPassword, verifyPassword } from "./password.server.ts";

type ChangePasswordResult = { ok: true } | { ok: false; field: "current"; error: "account.error.current" };

/**
 * The person changes their own password (ADR 0008: once an account is theirs, nobody else can).
 * The current password is asked again; every other session of theirs ends; a security event records it.
 */
export async function changeOwnPassword(
	db: Kysely<Database>,
	options: {
		userId: string;
		sessionId: string;
		current: string;
		next: string;
		meta: { ip: string | null; userAgent: string | null; requestId: string | null };
	},
): Promise<ChangePasswordResult> {
	const actor = { userId: options.userId, tenantId: null };
	const row = await runAs(db, actor, (tx) =>
		tx.selectFrom("users").select("password_hash").where("id", "=", options.userId).executeTakeFirstOrThrow(),
	);
	// Hashing runs outside any transaction: it takes tens of milliseconds.
	if (!(await verifyPassword(row.password_hash, options.current))) {
		return { ok: false, field: "current", error: "account.error.current" };
	}
	const passwordHash = await hashPassword(options.next);
	return runAs(db, actor, async (tx) => {
		const now = new Date();
		await tx
			.updateTable("users")
			.set({ password_hash: passwordHash, updated_at: now })
			.where("id", "=", options.userId)
			.execute();
		await tx
			.deleteFrom("sessions")
			.where("user_id", "=", options.userId)
			.where("id", "<>", options.sessionId)
			.execute();
		await tx
			.insertInto("security_events")
			.values({
				kind: "password_changed",
				user_id: options.userId,
				ip: options.meta.ip,
				user_agent: options.meta.userAgent?.slice(0, 300) ?? null,
				request_id: options.meta.requestId,
				at: now,
			})
			.execute();
		return { ok: true };
	});
}
