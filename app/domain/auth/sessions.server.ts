import type { Kysely } from "kysely";
import { runAs, runAsAuthenticator, sessionAccessRows, type Tx } from "#db/run-as.ts";
import type { Database, Role, TenantKind } from "#db/schema.ts";
import { statementTemplate } from "#db/statement-template.ts";
import { unitSlugShape } from "../children/child-tenant-schema.ts";
import { needsTouch, SESSION_ABSOLUTE_MS, sessionVerdict } from "./session-policy.ts";
import {
	generateSessionToken,
	hashMatches,
	hashSecret,
	parseSessionToken,
	secretMatches,
} from "./session-token.server.ts";

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
		const [row] = await sessionStatement(tx, { id: parsed.id });
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

/** A row of `app_session_access` (migration 2026-12-09T1000): the session, its user, one membership. */
export interface SessionAccessRow {
	user_id: string | null;
	email: string;
	display_name: string;
	preferred_lang: "zh-CN" | "en";
	secret_hash: Uint8Array;
	last_active_at: Date;
	expires_at: Date;
	/** Null in the one row of a user with no active membership. */
	tenant_id: string | null;
	slug: string;
	name: string;
	kind: TenantKind;
	gov_name: string;
	union_name: string;
	division_code: string | null;
	parent_id: string | null;
	roles: Role[];
	pending_invitations: number;
	entered: boolean;
	/** The unit of the page's address, when the user is its member: the unit the settings set. */
	here: string | null;
}

/**
 * A page view's fast path (ADR 0009, 2026-12-05 and 2026-12-09): the session verified by the
 * database in the settings of the unit's first statement, which answers the session with its user
 * and every active membership and sets the unit of the page's address (db/run-as.ts
 * sessionAccessRows): one statement where there were four. The same checks as validateSessionToken are made here on the row read. Null whenever this
 * path does not settle it — outside a page view's unit of work, a session that is not found, not live
 * or due for its touch — and the caller then asks validateSessionToken, which answers, slides and
 * ends sessions as it always has.
 */
export async function withVerifiedSession(
	db: Kysely<Database>,
	token: string,
	slug: string,
	now = new Date(),
): Promise<{ user: SessionUser; sessionId: string; memberships: SessionAccessRow[] } | null> {
	const parsed = parseSessionToken(token);
	// An address no unit can have is the other path's 404.
	if (!parsed || !unitSlugShape.test(slug)) return null;
	const session = { id: parsed.id, secretSha256: hashSecret(parsed.secret), slug };
	const rows = (await sessionAccessRows(db, session)) as SessionAccessRow[] | null;
	const row = rows?.[0];
	if (!rows || !row || row.user_id === null || !hashMatches(session.secretSha256, row.secret_hash)) return null;
	if (sessionVerdict(row, now) !== "valid" || needsTouch(row, now)) return null;
	return {
		sessionId: parsed.id,
		user: { id: row.user_id, email: row.email, displayName: row.display_name, preferredLang: row.preferred_lang },
		memberships: rows.filter((r) => r.tenant_id !== null),
	};
}

/** The session with its user, on every signed-in page (compiled once: db/statement-template.ts). */
const sessionStatement = statementTemplate(["id"], (tx: Kysely<Database>, v: { id: string }) =>
	tx
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
		.where("sessions.id", "=", v.id),
);

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
