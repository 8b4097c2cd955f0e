import { type Kysely, sql } from "kysely";
import type { FileStore, StoredContent, StoredLeftover } from "#app/lib/file-store.server.ts";
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
	/** Contents a crash left set aside while a row still lists them: put back where they belong. */
	restored: number;
	/** Unfinished writes, and contents set aside that no row lists, left by a crash: deleted. */
	leftoversDeleted: number;
}

/**
 * Deletes the bytes no `files` row lists any more (a document taken back from a draft, a file field
 * replaced, a unit's records removed): what a person removed does not stay on the disk, nor in the
 * backups made from it. Runs with the daily work, as the database's owner (every unit's rows). Bytes
 * stored again while this runs are kept (FileStore.removeUnlessStoredSince). What a crash left
 * behind is settled first (`settleLeftovers`). A files directory not marked as this database's is
 * left untouched (file-store-binding.server.ts).
 */
export async function collectUnlistedBytes(
	owner: Kysely<Database>,
	store: FileStore,
	now: Date,
	graceMs = unlistedBytesGraceMs,
): Promise<CollectedBytes> {
	const binding = await fileStoreBinding(owner, store);
	if (binding !== "bound") return { binding, examined: 0, removed: 0, restored: 0, leftoversDeleted: 0 };
	const before = now.getTime() - graceMs;
	const listedOf = async (sha256s: string[]) =>
		new Set(
			(
				await owner
					.selectFrom("files")
					.select("sha256")
					.distinct()
					.where("sha256", "=", sql<string>`any(${sql.val(sha256s)}::text[])`)
					.execute()
			).map((row) => row.sha256),
		);
	const { restored, leftoversDeleted } = await settleLeftovers(store, before, listedOf);
	let examined = 0;
	let removed = 0;
	let batch: StoredContent[] = [];
	const settle = async () => {
		const listed = await listedOf(batch.map((c) => c.sha256));
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
	return { binding, examined, removed, restored, leftoversDeleted };
}

/**
 * What a crash left behind, once it is older than the grace period (no writer or collector still at
 * work on it): an unfinished write is deleted; a content set aside for deletion is put back if a row
 * lists it (it was stored again, and the crash came before it went back), deleted otherwise.
 */
async function settleLeftovers(
	store: FileStore,
	before: number,
	listedOf: (sha256s: string[]) => Promise<Set<string>>,
): Promise<{ restored: number; leftoversDeleted: number }> {
	let restored = 0;
	let leftoversDeleted = 0;
	let setAside: StoredLeftover[] = [];
	const settle = async () => {
		const listed = await listedOf(setAside.map((l) => l.sha256 as string));
		for (const leftover of setAside) {
			if (listed.has(leftover.sha256 as string)) {
				if (await store.restoreLeftover(leftover)) restored++;
				else leftoversDeleted++;
			} else {
				await store.deleteLeftover(leftover);
				leftoversDeleted++;
			}
		}
		setAside = [];
	};
	for await (const leftover of store.leftovers()) {
		if (leftover.changedAt.getTime() >= before) continue;
		if (leftover.kind === "writing" || leftover.sha256 === null) {
			await store.deleteLeftover(leftover);
			leftoversDeleted++;
			continue;
		}
		setAside.push(leftover);
		if (setAside.length >= batchSize) await settle();
	}
	if (setAside.length > 0) await settle();
	return { restored, leftoversDeleted };
}
