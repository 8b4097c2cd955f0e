import type { Socket } from "node:net";
import { CompiledQuery, Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pipelined, preparedPool } from "#db/prepared-pool.ts";
import type { Database } from "#db/schema.ts";
import { createTestDatabase } from "#tests/support/test-databases.ts";

/**
 * ADR 0009: BEGIN and a page view's settings travel with the statement after them. What the next
 * statement sees, what happens when the pipelined one fails, and the socket writes it costs.
 */
const database = await createTestDatabase("pipelined");
const pool = new pg.Pool({ connectionString: database.url, max: 1, pipeline: true });
const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparedPool(pool) }) });
// The pool's one connection, to count its socket's writes.
let socket: Socket | undefined;
pool.on("connect", (client) => {
	socket = (client as unknown as { connection: { stream: Socket } }).connection.stream;
});

/** Counts the socket writes of the one pooled connection while `work` runs on it. */
async function countWrites<T>(
	work: (connection: Kysely<Database>) => Promise<T>,
): Promise<{ result: T; writes: number }> {
	return db.connection().execute(async (connection) => {
		if (!socket) throw new Error("no connection yet");
		const counted = socket;
		let writes = 0;
		const original = { write: socket._write, writev: socket._writev };
		counted._write = function (...args: Parameters<Socket["_write"]>) {
			writes++;
			return original.write.apply(this, args);
		};
		counted._writev = function (...args: Parameters<NonNullable<Socket["_writev"]>>) {
			writes++;
			return original.writev?.apply(this, args);
		};
		try {
			return { result: await work(connection), writes };
		} finally {
			counted._write = original.write;
			counted._writev = original.writev;
		}
	});
}

const setting = (connection: Kysely<Database>) =>
	sql<{ value: string }>`select current_setting('app.tenant_id', true) as value where ${1} = 1`.execute(connection);

beforeAll(async () => {
	// Warm: the connection exists and the probe statement is prepared before anything is counted.
	await db.connection().execute(async (c) => {
		await setting(c);
	});
});

afterAll(async () => {
	await db.destroy();
	await database.drop();
});

describe("pipelined statements", () => {
	it("apply before the next statement, in the same socket write", async () => {
		const { result, writes } = await countWrites(async (c) => {
			await sql.raw(pipelined("begin; select set_config('app.tenant_id', 'one', true)")).execute(c);
			const seen = (await setting(c)).rows[0]?.value;
			await sql.raw(pipelined("select set_config('app.tenant_id', 'two', true)")).execute(c);
			const then = (await setting(c)).rows[0]?.value;
			await sql.raw("rollback").execute(c);
			return [seen, then];
		});
		expect(result).toEqual(["one", "two"]);
		// Two pipelined statements and three awaited ones: three writes, where five round trips were.
		expect(writes).toBe(3);
	});

	it("take parameters (prepared like any other statement)", async () => {
		await db.connection().execute(async (c) => {
			await sql.raw(pipelined("begin")).execute(c);
			await c.executeQuery(
				CompiledQuery.raw(pipelined("select set_config('app.tenant_id', $1, true)"), ["from-a-parameter"]),
			);
			expect((await setting(c)).rows[0]?.value).toBe("from-a-parameter");
			await sql.raw("rollback").execute(c);
		});
	});

	it("fail the statement after them with their own error, and nothing runs outside the transaction", async () => {
		await db.connection().execute(async (c) => {
			await sql.raw(pipelined("begin; select no_such_function()")).execute(c);
			await expect(setting(c)).rejects.toThrow(/no_such_function/);
			await sql.raw("rollback").execute(c);
			// The connection is usable afterwards and carries nothing over.
			expect((await setting(c)).rows[0]?.value ?? "").toBe("");
		});
	});

	it("that nothing follows still leave the connection on the next tick", async () => {
		await db.connection().execute(async (c) => {
			await sql.raw(pipelined("select pg_advisory_lock(4242)")).execute(c);
			await new Promise((r) => setTimeout(r, 200));
			// Another session sees the lock: the statement reached the server without a follower.
			const observer = new pg.Client({ connectionString: database.url });
			await observer.connect();
			try {
				const held = await observer.query(
					"select count(*)::int as n from pg_locks where locktype = 'advisory' and objid = 4242 and granted",
				);
				expect(held.rows[0]?.n).toBe(1);
			} finally {
				await observer.end();
			}
			await sql`select pg_advisory_unlock(${4242})`.execute(c);
		});
	});

	it("run as plain statements on a pool that does not pipeline", async () => {
		const plainPool = new pg.Pool({ connectionString: database.url, max: 1 });
		const plain = new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparedPool(plainPool) }) });
		try {
			await plain.connection().execute(async (c) => {
				await sql.raw(pipelined("begin; select set_config('app.tenant_id', 'three', true)")).execute(c);
				expect((await setting(c)).rows[0]?.value).toBe("three");
				await expect(sql.raw(pipelined("select no_such_function()")).execute(c)).rejects.toThrow(/no_such_function/);
				await sql.raw("rollback").execute(c);
			});
		} finally {
			await plain.destroy();
		}
	});
});
