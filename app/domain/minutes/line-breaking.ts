/**
 * Line breaking for a fixed layout, with the Chinese rules (禁则): no line starts with closing
 * punctuation, none ends with opening punctuation; a run of Latin letters or digits is not split
 * unless it is wider than a whole line. Nothing hangs outside the measure: a character that may not
 * start a line pulls the one before it down with it.
 */

/** May not start a line (行首禁则). */
const NO_LINE_START = new Set([..."，。、；：？！）》」』】〕〉”’…—·,.;:?!)]}%"]);
/** May not end a line (行尾禁则). */
const NO_LINE_END = new Set([..."（《「『【〔〈“‘([{"]);

/** Tokens: a Latin word or number (with its inner punctuation) as one, every other code point alone. */
function tokens(text: string): string[] {
	return text.match(/[A-Za-z0-9][A-Za-z0-9.,%'\-/:]*[A-Za-z0-9%]|[A-Za-z0-9]|[\s\S]/gu) ?? [];
}

/**
 * Breaks `text` into lines no wider than `limits.first` (the first line) and `limits.rest` (the
 * others), measured by `width`.
 */
export function breakLines(
	text: string,
	width: (s: string) => number,
	limits: { first: number; rest: number },
): string[] {
	const queue = tokens(text.replace(/\s+/g, " ").trim()).flatMap((token) =>
		// A token wider than any line is split into code points.
		width(token) > Math.min(limits.first, limits.rest) ? [...token] : [token],
	);
	const lines: string[][] = [];
	let current: string[] = [];
	const limit = () => (lines.length === 0 ? limits.first : limits.rest);
	const fits = (parts: string[]) => width(parts.join("")) <= limit() + 1e-9;
	let i = 0;
	while (i < queue.length) {
		const token = queue[i] as string;
		if (current.length === 0 && token === " ") {
			i++;
			continue;
		}
		if (current.length === 0 || fits([...current, token])) {
			current.push(token);
			i++;
			continue;
		}
		// The line is full: keep the rules at the break, moving tokens down to the next line.
		const startsBadly = () => NO_LINE_START.has([...(queue[i] as string)][0] as string);
		const endsBadly = () => NO_LINE_END.has([...(current[current.length - 1] as string)].at(-1) as string);
		while (current.length > 1 && (startsBadly() || endsBadly())) {
			current.pop();
			i--;
		}
		lines.push(current);
		current = [];
	}
	if (current.length > 0) lines.push(current);
	return lines.map((parts) => parts.join("").trimEnd());
}
