import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { access, mkdir, readdir, readFile, rename, stat, unlink, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";

/**
 * Where file bytes live, addressed by their SHA-256. Who may read a file is decided by the `files`
 * rows (row-level security) before anything here is asked. A store for S3-compatible object storage
 * implements the same methods.
 */
export interface FileStore {
	/**
	 * Stores the bytes (once per content) and returns their SHA-256 in hex. Content already stored is
	 * marked as stored now, so the collector of unlisted bytes leaves it to the row about to list it.
	 */
	put(bytes: Uint8Array): Promise<string>;
	/** A web stream of the stored bytes. */
	get(sha256: string): Promise<ReadableStream<Uint8Array>>;
	has(sha256: string): Promise<boolean>;
	/** Every stored content, with when it was last stored. */
	list(): AsyncIterable<StoredContent>;
	/**
	 * Deletes the bytes unless they were stored again after `storedAt` (a `put` of the same content
	 * since they were listed): true when deleted. Never deletes bytes a concurrent `put` returned.
	 */
	removeUnlessStoredSince(content: StoredContent): Promise<boolean>;
	/**
	 * What a crash left beside the contents: a write never renamed into place, or a content set aside
	 * by `removeUnlessStoredSince` and neither deleted nor put back.
	 */
	leftovers(): AsyncIterable<StoredLeftover>;
	/**
	 * Puts a content set aside back in place: true; or, when the content is stored there again
	 * meanwhile, deletes the copy set aside: false.
	 */
	restoreLeftover(leftover: StoredLeftover): Promise<boolean>;
	/** Deletes a leftover. */
	deleteLeftover(leftover: StoredLeftover): Promise<void>;
	/** The database this store's files belong to (its installation id), as marked; null when unmarked. */
	installationMark(): Promise<string | null>;
	/** Marks the store as the files of this installation (app/domain/files/file-store-binding.server.ts). */
	markInstallation(id: string): Promise<void>;
}

export interface StoredContent {
	sha256: string;
	storedAt: Date;
}

export interface StoredLeftover {
	/** An unfinished write, or a content set aside for deletion. */
	kind: "writing" | "setAside";
	/** The content it holds; null for a write of the store's own mark. */
	sha256: string | null;
	/** Its name in the store. */
	name: string;
	/** When it was last changed: written, or set aside. */
	changedAt: Date;
}

const hexDigest = /^[0-9a-f]{64}$/;
/** A content's folder: the first two digits of its SHA-256. */
const contentFolder = /^[0-9a-f]{2}$/;
/** The names `writeWhole` and `removeUnlessStoredSince` give while they work: `<name>.<pid>.<ms>.tmp|removing`. */
const leftoverName = /^([0-9a-f]{64}|\.installation)\.\d+\.\d+\.(tmp|removing)$/;

function sha256Hex(bytes: Uint8Array): string {
	return createHash("sha256").update(bytes).digest("hex");
}

/** Writes a file whole or not at all: to a temporary name beside it, then renamed into place. */
async function writeWhole(target: string, data: Uint8Array | string) {
	await mkdir(path.dirname(target), { recursive: true });
	const temp = `${target}.${process.pid}.${Date.now()}.tmp`;
	await writeFile(temp, data);
	await rename(temp, target);
}

/**
 * The installation's stored files, `DATA_DIR/files`: what the app stores into, the worker's daily work
 * collects from and the seed writes to. One definition, so that they are the same directory.
 */
export function dataDirFileStore(dataDir: string): FileStore {
	return localFileStore(path.resolve(dataDir, "files"));
}

/** A directory (DATA_DIR/files by default): files/ab/abcdef…, written atomically. */
export function localFileStore(root: string): FileStore {
	const pathOf = (sha256: string) => {
		if (!hexDigest.test(sha256)) throw new Error("bad file address");
		return path.join(root, sha256.slice(0, 2), sha256);
	};
	const markFile = path.join(root, ".installation");
	const has = async (sha256: string) => {
		try {
			await access(pathOf(sha256));
			return true;
		} catch {
			return false;
		}
	};
	/**
	 * What a name in the store says of a leftover, or null when it is none: one of a content's folder
	 * (`ab/<sha>.<pid>.<ms>.tmp|removing`, the content's folder by its first two digits) or the
	 * store's own mark at the top (`.installation.<pid>.<ms>.tmp`).
	 */
	const leftoverNamed = (name: string): Omit<StoredLeftover, "changedAt"> | null => {
		const [folder, file, ...rest] = name.split("/");
		const inFolder = file !== undefined && rest.length === 0 && contentFolder.test(folder ?? "");
		const parsed = leftoverName.exec((inFolder ? file : folder) ?? "");
		if (!parsed || (inFolder ? !parsed[1]?.startsWith(folder as string) : parsed[1] !== ".installation")) return null;
		const sha256 = hexDigest.test(parsed[1] ?? "") ? (parsed[1] as string) : null;
		return { kind: parsed[2] === "tmp" ? "writing" : "setAside", sha256, name };
	};
	/** A leftover's path, from a name `leftovers()` gave (anything else is refused). */
	const leftoverPath = ({ name }: StoredLeftover) => {
		const named = leftoverNamed(name);
		if (!named) throw new Error("bad leftover name");
		return { file: path.join(root, name), sha256: named.sha256 };
	};
	/** The names in each content folder (`ab/`, `cd/`, …), folder by folder. */
	async function* folderEntries() {
		const folders = await readdir(root, { withFileTypes: true }).catch(() => []);
		for (const folder of folders) {
			if (!folder.isDirectory() || !contentFolder.test(folder.name)) continue;
			for (const name of await readdir(path.join(root, folder.name))) yield { folder: folder.name, name };
		}
	}
	return {
		has,
		async put(bytes) {
			const sha256 = sha256Hex(bytes);
			const target = pathOf(sha256);
			// Stored already: marked as stored now, in one step that either finds the file where it is or
			// fails; a collector that moved it away meanwhile (below) sees the new time and puts it back.
			const now = new Date();
			try {
				await utimes(target, now, now);
				return sha256;
			} catch (error) {
				if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
			}
			await writeWhole(target, bytes);
			return sha256;
		},
		async get(sha256) {
			return Readable.toWeb(createReadStream(pathOf(sha256))) as ReadableStream<Uint8Array>;
		},
		async *list() {
			for await (const { folder, name } of folderEntries()) {
				if (!hexDigest.test(name) || !name.startsWith(folder)) continue;
				const info = await stat(path.join(root, folder, name)).catch(() => null);
				if (info) yield { sha256: name, storedAt: info.mtime };
			}
		},
		async *leftovers() {
			const found = async (name: string) => {
				const named = leftoverNamed(name);
				const info = named && (await stat(path.join(root, name)).catch(() => null));
				// The change time: a rename (setting aside) changes it, and the content's own time it keeps.
				return named && info?.isFile() ? { ...named, changedAt: info.ctime } : null;
			};
			const top = await readdir(root, { withFileTypes: true }).catch(() => []);
			for (const entry of top) {
				const leftover = entry.isFile() ? await found(entry.name) : null;
				if (leftover) yield leftover;
			}
			for await (const { folder, name } of folderEntries()) {
				const leftover = await found(`${folder}/${name}`);
				if (leftover) yield leftover;
			}
		},
		async restoreLeftover(leftover) {
			const { file, sha256 } = leftoverPath(leftover);
			if (!sha256 || !file.endsWith(".removing")) throw new Error("only a content set aside is put back");
			if (await has(sha256)) {
				await unlink(file);
				return false;
			}
			await rename(file, pathOf(sha256));
			return true;
		},
		async deleteLeftover(leftover) {
			await unlink(leftoverPath(leftover).file).catch((error: NodeJS.ErrnoException) => {
				if (error.code !== "ENOENT") throw error;
			});
		},
		async installationMark() {
			try {
				return (await readFile(markFile, "utf8")).trim() || null;
			} catch (error) {
				if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
				throw error;
			}
		},
		async markInstallation(id) {
			await writeWhole(markFile, `${id}\n`);
		},
		async removeUnlessStoredSince({ sha256, storedAt }) {
			const target = pathOf(sha256);
			// Moved aside first (a rename is one step), then looked at where no `put` can reach it: a
			// `put` after the move writes the content afresh; one before it left its time on the file.
			const aside = `${target}.${process.pid}.${Date.now()}.removing`;
			try {
				await rename(target, aside);
			} catch (error) {
				if ((error as NodeJS.ErrnoException).code === "ENOENT") return false;
				throw error;
			}
			const info = await stat(aside);
			if (info.mtime.getTime() > storedAt.getTime()) {
				// Stored again since it was listed: back where it was, unless a `put` wrote it anew meanwhile.
				if (await has(sha256)) await unlink(aside);
				else await rename(aside, target);
				return false;
			}
			await unlink(aside);
			return true;
		},
	};
}
