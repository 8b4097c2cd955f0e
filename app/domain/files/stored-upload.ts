import type { Tx } from "#db/run-as.ts";
import { checkDocument } from "./detect-file-type.ts";

/** An uploaded file whose bytes are already in the file store, ready to be recorded in a transaction. */
export interface StoredUpload {
	sha256: string;
	size: number;
	contentType: string;
	name: string;
}

type UploadCheck =
	| { ok: true; uploads: StoredUpload[] }
	| { ok: false; error: (typeof reasons)[keyof typeof reasons]; name: string };

const reasons = {
	empty: "systems.error.fileMissing",
	too_large: "systems.error.fileTooLarge",
	unsupported: "systems.error.fileType",
	name_mismatch: "systems.error.fileNameMismatch",
} as const;

/**
 * Checks each file by content and stores the accepted bytes; the first bad file stops it all, before
 * any of them is stored. `spreadsheets` also accepts .xlsx workbooks (see checkDocument).
 */
export async function storeUploads(
	files: File[],
	store: { put(bytes: Uint8Array): Promise<string> },
	options: { spreadsheets?: boolean } = {},
): Promise<UploadCheck> {
	const chosen = files.filter((f) => f.size > 0 || f.name !== "");
	const checked: { bytes: Uint8Array; contentType: string; name: string }[] = [];
	for (const file of chosen) {
		const bytes = new Uint8Array(await file.arrayBuffer());
		const check = checkDocument(bytes, file.name, options);
		if (!check.ok) return { ok: false, error: reasons[check.reason], name: file.name };
		checked.push({ bytes, contentType: check.contentType, name: file.name });
	}
	const uploads: StoredUpload[] = [];
	for (const { bytes, contentType, name } of checked)
		uploads.push({ sha256: await store.put(bytes), size: bytes.length, contentType, name: name.slice(-255) });
	return { ok: true, uploads };
}

/** Records stored uploads as `files` rows of the tenant, inside the caller's transaction. */
export async function recordUploads(
	tx: Tx,
	tenantId: string,
	userId: string,
	uploads: readonly StoredUpload[],
): Promise<string[]> {
	if (uploads.length === 0) return [];
	const rows = await tx
		.insertInto("files")
		.values(
			uploads.map((u) => ({
				tenant_id: tenantId,
				sha256: u.sha256,
				size_bytes: u.size,
				content_type: u.contentType,
				original_name: u.name,
				uploaded_by: userId,
			})),
		)
		.returning("id")
		.execute();
	return rows.map((r) => r.id);
}
