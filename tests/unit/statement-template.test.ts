import {
	type CompiledQuery,
	type DatabaseConnection,
	Kysely,
	PostgresAdapter,
	PostgresIntrospector,
	PostgresQueryCompiler,
	sql,
} from "kysely";
import { describe, expect, it } from "vitest";
import { statementTemplate } from "#db/statement-template.ts";

interface Db {
	notes: { id: string; tenant_id: string; body: string; at: Date };
}

/** A Kysely whose driver records what it is asked to run and answers with one row. */
function recording() {
	const ran: CompiledQuery[] = [];
	const connection: DatabaseConnection = {
		executeQuery: async (query) => {
			ran.push(query);
			return { rows: [{ id: "row" }] as never[] };
		},
		streamQuery: () => {
			throw new Error("no streams");
		},
	};
	const db = new Kysely<Db>({
		dialect: {
			createAdapter: () => new PostgresAdapter(),
			createDriver: () => ({
				init: async () => {},
				acquireConnection: async () => connection,
				beginTransaction: async () => {},
				commitTransaction: async () => {},
				rollbackTransaction: async () => {},
				releaseConnection: async () => {},
				destroy: async () => {},
			}),
			createIntrospector: (inner) => new PostgresIntrospector(inner),
			createQueryCompiler: () => new PostgresQueryCompiler(),
		},
	});
	return { db, ran };
}

describe("a statement template", () => {
	it("compiles once and runs each call with its own values in the stand-ins' places", async () => {
		const { db, ran } = recording();
		let builds = 0;
		const notes = statementTemplate(["tenant", "since"], (k: Kysely<Db>, v: { tenant: string; since: Date }) => {
			builds++;
			return k
				.selectFrom("notes")
				.select(["id", "body"])
				.where("tenant_id", "=", v.tenant)
				.where("body", "<>", "draft")
				.where("at", ">", v.since)
				.limit(5);
		});
		const first = new Date("2026-12-01T00:00:00Z");
		const second = new Date("2026-12-02T00:00:00Z");
		expect(await notes(db, { tenant: "t1", since: first })).toEqual([{ id: "row" }]);
		await notes(db, { tenant: "t2", since: second });
		expect(builds).toBe(1);
		expect(ran.map((q) => q.sql)).toEqual([
			'select "id", "body" from "notes" where "tenant_id" = $1 and "body" <> $2 and "at" > $3 limit $4',
			'select "id", "body" from "notes" where "tenant_id" = $1 and "body" <> $2 and "at" > $3 limit $4',
		]);
		expect(ran.map((q) => q.parameters)).toEqual([
			["t1", "draft", first, 5],
			["t2", "draft", second, 5],
		]);
		expect(ran[1]?.query.kind).toBe("SelectQueryNode");
	});

	it("refuses a value that is not a parameter, or that went into the text", async () => {
		const { db } = recording();
		const unused = statementTemplate(["tenant"], (k: Kysely<Db>, _v: { tenant: string }) =>
			k.selectFrom("notes").select("id"),
		);
		await expect(unused(db, { tenant: "t1" })).rejects.toThrow('the value "tenant" is not a parameter');
		const inText = statementTemplate(["column"], (k: Kysely<Db>, v: { column: string }) =>
			k.selectFrom("notes").select(sql.ref(v.column).as("x")).where("id", "=", v.column),
		);
		await expect(inText(db, { column: "body" })).rejects.toThrow("a value went into the text");
	});
});
