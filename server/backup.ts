// Backup and restore of one installation: the database and the uploaded files, in one archive.
// PostgreSQL: pg_dump's custom format (a consistent snapshot while the app runs), restored with
// pg_restore into an empty database. The embedded default: PGlite's own data-directory dump, taken
// with the app stopped (one process owns a PGlite directory). The files are copied as they are
// (content-addressed, so a file written during the dump is either complete or absent).
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { ltree } from "@electric-sql/pglite/contrib/ltree";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { type Kysely, sql } from "kysely";
import pg from "pg";
import { type DatabaseHandle, openDatabase } from "#db/client.ts";
import { holdDataDir } from "#db/data-dir-lock.ts";
import { type DatabaseEnv, pgliteDataDir } from "#db/database-env.ts";

interface Manifest {
	format: 1;
	kind: "postgres" | "pglite";
	createdAt: string;
	/** Rows per table when the dump was taken; restore checks them. */
	tables: Record<string, number>;
	files: number;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { env, stdio: ["ignore", "ignore", "pipe"] });
		let stderr = "";
		child.stderr.on("data", (chunk) => {
			stderr += chunk;
		});
		child.on("error", reject);
		child.on("exit", (code) =>
			code === 0 ? resolve() : reject(new Error(`${command} exited with ${code}: ${stderr.trim()}`)),
		);
	});
}

/** Rows in every table of the schema, as the owner (no row-level security applies to it). */
export async function countRows(owner: Kysely<any>): Promise<Record<string, number>> {
	const { rows } = await sql<{ name: string }>`
		select tablename as name from pg_tables where schemaname = 'public' order by 1`.execute(owner);
	const counts: Record<string, number> = {};
	for (const { name } of rows) {
		const result = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(name)}`.execute(owner);
		counts[name] = result.rows[0]?.n ?? 0;
	}
	return counts;
}

async function fileCount(dir: string): Promise<number> {
	try {
		const entries = await readdir(dir, { recursive: true, withFileTypes: true });
		// Stored contents only: not the directory's mark of its database (`.installation`).
		return entries.filter((e) => e.isFile() && !e.name.startsWith(".")).length;
	} catch {
		return 0;
	}
}

/**
 * pg_dump of one snapshot, and every table's rows counted in that same snapshot: a REPEATABLE READ
 * transaction exports its snapshot and stays open while pg_dump --snapshot reads it, so the manifest
 * describes exactly what the dump holds even while people write (issue #27.4).
 */
async function dumpWithCounts(databaseUrl: string, file: string): Promise<Record<string, number>> {
	const client = new pg.Client({ connectionString: databaseUrl });
	await client.connect();
	try {
		await client.query("begin isolation level repeatable read read only");
		const { rows } = await client.query<{ id: string }>("select pg_export_snapshot() as id");
		const snapshot = rows[0]?.id as string;
		const tables = await client.query<{ name: string }>(
			"select tablename as name from pg_tables where schemaname = 'public' order by 1",
		);
		const counts: Record<string, number> = {};
		for (const { name } of tables.rows) {
			const result = await client.query<{ n: number }>(
				`select count(*)::int as n from "${name.replaceAll('"', '""')}"`,
			);
			counts[name] = result.rows[0]?.n ?? 0;
		}
		await run("pg_dump", ["--format=custom", "--no-owner", `--snapshot=${snapshot}`, `--file=${file}`, databaseUrl]);
		await client.query("commit");
		return counts;
	} finally {
		await client.end();
	}
}

/**
 * A PostgreSQL installation keeps its files in a DATA_DIR of its own: one that holds an embedded
 * database (pglite/, the default ./.data after `npm start`) belongs to the demo, and its files must
 * not travel with this installation's backup or receive its restore.
 */
export async function refuseEmbeddedDataDir(env: DatabaseEnv): Promise<void> {
	if (await isEmptyDirectory(pgliteDataDir(env))) return;
	throw new Error(
		`DATA_DIR ${path.resolve(env.DATA_DIR)} holds an embedded database (pglite/): set DATA_DIR to this PostgreSQL installation's own directory (README, Configuration)`,
	);
}

/** Writes one .tar.gz with manifest.json, the database dump and files/. Returns the manifest. */
export async function backup(env: DatabaseEnv, archive: string): Promise<Manifest> {
	const work = await mkdtemp(path.join(tmpdir(), "lianxi-backup-"));
	try {
		const kind = env.DATABASE_URL ? "postgres" : "pglite";
		let tables: Record<string, number>;
		if (env.DATABASE_URL) {
			await refuseEmbeddedDataDir(env);
			tables = await dumpWithCounts(env.DATABASE_URL, path.join(work, "database.dump"));
		} else {
			const dataDir = pgliteDataDir(env);
			const release = holdDataDir(dataDir);
			const pglite = await PGlite.create({ dataDir, extensions: { ltree, pg_trgm } });
			try {
				tables = await countRowsOf(pglite);
				const dump = await pglite.dumpDataDir("gzip");
				await writeFile(path.join(work, "pglite-data.tar.gz"), Buffer.from(await dump.arrayBuffer()));
			} finally {
				await pglite.close();
				release();
			}
		}
		const filesDir = path.resolve(env.DATA_DIR, "files");
		await mkdir(path.join(work, "files"), { recursive: true });
		await cp(filesDir, path.join(work, "files"), { recursive: true }).catch((error) => {
			if ((error as { code?: string }).code !== "ENOENT") throw error;
		});
		const manifest: Manifest = {
			format: 1,
			kind,
			createdAt: new Date().toISOString(),
			tables,
			files: await fileCount(path.join(work, "files")),
		};
		await writeFile(path.join(work, "manifest.json"), JSON.stringify(manifest, null, 2));
		await mkdir(path.dirname(path.resolve(archive)), { recursive: true });
		await run("tar", ["-czf", path.resolve(archive), "-C", work, "."]);
		return manifest;
	} finally {
		await rm(work, { recursive: true, force: true });
	}
}

async function countRowsOf(pglite: PGlite): Promise<Record<string, number>> {
	const tables = await pglite.query<{ name: string }>(
		"select tablename as name from pg_tables where schemaname = 'public' order by 1",
	);
	const counts: Record<string, number> = {};
	for (const { name } of tables.rows) {
		const result = await pglite.query<{ n: number }>(`select count(*)::int as n from "${name.replaceAll('"', '""')}"`);
		counts[name] = result.rows[0]?.n ?? 0;
	}
	return counts;
}

async function isEmptyDirectory(dir: string): Promise<boolean> {
	try {
		return (await readdir(dir)).length === 0;
	} catch {
		return true;
	}
}

/**
 * Brings an archive back into an empty installation (no table in the database, no uploaded file),
 * then checks every table's row count against the manifest.
 */
export async function restore(env: DatabaseEnv, archive: string): Promise<Manifest> {
	const work = await mkdtemp(path.join(tmpdir(), "lianxi-restore-"));
	try {
		await run("tar", ["-xzf", path.resolve(archive), "-C", work]);
		const manifest = JSON.parse(await readFile(path.join(work, "manifest.json"), "utf8")) as Manifest;
		if (manifest.format !== 1) throw new Error(`unknown archive format ${manifest.format}`);
		const expected = env.DATABASE_URL ? "postgres" : "pglite";
		if (manifest.kind !== expected) {
			throw new Error(`the archive holds a ${manifest.kind} database; this installation is ${expected}`);
		}
		if (env.DATABASE_URL) await refuseEmbeddedDataDir(env);
		const filesDir = path.resolve(env.DATA_DIR, "files");
		if (!(await isEmptyDirectory(filesDir)))
			throw new Error(`${filesDir} is not empty: restore needs an empty installation`);
		let restored: Record<string, number>;
		if (env.DATABASE_URL) {
			const db = await openDatabase({ env });
			try {
				if (Object.keys(await countRows(db.owner)).length > 0) {
					throw new Error("the database has tables: restore needs an empty database");
				}
				// The dump grants to the app role: it must exist in this cluster (as the first migration makes it).
				await sql`DO $$ BEGIN
					IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'lianxi_app') THEN
						CREATE ROLE lianxi_app LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE NOINHERIT;
					END IF;
				END $$`.execute(db.owner);
			} finally {
				await db.close();
			}
			await run("pg_restore", [
				"--no-owner",
				"--exit-on-error",
				`--dbname=${env.DATABASE_URL}`,
				path.join(work, "database.dump"),
			]);
			restored = await withDatabase(env, (db) => countRows(db.owner));
		} else {
			const dataDir = pgliteDataDir(env);
			if (!(await isEmptyDirectory(dataDir)))
				throw new Error(`${dataDir} is not empty: restore needs an empty installation`);
			await mkdir(dataDir, { recursive: true });
			const release = holdDataDir(dataDir);
			const dump = new Blob([await readFile(path.join(work, "pglite-data.tar.gz"))]);
			try {
				const pglite = await PGlite.create({ dataDir, extensions: { ltree, pg_trgm }, loadDataDir: dump });
				try {
					restored = await countRowsOf(pglite);
				} finally {
					await pglite.close();
				}
			} finally {
				release();
			}
		}
		// Like with like: the manifest counted the dump's own snapshot, so every table matches exactly.
		const differences = [...new Set([...Object.keys(manifest.tables), ...Object.keys(restored)])]
			.filter((table) => restored[table] !== manifest.tables[table])
			.map(
				(table) =>
					`${table}: ${restored[table] ?? "no table"} rows restored, ${manifest.tables[table] ?? "none"} in the backup`,
			);
		if (differences.length > 0)
			throw new Error(`the restore does not match the backup:\n  ${differences.join("\n  ")}`);
		await mkdir(filesDir, { recursive: true });
		await cp(path.join(work, "files"), filesDir, { recursive: true });
		return manifest;
	} finally {
		await rm(work, { recursive: true, force: true });
	}
}

async function withDatabase<T>(env: DatabaseEnv, work: (db: DatabaseHandle) => Promise<T>): Promise<T> {
	const db = await openDatabase({ env });
	try {
		return await work(db);
	} finally {
		await db.close();
	}
}

/** SHA-256 of a file, hex (tests compare a restored file with the original). */
export async function fileChecksum(file: string): Promise<string> {
	await stat(file);
	return createHash("sha256")
		.update(await readFile(file))
		.digest("hex");
}
