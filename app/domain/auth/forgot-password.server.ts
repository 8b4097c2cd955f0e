import { type Kysely, sql } from "kysely";
import { runAsAuthenticator } from "#db/run-as.ts";
import type { Database } from "#db/schema.ts";

/** Requests per address, and per source across addresses, within one hour. */
export const RESET_LIMITS = { perAddress: 3, perSource: 20 } as const;

type ResetRequestOutcome = "sent" | "throttled";

/**
 * 忘记密码: records the request and, for an active account only, queues the email with a one-hour,
 * single-use link. The answer is the same whether or not the address has an account (the limits
 * count every request alike), so the form cannot be used to learn who is on the platform.
 */
export async function requestPasswordReset(
	db: Kysely<Database>,
	email: string,
	meta: { ip: string | null; userAgent: string | null; requestId: string | null },
): Promise<ResetRequestOutcome> {
	const { rows } = await runAsAuthenticator(db, (tx) =>
		sql<{ outcome: ResetRequestOutcome }>`select app_request_password_reset(${email}, ${meta.ip},
			${meta.userAgent}, ${meta.requestId}, ${RESET_LIMITS.perAddress}::int, ${RESET_LIMITS.perSource}::int) as outcome`.execute(
			tx,
		),
	);
	return rows[0]?.outcome === "throttled" ? "throttled" : "sent";
}
