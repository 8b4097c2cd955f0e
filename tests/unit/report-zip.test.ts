import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { zipEntryNames } from "#app/domain/files/zip-entries.ts";
import { writeDocumentsZip, zipSegment } from "#app/domain/report-requests/report-zip.server.ts";
import { readZipEntry } from "#tests/support/read-zip.ts";

const bytes = (text: string) => () =>
	Promise.resolve(
		new ReadableStream<Uint8Array>({
			start(controller) {
				// Two chunks, as a file store streams them.
				const all = new TextEncoder().encode(text);
				controller.enqueue(all.subarray(0, 3));
				controller.enqueue(all.subarray(3));
				controller.close();
			},
		}),
	);

describe("the documents zip", () => {
	it("puts each unit's files in a folder of its own, names made safe and distinct", async () => {
		const body = new PassThrough();
		const chunks: Buffer[] = [];
		body.on("data", (c: Buffer) => chunks.push(c));
		const ended = new Promise((resolve) => body.on("end", resolve));
		await writeDocumentsZip(body, [
			{
				unitName: "灵宝市",
				files: [
					{ name: "落实情况报告.pdf", open: bytes("灵宝市的报告") },
					{ name: "落实情况报告.pdf", open: bytes("second") },
					{ name: "../../etc/passwd", open: bytes("x") },
				],
			},
			{ unitName: "义马市", files: [{ name: "落实情况报告.pdf", open: bytes("义马市的报告") }] },
			{ unitName: "灵宝市", files: [{ name: "a.docx", open: bytes("another 灵宝市") }] },
		]);
		await ended;
		const zip = new Uint8Array(Buffer.concat(chunks));
		expect(zipEntryNames(zip)).toEqual([
			"灵宝市/落实情况报告.pdf",
			"灵宝市/落实情况报告 (2).pdf",
			"灵宝市/.._.._etc_passwd",
			"义马市/落实情况报告.pdf",
			"灵宝市 (2)/a.docx",
		]);
		expect(readZipEntry(zip, "灵宝市/落实情况报告.pdf")).toBe("灵宝市的报告");
		expect(readZipEntry(zip, "义马市/落实情况报告.pdf")).toBe("义马市的报告");
	});

	it("makes names safe path segments", () => {
		expect(zipSegment("a/b\\c:d*?")).toBe("a_b_c_d__");
		expect(zipSegment("..")).toBe("_");
		expect(zipSegment("  ")).toBe("_");
	});
});
