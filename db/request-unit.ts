import { AsyncLocalStorage } from "node:async_hooks";
import { type Kysely, sql } from "kysely";
import { pipelined } from "./prepared-pool.ts";
import type { Database } from "./schema.ts";

/** The settings the policies read, as `runAs` and `runAsAuthenticator` set them. */
export interface UnitSettings {
	role: string;
	userId: string;
	tenantId: string;
	auth: "" | "authenticator";
}

const uuidOrEmpty = /^(|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

/**
 * One statement that sets every setting: values are checked here (uuids, a fixed role name, a
 * fixed auth word) and written as literals, so it can travel in the same simple-protocol message
 * as BEGIN.
 */
export function settingsStatement(s: UnitSettings): string {
	if (!uuidOrEmpty.test(s.userId) || !uuidOrEmpty.test(s.tenantId) || !/^[a-z_]+$/.test(s.role)) {
		throw new Error("request unit: refused settings");
	}
	return `select set_config('role', '${s.role}', true), set_config('app.user_id', '${s.userId}', true), set_config('app.tenant_id', '${s.tenantId}', true), set_config('app.auth', '${s.auth}', true)`;
}

/**
 * A page view's unit of work (ADR 0009): every `runAs` of one GET request runs in one transaction on
 * one connection, each with its own settings re-applied before it, one at a time. Session check,
 * membership, notifications and page data then cost one BEGIN and one COMMIT instead of one each,
 * and read one consistent snapshot. Writes in the request (the occasional session touch) commit
 * with it; any error rolls it all back.
 */
class RequestUnit {
	readonly db: Kysely<Database>;
	readonly #combineBegin: boolean;
	#connection: Promise<Kysely<Database>> | undefined;
	#release: (() => void) | undefined;
	#released: Promise<void> | undefined;
	#queue: Promise<void> = Promise.resolve();
	#failed = false;
	#begun = false;
	readonly #onBeginFailed: ((error: unknown) => void) | undefined;
	/** The settings last applied on the connection: applying the same again is skipped. */
	#applied = "";
	finished = false;

	constructor(db: Kysely<Database>, combineBegin: boolean, onBeginFailed?: (error: unknown) => void) {
		this.db = db;
		this.#combineBegin = combineBegin;
		this.#onBeginFailed = onBeginFailed;
	}

	/** Holds one pooled connection until finish(). */
	#acquire(): Promise<Kysely<Database>> {
		return new Promise((resolve, reject) => {
			this.#released = this.db
				.connection()
				.execute(async (connection) => {
					resolve(connection);
					await new Promise<void>((done) => {
						this.#release = done;
					});
				})
				.catch(reject);
		});
	}

	/**
	 * BEGIN and the first settings. On PostgreSQL: one simple-protocol message, pipelined, so it
	 * leaves in the same socket write as the work's first statement (db/prepared-pool.ts).
	 */
	async #begin(connection: Kysely<Database>, statement: string): Promise<void> {
		if (this.#combineBegin) await sql.raw(pipelined(`begin; ${statement}`)).execute(connection);
		else {
			await sql.raw("begin").execute(connection);
			await sql.raw(statement).execute(connection);
		}
		this.#begun = true;
	}

	/** A change of settings: pipelined on PostgreSQL (it goes out with the statement after it). */
	#apply(connection: Kysely<Database>, statement: string) {
		return sql.raw(this.#combineBegin ? pipelined(statement) : statement).execute(connection);
	}

	/**
	 * Takes the connection now, before any page code runs (a database that cannot be reached fails
	 * here); BEGIN waits for the first work, so that it travels with that work's settings, and a page
	 * that reads nothing (the sign-in form) costs no statement at all.
	 */
	async start(): Promise<void> {
		this.#connection = this.#acquire();
		await this.#connection;
	}

	async run<T>(settings: UnitSettings, work: (connection: Kysely<Database>) => Promise<T>): Promise<T> {
		const previous = this.#queue;
		let unlock = () => {};
		this.#queue = new Promise((resolve) => {
			unlock = resolve;
		});
		await previous;
		const beginning = !this.#begun;
		try {
			const statement = settingsStatement(settings);
			this.#connection ??= this.#acquire();
			const connection = await this.#connection;
			if (beginning) await this.#begin(connection, statement);
			else if (statement !== this.#applied) await this.#apply(connection, statement);
			this.#applied = statement;
			return await insideWork.run({ unit: this, settings }, () => work(connection));
		} catch (error) {
			this.#failed = true;
			// The page has read nothing before this: the caller answers for an unreachable database.
			if (beginning) this.#onBeginFailed?.(error);
			throw error;
		} finally {
			unlock();
		}
	}

	/** Work started from inside another unit's work: same connection, its settings, then the outer ones back. */
	async nested<T>(
		outer: UnitSettings,
		settings: UnitSettings,
		work: (connection: Kysely<Database>) => Promise<T>,
	): Promise<T> {
		const connection = await (this.#connection as Promise<Kysely<Database>>);
		await this.#apply(connection, settingsStatement(settings));
		try {
			return await insideWork.run({ unit: this, settings }, () => work(connection));
		} finally {
			await this.#apply(connection, settingsStatement(outer));
			this.#applied = settingsStatement(outer);
		}
	}

	async finish(ok: boolean): Promise<void> {
		await this.#queue;
		this.finished = true;
		if (!this.#connection) return;
		try {
			const connection = await this.#connection;
			if (this.#begun) await sql.raw(ok && !this.#failed ? "commit" : "rollback").execute(connection);
		} finally {
			this.#release?.();
			await this.#released?.catch(() => {});
		}
	}
}

const requestUnit = new AsyncLocalStorage<RequestUnit>();
const insideWork = new AsyncLocalStorage<{ unit: RequestUnit; settings: UnitSettings }>();

/**
 * Runs `handle` (a GET request) with one unit of work for every runAs against `db` inside it.
 * `combineBegin`: send BEGIN and the settings in one message (PostgreSQL's simple protocol; PGlite's
 * query path takes one statement at a time). `eager`: take the connection before `handle` runs.
 * `onBeginFailed`: sees the error when BEGIN itself fails (it may throw its own answer instead).
 */
export async function withRequestUnit<T>(
	db: Kysely<Database>,
	options: { combineBegin: boolean; eager?: boolean; onBeginFailed?: (error: unknown) => void },
	handle: () => Promise<T>,
): Promise<T> {
	const unit = new RequestUnit(db, options.combineBegin, options.onBeginFailed);
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
	const inside = insideWork.getStore();
	if (inside && inside.unit.db === db) {
		const { unit, settings: outer } = inside;
		return {
			run: <T>(settings: UnitSettings, work: (connection: Kysely<Database>) => Promise<T>) =>
				unit.nested(outer, settings, work),
		};
	}
	const unit = requestUnit.getStore();
	return unit && unit.db === db && !unit.finished ? unit : null;
}

/** True inside work that runs in a page view's shared unit of work. */
export function insidePageViewUnit(): boolean {
	return insideWork.getStore() !== undefined;
}
