import { type Kysely, sql } from "kysely";
import type { FileStore, StoredContent } from "#app/lib/file-store.server.ts";
import type { Database } from "#db/schema.ts";
import { type FileStoreBinding, fileStoreBinding } from "./file-store-binding.server.ts";

/**
 * Stored bytes younger than this are left alone: an upload stores its bytes before the transaction
 * that records its `files` row commits, and a form being filled in may take its time.
 */
export const unlistedBytesGraceMs = 24 * 60 * 60 * 1000;

/** Contents asked about per statement. */
const batchSize = 500;

interface CollectedBytes {
	/** Whether the files directory is this database's; nothing is examined unless it is `bound`. */
	binding: FileStoreBinding;
	/** Contents stored before the grace period. */
	examined: number;
	/** Of those, deleted: no `files` row of any unit lists them. */
	removed: number;
}

/**
 * Deletes the bytes no `files` row lists any more (a document taken back from a draft, a file field
 * replaced, a unit's records removed): what a person removed does not stay on the disk, nor in the
 * backups made from it. Runs with the daily work, as the database's owner (every unit's rows). Bytes
 * stored again while this runs are kept (FileStore.removeUnlessStoredSince). A files directory not
 * marked as this database's is left untouched (file-store-binding.server.ts).
 */
export async function collectUnlistedBytes(
	owner: Kysely<Database>,
	store: FileStore,
	now: Date,
	graceMs = unlistedBytesGraceMs,
): Promise<CollectedBytes> {
	const binding = await fileStoreBinding(owner, store);
	if (binding !== "bound") return { binding, examined: 0, removed: 0 };
	const before = now.getTime() - graceMs;
	let examined = 0;
	let removed = 0;
	let batch: StoredContent[] = [];
	const settle = async () => {
		const listed = new Set(
			(
				await owner
					.selectFrom("files")
					.select("sha256")
					.distinct()
					.where("sha256", "=", sql<string>`any(${sql.val(batch.map((c) => c.sha256))}::text[])`)
					.execute()
			).map((row) => row.sha256),
		);
		for (const content of batch) {
			if (listed.has(content.sha256)) continue;
			if (await store.removeUnlessStoredSince(content)) removed++;
		}
		batch = [];
	};
	for await (const content of store.list()) {
		if (content.storedAt.getTime() >= before) continue;
		examined++;
		batch.push(content);
		if (batch.length >= batchSize) await settle();
	}
	if (batch.length > 0) await settle();
	return { binding, examined, removed };
}
