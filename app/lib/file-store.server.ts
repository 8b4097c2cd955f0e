import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { access, mkdir, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";

/**
 * Where file bytes live, addressed by their SHA-256. Who may read a file is decided by the `files`
 * rows (row-level security) before anything here is asked. A store for S3-compatible object storage
 * implements the same three methods.
 */
export interface FileStore {
	/** Stores the bytes (once per content) and returns their SHA-256 in hex. */
	put(bytes: Uint8Array): Promise<string>;
	/** A web stream of the stored bytes. */
	get(sha256: string): Promise<ReadableStream<Uint8Array>>;
	has(sha256: string): Promise<boolean>;
}

const hexDigest = /^[0-9a-f]{64}$/;

function sha256Hex(bytes: Uint8Array): string {
	return createHash("sha256").update(bytes).digest("hex");
}

/** A directory (DATA_DIR/files by default): files/ab/abcdef…, written atomically. */
export function localFileStore(root: string): FileStore {
	const pathOf = (sha256: string) => {
		if (!hexDigest.test(sha256)) throw new Error("bad file address");
		return path.join(root, sha256.slice(0, 2), sha256);
	};
	const has = async (sha256: string) => {
		try {
			await access(pathOf(sha256));
			return true;
		} catch {
			return false;
		}
	};
	return {
		has,
		async put(bytes) {
			const sha256 = sha256Hex(bytes);
			if (await has(sha256)) return sha256;
			const target = pathOf(sha256);
			await mkdir(path.dirname(target), { recursive: true });
			const temp = `${target}.${process.pid}.${Date.now()}.tmp`;
			await writeFile(temp, bytes);
			await rename(temp, target);
			return sha256;
		},
		async get(sha256) {
			return Readable.toWeb(createReadStream(pathOf(sha256))) as ReadableStream<Uint8Array>;
		},
	};
}
