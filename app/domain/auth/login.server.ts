import { type Kysely, sql } from "kysely";
import { runAsAuthenticator, type Tx } from "#db/run-as.ts";
import type { Database } from "#db/schema.ts";
import {
	type FailureCounts,
	MAX_FAILURES_PER_SOURCE,
	PAIR_LOOKBACK_MS,
	retryAfterSeconds,
	SOURCE_WINDOW_MS,
	throttledUntil,
} from "./login-throttle.ts";
import { burnPasswordCheck, verifyPassword } from "./password.server.ts";
import { createSession, type SessionMeta } from "./sessions.server.ts";

type LoginResult =
	| { ok: true; token: string; expiresAt: Date; userId: string }
	| { ok: false; reason: "invalid_credentials" }
	| { ok: false; reason: "throttled"; retryAfterSeconds: number };

interface LoginInput {
	email: string;
	password: string;
	meta: SessionMeta & { requestId: string | null };
	now?: Date;
}

/**
 * The failures that throttle this attempt: of this account from this source since its last sign-in
 * from there, and of this source across accounts in the window. An unknown source (no address) is
 * one source: `is not distinct from` counts it rather than letting it pass.
 */
async function countFailures(tx: Tx, email: string, ip: string | null, now: Date): Promise<FailureCounts> {
	const lookback = new Date(now.getTime() - PAIR_LOOKBACK_MS);
	const windowStart = new Date(now.getTime() - SOURCE_WINDOW_MS);
	const { rows } = await sql<{ pair: number; pair_last: Date | null; source_limit: Date | null }>`
		with since as (
			select coalesce(max(at), ${lookback}::timestamptz) as at from security_events
			where kind = 'login_succeeded' and email = ${email} and ip is not distinct from ${ip}
				and at > ${lookback} and at <= ${now}
		), pair as (
			select count(*)::int as n, max(at) as last from security_events
			where kind = 'login_failed' and email = ${email} and ip is not distinct from ${ip}
				and at > (select at from since) and at <= ${now}
		)
		select pair.n as pair, pair.last as pair_last, (
			select at from security_events
			where kind = 'login_failed' and ip is not distinct from ${ip} and at > ${windowStart} and at <= ${now}
			order by at desc offset ${MAX_FAILURES_PER_SOURCE - 1} limit 1
		) as source_limit
		from pair`.execute(tx);
	const row = rows[0];
	return {
		pair: row?.pair ?? 0,
		pairLast: row?.pair_last ? new Date(row.pair_last) : null,
		sourceLimitReachedAt: row?.source_limit ? new Date(row.source_limit) : null,
	};
}

/**
 * Signs a person in: throttle check first (per account and source, and per source, in PostgreSQL so
 * it holds on the embedded default and across app processes), then the password, then a fresh
 * session (a new token on every login). Unknown emails cost as much as wrong passwords and get the
 * same answer. A throttled attempt never reaches the password check and is recorded against the
 * account, so the person (and their units, while they are members) can see it.
 */
export async function login(db: Kysely<Database>, input: LoginInput): Promise<LoginResult> {
	const now = input.now ?? new Date();
	const email = input.email.trim().toLowerCase();
	const { meta } = input;
	const event = { email, ip: meta.ip, user_agent: meta.userAgent?.slice(0, 300) ?? null, request_id: meta.requestId };

	const { counts, user } = await runAsAuthenticator(db, async (tx) => ({
		counts: await countFailures(tx, email, meta.ip, now),
		user: await tx
			.selectFrom("users")
			.select(["id", "password_hash", "disabled_at"])
			.where("email", "=", email)
			.executeTakeFirst(),
	}));
	const until = throttledUntil(counts, now);
	if (until) {
		await runAsAuthenticator(db, (tx) =>
			tx
				.insertInto("security_events")
				.values({ ...event, kind: "login_throttled", user_id: user?.id ?? null, at: now })
				.execute(),
		);
		return { ok: false, reason: "throttled", retryAfterSeconds: retryAfterSeconds(until, now) };
	}

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
