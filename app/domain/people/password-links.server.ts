import { type Kysely, sql } from "kysely";
import { runAsAuthenticator, type Tx } from "#db/run-as.ts";
import type { Database } from "#db/schema.ts";
import { hashPassword } from "../auth/password.server.ts";
import { generateSessionToken, parseSessionToken, secretMatches } from "../auth/session-token.server.ts";

const PASSWORD_LINK_HOURS = 72;
/** A forgotten-password link works one hour. */
const RESET_LINK_HOURS = 1;

/**
 * Inside the administrator's transaction: the outbox message that mints a set-password link and
 * mails it to the account's own address (ADR 0008). The token is never made here.
 */
export async function queuePasswordLinkMail(tx: Tx, options: { userId: string; issuedBy: string; tenantId: string }) {
	await tx
		.insertInto("outbox")
		.values({
			tenant_id: options.tenantId,
			topic: "password.link_requested",
			payload: JSON.stringify({ ...options, deliveryId: crypto.randomUUID() }),
		})
		.execute();
}

/**
 * Mints a one-time link on the owner connection, inside the mailing process's transaction (the app
 * role cannot write password_tokens). Only the secret's SHA-256 is stored; `deliveryId` makes a
 * retried delivery mint nothing twice.
 */
export async function unsafeMintPasswordLink(
	owner: Tx,
	options: {
		userId: string;
		purpose: "set" | "reset";
		issuedBy: string | null;
		issuedIn: string | null;
		deliveryId: string;
		now: Date;
	},
): Promise<{ token: string; tokenId: string; expiresAt: Date } | null> {
	const { token, id, secretHash } = generateSessionToken();
	const hours = options.purpose === "reset" ? RESET_LINK_HOURS : PASSWORD_LINK_HOURS;
	const expiresAt = new Date(options.now.getTime() + hours * 3600_000);
	// A newer link of the same purpose replaces the older ones.
	await owner
		.updateTable("password_tokens")
		.set({ revoked_at: options.now })
		.where("user_id", "=", options.userId)
		.where("purpose", "=", options.purpose)
		.where("used_at", "is", null)
		.where("revoked_at", "is", null)
		.execute();
	const inserted = await owner
		.insertInto("password_tokens")
		.values({
			id,
			secret_hash: secretHash,
			user_id: options.userId,
			issued_by: options.issuedBy,
			issued_in: options.issuedIn,
			purpose: options.purpose,
			delivery_id: options.deliveryId,
			expires_at: expiresAt,
		})
		.onConflict((oc) => oc.column("delivery_id").doNothing())
		.returning("id")
		.executeTakeFirst();
	return inserted ? { token, tokenId: id, expiresAt } : null;
}

type RedeemResult =
	| { ok: true; email: string; purpose: "set" | "reset" }
	| { ok: false; reason: "invalid" | "expired" | "used" };

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
			"p.purpose",
			// Checked again at use (ADR 0008): a set-password link stops working once the account has
			// joined another unit or signed in; a reset link belongs to the account's owner.
			sql<boolean>`p.revoked_at is null and u.disabled_at is null and (p.purpose = 'reset'
				or (p.issued_in is not null and app_account_managed_by(p.user_id, p.issued_in)))`.as("still_managed"),
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
		return { ok: true, email: row.email, purpose: row.purpose };
	});
}

/** Sets the password once: marks the link used, ends every session of the account, records the event for the person. */
export async function redeemPasswordLink(
	db: Kysely<Database>,
	token: string,
	password: string,
	now = new Date(),
	meta: { ip: string | null; userAgent: string | null; requestId: string | null } = {
		ip: null,
		userAgent: null,
		requestId: null,
	},
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
		// Every session of the account ends: whoever held one before the new password holds none now.
		await tx.deleteFrom("sessions").where("user_id", "=", row.user_id).execute();
		await tx
			.insertInto("security_events")
			.values({
				kind: row.purpose === "reset" ? "password_reset" : "password_changed",
				email: row.email,
				user_id: row.user_id,
				ip: meta.ip,
				user_agent: meta.userAgent?.slice(0, 300) ?? null,
				request_id: meta.requestId,
			})
			.execute();
		return { ok: true, email: row.email, purpose: row.purpose };
	});
}
