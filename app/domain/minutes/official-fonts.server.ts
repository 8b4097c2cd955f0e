import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import * as fontkit from "fontkit";
import type { FaceName, Measure } from "./official-layout.ts";

/**
 * The fonts of a fixed-layout 纪要. Each face keeps the official name offices' readers know (仿宋_GB2312,
 * 方正小标宋简体, 黑体, 楷体_GB2312, 宋体); by default a subset of an openly licensed CJK font (Noto Serif
 * and Sans CJK SC, SIL Open Font License, Debian's fonts-noto-cjk) holding exactly the glyphs used
 * is embedded, so every reader shows the same glyphs at the same places. Glyph advances come from
 * those same subsets, so the layout measures what is drawn.
 */
export const officialFaces: Record<FaceName, { fontName: string; familyName: string; file: FontFile }> = {
	fangsong: { fontName: "仿宋_GB2312", familyName: "仿宋", file: "serif" },
	kaiti: { fontName: "楷体_GB2312", familyName: "楷体", file: "serif" },
	songti: { fontName: "宋体", familyName: "宋体", file: "serif" },
	xiaobiaosong: { fontName: "方正小标宋简体", familyName: "方正小标宋简体", file: "serifBold" },
	heiti: { fontName: "黑体", familyName: "黑体", file: "sans" },
};

type FontFile = "serif" | "serifBold" | "sans";

/** Debian's fonts-noto-cjk: collections whose third face (index 2) is Simplified Chinese. */
const SOURCES: Record<FontFile, string> = {
	serif: "NotoSerifCJK-Regular.ttc",
	serifBold: "NotoSerifCJK-Bold.ttc",
	sans: "NotoSansCJK-Regular.ttc",
};
const SC_FACE = 2;
const FONT_DIR = process.env.OFD_FONT_DIR ?? "/usr/share/fonts/opentype/noto";

interface OfficialFonts {
	measure: Measure;
	/** The subset font files to embed, by file; empty when embedding is off or no font is installed. */
	files: Partial<Record<FontFile, Uint8Array>>;
}

/**
 * The fonts of one document: subsets holding exactly the code points of `text` when embedding, and
 * the measure the layout uses (the same for the OFD and its preview).
 */
export async function officialFonts(text: string, options: { embed: boolean }): Promise<OfficialFonts> {
	const measure = await officialMeasure();
	const files: Partial<Record<FontFile, Uint8Array>> = {};
	if (options.embed) {
		const codePoints = [...new Set([...text].map((c) => c.codePointAt(0) as number))];
		for (const file of installedFiles())
			files[file] = await subsetFace(readFileSync(sourceOf(file)), SC_FACE, codePoints);
	}
	return { measure, files };
}

/** Code points whose advance is read from the fonts: Latin, general punctuation, CJK symbols. */
const MEASURED: [number, number][] = [
	[0x20, 0x24f],
	[0x2000, 0x206f],
	[0x3000, 0x303f],
];
let measuring: Promise<Measure> | undefined;

/**
 * Advances in em by face, read once per process from subsets of the measured ranges: every CJK
 * ideograph of these fonts is a full em, so the rest need no reading. Without the fonts installed,
 * CJK is a full em and other characters half.
 */
export function officialMeasure(): Promise<Measure> {
	measuring ??= (async () => {
		const codePoints = MEASURED.flatMap(([from, to]) => Array.from({ length: to - from + 1 }, (_, i) => from + i));
		const tables: Partial<Record<FontFile, Map<number, number>>> = {};
		for (const file of installedFiles()) {
			const font = fontkit.create(
				Buffer.from(await subsetFace(readFileSync(sourceOf(file)), SC_FACE, codePoints)),
			) as fontkit.Font;
			const table = new Map<number, number>();
			for (const code of codePoints) {
				const glyph = font.glyphForCodePoint(code);
				if (glyph.id !== 0) table.set(code, glyph.advanceWidth / font.unitsPerEm);
			}
			tables[file] = table;
		}
		return (char, face) => {
			const code = char.codePointAt(0) as number;
			return tables[officialFaces[face].file]?.get(code) ?? (isWide(code) ? 1 : 0.5);
		};
	})();
	return measuring;
}

const sourceOf = (file: FontFile) => path.join(FONT_DIR, SOURCES[file]);
const installedFiles = () => (Object.keys(SOURCES) as FontFile[]).filter((file) => existsSync(sourceOf(file)));

/** CJK ideographs, kana, Hangul, full-width forms and CJK punctuation. */
function isWide(code: number) {
	return (
		(code >= 0x2e80 && code <= 0x9fff) ||
		(code >= 0xac00 && code <= 0xd7af) ||
		(code >= 0xf900 && code <= 0xfaff) ||
		(code >= 0xfe30 && code <= 0xfe4f) ||
		(code >= 0xff00 && code <= 0xff60) ||
		(code >= 0x20000 && code <= 0x3ffff)
	);
}

let subsetModule: WebAssembly.Module | undefined;

/** HarfBuzz's hb-subset (harfbuzzjs' WebAssembly build), on a fresh instance whose memory is dropped after. */
async function subsetFace(collection: Uint8Array, faceIndex: number, codePoints: number[]): Promise<Uint8Array> {
	if (!subsetModule) {
		const wasm = createRequire(import.meta.url).resolve("harfbuzzjs/dist/harfbuzz-subset.wasm");
		subsetModule = await WebAssembly.compile(readFileSync(wasm));
	}
	const instance = await WebAssembly.instantiate(subsetModule, {});
	const hb = instance.exports as unknown as HarfBuzzSubset;
	const input = hb.malloc(collection.byteLength);
	new Uint8Array(hb.memory.buffer).set(collection, input);
	const blob = hb.hb_blob_create(input, collection.byteLength, READONLY, 0, 0);
	const face = hb.hb_face_create(blob, faceIndex);
	hb.hb_blob_destroy(blob);
	const request = hb.hb_subset_input_create_or_fail();
	const unicodes = hb.hb_subset_input_unicode_set(request);
	for (const code of codePoints) hb.hb_set_add(unicodes, code);
	const subset = hb.hb_subset_or_fail(face, request);
	hb.hb_subset_input_destroy(request);
	if (!subset) throw new Error("hb_subset_or_fail: the font could not be subset");
	const result = hb.hb_face_reference_blob(subset);
	const start = hb.hb_blob_get_data(result, 0);
	const length = hb.hb_blob_get_length(result);
	const bytes = new Uint8Array(hb.memory.buffer).slice(start, start + length);
	hb.hb_blob_destroy(result);
	hb.hb_face_destroy(subset);
	hb.hb_face_destroy(face);
	hb.free(input);
	if (length === 0) throw new Error("hb_subset_or_fail: empty subset");
	return bytes;
}

const READONLY = 1;

interface HarfBuzzSubset {
	memory: WebAssembly.Memory;
	malloc(size: number): number;
	free(pointer: number): void;
	hb_blob_create(data: number, length: number, mode: number, userData: number, destroy: number): number;
	hb_blob_destroy(blob: number): void;
	hb_blob_get_data(blob: number, length: number): number;
	hb_blob_get_length(blob: number): number;
	hb_face_create(blob: number, index: number): number;
	hb_face_destroy(face: number): void;
	hb_face_reference_blob(face: number): number;
	hb_set_add(set: number, code: number): void;
	hb_subset_input_create_or_fail(): number;
	hb_subset_input_destroy(input: number): void;
	hb_subset_input_unicode_set(input: number): number;
	hb_subset_or_fail(face: number, input: number): number;
}
