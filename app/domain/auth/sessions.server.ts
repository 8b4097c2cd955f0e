import type { Kysely } from "kysely";
import { runAs, runAsAuthenticator, type Tx } from "#db/run-as.ts";
import type { Database } from "#db/schema.ts";
import { needsTouch, SESSION_ABSOLUTE_MS, sessionVerdict } from "./session-policy.ts";
import { generateSessionToken, parseSessionToken, secretMatches } from "./session-token.server.ts";

/** What the app knows about the signed-in person: no secrets, no hashes. */
export interface SessionUser {
	id: string;
	email: string;
	displayName: string;
	preferredLang: "zh-CN" | "en";
}

export interface SessionMeta {
	ip: string | null;
	userAgent: string | null;
}

/** Creates a session inside the caller's transaction; returns the cookie token. */
export async function createSession(tx: Tx, userId: string, meta: SessionMeta, now = new Date()) {
	const { token, id, secretHash } = generateSessionToken();
	const expiresAt = new Date(now.getTime() + SESSION_ABSOLUTE_MS);
	await tx
		.insertInto("sessions")
		.values({
			id,
			secret_hash: secretHash,
			user_id: userId,
			created_at: now,
			last_active_at: now,
			expires_at: expiresAt,
			ip: meta.ip,
			user_agent: meta.userAgent?.slice(0, 300) ?? null,
		})
		.execute();
	return { token, expiresAt };
}

/**
 * Checks a cookie token: shape, existence, secret (constant time), idle and absolute expiry, and
 * that the user is not disabled. Slides the idle window. Expired or bad sessions are deleted.
 */
export async function validateSessionToken(
	db: Kysely<Database>,
	token: string,
	now = new Date(),
): Promise<{ user: SessionUser; sessionId: string } | null> {
	const parsed = parseSessionToken(token);
	if (!parsed) return null;
	return runAsAuthenticator(db, async (tx) => {
		const row = await tx
			.selectFrom("sessions")
			.innerJoin("users", "users.id", "sessions.user_id")
			.select([
				"sessions.id",
				"sessions.secret_hash",
				"sessions.last_active_at",
				"sessions.expires_at",
				"users.id as user_id",
				"users.email",
				"users.display_name",
				"users.preferred_lang",
				"users.disabled_at",
			])
			.where("sessions.id", "=", parsed.id)
			.executeTakeFirst();
		if (!row || !secretMatches(parsed.secret, row.secret_hash)) return null;
		if (sessionVerdict(row, now) !== "valid" || row.disabled_at !== null) {
			await tx.deleteFrom("sessions").where("id", "=", row.id).execute();
			return null;
		}
		if (needsTouch(row, now)) {
			await tx.updateTable("sessions").set({ last_active_at: now }).where("id", "=", row.id).execute();
		}
		return {
			sessionId: row.id,
			user: {
				id: row.user_id,
				email: row.email,
				displayName: row.display_name,
				preferredLang: row.preferred_lang,
			},
		};
	});
}

/** Ends one session (logout), recording it. */
export async function invalidateSession(
	db: Kysely<Database>,
	sessionId: string,
	userId: string,
	meta: SessionMeta & { requestId: string | null },
) {
	await runAs(db, { userId, tenantId: null }, async (tx) => {
		await tx.deleteFrom("sessions").where("id", "=", sessionId).execute();
		await tx
			.insertInto("security_events")
			.values({ kind: "logout", user_id: userId, ip: meta.ip, user_agent: meta.userAgent, request_id: meta.requestId })
			.execute();
	});
}

/** Ends every session of a user, inside the caller's transaction (disabling an account, for instance). */
export async function invalidateUserSessions(tx: Tx, userId: string) {
	await tx.deleteFrom("sessions").where("user_id", "=", userId).execute();
}
