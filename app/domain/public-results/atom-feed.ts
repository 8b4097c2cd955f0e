/**
 * The public page as an Atom feed (RFC 4287): one entry per published meeting. Every value is
 * escaped for XML; the entry's HTML content is built from escaped values and then escaped again as
 * the text of `<content type="html">`, so nothing a person typed can become markup in a reader.
 */
import { escapeXml } from "../xml-text.ts";

interface FeedEntry {
	id: string;
	title: string;
	link: string;
	updated: Date;
	/** Paragraphs of the entry, each a heading (optional) and lines of text. */
	sections: { heading?: string; lines: string[] }[];
}

interface Feed {
	id: string;
	title: string;
	subtitle: string;
	author: string;
	lang: string;
	selfLink: string;
	pageLink: string;
	updated: Date;
	entries: FeedEntry[];
}

const entryHtml = (entry: FeedEntry) =>
	entry.sections
		.map(
			(s) =>
				`${s.heading ? `<h3>${escapeXml(s.heading)}</h3>` : ""}${
					s.lines.length ? `<ul>${s.lines.map((l) => `<li>${escapeXml(l)}</li>`).join("")}</ul>` : ""
				}`,
		)
		.join("");

export function atomFeed(feed: Feed): string {
	const entries = feed.entries.map(
		(e) => `  <entry>
    <id>${escapeXml(e.id)}</id>
    <title type="text">${escapeXml(e.title)}</title>
    <link rel="alternate" type="text/html" href="${escapeXml(e.link)}"/>
    <updated>${e.updated.toISOString()}</updated>
    <content type="html">${escapeXml(entryHtml(e))}</content>
  </entry>
`,
	);
	return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${escapeXml(feed.lang)}">
  <id>${escapeXml(feed.id)}</id>
  <title type="text">${escapeXml(feed.title)}</title>
  <subtitle type="text">${escapeXml(feed.subtitle)}</subtitle>
  <link rel="self" type="application/atom+xml" href="${escapeXml(feed.selfLink)}"/>
  <link rel="alternate" type="text/html" href="${escapeXml(feed.pageLink)}"/>
  <updated>${feed.updated.toISOString()}</updated>
  <author><name>${escapeXml(feed.author)}</name></author>
${entries.join("")}</feed>
`;
}
