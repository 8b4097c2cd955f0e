import type { Capacity } from "#db/schema.ts";
import { personLabel } from "../people/member-title.ts";

interface RosterEntry {
	capacity: Capacity;
	/** Came to the meeting (its attendance mark; before the meeting, not on leave). */
	present: boolean;
	name: string;
	/** A member's 职务 (or a liaison's department), a department head's department, a guest's unit. */
	qualifier: string | null;
}

/**
 * The people lines of the 纪要 (O3), in the order the format gives them: 出席 (the leaders who came),
 * 请假 (everyone on the roster who did not come, whatever their capacity — nobody drops out), 列席,
 * 邀请; each person "姓名（职务）" or "姓名（单位）". 出席 is always written ("—" when nobody); an empty
 * 请假, 列席 or 邀请 line is left out.
 */
export function rosterFacts(
	roster: RosterEntry[],
	labels: { attend: string; leave: string; sitIn: string; invited: string },
): { label: string; value: string }[] {
	const names = (entries: RosterEntry[]) => entries.map((a) => personLabel(a.name, a.qualifier)).join("、");
	const came = (capacity: Capacity) => roster.filter((a) => a.capacity === capacity && a.present);
	const lines = [
		{ label: labels.attend, value: names(came("attend")) || "—" },
		{ label: labels.leave, value: names(roster.filter((a) => !a.present)) },
		{ label: labels.sitIn, value: names(came("sit_in")) },
		{ label: labels.invited, value: names(came("invited")) },
	];
	return lines.filter((line, index) => index === 0 || line.value !== "");
}
