import { type Kysely, sql } from "kysely";
import type { Database } from "#db/schema.ts";

/**
 * The outbox as a work list (ADR 0011). Every state change appends rows in its own transaction
 * (app/domain); this module, on the owner connection, hands them out and settles them. A row stays
 * pending until its handler is done, so nothing is lost when a process or Redis dies: a claimed row
 * whose lease runs out is handed out again, and handlers are idempotent by their own keys.
 */
export interface OutboxMessage {
	tenantId: string;
	id: string;
	topic: string;
	payload: unknown;
	/** Attempts so far, this one included. */
	attempts: number;
	/** Handed to BullMQ before (its lease ran out before its handler settled it). */
	relayedBefore: boolean;
}

/** Retries before a row is set aside as failed; the delay doubles from 2 s up to 5 minutes. */
export const MAX_ATTEMPTS = 5;
export const retryDelayMs = (attempts: number) => Math.min(300_000, 2_000 * 2 ** Math.max(0, attempts - 1));

/**
 * Claims up to `limit` due rows, oldest first, for `leaseMs` (FOR UPDATE SKIP LOCKED: two runners
 * never claim the same row). `mode: "run"` counts an attempt; `mode: "relay"` marks the hand-over to
 * BullMQ, which counts its own attempts.
 */
export async function claimDue(
	owner: Kysely<Database>,
	options: { limit: number; leaseMs: number; mode: "run" | "relay" },
): Promise<OutboxMessage[]> {
	const { rows } = await sql<OutboxMessage>`
		update outbox o set
			available_at = now() + make_interval(secs => ${options.leaseMs / 1000}::float8),
			attempts = o.attempts + ${options.mode === "run" ? 1 : 0}::int,
			relayed_at = case when ${options.mode} = 'relay' then now() else o.relayed_at end
		from (
			select tenant_id, id, relayed_at as previous from outbox
			where processed_at is null and failed_at is null and available_at <= now()
			order by available_at limit ${options.limit}
			for update skip locked
		) due
		where o.tenant_id = due.tenant_id and o.id = due.id
		returning o.tenant_id as "tenantId", o.id, o.topic, o.payload, o.attempts,
			due.previous is not null as "relayedBefore"`.execute(owner);
	return rows;
}

export async function markDone(owner: Kysely<Database>, m: Pick<OutboxMessage, "tenantId" | "id">): Promise<void> {
	await owner
		.updateTable("outbox")
		.set({ processed_at: new Date(), last_error: null })
		.where("tenant_id", "=", m.tenantId)
		.where("id", "=", m.id)
		.where("processed_at", "is", null)
		.execute();
}

/** Records a failure: retried after a delay, or set aside as failed once `final`. */
export async function markFailed(
	owner: Kysely<Database>,
	m: Pick<OutboxMessage, "tenantId" | "id" | "attempts">,
	error: unknown,
	final: boolean,
	delayMs = retryDelayMs(m.attempts),
): Promise<void> {
	const message = (error instanceof Error ? error.message : String(error)).slice(0, 2000);
	await owner
		.updateTable("outbox")
		.set({
			last_error: message,
			...(final ? { failed_at: new Date() } : { available_at: new Date(Date.now() + delayMs) }),
		})
		.where("tenant_id", "=", m.tenantId)
		.where("id", "=", m.id)
		.where("processed_at", "is", null)
		.execute();
}

interface OutboxCounts {
	pending: number;
	processed: number;
	failed: number;
	oldestPendingSeconds: number | null;
}

/** For operators (`npm run outbox`) and tests. */
export async function outboxCounts(owner: Kysely<Database>): Promise<OutboxCounts> {
	const { rows } = await sql<OutboxCounts>`
		select count(*) filter (where processed_at is null and failed_at is null)::int as pending,
			count(*) filter (where processed_at is not null)::int as processed,
			count(*) filter (where failed_at is not null)::int as failed,
			extract(epoch from now() - min(created_at) filter (where processed_at is null and failed_at is null))::float8
				as "oldestPendingSeconds"
		from outbox`.execute(owner);
	const row = rows[0];
	return row ?? { pending: 0, processed: 0, failed: 0, oldestPendingSeconds: null };
}

export function failedMessages(owner: Kysely<Database>, limit = 20) {
	return owner
		.selectFrom("outbox")
		.select(["tenant_id as tenantId", "id", "topic", "attempts", "last_error as lastError", "failed_at as failedAt"])
		.where("failed_at", "is not", null)
		.orderBy("failed_at", "desc")
		.limit(limit)
		.execute();
}
