import type { DatabaseConnection, Driver, TransactionSettings } from "kysely";

/**
 * PGlite has one connection. Kysely's PGlite driver hands that connection to every caller at once,
 * so a query issued while another caller's transaction is open would run inside that transaction,
 * with that caller's tenant settings. This driver queues callers: one holder of the connection at a
 * time, like a pool of one.
 */
export class SerializedDriver implements Driver {
	#inner: Driver;
	#tail: Promise<void> = Promise.resolve();
	#release = new WeakMap<DatabaseConnection, () => void>();

	constructor(inner: Driver) {
		this.#inner = inner;
	}

	init(): Promise<void> {
		return this.#inner.init();
	}

	async acquireConnection(): Promise<DatabaseConnection> {
		let release!: () => void;
		const held = new Promise<void>((resolve) => {
			release = resolve;
		});
		const previous = this.#tail;
		this.#tail = previous.then(() => held);
		await previous;
		const connection = await this.#inner.acquireConnection();
		this.#release.set(connection, release);
		return connection;
	}

	async releaseConnection(connection: DatabaseConnection): Promise<void> {
		await this.#inner.releaseConnection(connection);
		const release = this.#release.get(connection);
		this.#release.delete(connection);
		release?.();
	}

	beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
		return this.#inner.beginTransaction(connection, settings);
	}
	commitTransaction(connection: DatabaseConnection): Promise<void> {
		return this.#inner.commitTransaction(connection);
	}
	rollbackTransaction(connection: DatabaseConnection): Promise<void> {
		return this.#inner.rollbackTransaction(connection);
	}
	destroy(): Promise<void> {
		return this.#inner.destroy();
	}
}
