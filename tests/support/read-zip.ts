import { inflateRawSync } from "node:zlib";

/** Reads one entry of a ZIP package (stored or deflated), e.g. word/document.xml of a .docx. */
export function readZipEntry(bytes: Uint8Array, name: string): string {
	return new TextDecoder().decode(readZipEntryBytes(bytes, name));
}

/** One entry's exact bytes (stored or deflated). */
export function readZipEntryBytes(bytes: Uint8Array, name: string): Uint8Array {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	let eocd = bytes.length - 22;
	while (eocd >= 0 && view.getUint32(eocd, true) !== 0x06054b50) eocd--;
	if (eocd < 0) throw new Error("not a zip");
	let offset = view.getUint32(eocd + 16, true);
	const count = view.getUint16(eocd + 10, true);
	const decoder = new TextDecoder();
	for (let n = 0; n < count; n++) {
		const method = view.getUint16(offset + 10, true);
		const compressed = view.getUint32(offset + 20, true);
		const nameLength = view.getUint16(offset + 28, true);
		const extra = view.getUint16(offset + 30, true);
		const comment = view.getUint16(offset + 32, true);
		const local = view.getUint32(offset + 42, true);
		const entry = decoder.decode(bytes.subarray(offset + 46, offset + 46 + nameLength));
		if (entry === name) {
			const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
			const data = bytes.subarray(start, start + compressed);
			return method === 0 ? data : new Uint8Array(inflateRawSync(data));
		}
		offset += 46 + nameLength + extra + comment;
	}
	throw new Error(`no ${name} in the package`);
}
