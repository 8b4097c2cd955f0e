import { randomBytes } from "node:crypto";
import { strToU8, zipSync } from "fflate";
import { escapeXml } from "../xml-text.ts";
import { officialFaces, officialFonts } from "./official-fonts.server.ts";
import { type FaceName, type LaidOutPage, layOutMinutes, type OfficialMinutes, PAGE } from "./official-layout.ts";

/**
 * The minutes as an OFD package (GB/T 33190-2016, version 1.0): OFD.xml, Doc_0/Document.xml,
 * Doc_0/PublicRes.xml with the fonts and the colour space, Doc_0/Res/ with the embedded font subsets,
 * and one Content.xml per page holding TextObject and PathObject only, placed in millimetres from the
 * page model (official-layout.ts): OFD does not reflow, every glyph's place is decided here.
 */
export async function minutesOfd(
	doc: OfficialMinutes,
	info: { author: string; createdOn: string; embedFonts: boolean },
): Promise<Uint8Array> {
	const text = allText(doc);
	const fonts = await officialFonts(text, { embed: info.embedFonts });
	const pages = layOutMinutes(doc, fonts.measure);
	return packOfd(pages, { title: doc.title, author: info.author, createdOn: info.createdOn }, fonts.files);
}

/** Every code point the layout may print: the minutes, the 版记 and the page numbers' digits and dashes. */
function allText(doc: OfficialMinutes): string {
	const parts = [
		doc.mark,
		doc.number ?? doc.draftLabel,
		doc.draftLabel,
		doc.title,
		doc.issuer,
		"抄送：印发年月日— 0123456789",
	];
	for (const s of doc.sections) {
		parts.push(s.heading);
		for (const p of s.paragraphs) parts.push(p.kind === "labelled" ? `${p.label}：${p.text}` : p.text);
	}
	if (doc.copyTo) parts.push(doc.copyTo);
	return parts.join("");
}

const NS = 'xmlns:ofd="http://www.ofdspec.org/2016"';
const HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n';
const RED = "200 0 0";
const BLACK = "0 0 0";

function packOfd(
	pages: LaidOutPage[],
	info: { title: string; author: string; createdOn: string },
	fontFiles: Partial<Record<string, Uint8Array>>,
): Uint8Array {
	let nextId = 1;
	const id = () => nextId++;
	const colourSpace = id();
	const faceIds = new Map<FaceName, number>();
	const fontXml: string[] = [];
	const entries: Record<string, Uint8Array> = {};
	for (const [face, spec] of Object.entries(officialFaces) as [FaceName, (typeof officialFaces)[FaceName]][]) {
		const fontId = id();
		faceIds.set(face, fontId);
		const bytes = fontFiles[spec.file];
		const file = bytes ? `<ofd:FontFile>${spec.file}.otf</ofd:FontFile>` : "";
		if (bytes) entries[`Doc_0/Res/${spec.file}.otf`] = bytes;
		fontXml.push(
			`<ofd:Font ID="${fontId}" FontName="${escapeXml(spec.fontName)}" FamilyName="${escapeXml(spec.familyName)}">${file}</ofd:Font>`,
		);
	}
	const pageRefs: string[] = [];
	pages.forEach((page, index) => {
		const pageId = id();
		const layerId = id();
		const objects: string[] = [];
		for (const rule of page.rules) {
			const half = rule.weight / 2;
			objects.push(
				`<ofd:PathObject ID="${id()}" Boundary="${mm(rule.x1)} ${mm(rule.y - half)} ${mm(rule.x2 - rule.x1)} ${mm(rule.weight)}" LineWidth="${mm(rule.weight)}">` +
					`<ofd:StrokeColor Value="${rule.red ? RED : BLACK}" ColorSpace="${colourSpace}"/>` +
					`<ofd:AbbreviatedData>M 0 ${mm(half)} L ${mm(rule.x2 - rule.x1)} ${mm(half)}</ofd:AbbreviatedData></ofd:PathObject>`,
			);
		}
		for (const t of page.texts) {
			// The object's box is the line's: from the top of the glyphs to below the baseline.
			const top = t.y - t.size * 0.88;
			const height = t.size * 1.2;
			const gaps = t.gaps.length > 0 ? ` DeltaX="${t.gaps.map(mm).join(" ")}"` : "";
			objects.push(
				`<ofd:TextObject ID="${id()}" Boundary="${mm(t.x)} ${mm(top)} ${mm(t.width)} ${mm(height)}" Font="${faceIds.get(t.face)}" Size="${mm(t.size)}">` +
					`<ofd:FillColor Value="${t.red ? RED : BLACK}" ColorSpace="${colourSpace}"/>` +
					`<ofd:TextCode X="0" Y="${mm(t.size * 0.88)}"${gaps}>${escapeXml(t.text)}</ofd:TextCode></ofd:TextObject>`,
			);
		}
		entries[`Doc_0/Pages/Page_${index}/Content.xml`] = strToU8(
			`${HEAD}<ofd:Page ${NS}><ofd:Content><ofd:Layer ID="${layerId}" Type="Body">${objects.join("")}</ofd:Layer></ofd:Content></ofd:Page>`,
		);
		pageRefs.push(`<ofd:Page ID="${pageId}" BaseLoc="Pages/Page_${index}/Content.xml"/>`);
	});
	entries["Doc_0/PublicRes.xml"] = strToU8(
		`${HEAD}<ofd:Res ${NS} BaseLoc="Res"><ofd:ColorSpaces><ofd:ColorSpace ID="${colourSpace}" Type="RGB" BitsPerComponent="8"/></ofd:ColorSpaces>` +
			`<ofd:Fonts>${fontXml.join("")}</ofd:Fonts></ofd:Res>`,
	);
	entries["Doc_0/Document.xml"] = strToU8(
		`${HEAD}<ofd:Document ${NS}><ofd:CommonData><ofd:MaxUnitID>${nextId - 1}</ofd:MaxUnitID>` +
			`<ofd:PageArea><ofd:PhysicalBox>0 0 ${PAGE.width} ${PAGE.height}</ofd:PhysicalBox></ofd:PageArea>` +
			`<ofd:PublicRes>PublicRes.xml</ofd:PublicRes><ofd:DefaultCS>${colourSpace}</ofd:DefaultCS></ofd:CommonData>` +
			`<ofd:Pages>${pageRefs.join("")}</ofd:Pages></ofd:Document>`,
	);
	entries["OFD.xml"] = strToU8(
		`${HEAD}<ofd:OFD ${NS} Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocInfo>` +
			`<ofd:DocID>${randomBytes(16).toString("hex")}</ofd:DocID><ofd:Title>${escapeXml(info.title)}</ofd:Title>` +
			`<ofd:Author>${escapeXml(info.author)}</ofd:Author><ofd:CreationDate>${info.createdOn}</ofd:CreationDate>` +
			`<ofd:Creator>联席通</ofd:Creator><ofd:CreatorVersion>1.0</ofd:CreatorVersion></ofd:DocInfo>` +
			`<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>`,
	);
	// OFD.xml first, as readers expect; the fonts are compressed too (they are small subsets).
	const ordered: Record<string, Uint8Array> = { "OFD.xml": entries["OFD.xml"] as Uint8Array };
	for (const [name, bytes] of Object.entries(entries)) if (name !== "OFD.xml") ordered[name] = bytes;
	return zipSync(ordered, { level: 6 });
}

/** Millimetres with at most three decimals (a micrometre), as OFD's numbers. */
const mm = (n: number) => String(Math.round(n * 1000) / 1000);
