import { type Kysely, sql } from "kysely";
import { runAs, type Tx, withFirstTransaction } from "#db/run-as.ts";
import type { Database } from "#db/schema.ts";

/**
 * Writes that happen once (issue 27). Every form that creates something carries a one-time key
 * (`onceKey`, rendered with the form: app/components/once-form.tsx). The first transaction the
 * submission opens claims the key (table one_time_keys, per unit and person) before it writes
 * anything, so the key commits with the row it creates or not at all. A second copy of the same
 * POST — a double click, a resubmitted page, a parallel request — waits at the claim until the first
 * commits, creates nothing and answers what the first answered.
 *
 * Races between different submissions (a unique violation such as `invitations_one_pending`, a
 * serialization failure, a deadlock) are retried: the retry runs after the other one committed and
 * gets the answer a sequential repeat gets, in words. Should the race go on, the person is told in
 * words too, never a 500.
 */
const KEY_FIELD = "onceKey";
const keyPattern = /^[A-Za-z0-9_.:-]{8,100}$/;
/** unique_violation, serialization_failure, deadlock_detected */
const raceCodes = new Set(["23505", "40001", "40P01"]);
const RETRIES = 4;
/** How long a copy waits for the first submission's answer (it commits before it writes its answer). */
const ANSWER_WAIT_MS = 5000;

class AlreadyClaimed extends Error {}

interface Claimed {
	db: Kysely<Database>;
	actor: { userId: string; tenantId: string };
}

function onceKeyOf(form: FormData): string | null {
	const key = form.get(KEY_FIELD);
	if (typeof key !== "string" || !keyPattern.test(key)) return null;
	// Several steps may share one form (buttons with their own intent): the key is per step.
	const intent = form.get("intent");
	return `${key}${typeof intent === "string" ? `:${intent.slice(0, 40)}` : ""}`.slice(0, 100);
}

function isRace(error: unknown): boolean {
	const code = (error as { code?: unknown } | null)?.code;
	return typeof code === "string" && raceCodes.has(code);
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function claim(tx: Tx, key: string): Promise<void> {
	// Keys live a day: pruned here, one's own only (the policy allows nothing else).
	await tx.deleteFrom("one_time_keys").where("created_at", "<", sql<Date>`now() - interval '24 hours'`).execute();
	const claimed = await sql<{ key: string }>`
		insert into one_time_keys (tenant_id, user_id, key)
		values (app_current_tenant(), app_current_user(), ${key})
		on conflict do nothing returning key`.execute(tx);
	if (claimed.rows.length === 0) throw new AlreadyClaimed();
}

/** The first submission's answer: `undefined` while it has none yet, `null` when the key is free again. */
async function firstAnswer(where: Claimed, key: string): Promise<unknown> {
	const row = await runAs(where.db, where.actor, (tx) =>
		tx.selectFrom("one_time_keys").select("answer").where("key", "=", key).executeTakeFirst(),
	);
	if (!row) return null;
	return row.answer ?? undefined;
}

interface Answers<A> {
	/** Whether the answer stands for a write that was made (otherwise the key is free again). */
	succeeded(answer: A): boolean;
	/** The answer in words when a race goes on or the first submission's answer does not come. */
	inWords(key: "form.error.race" | "form.error.pending"): A;
}

export async function writeOnce<A>(form: FormData, produce: () => Promise<A>, answers: Answers<A>): Promise<A> {
	const key = onceKeyOf(form);
	for (let attempt = 0; ; attempt++) {
		let claimed: Claimed | null = null;
		let seen: Claimed | null = null;
		try {
			const answer = key
				? await withFirstTransaction(async (tx, where) => {
						seen = where;
						await claim(tx, key);
						claimed = where;
					}, produce)
				: await produce();
			const own = claimed as Claimed | null;
			if (own && key) {
				const ok = answers.succeeded(answer);
				await runAs(own.db, own.actor, async (tx) => {
					if (ok) {
						await tx
							.updateTable("one_time_keys")
							.set({ answer: JSON.stringify(answer) })
							.where("key", "=", key)
							.execute();
					} else {
						await tx.deleteFrom("one_time_keys").where("key", "=", key).where("answer", "is", null).execute();
					}
				});
			}
			return answer;
		} catch (error) {
			const where = seen as Claimed | null;
			if (error instanceof AlreadyClaimed && where && key) {
				const deadline = Date.now() + ANSWER_WAIT_MS;
				let answer: unknown;
				for (;;) {
					answer = await firstAnswer(where, key);
					if (answer !== undefined || Date.now() > deadline) break;
					await pause(25);
				}
				if (answer === undefined) return answers.inWords("form.error.pending");
				// The first did not write after all (refused): this copy goes on as itself.
				if (answer === null && attempt < RETRIES) continue;
				if (answer === null) return answers.inWords("form.error.race");
				return answer as A;
			}
			if (!isRace(error)) throw error;
			if (attempt >= RETRIES) return answers.inWords("form.error.race");
			await pause(10 + Math.random() * 40 * (attempt + 1));
		}
	}
}
