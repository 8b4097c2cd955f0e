import { createHash } from "node:crypto";
import type pg from "pg";
import { isDatabaseUnreachable, noteConnectionError } from "./connection-errors.ts";

type QueryArgs = [text: unknown, values?: unknown, callback?: unknown];

const pipelinedMark = "/* pipelined */ ";

/**
 * A statement that returns nothing the caller needs (BEGIN, the request unit's settings), to go out
 * with the next statement on the connection instead of costing a round trip of its own. On a pool
 * in pg's pipeline mode it is sent at once but not waited for: the caller goes on as if it had run,
 * its bytes leave in the same socket write as the next statement's (the socket is corked until the
 * tick ends), and that statement's answer waits for it (and fails with its error if it failed).
 * Elsewhere it simply runs.
 */
export function pipelined(statement: string): string {
	return `${pipelinedMark}${statement}`;
}

interface Pipelining {
	/** The pipelined statements not yet followed by another: their outcome (an error or null). */
	pending: Promise<unknown> | null;
	corked: boolean;
}

const emptyResult = { command: "SELECT", rowCount: 0, rows: [], fields: [] };

/**
 * The app's pool with every parameterised statement prepared once per connection under a name made
 * from its text (ADR 0009). Planning the statements under row-level security was most of a page's
 * time in PostgreSQL (binding the meeting page's 15 statements: 6 ms of planning for 0.5 ms of
 * execution); a named statement is parsed once per connection and, after a few runs, runs on a
 * cached generic plan. Statements without parameters (BEGIN with its settings, COMMIT) stay on the
 * simple protocol, which allows several in one message. Names are per connection in PostgreSQL;
 * the same text always gets the same name.
 */
export function preparedPool(pool: pg.Pool) {
	// Our statements filter by tenant on indexed keys: one generic plan serves every tenant, and
	// planning it once per connection is what makes the names worth having.
	pool.on("connect", (client) => {
		client.query("set plan_cache_mode = force_generic_plan").catch(() => {});
	});
	const names = new Map<string, string>();
	const nameOf = (text: string) => {
		let name = names.get(text);
		if (!name) {
			name = createHash("sha1").update(text).digest("base64url");
			// The app's statements are a bounded set; a cap keeps an odd caller from growing it.
			if (names.size < 5000) names.set(text, name);
		}
		return name;
	};
	return {
		options: pool.options,
		async connect() {
			const client = await pool.connect().catch((error: unknown) => {
				noteConnectionError(error);
				throw error;
			});
			const marked = client as pg.PoolClient & { preparedNames?: true; pipelining?: Pipelining; lost?: Error | null };
			// A statement pipelined by the connection's last holder and never followed is not this one's.
			if (marked.pipelining) marked.pipelining.pending = null;
			// A connection lost while it was held is discarded on release, never handed out again
			// (issue 27), whatever stage it was lost in: release(err) makes the pool drop it.
			marked.lost = null;
			const release = client.release.bind(client);
			client.release = (error?: Error | boolean) => release(error || marked.lost || undefined);
			if (!marked.preparedNames) {
				const query = client.query.bind(client) as (...args: QueryArgs) => Promise<unknown>;
				// A connection that breaks while it is checked out fails its statements (pg rejects them); the
				// client's own 'error' event must not also end the process. The pool drops such a client
				// when it is released (it is no longer queryable).
				client.on("error", () => {});
				const pipelining: Pipelining = { pending: null, corked: false };
				marked.pipelining = pipelining;
				const socket = (client as unknown as { connection: { stream: import("node:net").Socket } }).connection.stream;
				const uncork = () => {
					if (!pipelining.corked) return;
					pipelining.corked = false;
					socket.uncork();
				};
				const watch = (answer: Promise<unknown>) => {
					// pg answers a statement with a callback through the callback, and returns nothing.
					if (!(answer instanceof Promise)) return answer;
					return answer.catch((error: unknown) => {
						if (isDatabaseUnreachable(error)) marked.lost = error instanceof Error ? error : new Error(String(error));
						noteConnectionError(error);
						throw error;
					});
				};
				const send = (...args: QueryArgs) => {
					const [text, values] = args;
					if (typeof text === "string" && Array.isArray(values) && values.length > 0) {
						return watch(query({ name: nameOf(text), text, values }, ...args.slice(2)) as Promise<unknown>);
					}
					return watch(query(...args) as Promise<unknown>);
				};
				(client as unknown as { query: (...args: QueryArgs) => unknown }).query = (...args: QueryArgs) => {
					if (!client.pipeline) return send(...args);
					// What is issued in one tick (a statement and what was pipelined before it, or the
					// statements of loaders running side by side) leaves in one socket write.
					if (!pipelining.corked) {
						socket.cork();
						pipelining.corked = true;
						process.nextTick(uncork);
					}
					const [text] = args;
					if (typeof text === "string" && text.startsWith(pipelinedMark)) {
						const outcome = send(...args).then(
							() => null,
							(error: unknown) => error,
						);
						const before = pipelining.pending;
						pipelining.pending = before ? Promise.all([before, outcome]).then(([a, b]) => a ?? b) : outcome;
						return Promise.resolve(emptyResult);
					}
					const before = pipelining.pending;
					const answer = send(...args);
					if (!before) return answer;
					pipelining.pending = null;
					return before.then((error) =>
						error
							? answer.then(
									() => Promise.reject(error),
									() => Promise.reject(error),
								)
							: answer,
					);
				};
				marked.preparedNames = true;
			}
			return client;
		},
		end: () => pool.end(),
	};
}
