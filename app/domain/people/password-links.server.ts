import { type Kysely, sql } from "kysely";
import { runAsAuthenticator, type Tx } from "#db/run-as.ts";
import type { Database } from "#db/schema.ts";
import { hashPassword } from "../auth/password.server.ts";
import { generateSessionToken, parseSessionToken, secretMatches } from "../auth/session-token.server.ts";

export const PASSWORD_LINK_HOURS = 72;

/**
 * A one-time set-password link for a member, inside the admin's transaction. Only the secret's
 * SHA-256 is stored; the token goes to the admin once.
 */
export async function issuePasswordLink(
	tx: Tx,
	options: { userId: string; issuedBy: string; tenantId: string; now?: Date },
) {
	const now = options.now ?? new Date();
	const { token, id, secretHash } = generateSessionToken();
	await tx
		.insertInto("password_tokens")
		.values({
			id,
			secret_hash: secretHash,
			user_id: options.userId,
			issued_by: options.issuedBy,
			issued_in: options.tenantId,
			expires_at: new Date(now.getTime() + PASSWORD_LINK_HOURS * 3600_000),
		})
		.execute();
	return token;
}

export type RedeemResult = { ok: true; email: string } | { ok: false; reason: "invalid" | "expired" | "used" };

async function findToken(tx: Tx, token: string) {
	const parsed = parseSessionToken(token);
	if (!parsed) return null;
	const row = await tx
		.selectFrom("password_tokens as p")
		.innerJoin("users as u", "u.id", "p.user_id")
		.select([
			"p.id",
			"p.secret_hash",
			"p.user_id",
			"p.expires_at",
			"p.used_at",
			"u.email",
			// Checked again at use (ADR 0008): the account may have joined another unit or signed in since.
			sql<boolean>`p.revoked_at is null and p.issued_in is not null and app_account_managed_by(p.user_id, p.issued_in)`.as(
				"still_managed",
			),
		])
		.where("p.id", "=", parsed.id)
		.executeTakeFirst();
	return row?.still_managed && secretMatches(parsed.secret, row.secret_hash) ? row : null;
}

/** Whether a link can still be used (for showing the form or a clear message). */
export function checkPasswordLink(db: Kysely<Database>, token: string, now = new Date()): Promise<RedeemResult> {
	return runAsAuthenticator(db, async (tx) => {
		const row = await findToken(tx, token);
		if (!row) return { ok: false, reason: "invalid" };
		if (row.used_at) return { ok: false, reason: "used" };
		if (row.expires_at.getTime() <= now.getTime()) return { ok: false, reason: "expired" };
		return { ok: true, email: row.email };
	});
}

/** Sets the password once: marks the link used, ends the person's sessions. */
export async function redeemPasswordLink(
	db: Kysely<Database>,
	token: string,
	password: string,
	now = new Date(),
): Promise<RedeemResult> {
	const passwordHash = await hashPassword(password);
	return runAsAuthenticator(db, async (tx) => {
		const row = await findToken(tx, token);
		if (!row) return { ok: false, reason: "invalid" };
		// Conditional update: of two redemptions at once, one wins.
		const used = await tx
			.updateTable("password_tokens")
			.set({ used_at: now })
			.where("id", "=", row.id)
			.where("used_at", "is", null)
			.where("expires_at", ">", now)
			.executeTakeFirst();
		if (Number(used.numUpdatedRows) === 0) return { ok: false, reason: row.used_at ? "used" : "expired" };
		await tx
			.updateTable("users")
			.set({ password_hash: passwordHash, updated_at: now })
			.where("id", "=", row.user_id)
			.execute();
		await tx.deleteFrom("sessions").where("user_id", "=", row.user_id).execute();
		return { ok: true, email: row.email };
	});
}
