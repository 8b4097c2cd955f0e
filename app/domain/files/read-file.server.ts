import type { Kysely } from "kysely";
import { runAs } from "#db/run-as.ts";
import type { Database } from "#db/schema.ts";

/** A file's row if the acting tenant may read it (its own, or a descendant's published document), else null. */
export function findReadableFile(db: Kysely<Database>, actor: { userId: string; tenantId: string }, fileId: string) {
	if (!/^[0-9a-f-]{36}$/.test(fileId)) return Promise.resolve(null);
	return runAs(db, actor, (tx) =>
		tx
			.selectFrom("files")
			.select(["id", "sha256", "size_bytes as size", "content_type as contentType", "original_name as name"])
			.where("id", "=", fileId)
			.executeTakeFirst(),
	).then((row) => row ?? null);
}

/** Content-Disposition for any file name, Chinese included (RFC 6266 / 5987). */
export function attachmentDisposition(name: string): string {
	const ascii = name.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
	return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
