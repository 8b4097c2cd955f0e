import type { Compilable, CompiledQuery, Kysely, QueryResult } from "kysely";

/**
 * A statement built and compiled by Kysely once, then run with new values (ADR 0009, 2026-12-05).
 * Kysely otherwise builds an operation tree and compiles it to SQL on every call: about 0.5 ms of
 * server CPU on the tenant home and 1 ms on a meeting page, for statements whose text never
 * changes. `build` receives stand-ins for the named values and must use each as a plain bound value
 * (a `where … = value`, a `set`, a select of `value`): never as a list (`in` expands a list into one
 * parameter per item, so its length would be frozen) nor as SQL text, and nothing else that varies
 * may be built in (the clock: pass `now` as a value). A template checks, when it is compiled, that
 * every stand-in became a parameter and none went into the text, and refuses otherwise.
 *
 * The first call compiles; every later call reuses the text and the operation tree (the request
 * unit reads its kind to tell reads from writes) with this call's values in the stand-ins' places.
 */
export function statementTemplate<DB, Values extends Record<string, unknown>, Row>(
	names: readonly (keyof Values & string)[],
	build: (db: Kysely<DB>, values: Values) => Compilable<Row>,
) {
	let compiled: { query: CompiledQuery<Row>; slots: (keyof Values | null)[] } | null = null;
	const compile = (db: Kysely<DB>) => {
		const standIns = Object.fromEntries(names.map((name) => [name, `\u0000stand-in:${name}\u0000`]));
		const query = build(db, standIns as Values).compile();
		const slots = query.parameters.map((value) => {
			const name = typeof value === "string" ? names.find((n) => standIns[n] === value) : undefined;
			return name ?? null;
		});
		for (const name of names) {
			if (!slots.includes(name)) {
				throw new Error(`statement template: the value "${name}" is not a parameter of the statement`);
			}
		}
		if (query.sql.includes("\u0000stand-in:")) throw new Error("statement template: a value went into the text");
		return { query, slots };
	};
	/** The statement with these values in the stand-ins' places (what runs; tests explain it). */
	const compiledFor = (db: Kysely<DB>, values: Values): CompiledQuery<Row> => {
		compiled ??= compile(db);
		const { query, slots } = compiled;
		return { ...query, parameters: slots.map((slot, i) => (slot === null ? query.parameters[i] : values[slot])) };
	};
	const run = async (db: Kysely<DB>, values: Values): Promise<Row[]> => {
		const result: QueryResult<Row> = await db.executeQuery(compiledFor(db, values));
		return result.rows;
	};
	return Object.assign(run, { compiledFor });
}

/**
 * Statement templates whose shape depends on a case from a small set (the reader's roles, which
 * decide the 工作台's sections), one per case: `make` builds the case's template (and whatever goes
 * with it) on first use. A case is never a value read from a request (a name, an id): past `limit`
 * cases the set starts over rather than grow.
 */
export function templatesByCase<Case, Made>(key: (c: Case) => string, make: (c: Case) => Made, limit = 256) {
	const made = new Map<string, Made>();
	return (c: Case): Made => {
		const k = key(c);
		let found = made.get(k);
		if (!found) {
			if (made.size >= limit) made.clear();
			found = make(c);
			made.set(k, found);
		}
		return found;
	};
}
