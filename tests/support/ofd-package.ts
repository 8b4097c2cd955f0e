import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { unzipSync } from "fflate";

/** The schemas of GB/T 33190-2016 beside the repository (../shared/ofd-schema). */
export const OFD_SCHEMAS = path.resolve(import.meta.dirname, "../../../shared/ofd-schema");

/** An OFD package unzipped into a folder of its own, read with xmllint (a real XML parser). */
export function openOfd(bytes: Uint8Array) {
	const dir = mkdtempSync(path.join(tmpdir(), "ofd-"));
	const entries = unzipSync(bytes);
	for (const [name, data] of Object.entries(entries)) {
		mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
		writeFileSync(path.join(dir, name), data);
	}
	const xpath = (file: string, expression: string): string[] => {
		try {
			const out = execFileSync("xmllint", ["--xpath", expression, path.join(dir, file)], {
				encoding: "utf8",
				stdio: ["ignore", "pipe", "pipe"],
			});
			return out
				.split("\n")
				.map((s) => s.trim())
				.filter(Boolean);
		} catch {
			// xmllint exits 10 when the expression selects nothing.
			return [];
		}
	};
	/** Values of an attribute, from `xmllint --xpath //@Name` (` Name="v"` per line). */
	const attributes = (file: string, expression: string) =>
		xpath(file, expression).map((line) => line.replace(/^[^=]+="/, "").replace(/"$/, ""));
	const texts = (file: string, element: string) =>
		xpath(file, `//*[local-name()='${element}']/text()`).map((s) =>
			s.replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">"),
		);
	return {
		dir,
		names: Object.keys(entries),
		entries,
		xpath,
		attributes,
		texts,
		/** `xmllint --schema` of one part: null when valid, else what xmllint said. */
		validate(file: string, schema: string): string | null {
			try {
				execFileSync("xmllint", ["--noout", "--schema", path.join(OFD_SCHEMAS, schema), path.join(dir, file)], {
					encoding: "utf8",
					stdio: "pipe",
				});
				return null;
			} catch (error) {
				return String((error as { stderr?: string }).stderr ?? error);
			}
		},
	};
}
