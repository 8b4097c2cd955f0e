import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { hashPassword } from "#app/domain/auth/password.server.ts";
import { localFileStore } from "#app/lib/file-store.server.ts";
import { openDatabase } from "#db/client.ts";
import { parseDatabaseEnv } from "#db/database-env.ts";
import { migrateToLatest } from "#db/migrate.ts";
import { seedDemo } from "#db/seed/seed-demo.ts";
import { backup, countRows, fileChecksum, restore } from "../../server/backup.ts";
import { seedNotifications } from "../support/jobs-fixtures.ts";
import { createTestDatabase } from "../support/test-databases.ts";

/** Hardening: a backup of the demo comes back into an empty installation, every row and every file. */
const work = mkdtempSync(path.join(tmpdir(), "lianxi-backup-test-"));
const drops: (() => Promise<void>)[] = [];
afterAll(async () => {
	for (const drop of drops) await drop();
	rmSync(work, { recursive: true, force: true });
});

function firstFile(dir: string): string {
	const file = readdirSync(dir, { recursive: true, withFileTypes: true }).find((e) => e.isFile());
	if (!file) throw new Error(`no file in ${dir}`);
	return path.join(file.parentPath, file.name);
}

describe("backup and restore", () => {
	it("round-trips the demo on PostgreSQL: every table's rows and a file's checksum", async () => {
		const source = await createTestDatabase("backup_src");
		const target = await createTestDatabase("backup_dst");
		drops.push(source.drop, target.drop);
		const sourceEnv = parseDatabaseEnv({ DATABASE_URL: source.url, DATA_DIR: path.join(work, "pg-source") });
		const db = await openDatabase({ env: sourceEnv });
		await migrateToLatest(db.owner);
		await seedDemo(db.owner, { hashPassword, files: localFileStore(path.join(sourceEnv.DATA_DIR, "files")) });
		const before = await countRows(db.owner);
		await db.close();

		const archive = path.join(work, "pg.tar.gz");
		const manifest = await backup(sourceEnv, archive);
		expect(manifest.tables).toEqual(before);
		expect(manifest.files).toBeGreaterThan(0);

		const targetEnv = parseDatabaseEnv({ DATABASE_URL: target.url, DATA_DIR: path.join(work, "pg-target") });
		await restore(targetEnv, archive);
		const restored = await openDatabase({ env: targetEnv });
		expect(await countRows(restored.owner)).toEqual(before);
		await restored.close();
		const original = firstFile(path.join(sourceEnv.DATA_DIR, "files"));
		const copy = path.join(
			targetEnv.DATA_DIR,
			"files",
			path.relative(path.join(sourceEnv.DATA_DIR, "files"), original),
		);
		expect(await fileChecksum(copy)).toBe(await fileChecksum(original));
		await expect(restore(targetEnv, archive)).rejects.toThrow(/not empty|has tables/);
	});

	it("a backup taken during a stream of writes restores with every table as the manifest counted it", async () => {
		const source = await createTestDatabase("backup_load_src");
		const target = await createTestDatabase("backup_load_dst");
		drops.push(source.drop, target.drop);
		const sourceEnv = parseDatabaseEnv({ DATABASE_URL: source.url, DATA_DIR: path.join(work, "load-source") });
		const db = await openDatabase({ env: sourceEnv });
		await migrateToLatest(db.owner);
		await seedDemo(db.owner, { hashPassword, files: localFileStore(path.join(sourceEnv.DATA_DIR, "files")) });
		// Writers: units, members, notifications and their outbox rows, one transaction each, all along.
		let writing = true;
		let writes = 0;
		const writer = (async () => {
			while (writing) {
				await seedNotifications(db, 3, 1);
				writes++;
			}
		})();
		const archive = path.join(work, "load.tar.gz");
		let manifest: Awaited<ReturnType<typeof backup>>;
		try {
			while (writes < 2) await new Promise((r) => setTimeout(r, 20));
			manifest = await backup(sourceEnv, archive);
		} finally {
			writing = false;
			await writer;
		}
		const after = await countRows(db.owner);
		await db.close();
		// The stream went on after the snapshot: the source moved on, the manifest did not.
		expect(after.notifications).toBeGreaterThan(manifest.tables.notifications ?? 0);

		const targetEnv = parseDatabaseEnv({ DATABASE_URL: target.url, DATA_DIR: path.join(work, "load-target") });
		const restored = await restore(targetEnv, archive);
		expect(restored.tables).toEqual(manifest.tables);
		const check = await openDatabase({ env: targetEnv });
		expect(await countRows(check.owner)).toEqual(manifest.tables);
		await check.close();
		expect(manifest.files).toBeGreaterThan(0);
		expect(readdirSync(path.join(targetEnv.DATA_DIR, "files"), { recursive: true }).length).toBeGreaterThan(0);
		expect(await fileChecksum(firstFile(path.join(targetEnv.DATA_DIR, "files")))).toBe(
			await fileChecksum(
				path.join(
					sourceEnv.DATA_DIR,
					"files",
					path.relative(path.join(targetEnv.DATA_DIR, "files"), firstFile(path.join(targetEnv.DATA_DIR, "files"))),
				),
			),
		);
	});

	it("round-trips the embedded default (PGlite's own dump)", async () => {
		const sourceEnv = parseDatabaseEnv({ DATA_DIR: path.join(work, "pglite-source") });
		const db = await openDatabase({ env: sourceEnv });
		await migrateToLatest(db.owner);
		await seedDemo(db.owner, { hashPassword, files: localFileStore(path.join(sourceEnv.DATA_DIR, "files")) });
		const before = await countRows(db.owner);
		await db.close();
		const archive = path.join(work, "pglite.tar.gz");
		await backup(sourceEnv, archive);
		const targetEnv = parseDatabaseEnv({ DATA_DIR: path.join(work, "pglite-target") });
		await restore(targetEnv, archive);
		const restored = await openDatabase({ env: targetEnv });
		expect(await countRows(restored.owner)).toEqual(before);
		await restored.close();
	});
});
