/**
 * The minutes laid out as a 纪要 by GB/T 9704-2012, into a page model of positioned text and rules in
 * millimetres: fixed layouts (OFD, the SVG preview) draw exactly this, glyph by glyph. A4; 版心
 * 156 × 225 mm with 天头 37 mm and 订口 28 mm; 22 lines of 28 characters of 三号仿宋 per page.
 */
import { breakLines } from "./line-breaking.ts";

export type FaceName = "fangsong" | "xiaobiaosong" | "heiti" | "kaiti" | "songti";

/** One line of text: its glyphs' left edges (x) from the first; the baseline (y) from the page's top. */
interface PlacedText {
	text: string;
	face: FaceName;
	/** Font size in millimetres. */
	size: number;
	x: number;
	y: number;
	/** The advance of each code point but the last, in millimetres (OFD DeltaX). */
	gaps: number[];
	width: number;
	red?: boolean;
	/** Part of the page furniture (page number), not of the minutes' text. */
	furniture?: boolean;
	/** Counts against the page's 22 body lines (三号 text on the grid). */
	bodyLine?: boolean;
}

interface PlacedRule {
	x1: number;
	x2: number;
	y: number;
	/** Line width in millimetres. */
	weight: number;
	red?: boolean;
}

export interface LaidOutPage {
	texts: PlacedText[];
	rules: PlacedRule[];
}

/** What the 纪要 says, in the order it is printed. */
export interface OfficialMinutes {
	/** The red 纪要标志, e.g. "渑池县政府与工会联席会议纪要". */
	mark: string;
	/** 〔2026〕1号, or null for a draft. */
	number: string | null;
	/** Printed in place of the number on a draft. */
	draftLabel: string;
	title: string;
	/** Headed parts in order: a heading (一、…) and its paragraphs. */
	sections: { heading: string; paragraphs: Paragraph[] }[];
	/** 版记: 抄送 line and the 印发 line (office left, date right). */
	copyTo: string | null;
	issuer: string;
	issuedOn: string | null;
}

/** A paragraph of the body: plain (two-character indent), a second-level heading, or a labelled line. */
export type Paragraph =
	| { kind: "text"; text: string }
	| { kind: "subheading"; text: string }
	/** "出席：…" with the lines after the first indented to the colon (hanging indent). */
	| { kind: "labelled"; label: string; text: string };

/** A code point's advance in em for a face (full-width CJK is 1). */
export type Measure = (char: string, face: FaceName) => number;

export const PAGE = { width: 210, height: 297 } as const;
const BLOCK = { left: 28, top: 37, width: 156, height: 225 } as const;
const LINES_PER_PAGE = 22;
const CHARS_PER_LINE = 28;
const PT = 25.4 / 72;
const SIZE_3 = 16 * PT;
const SIZE_2 = 22 * PT;
const SIZE_4 = 14 * PT;
const MARK_MAX = 26 * PT;
const PITCH = BLOCK.height / LINES_PER_PAGE;
/** One character cell of the body: 28 fill the 版心's width exactly. */
const CELL = BLOCK.width / CHARS_PER_LINE;

/** Lays out the minutes; `measure` gives a code point's advance in em for a face (CJK is 1). */
export function layOutMinutes(doc: OfficialMinutes, measure: Measure): LaidOutPage[] {
	const pages: LaidOutPage[] = [];
	let page: LaidOutPage = { texts: [], rules: [] };
	let line = 0;
	const place = (
		text: string,
		face: FaceName,
		size: number,
		x: number,
		y: number,
		options: Partial<PlacedText> = {},
	): PlacedText => {
		const advances = advancesOf(text, face, size, measure);
		const placed = {
			text,
			face,
			size,
			x,
			y,
			gaps: advances.slice(0, -1),
			width: advances.reduce((a, b) => a + b, 0),
			...options,
		};
		page.texts.push(placed);
		return placed;
	};
	const newPage = () => {
		pages.push(page);
		page = { texts: [], rules: [] };
		line = 0;
	};
	/** The baseline of a grid line for text of this size, centred in the line's pitch. */
	const baseline = (at: number, size: number) => BLOCK.top + at * PITCH + (PITCH + size * 0.76) / 2;
	const bodyLines = (lines: string[], face: FaceName, indents: { first: number; rest: number }) => {
		lines.forEach((text, i) => {
			if (line >= LINES_PER_PAGE) newPage();
			const indent = i === 0 ? indents.first : indents.rest;
			place(text, face, SIZE_3, BLOCK.left + indent, baseline(line, SIZE_3), { bodyLine: true });
			line++;
		});
	};
	const wrap = (text: string, face: FaceName, first: number, rest: number) =>
		breakLines(text, (s) => widthOf(s, face, SIZE_3, measure), {
			first: BLOCK.width - first,
			rest: BLOCK.width - rest,
		});

	// 版头: the red mark over two lines, the number (or the draft label), the red rule.
	const markSize = Math.min(MARK_MAX, BLOCK.width / Math.max(1, [...doc.mark].length));
	const mark = advancesOf(doc.mark, "xiaobiaosong", markSize, measure).reduce((a, b) => a + b, 0);
	place(
		doc.mark,
		"xiaobiaosong",
		markSize,
		BLOCK.left + (BLOCK.width - mark) / 2,
		BLOCK.top + PITCH + markSize * 0.38,
		{
			red: true,
		},
	);
	const numberText = doc.number ?? doc.draftLabel;
	const numberWidth = widthOf(numberText, "fangsong", SIZE_3, measure);
	place(numberText, "fangsong", SIZE_3, BLOCK.left + (BLOCK.width - numberWidth) / 2, baseline(2, SIZE_3));
	page.rules.push({
		x1: BLOCK.left,
		x2: BLOCK.left + BLOCK.width,
		y: BLOCK.top + 3 * PITCH + 1,
		weight: 0.5,
		red: true,
	});
	line = 4;
	// 标题: 二号小标宋, centred, broken into lines of the 版心's width.
	for (const text of breakLines(doc.title, (s) => widthOf(s, "xiaobiaosong", SIZE_2, measure), {
		first: BLOCK.width,
		rest: BLOCK.width,
	})) {
		const width = widthOf(text, "xiaobiaosong", SIZE_2, measure);
		place(text, "xiaobiaosong", SIZE_2, BLOCK.left + (BLOCK.width - width) / 2, baseline(line, SIZE_2));
		line++;
	}
	line++;

	const indent = 2 * CELL;
	for (const section of doc.sections) {
		bodyLines(wrap(section.heading, "heiti", indent, 0), "heiti", { first: indent, rest: 0 });
		for (const p of section.paragraphs) {
			if (p.kind === "labelled") {
				const head = `${p.label}：`;
				const hang = indent + widthOf(head, "fangsong", SIZE_3, measure);
				const lines = wrap(`${head}${p.text}`, "fangsong", indent, hang);
				bodyLines(lines, "fangsong", { first: indent, rest: hang });
			} else {
				const face = p.kind === "subheading" ? "kaiti" : "fangsong";
				bodyLines(wrap(p.text, face, indent, 0), face, { first: indent, rest: 0 });
			}
		}
	}

	// 版记 on the last two lines of the last page, between rules (bold outside, thin between).
	const copyLines = doc.copyTo ? wrap(`抄送：${doc.copyTo}`, "fangsong", CELL, CELL + 3 * CELL) : [];
	const recordLines = copyLines.length + 1;
	if (line > LINES_PER_PAGE - recordLines) newPage();
	const first = LINES_PER_PAGE - recordLines;
	const full = { x1: BLOCK.left, x2: BLOCK.left + BLOCK.width };
	page.rules.push({ ...full, y: BLOCK.top + first * PITCH, weight: 0.35 });
	copyLines.forEach((text, i) => {
		place(text, "fangsong", SIZE_4, BLOCK.left + (i === 0 ? CELL : 4 * CELL), baseline(first + i, SIZE_4));
	});
	if (copyLines.length > 0)
		page.rules.push({ ...full, y: BLOCK.top + (first + copyLines.length) * PITCH, weight: 0.25 });
	const last = LINES_PER_PAGE - 1;
	place(doc.issuer, "fangsong", SIZE_4, BLOCK.left + CELL, baseline(last, SIZE_4));
	const date = doc.issuedOn ? `${chineseDate(doc.issuedOn)}印发` : doc.draftLabel;
	const dateWidth = widthOf(date, "fangsong", SIZE_4, measure);
	place(date, "fangsong", SIZE_4, BLOCK.left + BLOCK.width - CELL - dateWidth, baseline(last, SIZE_4));
	page.rules.push({ ...full, y: BLOCK.top + LINES_PER_PAGE * PITCH, weight: 0.35 });
	pages.push(page);

	// 页码: "— 1 —" 四号宋体, its top 7 mm below the 版心; odd pages right, even pages left, one
	// character in from the edge.
	pages.forEach((p, i) => {
		page = p;
		const text = `— ${i + 1} —`;
		const width = widthOf(text, "songti", SIZE_4, measure);
		const cell = SIZE_4;
		const x = i % 2 === 0 ? BLOCK.left + BLOCK.width - cell - width : BLOCK.left + cell;
		place(text, "songti", SIZE_4, x, BLOCK.top + BLOCK.height + 7 + SIZE_4 * 0.88, { furniture: true });
	});
	return pages;
}

/** "2026-12-04" → "2026年12月4日" (no leading zeros, as GB/T 9704 writes dates). */
export function chineseDate(iso: string): string {
	const [y, m, d] = iso.split("-").map(Number);
	return `${y}年${m}月${d}日`;
}

function advancesOf(text: string, face: FaceName, size: number, measure: Measure): number[] {
	return [...text].map((ch) => {
		const em = measure(ch, face);
		// Full-width characters sit in the body's character cell; others take the font's own advance.
		return em >= 1 ? (size === SIZE_3 ? CELL : size) : em * size;
	});
}

function widthOf(text: string, face: FaceName, size: number, measure: Measure): number {
	return advancesOf(text, face, size, measure).reduce((a, b) => a + b, 0);
}
