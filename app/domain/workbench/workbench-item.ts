import type { RequestAct } from "./workbench-rules.ts";

/** One piece of open work: what it is, where it is done (a path inside the tenant), and its date. */
export interface WorkbenchItem {
	id: string;
	/** Relative to /t/<slug>/. */
	path: string;
	title: string;
	/** The meeting, department or number it belongs to. */
	context: string;
	/** A due date or deadline (YYYY-MM-DD), or the scheduled start; null when there is none. */
	due: string | Date | null;
	/** Since when it waits (proposed, requested, submitted, reported done). */
	since: Date | null;
	overdue: boolean;
	/** Relative to /t/<slug>/; only where the calendar route would serve it. */
	calendarPath: string | null;
	/** O1: what a meeting request asks of this person. */
	act?: RequestAct;
	/** O6: the deadline an open extension request asks for. */
	newDeadline?: string | null;
	/**
	 * Which field holds a meeting's stored (generated, Chinese) title, rendered in the reader's
	 * language by meetingTitle(); what people typed (a topic, a matter) is shown as typed.
	 */
	meetingTitleIn?: "title" | "context";
}

/** An item with the dates and marks it does not have left empty. */
export function item(
	id: string,
	path: string,
	title: string,
	context: string,
	extra: Partial<
		Pick<WorkbenchItem, "due" | "since" | "overdue" | "calendarPath" | "act" | "newDeadline" | "meetingTitleIn">
	>,
): WorkbenchItem {
	return { id, path, title, context, due: null, since: null, overdue: false, calendarPath: null, ...extra };
}
