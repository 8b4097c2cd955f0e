import { minutesContentOf } from "./minutes-content.server.ts";
import { officialMeasure } from "./official-fonts.server.ts";
import { layOutMinutes } from "./official-layout.ts";
import { officialMinutes } from "./official-minutes.ts";
import { pageSvg } from "./page-svg.ts";

/**
 * The first page of the minutes as 印发 will print it (the number it will take, today's date), drawn
 * from the same page model as the OFD, from the minutes the page has read; with the number of pages.
 * Null without minutes.
 */
export async function issueFirstPage(
	page: Parameters<typeof minutesContentOf>[0],
	will: { number: string; issuedOn: string; label: string },
): Promise<{ svg: string; pages: number } | null> {
	const read = minutesContentOf(page);
	if (!read) return null;
	const doc = officialMinutes({ ...read.content, number: will.number, issuedOn: will.issuedOn });
	const pages = layOutMinutes(doc, await officialMeasure());
	const first = pages[0];
	return first ? { svg: pageSvg(first, will.label), pages: pages.length } : null;
}
