import { mkdir } from "node:fs/promises";
import { PGlite } from "@electric-sql/pglite";
import { ltree } from "@electric-sql/pglite/contrib/ltree";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { type Dialect, Kysely, PGliteDialect, PostgresDialect, sql } from "kysely";
import pg from "pg";
import { holdDataDir } from "./data-dir-lock.ts";
import { appPoolDefault, type DatabaseEnv, pgliteDataDir } from "./database-env.ts";
import { preparedPool } from "./prepared-pool.ts";
import type { Database } from "./schema.ts";
import { SerializedDriver } from "./serialized-driver.ts";

/** The login role the app runs as; created by the first migration. */
export const APP_ROLE = "lianxi_app";

// int8 (counts, sums) as numbers: our counts stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
// A document date (date, no time zone) stays a 'YYYY-MM-DD' string rather than a midnight Date.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
const DATE_OID = 1082;
const INT8_OID = 20;

export interface DatabaseHandle {
	kind: "postgres" | "pglite";
	/** Used by the app, only through db/run-as.ts. Runs as the app role under row-level security. */
	app: Kysely<Database>;
	/**
	 * The app role's connections for reads that outlive a page view (downloads, db/run-as.ts
	 * runAsSnapshot): a pool of their own (ADR 0020), so that a download never waits for a second
	 * connection of the pool whose first its own page view holds, and never holds page views'
	 * connections while it streams. The same database as `app` on PGlite.
	 */
	downloads: Kysely<Database>;
	/** The owner connection: migrations, demo seed, maintenance. Never used to serve a request. */
	owner: Kysely<Database>;
	/** Answers when the database answers; used by /healthz. */
	ping(): Promise<void>;
	close(): Promise<void>;
}

interface OpenOptions {
	env: DatabaseEnv;
	/** PGlite only: keep the data in memory (tests). */
	inMemory?: boolean;
}

export async function openDatabase({ env, inMemory = false }: OpenOptions): Promise<DatabaseHandle> {
	if (!env.DATABASE_URL) return openPGlite(inMemory ? undefined : pgliteDataDir(env));
	return openPostgres(env.DATABASE_URL, appUrl(env), env.DATABASE_POOL_MAX ?? appPoolDefault);
}

function appUrl(env: DatabaseEnv): string {
	if (env.DATABASE_APP_URL) return env.DATABASE_APP_URL;
	if (!env.DATABASE_URL) throw new Error("appUrl needs DATABASE_URL");
	const url = new URL(env.DATABASE_URL);
	url.username = APP_ROLE;
	url.password = env.DATABASE_APP_PASSWORD ?? "";
	return url.toString();
}

/** Downloads streaming at once per process; a further one waits (up to 3 s) for one to end. */
const downloadPoolMax = 4;

async function openPostgres(ownerUrl: string, appConnectionUrl: string, max: number): Promise<DatabaseHandle> {
	const ownerPool = new pg.Pool({ connectionString: ownerUrl, max: 2, idleTimeoutMillis: 10_000 });
	// A database that does not answer fails a request in 3 s (503) instead of holding it forever.
	const appPool = new pg.Pool({
		connectionString: appConnectionUrl,
		max,
		idleTimeoutMillis: 30_000,
		connectionTimeoutMillis: 3_000,
		// BEGIN and the request unit's settings go out with the statement after them (prepared-pool.ts).
		pipeline: true,
	});
	const downloadPool = new pg.Pool({
		connectionString: appConnectionUrl,
		max: downloadPoolMax,
		idleTimeoutMillis: 10_000,
		connectionTimeoutMillis: 3_000,
	});
	const pools = [ownerPool, appPool, downloadPool];
	for (const pool of pools) {
		// A broken idle connection must not crash the process; the pool replaces it.
		pool.on("error", () => {});
		// A connection that breaks while it is checked out (no pool listener then) fails its statements;
		// its 'error' event must not end the process (issue 27: the owner's jobs run in the app process).
		pool.on("connect", (client) => client.on("error", () => {}));
	}
	const owner = new Kysely<Database>({ dialect: new PostgresDialect({ pool: ownerPool }) });
	const app = new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparedPool(appPool) }) });
	const downloads = new Kysely<Database>({ dialect: new PostgresDialect({ pool: downloadPool }) });
	return {
		kind: "postgres",
		app,
		downloads,
		owner,
		async ping() {
			await sql`select 1`.execute(app);
		},
		async close() {
			await Promise.all([app.destroy(), downloads.destroy(), owner.destroy()]);
		},
	};
}

class SerializedPGliteDialect extends PGliteDialect {
	override createDriver() {
		return new SerializedDriver(super.createDriver());
	}
}

async function openPGlite(dataDir: string | undefined): Promise<DatabaseHandle> {
	if (dataDir) await mkdir(dataDir, { recursive: true });
	const release = dataDir ? holdDataDir(dataDir) : () => {};
	const pglite = await PGlite.create({
		dataDir,
		extensions: { ltree, pg_trgm },
		// Shared buffers live in WebAssembly memory, which never shrinks: 16 MB serves the embedded demo
		// and takes the idle process from about 300 MB to about 180 MB (ADR 0009).
		postgresqlconf: ["shared_buffers=16MB"],
		parsers: { [DATE_OID]: (value: string) => value, [INT8_OID]: (value: string) => Number(value) },
	});
	// PGlite connects as a superuser; db/run-as.ts switches each transaction to the app role, so the
	// same policies apply here as on a server. One connection, serialized: fine for the embedded default.
	const db = new Kysely<Database>({ dialect: new SerializedPGliteDialect({ pglite }) as Dialect });
	return {
		kind: "pglite",
		app: db,
		downloads: db,
		owner: db,
		async ping() {
			await sql`select 1`.execute(db);
		},
		async close() {
			await db.destroy();
			release();
		},
	};
}
