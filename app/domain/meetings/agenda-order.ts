import type { MessageKey, Translate } from "#app/i18n/i18n.ts";

/** O4: the four standard agenda items, in order; their words are the catalogue's, in either language. */
export const standardAgendaKeys = [
	"agenda.standard.1",
	"agenda.standard.2",
	"agenda.standard.3",
	"agenda.standard.4",
] as const satisfies readonly MessageKey[];

/** An agenda item as the reader reads it: a standard item from the catalogue, an added one as typed. */
export function agendaItemTitle(t: Translate, item: { title: string; standardItem: number | null }): string {
	const key = item.standardItem === null ? undefined : standardAgendaKeys[item.standardItem - 1];
	return key ? t(key) : item.title;
}

/**
 * O4: the standard agenda has four items, and item 4 (双方领导同志就落实本次联席会议议定事项作部署)
 * always closes the meeting. Items added by people are matters to discuss and agree: they sit within
 * item 3 (研究讨论并协商确定本次联席会议相关事宜), numbered 3.1, 3.2 … in their own order.
 * Stored positions order the added items among themselves; whatever they say about item 4 (a meeting
 * whose items were added after it, before this rule), it is shown last.
 */
export function numberedAgenda<T extends { position: number; standardItem: number | null }>(
	items: readonly T[],
): (T & { number: string })[] {
	const ordered = [...items].sort((a, b) => a.position - b.position);
	const standard = (n: number) => ordered.filter((i) => i.standardItem === n).map((i) => ({ ...i, number: String(n) }));
	const added = ordered.filter((i) => i.standardItem === null).map((i, k) => ({ ...i, number: `3.${k + 1}` }));
	return [...standard(1), ...standard(2), ...standard(3), ...added, ...standard(4)];
}
