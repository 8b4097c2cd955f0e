import { describe, expect, it } from "vitest";
import { checkDocument, detectDocumentKind, MAX_DOCUMENT_BYTES } from "#app/domain/files/detect-file-type.ts";
import { zipEntryNames } from "#app/domain/files/zip-entries.ts";
import { yearsAndMonthsSince } from "#app/domain/registry/adoption-register.server.ts";
import { fakeDocx, sampleDocx, sampleOfd, samplePdf, samplePng } from "#tests/support/sample-documents.ts";

describe("document checks by content", () => {
	it("recognises PDF, DOCX, OFD, PNG and JPEG by their bytes", () => {
		expect(detectDocumentKind(samplePdf())).toBe("pdf");
		expect(detectDocumentKind(sampleDocx())).toBe("docx");
		expect(detectDocumentKind(sampleOfd())).toBe("ofd");
		expect(detectDocumentKind(samplePng())).toBe("png");
		expect(detectDocumentKind(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe("jpeg");
	});

	it("reads a ZIP's entry names and rejects broken archives", () => {
		expect(zipEntryNames(sampleOfd())).toEqual(["OFD.xml", "Doc_0/Document.xml"]);
		expect(zipEntryNames(sampleDocx().slice(0, 40))).toBeNull();
	});

	it.each([
		["a ZIP that is no Word document", fakeDocx(), "制度.docx", "unsupported"],
		["PNG bytes named .pdf", samplePng(), "制度.pdf", "name_mismatch"],
		["a PDF named .docx", samplePdf(), "制度.docx", "name_mismatch"],
		["plain text named .pdf", new TextEncoder().encode("hello"), "制度.pdf", "unsupported"],
		["an empty file", new Uint8Array(), "制度.pdf", "empty"],
	])("refuses %s", (_name, bytes, fileName, reason) => {
		expect(checkDocument(bytes, fileName)).toEqual({ ok: false, reason });
	});

	it("refuses more than 20 MiB", () => {
		const big = new Uint8Array(MAX_DOCUMENT_BYTES + 1);
		big.set(samplePdf());
		expect(checkDocument(big, "big.pdf")).toEqual({ ok: false, reason: "too_large" });
	});

	it("accepts a real minimal DOCX and OFD with matching names, case-insensitive", () => {
		expect(checkDocument(sampleDocx(), "三政办文〔2024〕4号.DOCX")).toMatchObject({ ok: true, kind: "docx" });
		expect(checkDocument(sampleOfd(), "制度.ofd")).toMatchObject({ ok: true, contentType: "application/ofd" });
	});

	it("accepts an .xlsx workbook only where spreadsheets are asked for (a report request's documents)", () => {
		// fakeDocx() is a workbook's package: [Content_Types].xml and xl/workbook.xml.
		expect(checkDocument(fakeDocx(), "统计表.xlsx")).toEqual({ ok: false, reason: "unsupported" });
		expect(checkDocument(fakeDocx(), "统计表.XLSX", { spreadsheets: true })).toEqual({
			ok: true,
			kind: "xlsx",
			contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		});
		expect(checkDocument(fakeDocx(), "统计表.docx", { spreadsheets: true })).toEqual({
			ok: false,
			reason: "name_mismatch",
		});
		expect(checkDocument(samplePdf(), "统计表.xlsx", { spreadsheets: true })).toEqual({
			ok: false,
			reason: "name_mismatch",
		});
		expect(checkDocument(sampleDocx(), "制度.docx", { spreadsheets: true })).toMatchObject({ ok: true, kind: "docx" });
	});
});

describe("time since establishment", () => {
	it.each([
		["2024-07-03", "2026-11-23", { years: 2, months: 4 }],
		["2024-11-25", "2026-11-23", { years: 1, months: 11 }],
		["2026-11-23", "2026-11-23", { years: 0, months: 0 }],
		["2027-01-01", "2026-11-23", { years: 0, months: 0 }],
	])("%s → %s", (from, today, expected) => {
		expect(yearsAndMonthsSince(from, new Date(`${today}T12:00:00Z`))).toEqual(expected);
	});
});
