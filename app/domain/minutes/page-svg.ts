import { escapeXml } from "../xml-text.ts";
import type { FaceName, LaidOutPage } from "./official-layout.ts";
import { PAGE } from "./official-layout.ts";

/** The faces as a browser finds them: the official fonts first, then the openly licensed ones. */
const FAMILIES: Record<FaceName, string> = {
	fangsong: "'仿宋_GB2312','FangSong','Noto Serif CJK SC','Noto Serif SC',serif",
	kaiti: "'楷体_GB2312','KaiTi','Noto Serif CJK SC','Noto Serif SC',serif",
	songti: "'宋体','SimSun','Noto Serif CJK SC','Noto Serif SC',serif",
	xiaobiaosong: "'方正小标宋简体','Noto Serif CJK SC','Noto Serif SC',serif",
	heiti: "'黑体','SimHei','Noto Sans CJK SC','Noto Sans SC',sans-serif",
};

/**
 * One page of the fixed layout as SVG, in millimetres, every glyph at the place the OFD gives it
 * (one x per code point): the 印发 preview shows exactly what will be printed. Presentation
 * attributes only, no style attribute, so it renders under the pages' CSP.
 */
export function pageSvg(page: LaidOutPage, label: string): string {
	const parts = [
		`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${PAGE.width} ${PAGE.height}" role="img" aria-label="${escapeXml(label)}">`,
		`<rect x="0" y="0" width="${PAGE.width}" height="${PAGE.height}" fill="#fff" stroke="#9ca3af" stroke-width="0.3"/>`,
	];
	for (const rule of page.rules) {
		parts.push(
			`<line x1="${n(rule.x1)}" y1="${n(rule.y)}" x2="${n(rule.x2)}" y2="${n(rule.y)}" stroke="${rule.red ? "#c80000" : "#000"}" stroke-width="${n(rule.weight)}"/>`,
		);
	}
	for (const t of page.texts) {
		const xs: number[] = [t.x];
		for (const gap of t.gaps) xs.push((xs[xs.length - 1] as number) + gap);
		parts.push(
			`<text x="${xs.map(n).join(" ")}" y="${n(t.y)}" font-size="${n(t.size)}" font-family="${FAMILIES[t.face]}" fill="${t.red ? "#c80000" : "#000"}"${t.face === "heiti" || t.face === "xiaobiaosong" ? ' font-weight="bold"' : ""}>${escapeXml(t.text)}</text>`,
		);
	}
	parts.push("</svg>");
	return parts.join("");
}

const n = (v: number) => String(Math.round(v * 100) / 100);
