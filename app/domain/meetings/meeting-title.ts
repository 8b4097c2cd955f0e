import { type MessageKey, type Translate, translator } from "#app/i18n/i18n.ts";

/**
 * A meeting's title is never typed: the platform makes it when the meeting is drafted. It is stored
 * in Chinese, as made then (the record: searched, printed on the .docx, in mail and feeds), naming
 * both parties as the unit's profile had them. Pages render it in the reader's language from its
 * parts, recognised in the stored text; titles made before the parties were named (the
 * "…年度政府与工会联席会议" form) keep their own form. A title in no known form is shown as stored.
 */
interface TitleParts {
	year: number;
	/** The extraordinary meeting's number within its year. */
	n?: number;
	government?: string;
	union?: string;
}

const forms: { key: MessageKey; pattern: RegExp; parts: (m: RegExpExecArray) => TitleParts }[] = [
	{
		key: "meetingTitle.regularUnnamed",
		pattern: /^(\d{4})年度政府与工会联席会议$/,
		parts: (m) => ({ year: Number(m[1]) }),
	},
	{
		key: "meetingTitle.extraordinaryUnnamed",
		pattern: /^(\d{4})年第(\d+)次临时联席会议$/,
		parts: (m) => ({ year: Number(m[1]), n: Number(m[2]) }),
	},
	{
		key: "meetingTitle.regular",
		pattern: /^(.+?)与(.+)(\d{4})年度联席会议$/,
		parts: (m) => ({ government: m[1], union: m[2], year: Number(m[3]) }),
	},
	{
		key: "meetingTitle.extraordinary",
		pattern: /^(.+?)与(.+)(\d{4})年第(\d+)次临时联席会议$/,
		parts: (m) => ({ government: m[1], union: m[2], year: Number(m[3]), n: Number(m[4]) }),
	},
];

const zh = translator("zh-CN");

/** The title a new meeting is stored with: both parties by the names in the unit's profile. */
export function newMeetingTitle(
	kind: "regular" | "extraordinary",
	parties: { government: string; union: string },
	year: number,
	n: number,
): string {
	return kind === "regular"
		? zh("meetingTitle.regular", { ...parties, year })
		: zh("meetingTitle.extraordinary", { ...parties, year, n });
}

/** The stored title in the reader's language; the parties' names stay as stored. */
export function meetingTitle(t: Translate, stored: string): string {
	for (const form of forms) {
		const match = form.pattern.exec(stored);
		if (match) return t(form.key, { ...form.parts(match) });
	}
	return stored;
}
