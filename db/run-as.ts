import { AsyncLocalStorage } from "node:async_hooks";
import { type Kysely, sql, type Transaction } from "kysely";
import { z } from "zod";
import { APP_ROLE } from "./client.ts";
import { currentUnit, insidePageViewUnit } from "./request-unit.ts";
import type { Database } from "./schema.ts";

export type Tx = Transaction<Database>;

/** Who a unit of work runs as. A null tenant sees no tenant rows (the policies fail closed). */
export interface Actor {
	userId: string | null;
	tenantId: string | null;
}

const uuid = z.uuid();

/** The actor's ids as the settings carry them (an absent one: empty), each checked to be a uuid. */
function actorIds(actor: Actor) {
	return {
		userId: actor.userId === null ? "" : uuid.parse(actor.userId),
		tenantId: actor.tenantId === null ? "" : uuid.parse(actor.tenantId),
	};
}

/** The app role and the actor as transaction-local settings (the select list of one statement). */
const actorSettings = (userId: string, tenantId: string) => sql`set_config('role', ${APP_ROLE}, true),
	set_config('app.user_id', ${userId}, true),
	set_config('app.tenant_id', ${tenantId}, true),
	set_config('app.auth', '', true)`;

/**
 * The one place that opens a transaction for the app: switches to the app role and sets the acting
 * user and tenant as transaction-local settings (set_config(..., true)), so they vanish at commit
 * and a pooled connection carries nothing over to the next request. Routes never open connections.
 *
 * Scale-out note (Citus): set_config is not propagated to workers; there the tenant is set with
 * SET LOCAL on a validated uuid literal and citus.propagate_set_commands = 'local'. That switch
 * belongs here and nowhere else.
 */
export async function runAs<T>(db: Kysely<Database>, actor: Actor, work: (tx: Tx) => Promise<T>): Promise<T> {
	const { userId, tenantId } = actorIds(actor);
	// Inside a page view's unit of work (db/request-unit.ts): the same transaction, these settings.
	const unit = currentUnit(db);
	if (unit)
		return unit.run({ role: APP_ROLE, userId, tenantId, auth: "" }, work as (c: Kysely<Database>) => Promise<T>);
	return db.transaction().execute(async (tx) => {
		await sql`select ${actorSettings(userId, tenantId)}`.execute(tx);
		const first = firstTransaction.getStore();
		if (first?.claim && userId && tenantId) {
			const { claim } = first;
			first.claim = null;
			await claim(tx, { db, actor: { userId, tenantId } });
		}
		return work(tx);
	});
}

/**
 * Work that outlives the page view's unit of work (a download whose body is written after the loader
 * returned): a connection and transaction of its own, held until `work` settles, never the
 * request's. REPEATABLE READ and READ ONLY (every statement reads one snapshot and nothing is
 * written), under the same role and settings as runAs. Callers end `work` when the client goes away;
 * one that stalls without going away loses the transaction after five minutes idle in it.
 */
export async function runAsSnapshot<T>(db: Kysely<Database>, actor: Actor, work: (tx: Tx) => Promise<T>): Promise<T> {
	const { userId, tenantId } = actorIds(actor);
	return db.transaction().execute(async (tx) => {
		// Before any other statement (PGlite's driver begins plainly, without Kysely's settings).
		await sql`set transaction isolation level repeatable read, read only`.execute(tx);
		await sql`select ${actorSettings(userId, tenantId)},
			-- A client that stops reading without going away would otherwise hold the snapshot open.
			set_config('idle_in_transaction_session_timeout', '300s', true)`.execute(tx);
		return work(tx);
	});
}

type FirstClaim = (
	tx: Tx,
	where: { db: Kysely<Database>; actor: { userId: string; tenantId: string } },
) => Promise<void>;
const firstTransaction = new AsyncLocalStorage<{ claim: FirstClaim | null }>();

/**
 * Runs `work` so that the first transaction runAs opens in it (as a person in a unit) begins with
 * `claim`: a form's one-time key is claimed in the same transaction as the row the form creates
 * (app/lib/form-step.server.ts), and a second copy of the same POST waits there for the first.
 */
export function withFirstTransaction<T>(claim: FirstClaim, work: () => Promise<T>): Promise<T> {
	return firstTransaction.run({ claim }, work);
}

/**
 * A session the database verifies in the settings of a page view's first statement (migrations
 * 2026-12-06T1200, 2026-12-09T1000): what `app_session_access` answered, one row per membership of
 * the session's user (or one row of nulls when the session does not verify), in the round trip that
 * begins the unit, with the unit of the page's address (`slug`) set when the user is its member. Only
 * inside a page view's unit of work; elsewhere null, without asking anything.
 * Only app/domain/auth calls it.
 */
export async function sessionAccessRows(
	db: Kysely<Database>,
	session: { id: string; secretSha256: Uint8Array; slug: string },
): Promise<unknown[] | null> {
	const unit = currentUnit(db);
	if (!unit) return null;
	return unit.apply({ role: APP_ROLE, userId: "", tenantId: "", auth: "", session });
}

/**
 * The authentication unit of work: finds a user by email for login and a session by id, before any
 * user or tenant is known. The policies on users, sessions and security_events open for it and for
 * nothing else. Only app/domain/auth calls it.
 */
export async function runAsAuthenticator<T>(db: Kysely<Database>, work: (tx: Tx) => Promise<T>): Promise<T> {
	const unit = currentUnit(db);
	if (unit) {
		const settings = { role: APP_ROLE, userId: "", tenantId: "", auth: "authenticator" } as const;
		return unit.run(settings, work as (c: Kysely<Database>) => Promise<T>);
	}
	return db.transaction().execute(async (tx) => {
		await sql`select set_config('role', ${APP_ROLE}, true),
			set_config('app.user_id', '', true),
			set_config('app.tenant_id', '', true),
			set_config('app.auth', 'authenticator', true)`.execute(tx);
		return work(tx);
	});
}

/**
 * Unsafe by name: moves the unit of work into a direct child of the current tenant, for the one
 * use case that needs it (creating a child tenant and its first admin in one transaction). The
 * database refuses anything but a direct child of the tenant the unit of work started in.
 */
export async function unsafeEnterChildTenant(tx: Tx, childTenantId: string): Promise<void> {
	// Never inside a page view's shared unit of work, whose settings it would leave changed.
	if (insidePageViewUnit()) throw new Error("unsafeEnterChildTenant: not in a page view's unit of work");
	const id = uuid.parse(childTenantId);
	const { rows } = await sql<{ id: string }>`
		select set_config('app.tenant_id', t.id::text, true) as id
		from tenants t where t.id = ${id} and t.parent_id = app_current_tenant()`.execute(tx);
	if (rows[0]?.id !== id) throw new Error("unsafeEnterChildTenant: not a direct child of the current tenant");
}
