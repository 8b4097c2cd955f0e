import type { ImChannelKind } from "./im-channel-kinds.ts";
import { dingtalkSign, feishuSign } from "./robot-signatures.ts";

/**
 * What a group reads: the unit, what happened, what is due by when, one link — already in the
 * unit's language (the delivery translates). Only names and titles, never personal data beyond.
 */
export interface RobotMessage {
	unitName: string;
	title: string;
	/** Paragraphs, most important first: cut from the end when the platform's limit is reached. */
	lines: string[];
	dueText?: string | null;
	link: string;
	/** The link's words ("在联席通中处理"). */
	linkText: string;
	/** Shown in place of the paragraphs cut ("内容较长，请打开链接查看全文"). */
	moreText: string;
	lang?: "zh-CN" | "en";
}

export interface RobotChannelSecrets {
	kind: ImChannelKind;
	/** The canonical webhook URL (webhook-url.ts), with its token. */
	url: string;
	/** 钉钉 加签 / 飞书 签名校验 secret; null for none. */
	secret: string | null;
	/** 钉钉 / 飞书 自定义关键词: the message must contain it. */
	keyword: string | null;
}

/**
 * Byte limits: 企业微信 markdown content 4096 bytes (text 2048); 钉钉 markdown text 20000 bytes;
 * 飞书 a request body of at most 20 KB, so the post's content is held under 18000 bytes.
 */
export const BYTE_LIMITS: Record<ImChannelKind, number> = { wecom: 4096, dingtalk: 20_000, feishu: 18_000 };

const bytes = (s: string) => Buffer.byteLength(s, "utf8");

/** The longest prefix of `s` within `max` bytes, cut between characters (code points), never inside one. */
export function cutToBytes(s: string, max: number): string {
	if (bytes(s) <= max) return s;
	let out = "";
	let used = 0;
	for (const ch of s) {
		const n = bytes(ch);
		if (used + n > max) break;
		out += ch;
		used += n;
	}
	return out;
}

interface Parts {
	head: string[];
	body: string[];
	foot: string[];
}

/**
 * Whole paragraphs as long as they fit under `limit` (measured by `render`): the head (title, unit)
 * and the foot (due date, link) always stay; body paragraphs are dropped from the end and replaced
 * by `more`. A first body paragraph too long on its own is cut between characters, with "…".
 */
function fitParagraphs(parts: Parts, more: string, limit: number, render: (p: Parts) => string): Parts {
	const fits = (p: Parts) => bytes(render(p)) <= limit;
	if (fits(parts)) return parts;
	for (let keep = parts.body.length - 1; keep >= 1; keep--) {
		const p = { ...parts, body: [...parts.body.slice(0, keep), more] };
		if (fits(p)) return p;
	}
	const bare = { ...parts, body: [more] };
	const first = parts.body[0];
	if (first !== undefined && fits(bare)) {
		// Grow the first paragraph, cut, as far as it goes.
		const room = limit - bytes(render(bare));
		const cut = `${cutToBytes(first, Math.max(0, room - bytes("…\n") - 8))}…`;
		const p = { ...parts, body: [cut, more] };
		if (fits(p)) return p;
		return bare;
	}
	if (fits(bare)) return bare;
	// Even the head and the foot are too long (an enormous title): cut the title.
	const title = parts.head[0] ?? "";
	const over = bytes(render(bare)) - limit;
	return { ...bare, head: [`${cutToBytes(title, Math.max(0, bytes(title) - over - 8))}…`, ...parts.head.slice(1)] };
}

function withKeyword(title: string, keyword: string | null): string {
	return keyword && !title.includes(keyword) ? `【${keyword}】${title}` : title;
}

function parts(message: RobotMessage, keyword: string | null): Parts {
	return {
		head: [withKeyword(message.title, keyword), message.unitName],
		body: message.lines.filter((l) => l.trim() !== ""),
		foot: message.dueText ? [message.dueText] : [],
	};
}

/** Markdown of 企业微信 and 钉钉: bold title, the unit quoted, paragraphs, the link. */
function markdown(p: Parts, message: RobotMessage): string {
	const [title, unit] = p.head;
	return [`**${title}**`, `> ${unit}`, ...p.body, ...p.foot, `[${message.linkText}](${message.link})`].join("\n\n");
}

function feishuContent(p: Parts, message: RobotMessage) {
	return [
		[{ tag: "text", text: p.head[1] ?? "" }],
		...[...p.body, ...p.foot].map((text) => [{ tag: "text", text }]),
		[{ tag: "a", text: message.linkText, href: message.link }],
	];
}

interface RobotRequest {
	url: string;
	/** JSON text, exactly as posted. */
	body: string;
}

/** The request for one message to one robot: URL (钉钉 signed in the query) and the byte-exact JSON body. */
export function robotRequest(channel: RobotChannelSecrets, message: RobotMessage, now: Date): RobotRequest {
	const limit = BYTE_LIMITS[channel.kind];
	const keyword = channel.kind === "wecom" ? null : channel.keyword;
	const all = parts(message, keyword);
	if (channel.kind === "wecom") {
		const p = fitParagraphs(all, message.moreText, limit, (x) => markdown(x, message));
		return {
			url: channel.url,
			body: JSON.stringify({ msgtype: "markdown", markdown: { content: markdown(p, message) } }),
		};
	}
	if (channel.kind === "dingtalk") {
		const p = fitParagraphs(all, message.moreText, limit, (x) => markdown(x, message));
		const title = cutToBytes(p.head[0] ?? "", 200);
		let url = channel.url;
		if (channel.secret) {
			const timestamp = now.getTime();
			url += `&timestamp=${timestamp}&sign=${dingtalkSign(channel.secret, timestamp)}`;
		}
		return { url, body: JSON.stringify({ msgtype: "markdown", markdown: { title, text: markdown(p, message) } }) };
	}
	const p = fitParagraphs(all, message.moreText, limit, (x) => JSON.stringify(feishuContent(x, message)));
	const post = {
		[message.lang === "en" ? "en_us" : "zh_cn"]: { title: p.head[0] ?? "", content: feishuContent(p, message) },
	};
	const signed = channel.secret
		? (() => {
				const timestamp = Math.floor(now.getTime() / 1000);
				return { timestamp: String(timestamp), sign: feishuSign(channel.secret, timestamp) };
			})()
		: {};
	return { url: channel.url, body: JSON.stringify({ ...signed, msg_type: "post", content: { post } }) };
}

export { testMessage } from "./robot-message-texts.ts";
