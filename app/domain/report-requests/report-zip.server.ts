import { once } from "node:events";
import type { Writable } from "node:stream";
import { Zip, ZipPassThrough } from "fflate";
import type { Kysely } from "kysely";
import type { Actor } from "#app/domain/actor.ts";
import { runAs } from "#db/run-as.ts";
import type { Database } from "#db/schema.ts";

/**
 * A documents request's submissions as one zip with a folder per unit (issue 22 §4), streamed:
 * each file is copied through as it is read (stored, not recompressed — PDF, DOCX, XLSX, OFD and
 * images are compressed already), so memory holds one chunk at a time, not the archive.
 */
interface ZipUnit {
	unitName: string;
	files: { name: string; open: () => Promise<ReadableStream<Uint8Array>> }[];
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: names from users must not carry control characters
const unsafe = /[\u0000-\u001f\u007f/\\:*?"<>|]/g;

/** A name safe as one path segment on Windows and Unix: no separators, no reserved characters, not "." or "..". */
export function zipSegment(name: string): string {
	const cleaned = name.replace(unsafe, "_").trim().replace(/^\.+$/, "_");
	return cleaned === "" ? "_" : cleaned.slice(0, 120);
}

/** "name.pdf" taken → "name (2).pdf". */
function distinct(name: string, taken: Set<string>): string {
	let candidate = name;
	const dot = name.lastIndexOf(".");
	const stem = dot > 0 ? name.slice(0, dot) : name;
	const ext = dot > 0 ? name.slice(dot) : "";
	for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = `${stem} (${n})${ext}`;
	taken.add(candidate.toLowerCase());
	return candidate;
}

/** Writes the zip to `stream` and ends it; rejects (leaving the stream to the caller) when a file cannot be read. */
export async function writeDocumentsZip(stream: Writable, units: readonly ZipUnit[]): Promise<void> {
	let failure: Error | null = null;
	const zip = new Zip((error, chunk, final) => {
		if (error) {
			failure = error;
			return;
		}
		stream.write(chunk);
		if (final) stream.end();
	});
	const folders = new Set<string>();
	for (const unit of units) {
		const folder = distinct(zipSegment(unit.unitName), folders);
		const names = new Set<string>();
		for (const file of unit.files) {
			const entry = new ZipPassThrough(`${folder}/${distinct(zipSegment(file.name), names)}`);
			zip.add(entry);
			const reader = (await file.open()).getReader();
			for (;;) {
				const { done, value } = await reader.read();
				if (done) break;
				entry.push(value);
				if (failure) throw failure;
				if (stream.writableNeedDrain) await once(stream, "drain");
			}
			entry.push(new Uint8Array(0), true);
		}
	}
	zip.end();
	if (failure) throw failure;
}

/**
 * Where the stored bytes of these files are (their SHA-256), read as the actor: the files' row-level
 * security lets a unit read the files of the reports it may see, and nothing else.
 */
export async function readFileAddresses(
	db: Kysely<Database>,
	actor: Actor,
	fileIds: readonly string[],
): Promise<Map<string, string>> {
	const addresses = new Map<string, string>();
	await runAs(db, actor, async (tx) => {
		for (let i = 0; i < fileIds.length; i += 1000) {
			const rows = await tx
				.selectFrom("files")
				.select(["id", "sha256"])
				.where("id", "in", fileIds.slice(i, i + 1000))
				.execute();
			for (const r of rows) addresses.set(r.id, r.sha256);
		}
	});
	return addresses;
}
