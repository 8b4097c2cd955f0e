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
	const icsText = (text: string) =>
		text.replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,").replace(/\r?\n/g, "\\n");
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
		`SUMMARY:${icsText(input.title)}`,
		`LOCATION:${icsText(input.place)}`,
		`DESCRIPTION:${icsText(input.description)}`,
		"END:VEVENT",
		"END:VCALENDAR",
	];
	// Lines are folded at 75 octets; UTF-8 characters are never split.
	return `${lines.map(fold).join("\r\n")}\r\n`;
}

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
