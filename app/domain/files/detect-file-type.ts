import { zipEntryNames } from "./zip-entries.ts";

type DocumentKind = "pdf" | "docx" | "ofd" | "png" | "jpeg";

const contentTypes: Record<DocumentKind, string> = {
	pdf: "application/pdf",
	docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	ofd: "application/ofd",
	png: "image/png",
	jpeg: "image/jpeg",
};

const extensions: Record<DocumentKind, string[]> = {
	pdf: [".pdf"],
	docx: [".docx"],
	ofd: [".ofd"],
	png: [".png"],
	jpeg: [".jpg", ".jpeg"],
};

/** 20 MiB: a scanned official document fits; anything larger is refused before it is stored. */
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;

const startsWith = (bytes: Uint8Array, signature: number[]) => signature.every((b, i) => bytes[i] === b);

/** What the bytes are, judged by their content (magic numbers and ZIP package parts), not by the name. */
export function detectDocumentKind(bytes: Uint8Array): DocumentKind | null {
	if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return "pdf"; // %PDF-
	if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "png";
	if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "jpeg";
	if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
		const names = zipEntryNames(bytes);
		if (!names) return null;
		if (names.includes("[Content_Types].xml") && names.includes("word/document.xml")) return "docx";
		if (names.includes("OFD.xml")) return "ofd";
	}
	return null;
}

type DocumentCheck =
	| { ok: true; kind: DocumentKind | "xlsx"; contentType: string }
	| { ok: false; reason: "empty" | "too_large" | "unsupported" | "name_mismatch" };

const xlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** An Excel workbook (.xlsx) by its package parts: accepted only where a page asks for spreadsheets too. */
function isXlsx(bytes: Uint8Array): boolean {
	if (!startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return false;
	const names = zipEntryNames(bytes);
	return Boolean(names?.includes("[Content_Types].xml") && names.includes("xl/workbook.xml"));
}

/**
 * Accepts PDF, DOCX, OFD, PNG and JPEG whose content and file name agree; with `spreadsheets`, an
 * .xlsx workbook too (a report request's documents, issue #22).
 */
export function checkDocument(
	bytes: Uint8Array,
	fileName: string,
	options: { spreadsheets?: boolean } = {},
): DocumentCheck {
	if (bytes.length === 0) return { ok: false, reason: "empty" };
	if (bytes.length > MAX_DOCUMENT_BYTES) return { ok: false, reason: "too_large" };
	const lower = fileName.toLowerCase();
	if (options.spreadsheets && isXlsx(bytes))
		return lower.endsWith(".xlsx")
			? { ok: true, kind: "xlsx", contentType: xlsxContentType }
			: { ok: false, reason: "name_mismatch" };
	const kind = detectDocumentKind(bytes);
	if (!kind) return { ok: false, reason: "unsupported" };
	if (!extensions[kind].some((ext) => lower.endsWith(ext))) return { ok: false, reason: "name_mismatch" };
	return { ok: true, kind, contentType: contentTypes[kind] };
}
