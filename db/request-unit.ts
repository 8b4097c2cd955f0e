import { AsyncLocalStorage } from "node:async_hooks";
import {
	CompiledQuery,
	type DatabaseConnection,
	type Dialect,
	type Driver,
	Kysely,
	PostgresAdapter,
	PostgresIntrospector,
	PostgresQueryCompiler,
	type QueryResult,
} from "kysely";
import { isDatabaseUnreachable } from "./connection-errors.ts";
import { pipelined } from "./prepared-pool.ts";
import type { Database } from "./schema.ts";

/** The settings the policies read, as `runAs` and `runAsAuthenticator` set them. */
interface UnitSettings {
	role: string;
	userId: string;
	tenantId: string;
	auth: "" | "authenticator";
	/**
	 * A session the database verifies (migrations 2026-12-06T1200, 2026-12-09T1000): `app.user_id`
	 * becomes the user of this session when its secret's hash matches and it is live, else empty
	 * (`userId` is ignored); the statement answers the session's access (RequestUnit.apply).
	 */
	session?: { id: string; secretSha256: Uint8Array; slug: string };
}

const uuidOrEmpty = /^(|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/** Settings checked and ready to apply; `key` tells two of them apart. */
interface AppliedSettings {
	key: string;
	text: string;
	parameters: unknown[];
	/** Its rows are wanted (a session's access): sent as a statement whose answer is read. */
	answers?: true;
	/**
	 * The plain settings these turned out to be, from their answer (a verified session's user and the
	 * unit of the page's address): a statement under exactly those then needs no settings of its own.
	 */
	appliedAs?: (rows: unknown[]) => string | null;
}

const settingsText =
	"select set_config('role', $1, true), set_config('app.user_id', $2, true), set_config('app.tenant_id', $3, true), set_config('app.auth', $4, true)";
/**
 * A session's settings answer its access too (migration 2026-12-09T1000): one row per membership of
 * the session's user, or one row of nulls when the session does not verify (then `app.user_id` is
 * empty and the policies show nothing). The unit is the one of the page's address ($3, a slug) when
 * the user is its member, else none.
 */
const sessionSettingsText =
	"select set_config('role', $1, true), set_config('app.user_id', coalesce(a.user_id::text, ''), true), set_config('app.tenant_id', coalesce(a.here::text, ''), true), set_config('app.auth', $4, true), a.* from (select 1) as one left join lateral app_session_access($2, $5, $3) as a on true";
const slugShape = /^[a-z0-9-]{1,64}$/;

const plainKey = (role: string, userId: string, tenantId: string, auth: string) =>
	`${role}|${userId}|${tenantId}|${auth}`;
const sessionIdShape = /^[a-z2-7]{32}$/;

/**
 * The statement that sets every setting, prepared like any other (PostgreSQL parses and plans it
 * once per connection), with its values checked here: uuids, a fixed role name, a fixed auth word.
 */
function settingsQuery(s: UnitSettings): AppliedSettings {
	if (!uuidOrEmpty.test(s.userId) || !uuidOrEmpty.test(s.tenantId) || !/^[a-z_]+$/.test(s.role)) {
		throw new Error("request unit: refused settings");
	}
	if (s.session) {
		const { id, secretSha256, slug } = s.session;
		if (!sessionIdShape.test(id) || secretSha256.byteLength !== 32 || !slugShape.test(slug))
			throw new Error("request unit: refused settings");
		const { role, auth } = s;
		return {
			key: `${role}|session:${id}|${slug}|${auth}`,
			text: sessionSettingsText,
			parameters: [role, id, slug, auth, Buffer.from(secretSha256)],
			answers: true,
			// What the statement set, read back from its first row: the same user and unit as plain
			// settings would set them (uuids as PostgreSQL writes them, as the app reads them).
			appliedAs: (rows) => {
				const row = rows[0] as { user_id: string | null; here: string | null } | undefined;
				return row?.user_id ? plainKey(role, row.user_id, row.here ?? "", auth) : null;
			},
		};
	}
	return {
		key: plainKey(s.role, s.userId, s.tenantId, s.auth),
		text: settingsText,
		parameters: [s.role, s.userId, s.tenantId, s.auth],
	};
}

/**
 * A page view's unit of work (ADR 0009): every `runAs` of one GET request runs in one transaction on
 * one connection. Session check, membership, notifications and page data then cost one BEGIN and
 * one COMMIT instead of one each, and read one consistent snapshot. Writes in the request (the
 * occasional session touch) commit with it; any error rolls it all back.
 *
 * Settings go with statements, not with work: each statement runs under the settings of the runAs
 * it was issued in. A statement whose settings are the ones applied goes out at once, beside any
 * still in flight (the loaders of one page, which React Router runs in parallel, then share round
 * trips: db/prepared-pool.ts writes what is issued in one tick in one write). A statement that
 * needs other settings waits until nothing is in flight, then goes out with its settings in front.
 */
class RequestUnit {
	readonly db: Kysely<Database>;
	#connection: Promise<DatabaseConnection> | undefined;
	#release: (() => void) | undefined;
	#released: Promise<void> | undefined;
	#failed = false;
	#begun = false;
	/** A statement that is not a plain select ran (the session touch, raw SQL): COMMIT is waited for. */
	#wrote = false;
	readonly #onBeginFailed: ((error: unknown) => void) | undefined;
	/** The settings applied on the connection (their key). */
	#applied = "";
	/** BEGIN and the settings being sent: statements under those settings go out after them, beside them. */
	#sending: Promise<unknown> = Promise.resolve();
	/** What the applied settings statement answered (a session's access; nothing for the others). */
	#settingsRows: unknown[] = [];
	/** Statements sent and not yet answered, and who waits for them all to be. */
	#inFlight = 0;
	#drained: (() => void)[] = [];
	finished = false;

	constructor(db: Kysely<Database>, onBeginFailed?: (error: unknown) => void) {
		this.db = db;
		this.#onBeginFailed = onBeginFailed;
	}

	/** Holds one pooled connection until finish(). */
	#acquire(): Promise<DatabaseConnection> {
		return new Promise((resolve, reject) => {
			this.#released = this.db
				.getExecutor()
				.provideConnection(async (connection) => {
					resolve(connection);
					await new Promise<void>((done) => {
						this.#release = done;
					});
				})
				.catch(reject);
		});
	}

	/**
	 * Takes the connection now, before any page code runs (a database that cannot be reached fails
	 * here); BEGIN waits for the first statement, so that it travels with it, and a page that reads
	 * nothing (the sign-in form) costs no statement at all.
	 */
	async start(): Promise<void> {
		this.#connection = this.#acquire();
		await this.#connection;
	}

	#untilDrained(): Promise<void> {
		return new Promise((resolve) => this.#drained.push(resolve));
	}

	#settle() {
		this.#inFlight--;
		if (this.#inFlight > 0) return;
		for (const wake of this.#drained.splice(0)) wake();
	}

	/**
	 * A statement under these settings: BEGIN or the settings in front of it where they are needed.
	 * Both are pipelined (db/prepared-pool.ts): on PostgreSQL they leave in the statement's own
	 * write; on PGlite, one statement at a time, they simply run first.
	 */
	async execute<R>(wanted: AppliedSettings, query: CompiledQuery | null): Promise<QueryResult<R>> {
		if (this.finished) throw new Error("request unit: statement after the unit finished");
		this.#connection ??= this.#acquire();
		const connection = await this.#connection;
		while (this.#inFlight > 0 && wanted.key !== this.#applied) await this.#untilDrained();
		this.#inFlight++;
		const beginning = !this.#begun;
		const applying = wanted.key !== this.#applied;
		try {
			if (beginning || applying) {
				// Marked before anything is sent: a statement under the same settings issued meanwhile (the
				// session's and the memberships') waits only for these to be sent, then leaves in the same write.
				this.#begun = true;
				this.#applied = wanted.key;
				this.#sending = (async () => {
					if (beginning) await connection.executeQuery(CompiledQuery.raw(pipelined("begin")));
					if (applying) {
						// Pipelined, a statement answers nothing (its error comes with the next one): one whose
						// rows are wanted is sent plainly, still in the same write as BEGIN.
						const text = wanted.answers ? wanted.text : pipelined(wanted.text);
						const settings = CompiledQuery.raw(text, wanted.parameters);
						this.#settingsRows = (await connection.executeQuery(settings)).rows;
						const appliedAs = wanted.appliedAs?.(this.#settingsRows);
						if (appliedAs) this.#applied = appliedAs;
					}
				})();
			}
			await this.#sending;
			if (!query) return { rows: this.#settingsRows as R[] };
			if (query.query.kind !== "SelectQueryNode") this.#wrote = true;
			return await connection.executeQuery<R>(query);
		} catch (error) {
			this.#failed = true;
			// The page has read nothing before this: the caller answers for an unreachable database.
			if (beginning) this.#onBeginFailed?.(error);
			throw error;
		} finally {
			this.#settle();
		}
	}

	/** Applies these settings now (with BEGIN if it has not gone yet) and answers what they answered. */
	async apply(settings: UnitSettings): Promise<unknown[]> {
		return (await this.execute(settingsQuery(settings), null)).rows;
	}

	run<T>(settings: UnitSettings, work: (connection: Kysely<Database>) => Promise<T>): Promise<T> {
		return insideWork.run({ unit: this, settings: settingsQuery(settings) }, async () => {
			try {
				return await work(unitDatabase(this.db));
			} catch (error) {
				this.#failed = true;
				throw error;
			}
		});
	}

	async finish(ok: boolean): Promise<void> {
		this.finished = true;
		if (!this.#connection) return;
		try {
			while (this.#inFlight > 0) await this.#untilDrained();
			const connection = await this.#connection;
			if (!this.#begun) return;
			if (ok && !this.#failed && !this.#wrote) {
				// Nothing to make durable: on PostgreSQL, COMMIT leaves with this tick and the connection
				// goes back to the pool at once; whoever takes it next is answered after it, in order.
				await connection.executeQuery(CompiledQuery.raw(pipelined("commit")));
				return;
			}
			const committing = ok && !this.#failed;
			await connection.executeQuery(CompiledQuery.raw(committing ? "commit" : "rollback")).catch((error: unknown) => {
				// A rollback on a lost connection has nothing left to undo (the server ends the
				// transaction with the session); a COMMIT that did not answer is the caller's 503.
				if (committing || !isDatabaseUnreachable(error)) throw error;
			});
		} finally {
			this.#release?.();
			await this.#released?.catch(() => {});
		}
	}
}

/**
 * The Kysely that work inside a unit gets: one per database, whose every statement goes through the
 * unit and the settings of the runAs it was issued in (found in async context, never passed around).
 * It cannot open transactions of its own: it is already inside one.
 */
const unitDatabases = new WeakMap<Kysely<Database>, Kysely<Database>>();

function unitDatabase(db: Kysely<Database>): Kysely<Database> {
	let found = unitDatabases.get(db);
	if (found) return found;
	const refuse = () => Promise.reject(new Error("request unit: a transaction inside a page view's unit of work"));
	const driver: Driver = {
		init: async () => {},
		acquireConnection: refuse,
		beginTransaction: refuse,
		commitTransaction: refuse,
		rollbackTransaction: refuse,
		releaseConnection: async () => {},
		destroy: async () => {},
	};
	const dialect: Dialect = {
		createAdapter: () => new PostgresAdapter(),
		createDriver: () => driver,
		createIntrospector: (inner) => new PostgresIntrospector(inner),
		createQueryCompiler: () => new PostgresQueryCompiler(),
	};
	const executor = db.getExecutor().withConnectionProvider({
		provideConnection(consumer) {
			const inside = insideWork.getStore();
			if (!inside || inside.unit.db !== db) {
				return Promise.reject(new Error("request unit: a statement outside the work it was given to"));
			}
			const { unit, settings } = inside;
			return consumer({
				executeQuery: (query) => unit.execute(settings, query),
				streamQuery: () => {
					throw new Error("request unit: streaming is not supported in a page view's unit of work");
				},
			});
		},
	});
	found = new Kysely<Database>({ config: { dialect }, dialect, driver, executor });
	unitDatabases.set(db, found);
	return found;
}

const requestUnit = new AsyncLocalStorage<RequestUnit>();
const insideWork = new AsyncLocalStorage<{ unit: RequestUnit; settings: AppliedSettings }>();

/**
 * Runs `handle` (a GET request) with one unit of work for every runAs against `db` inside it.
 * `eager`: take the connection before `handle` runs.
 * `onBeginFailed`: sees the error when BEGIN itself fails (it may throw its own answer instead).
 */
export async function withRequestUnit<T>(
	db: Kysely<Database>,
	options: { eager?: boolean; onBeginFailed?: (error: unknown) => void },
	handle: () => Promise<T>,
): Promise<T> {
	const unit = new RequestUnit(db, options.onBeginFailed);
	let result: T;
	try {
		// Eager: a database that cannot be reached (no connection can be made) fails here.
		if (options.eager) await unit.start();
		result = await requestUnit.run(unit, handle);
	} catch (error) {
		await unit.finish(false);
		throw error;
	}
	await unit.finish(true);
	return result;
}

/** The unit of work for this db in the current request, if any: runAs goes through it. */
export function currentUnit(db: Kysely<Database>) {
	// Inside another runAs's work: the same unit; its statements carry the inner settings, and the
	// outer work's statements go on carrying the outer ones.
	const inside = insideWork.getStore();
	if (inside && inside.unit.db === db) return inside.unit;
	const unit = requestUnit.getStore();
	return unit && unit.db === db && !unit.finished ? unit : null;
}

/** True inside work that runs in a page view's shared unit of work. */
export function insidePageViewUnit(): boolean {
	return insideWork.getStore() !== undefined;
}
