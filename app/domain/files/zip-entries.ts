/**
 * The entry names of a ZIP archive (DOCX and OFD are ZIP packages), read from its central directory.
 * Returns null when the bytes are not a well-formed ZIP.
 */
export function zipEntryNames(bytes: Uint8Array): string[] | null {
	const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	const EOCD = 0x06054b50;
	const CENTRAL = 0x02014b50;
	// The end-of-central-directory record sits in the last 22 + 65535 bytes.
	const lowest = Math.max(0, bytes.length - 22 - 0xffff);
	let eocd = -1;
	for (let i = bytes.length - 22; i >= lowest; i--) {
		if (view.getUint32(i, true) === EOCD) {
			eocd = i;
			break;
		}
	}
	if (eocd < 0) return null;
	const count = view.getUint16(eocd + 10, true);
	let offset = view.getUint32(eocd + 16, true);
	const names: string[] = [];
	const decoder = new TextDecoder();
	for (let n = 0; n < count; n++) {
		if (offset + 46 > bytes.length || view.getUint32(offset, true) !== CENTRAL) return null;
		const nameLength = view.getUint16(offset + 28, true);
		const extraLength = view.getUint16(offset + 30, true);
		const commentLength = view.getUint16(offset + 32, true);
		if (offset + 46 + nameLength > bytes.length) return null;
		names.push(decoder.decode(bytes.subarray(offset + 46, offset + 46 + nameLength)));
		offset += 46 + nameLength + extraLength + commentLength;
	}
	return names;
}
