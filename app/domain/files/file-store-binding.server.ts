import { type Kysely, sql } from "kysely";
import type { FileStore } from "#app/lib/file-store.server.ts";
import type { Database } from "#db/schema.ts";

/**
 * Whether a files directory belongs to this database (migration 2026-12-09T0900): `bound` when it
 * is marked with this database's installation id, `unmarked`, or `foreign` (marked for another).
 */
export type FileStoreBinding = "bound" | "unmarked" | "foreign";

async function installationId(owner: Kysely<Database>): Promise<string> {
	const { rows } = await sql<{ id: string }>`select id from installation`.execute(owner);
	const id = rows[0]?.id;
	if (!id) throw new Error("the database has no installation id (run the migrations)");
	return id;
}

/** Reads the binding; changes nothing. What the daily collector asks before it deletes anything. */
export async function fileStoreBinding(owner: Kysely<Database>, store: FileStore): Promise<FileStoreBinding> {
	const [id, mark] = await Promise.all([installationId(owner), store.installationMark()]);
	if (mark === null) return "unmarked";
	return mark === id ? "bound" : "foreign";
}

/**
 * At the app's start (the process that stores files): marks an unmarked directory as this
 * database's. A directory marked for another database stays so (`foreign`, which the app logs):
 * nothing is ever collected from it until an operator sets the pairing right.
 */
export async function bindFileStore(owner: Kysely<Database>, store: FileStore): Promise<FileStoreBinding> {
	const binding = await fileStoreBinding(owner, store);
	if (binding !== "unmarked") return binding;
	await store.markInstallation(await installationId(owner));
	return "bound";
}
