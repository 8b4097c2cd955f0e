import type { OfficialMinutes, Paragraph } from "./official-layout.ts";

/** What the .docx is made of (minutes-docx.ts): the fixed layout prints the same parts in the same order. */
interface MinutesContent {
	number: string | null;
	mark: string;
	office: string;
	copyTo: string | null;
	title: string;
	facts: { label: string; value: string }[];
	body: string;
	matters: { content: string; lead: string; co: string[]; deadline: string }[];
	labels: { facts: string; body: string; matters: string; lead: string; co: string; deadline: string; draft: string };
	issuedOn: string | null;
}

const ORDINALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
const ordinal = (n: number) => (n <= 10 ? (ORDINALS[n - 1] as string) : String(n));
/** A paragraph the writer numbered as a second-level heading: （一）… */
const SUBHEADING = /^（[一二三四五六七八九十]+）/;

/**
 * The minutes' content (the same as the .docx's) as the fixed layout prints it: the mark, the number,
 * the headed parts in the .docx's order, and the 版记.
 */
export function officialMinutes(content: MinutesContent): OfficialMinutes {
	return {
		mark: content.mark,
		number: content.number,
		draftLabel: content.labels.draft,
		title: content.title,
		sections: [
			{
				heading: `一、${content.labels.facts}`,
				paragraphs: content.facts.map((f) => ({ kind: "labelled", label: f.label, text: f.value })),
			},
			{
				heading: `二、${content.labels.body}`,
				paragraphs: content.body
					.split(/\n+/)
					.map((p) => p.trim())
					.filter(Boolean)
					.map((text): Paragraph => ({ kind: SUBHEADING.test(text) ? "subheading" : "text", text })),
			},
			{
				heading: `三、${content.labels.matters}`,
				paragraphs: content.matters.flatMap((m, i): Paragraph[] => [
					{ kind: "subheading", text: `（${ordinal(i + 1)}）${m.content}` },
					{
						kind: "text",
						text: `${content.labels.lead}：${m.lead}${m.co.length ? `；${content.labels.co}：${m.co.join("、")}` : ""}；${content.labels.deadline}：${m.deadline}。`,
					},
				]),
			},
		],
		copyTo: content.copyTo,
		issuer: content.office,
		issuedOn: content.issuedOn,
	};
}
