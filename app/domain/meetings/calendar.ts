/** An iCalendar (RFC 5545) event for a scheduled meeting. */
export function meetingIcs(input: {
	uid: string;
	title: string;
	start: Date;
	end: Date;
	place: string;
	description: string;
	now?: Date;
}): string {
	const stamp = (d: Date) =>
		d
			.toISOString()
			.replace(/[-:]/g, "")
			.replace(/\.\d{3}/, "");
	const lines = [
		"BEGIN:VCALENDAR",
		"VERSION:2.0",
		"PRODID:-//lianxitong//joint-meeting//ZH",
		"CALSCALE:GREGORIAN",
		"METHOD:PUBLISH",
		"BEGIN:VEVENT",
		`UID:${input.uid}`,
		`DTSTAMP:${stamp(input.now ?? new Date())}`,
		`DTSTART:${stamp(input.start)}`,
		`DTEND:${stamp(input.end)}`,
		`SUMMARY:${textValue(input.title)}`,
		`LOCATION:${textValue(input.place)}`,
		`DESCRIPTION:${textValue(input.description)}`,
		"END:VEVENT",
		"END:VCALENDAR",
	];
	// Lines are folded at 75 octets; UTF-8 characters are never split.
	return `${lines.map(fold).join("\r\n")}\r\n`;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: these are what it drops
const controlExceptBreaks = /[\u0000-\u0008\u000b-\u000c\u000e-\u001f\u007f]/g;

/**
 * A TEXT value (RFC 5545 3.3.11): backslash, semicolon and comma escaped, and every line break —
 * CRLF, LF or a lone CR alike — written as `\n`. A raw CR would end the content line in readers that
 * accept it as a break, and what follows (`BEGIN:VALARM`…) would be read as calendar structure.
 * Other control characters are not allowed in TEXT and are dropped (the forms refuse them already).
 */
function textValue(text: string): string {
	return text
		.replace(controlExceptBreaks, "")
		.replace(/\\/g, "\\\\")
		.replace(/;/g, "\\;")
		.replace(/,/g, "\\,")
		.replace(/\r\n|\r|\n/g, "\\n");
}

/** A content line folded at 75 octets (the continuation's leading space counts), never inside a character. */
function fold(line: string): string {
	const encoder = new TextEncoder();
	const parts: string[] = [];
	let current = "";
	for (const char of line) {
		if (encoder.encode(current + char).length > (parts.length === 0 ? 75 : 74)) {
			parts.push(current);
			current = "";
		}
		current += char;
	}
	parts.push(current);
	return parts.join("\r\n ");
}
