import { type Kysely, sql } from "kysely";
import { runAsAuthenticator, type Tx } from "#db/run-as.ts";
import type { Database } from "#db/schema.ts";
import { type FailureCounts, isThrottled, retryAfterMinutes, THROTTLE_WINDOW_MS } from "./login-throttle.ts";
import { burnPasswordCheck, verifyPassword } from "./password.server.ts";
import { createSession, type SessionMeta } from "./sessions.server.ts";

export type LoginResult =
	| { ok: true; token: string; expiresAt: Date; userId: string }
	| { ok: false; reason: "invalid_credentials" }
	| { ok: false; reason: "throttled"; retryAfterMinutes: number };

export interface LoginInput {
	email: string;
	password: string;
	meta: SessionMeta & { requestId: string | null };
	now?: Date;
}

async function countFailures(tx: Tx, email: string, ip: string | null, since: Date): Promise<FailureCounts> {
	const { rows } = await sql<{ account: number; ip: number; oldest: Date | null }>`
		select
			count(*) filter (where email = ${email})::int as account,
			count(*) filter (where ip = ${ip})::int as ip,
			min(at) filter (where email = ${email}) as oldest
		from security_events
		where kind = 'login_failed' and at > ${since} and (email = ${email} or ip = ${ip})`.execute(tx);
	const row = rows[0];
	return { account: row?.account ?? 0, ip: row?.ip ?? 0, oldest: row?.oldest ? new Date(row.oldest) : null };
}

/**
 * Signs a person in: throttle check first (per account and per IP, in PostgreSQL so it holds on the
 * embedded default and across app processes), then the password, then a fresh session (a new token
 * on every login). Unknown emails cost as much as wrong passwords and get the same answer.
 */
export async function login(db: Kysely<Database>, input: LoginInput): Promise<LoginResult> {
	const now = input.now ?? new Date();
	const email = input.email.trim().toLowerCase();
	const { meta } = input;
	const event = { email, ip: meta.ip, user_agent: meta.userAgent?.slice(0, 300) ?? null, request_id: meta.requestId };

	const counts = await runAsAuthenticator(db, (tx) =>
		countFailures(tx, email, meta.ip, new Date(now.getTime() - THROTTLE_WINDOW_MS)),
	);
	if (isThrottled(counts)) {
		await runAsAuthenticator(db, (tx) =>
			tx
				.insertInto("security_events")
				.values({ ...event, kind: "login_throttled", at: now })
				.execute(),
		);
		return { ok: false, reason: "throttled", retryAfterMinutes: retryAfterMinutes(counts, now) };
	}

	const user = await runAsAuthenticator(db, (tx) =>
		tx.selectFrom("users").select(["id", "password_hash", "disabled_at"]).where("email", "=", email).executeTakeFirst(),
	);
	// Password hashing runs outside any transaction: it takes tens of milliseconds.
	const passwordOk = user
		? await verifyPassword(user.password_hash, input.password)
		: await burnPasswordCheck(input.password);
	if (!user || !passwordOk || user.disabled_at !== null) {
		await runAsAuthenticator(db, (tx) =>
			tx
				.insertInto("security_events")
				.values({ ...event, kind: "login_failed", user_id: user?.id ?? null, at: now })
				.execute(),
		);
		return { ok: false, reason: "invalid_credentials" };
	}

	return runAsAuthenticator(db, async (tx) => {
		const session = await createSession(tx, user.id, meta, now);
		// The first sign-in ends the creating unit's hold on the account (ADR 0008); the trigger keeps the first.
		await tx
			.updateTable("users")
			.set({ first_signed_in_at: now })
			.where("id", "=", user.id)
			.where("first_signed_in_at", "is", null)
			.execute();
		await tx
			.insertInto("security_events")
			.values({ ...event, kind: "login_succeeded", user_id: user.id, at: now })
			.execute();
		return { ok: true, token: session.token, expiresAt: session.expiresAt, userId: user.id };
	});
}
