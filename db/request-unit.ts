import { AsyncLocalStorage } from "node:async_hooks";
import { type Kysely, sql } from "kysely";
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
	/** The settings last applied on the connection: applying the same again is skipped. */
	#applied = "";
	finished = false;

	readonly #role: string;

	constructor(db: Kysely<Database>, combineBegin: boolean, role: string) {
		this.db = db;
		this.#combineBegin = combineBegin;
		this.#role = role;
	}

	/** Holds one pooled connection until finish(); BEGIN (and the first settings) on it. */
	#open(first: UnitSettings): Promise<Kysely<Database>> {
		return new Promise((resolve, reject) => {
			this.#released = this.db
				.connection()
				.execute(async (connection) => {
					try {
						if (this.#combineBegin) await sql.raw(`begin; ${settingsStatement(first)}`).execute(connection);
						else {
							await sql.raw("begin").execute(connection);
							await sql.raw(settingsStatement(first)).execute(connection);
						}
					} catch (error) {
						reject(error);
						return;
					}
					resolve(connection);
					await new Promise<void>((done) => {
						this.#release = done;
					});
				})
				.catch(reject);
		});
	}

	/** Opens the transaction now (before any page code), with settings that see no tenant rows. */
	async start(): Promise<void> {
		this.#connection = this.#open({ role: this.#role, userId: "", tenantId: "", auth: "" });
		this.#applied = settingsStatement({ role: this.#role, userId: "", tenantId: "", auth: "" });
		await this.#connection;
	}

	async run<T>(settings: UnitSettings, work: (connection: Kysely<Database>) => Promise<T>): Promise<T> {
		const previous = this.#queue;
		let unlock = () => {};
		this.#queue = new Promise((resolve) => {
			unlock = resolve;
		});
		await previous;
		try {
			let connection: Kysely<Database>;
			const statement = settingsStatement(settings);
			if (this.#connection) {
				connection = await this.#connection;
				if (statement !== this.#applied) await sql.raw(statement).execute(connection);
			} else {
				this.#connection = this.#open(settings);
				connection = await this.#connection;
			}
			this.#applied = statement;
			return await insideWork.run({ unit: this, settings }, () => work(connection));
		} catch (error) {
			this.#failed = true;
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
		await sql.raw(settingsStatement(settings)).execute(connection);
		try {
			return await insideWork.run({ unit: this, settings }, () => work(connection));
		} finally {
			await sql.raw(settingsStatement(outer)).execute(connection);
			this.#applied = settingsStatement(outer);
		}
	}

	async finish(ok: boolean): Promise<void> {
		await this.#queue;
		this.finished = true;
		if (!this.#connection) return;
		try {
			const connection = await this.#connection;
			await sql.raw(ok && !this.#failed ? "commit" : "rollback").execute(connection);
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
 * query path takes one statement at a time).
 */
export async function withRequestUnit<T>(
	db: Kysely<Database>,
	options: { combineBegin: boolean; role?: string; eager?: boolean },
	handle: () => Promise<T>,
): Promise<T> {
	const unit = new RequestUnit(db, options.combineBegin, options.role ?? "lianxi_app");
	let result: T;
	try {
		// Eager: a database that cannot be reached fails here, before any page code runs.
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
