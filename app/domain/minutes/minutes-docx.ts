import {
	AlignmentType,
	BorderStyle,
	Document,
	Footer,
	LineRuleType,
	Packer,
	PageNumber,
	Paragraph,
	TabStopType,
	TextRun,
} from "docx";
import { chineseDate } from "./official-layout.ts";

/**
 * The minutes as a Chinese official document (GB/T 9704-2012): A4; margins top 37 mm, bottom 35 mm,
 * left 28 mm, right 26 mm; title 2号 方正小标宋简体; body 3号 仿宋_GB2312 with the East Asian font set
 * in every run and the default style (so Word and WPS render it); headings 黑体 and 楷体_GB2312; the
 * number line with 〔〕; page numbers 4号 "— 1 —". Fonts are referenced, not embedded. The same parts in
 * the same order as the fixed layout (official-layout.ts, the OFD): the red mark, the number and the
 * red rule, the title, the headed parts, and the 版记 (抄送, the office and the 印发 date between rules).
 */
export interface MinutesDocument {
	/** 〔2026〕1号 as printed below the mark (null for a draft). */
	number: string | null;
	draft: boolean;
	/** The red 纪要标志, e.g. "渑池县政府与工会联席会议纪要". */
	mark: string;
	/** The office that issues it (版记), e.g. "渑池县人民政府办公室". */
	office: string;
	/** 抄送: the departments the decided matters go to, or null. */
	copyTo: string | null;
	title: string;
	facts: { label: string; value: string }[];
	body: string;
	matters: { content: string; lead: string; co: string[]; deadline: string }[];
	labels: { facts: string; body: string; matters: string; lead: string; co: string; deadline: string; draft: string };
	issuedOn: string | null;
}

const font = (name: string) => ({ ascii: name, hAnsi: name, eastAsia: name, cs: name });
const FANGSONG = font("仿宋_GB2312");
const HEITI = font("黑体");
const KAITI = font("楷体_GB2312");
const XIAOBIAOSONG = font("方正小标宋简体");
const SIZE_3 = 32; // 3号 = 16 pt = 32 half-points
const SIZE_2 = 44; // 2号 = 22 pt
const SIZE_4 = 28; // 4号 = 14 pt
const SIZE_MARK = 52; // the mark: 26 pt
const RED = "C80000";
// 22 lines of 28 characters per page: a fixed line pitch of 28.95 pt.
const LINE = { line: 579, lineRule: LineRuleType.EXACT };
const INDENT = { firstLine: 640 }; // two characters of 3号

const body = (text: string, options: { bold?: boolean } = {}) =>
	new Paragraph({
		spacing: LINE,
		indent: INDENT,
		children: [new TextRun({ text, font: FANGSONG, size: SIZE_3, ...options })],
	});

const heading = (text: string, level: 1 | 2) =>
	new Paragraph({
		spacing: LINE,
		indent: INDENT,
		children: [new TextRun({ text, font: level === 1 ? HEITI : KAITI, size: SIZE_3 })],
	});

const chineseOrdinal = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
const ordinal = (n: number) => (n <= 10 ? chineseOrdinal[n - 1] : String(n));

export async function minutesDocx(doc: MinutesDocument): Promise<Uint8Array> {
	const pageNumber = (alignment: (typeof AlignmentType)[keyof typeof AlignmentType]) =>
		new Footer({
			children: [
				new Paragraph({
					alignment,
					children: [
						new TextRun({ text: "— ", font: font("宋体"), size: SIZE_4 }),
						new TextRun({ children: [PageNumber.CURRENT], font: font("宋体"), size: SIZE_4 }),
						new TextRun({ text: " —", font: font("宋体"), size: SIZE_4 }),
					],
				}),
			],
		});
	const children: Paragraph[] = [];
	if (doc.draft) {
		children.push(
			new Paragraph({
				alignment: AlignmentType.RIGHT,
				children: [new TextRun({ text: doc.labels.draft, font: HEITI, size: SIZE_3 })],
			}),
		);
	}
	children.push(
		new Paragraph({
			alignment: AlignmentType.CENTER,
			spacing: { before: 240, after: 240 },
			children: [new TextRun({ text: doc.mark, font: XIAOBIAOSONG, size: SIZE_MARK, color: RED })],
		}),
	);
	// The number (or nothing on a draft) above the red rule.
	children.push(
		new Paragraph({
			alignment: AlignmentType.CENTER,
			spacing: LINE,
			border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: RED, space: 4 } },
			children: [new TextRun({ text: doc.number ?? "", font: FANGSONG, size: SIZE_3 })],
		}),
	);
	children.push(
		new Paragraph({
			alignment: AlignmentType.CENTER,
			spacing: { before: 480, after: 480 },
			children: [new TextRun({ text: doc.title, font: XIAOBIAOSONG, size: SIZE_2 })],
		}),
	);
	children.push(heading(`一、${doc.labels.facts}`, 1));
	for (const fact of doc.facts) children.push(body(`${fact.label}：${fact.value}`));
	children.push(heading(`二、${doc.labels.body}`, 1));
	for (const paragraph of doc.body.split(/\n+/).filter((p) => p.trim())) children.push(body(paragraph.trim()));
	children.push(heading(`三、${doc.labels.matters}`, 1));
	doc.matters.forEach((m, i) => {
		children.push(heading(`（${ordinal(i + 1)}）${m.content}`, 2));
		children.push(
			body(
				`${doc.labels.lead}：${m.lead}${m.co.length ? `；${doc.labels.co}：${m.co.join("、")}` : ""}；${doc.labels.deadline}：${m.deadline}。`,
			),
		);
	});
	// 版记: 抄送 and the 印发 line in 四号仿宋, a bold rule above and below, a thin one between.
	const record = (text: string, rules: { top?: number; bottom?: number }) =>
		new Paragraph({
			spacing: { before: 0, after: 0, ...LINE },
			indent: { left: 320, right: 320 },
			tabStops: [{ type: TabStopType.RIGHT, position: 8900 }],
			border: {
				...(rules.top ? { top: { style: BorderStyle.SINGLE, size: rules.top, color: "000000", space: 4 } } : {}),
				...(rules.bottom
					? { bottom: { style: BorderStyle.SINGLE, size: rules.bottom, color: "000000", space: 4 } }
					: {}),
			},
			children: [new TextRun({ text, font: FANGSONG, size: SIZE_4 })],
		});
	children.push(new Paragraph({ spacing: { before: 960 }, children: [] }));
	const issued = `${doc.office}\t${doc.issuedOn ? `${chineseDate(doc.issuedOn)}印发` : doc.labels.draft}`;
	if (doc.copyTo) {
		children.push(record(`抄送：${doc.copyTo}`, { top: 8, bottom: 4 }));
		children.push(record(issued, { bottom: 8 }));
	} else children.push(record(issued, { top: 8, bottom: 8 }));
	const document = new Document({
		styles: { default: { document: { run: { font: FANGSONG, size: SIZE_3 }, paragraph: { spacing: LINE } } } },
		evenAndOddHeaderAndFooters: true,
		sections: [
			{
				properties: {
					page: {
						size: { width: 11906, height: 16838 }, // A4 in twips
						margin: { top: 2098, bottom: 1984, left: 1587, right: 1474, footer: 1587 },
					},
				},
				footers: { default: pageNumber(AlignmentType.RIGHT), even: pageNumber(AlignmentType.LEFT) },
				children,
			},
		],
	});
	return new Uint8Array(await Packer.toBuffer(document));
}
