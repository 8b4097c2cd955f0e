import { createHash } from "node:crypto";
import type pg from "pg";

type QueryArgs = [text: unknown, values?: unknown, callback?: unknown];

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
			const client = await pool.connect();
			const marked = client as pg.PoolClient & { preparedNames?: true };
			if (!marked.preparedNames) {
				const query = client.query.bind(client) as (...args: QueryArgs) => unknown;
				(client as unknown as { query: (...args: QueryArgs) => unknown }).query = (...args: QueryArgs) => {
					const [text, values] = args;
					if (typeof text === "string" && Array.isArray(values) && values.length > 0) {
						return query({ name: nameOf(text), text, values }, ...args.slice(2));
					}
					return query(...args);
				};
				marked.preparedNames = true;
			}
			return client;
		},
		end: () => pool.end(),
	};
}
