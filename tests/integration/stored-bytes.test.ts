import { mkdtempSync, rmSync } from "node:fs";
import { utimes } from "node:fs/promises";
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

		expect(result).toEqual({ binding: "bound", examined: 3, removed: 1 });
		expect(await store.has(unlisted)).toBe(false);
		expect(await store.has(listed)).toBe(true);
		expect(await store.has(listedElsewhere)).toBe(true);
		expect(await store.has(recent)).toBe(true);
		// A second run finds nothing more to do.
		expect(await collectUnlistedBytes(db.owner, store, now)).toEqual({ binding: "bound", examined: 2, removed: 0 });
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
			expect(await collectUnlistedBytes(db.owner, other, now)).toEqual({
				binding: "unmarked",
				examined: 0,
				removed: 0,
			});
			// Marked for another database: the same, and binding does not take it over.
			await other.markInstallation("00000000-0000-4000-8000-000000000000");
			expect(await bindFileStore(db.owner, other)).toBe("foreign");
			expect(await fileStoreBinding(db.owner, other)).toBe("foreign");
			expect(await collectUnlistedBytes(db.owner, other, now)).toEqual({ binding: "foreign", examined: 0, removed: 0 });
			expect(await other.has(sha256)).toBe(true);
		} finally {
			rmSync(elsewhere, { recursive: true, force: true });
		}
	});
});
