import { mkdtempSync, rmSync } from "node:fs";
import { readdir, rename, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { collectUnlistedBytes, unlistedBytesGraceMs } from "#app/domain/files/collect-unlisted-bytes.server.ts";
import { bindFileStore, fileStoreBinding } from "#app/domain/files/file-store-binding.server.ts";
import { localFileStore, type StoredContent } from "#app/lib/file-store.server.ts";
import { createTenant, openIntegrationDatabase } from "#tests/support/integration-db.ts";

/**
 * Stored bytes no `files` row lists any more are deleted by the daily work (a document taken back
 * from a draft, a replaced file field): a removed document does not stay on the disk.
 */
const db = await openIntegrationDatabase();
const root = mkdtempSync(path.join(tmpdir(), "lianxi-stored-bytes-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const store = localFileStore(root);
await bindFileStore(db.owner, store);
const now = new Date();
const longAgo = new Date(now.getTime() - unlistedBytesGraceMs - 60_000);

const bytesOf = (text: string) => new TextEncoder().encode(`%PDF-1.4 ${text} ${Math.random()}`);

/** Stores the bytes as if stored long ago (before the grace period). */
async function storedLongAgo(bytes: Uint8Array) {
	const sha256 = await store.put(bytes);
	await utimes(path.join(root, sha256.slice(0, 2), sha256), longAgo, longAgo);
	return sha256;
}

async function listIn(tenantId: string, sha256: string) {
	await db.owner
		.insertInto("files")
		.values({ tenant_id: tenantId, sha256, size_bytes: 10, content_type: "application/pdf", original_name: "a.pdf" })
		.execute();
}

describe("the collector of unlisted stored bytes", () => {
	it("deletes old bytes no unit's row lists, and keeps listed ones and recent ones", async () => {
		const [unit, other] = [await createTenant(db), await createTenant(db)];
		const listed = await storedLongAgo(bytesOf("listed"));
		const listedElsewhere = await storedLongAgo(bytesOf("listed by another unit"));
		const unlisted = await storedLongAgo(bytesOf("taken back from a draft"));
		const recent = await store.put(bytesOf("uploaded a minute ago, its row not yet committed"));
		await listIn(unit.id, listed);
		await listIn(other.id, listedElsewhere);

		const result = await collectUnlistedBytes(db.owner, store, now);

		expect(result).toEqual({ binding: "bound", examined: 3, removed: 1, restored: 0, leftoversDeleted: 0 });
		expect(await store.has(unlisted)).toBe(false);
		expect(await store.has(listed)).toBe(true);
		expect(await store.has(listedElsewhere)).toBe(true);
		expect(await store.has(recent)).toBe(true);
		// A second run finds nothing more to do.
		expect(await collectUnlistedBytes(db.owner, store, now)).toEqual({
			binding: "bound",
			examined: 2,
			removed: 0,
			restored: 0,
			leftoversDeleted: 0,
		});
	});

	it("keeps bytes stored again after they were listed (an upload of the same content meanwhile)", async () => {
		const bytes = bytesOf("uploaded again");
		const sha256 = await storedLongAgo(bytes);
		const listedAs: StoredContent | undefined = await (async () => {
			for await (const content of store.list()) if (content.sha256 === sha256) return content;
		})();
		expect(listedAs?.storedAt.getTime()).toBe(longAgo.getTime());
		// The upload stores the same content between the collector's listing and its deletion.
		expect(await store.put(bytes)).toBe(sha256);
		expect(await store.removeUnlessStoredSince(listedAs as StoredContent)).toBe(false);
		expect(await store.has(sha256)).toBe(true);
		expect(new TextDecoder().decode(await new Response(await store.get(sha256)).arrayBuffer())).toBe(
			new TextDecoder().decode(bytes),
		);
		// Unchanged since listed: deleted.
		await utimes(path.join(root, sha256.slice(0, 2), sha256), longAgo, longAgo);
		expect(await store.removeUnlessStoredSince({ sha256, storedAt: longAgo })).toBe(true);
		expect(await store.has(sha256)).toBe(false);
		// Gone already: nothing to do.
		expect(await store.removeUnlessStoredSince({ sha256, storedAt: longAgo })).toBe(false);
	});

	it("deletes nothing from a files directory not marked as this database's", async () => {
		const elsewhere = mkdtempSync(path.join(tmpdir(), "lianxi-stored-bytes-other-"));
		try {
			const other = localFileStore(elsewhere);
			const sha256 = await other.put(bytesOf("a developer's demo file"));
			await utimes(path.join(elsewhere, sha256.slice(0, 2), sha256), longAgo, longAgo);
			// Not marked (a worker started with another DATA_DIR): nothing examined, nothing deleted.
			const nothing = { examined: 0, removed: 0, restored: 0, leftoversDeleted: 0 };
			expect(await collectUnlistedBytes(db.owner, other, now)).toEqual({ binding: "unmarked", ...nothing });
			// Marked for another database: the same, and binding does not take it over.
			await other.markInstallation("00000000-0000-4000-8000-000000000000");
			expect(await bindFileStore(db.owner, other)).toBe("foreign");
			expect(await fileStoreBinding(db.owner, other)).toBe("foreign");
			expect(await collectUnlistedBytes(db.owner, other, now)).toEqual({ binding: "foreign", ...nothing });
			expect(await other.has(sha256)).toBe(true);
		} finally {
			rmSync(elsewhere, { recursive: true, force: true });
		}
	});

	it("puts back a content a crash left set aside while a row lists it, and deletes the rest a crash left", async () => {
		const crashed = mkdtempSync(path.join(tmpdir(), "lianxi-stored-bytes-crashed-"));
		try {
			const files = localFileStore(crashed);
			await bindFileStore(db.owner, files);
			const unit = await createTenant(db);
			const at = (sha256: string, suffix = "") => path.join(crashed, sha256.slice(0, 2), `${sha256}${suffix}`);
			// The collector set these aside (renamed them, as removeUnlessStoredSince does) and the process died.
			const listedBytes = bytesOf("listed, set aside when a crash came");
			const listed = await files.put(listedBytes);
			await listIn(unit.id, listed);
			await rename(at(listed), at(listed, ".4242.1700000000000.removing"));
			const unlisted = await files.put(bytesOf("unlisted, set aside when a crash came"));
			await rename(at(unlisted), at(unlisted, ".4242.1700000000001.removing"));
			// Set aside, then uploaded again before the crash: the copy in place is the one to keep.
			const againBytes = bytesOf("set aside, then stored again");
			const again = await files.put(againBytes);
			await listIn(unit.id, again);
			await rename(at(again), at(again, ".4242.1700000000002.removing"));
			expect(await files.put(againBytes)).toBe(again);
			// Writes that never reached their rename: an upload's and the store's own mark.
			await writeFile(at(unlisted, ".4242.1700000000003.tmp"), "half an upl");
			await writeFile(path.join(crashed, ".installation.4242.1700000000004.tmp"), "");
			expect(await files.has(listed)).toBe(false);

			// Within the grace period nothing of it is touched: a writer or a collector may be at work.
			expect(await collectUnlistedBytes(db.owner, files, now)).toEqual({
				binding: "bound",
				examined: 0,
				removed: 0,
				restored: 0,
				leftoversDeleted: 0,
			});
			const later = new Date(now.getTime() + unlistedBytesGraceMs + 60_000);
			expect(await collectUnlistedBytes(db.owner, files, later)).toEqual({
				binding: "bound",
				// The two listed contents, back in place and examined like any other.
				examined: 2,
				removed: 0,
				restored: 1,
				// The unlisted content set aside, the copy of the one stored again, the two writes.
				leftoversDeleted: 4,
			});
			expect(new Uint8Array(await new Response(await files.get(listed)).arrayBuffer())).toEqual(listedBytes);
			expect(await files.has(again)).toBe(true);
			expect(await files.has(unlisted)).toBe(false);
			const left = (await readdir(crashed, { recursive: true })).filter((name) => /\.(tmp|removing)$/.test(name));
			expect(left).toEqual([]);
		} finally {
			rmSync(crashed, { recursive: true, force: true });
		}
	});
});
