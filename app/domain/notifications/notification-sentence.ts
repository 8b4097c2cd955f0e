import type { Translate } from "#app/i18n/i18n.ts";
import { meetingTitle } from "../meetings/meeting-title.ts";
import { kindSentence } from "./notification-kinds.ts";

/**
 * The kinds whose {title} is a meeting's stored title (made by the platform, in Chinese): the
 * meeting's own notices, the minutes' steps and the minutes-review reminder. Every other kind's
 * {title} is what people typed (a topic, a matter's content) and stays as typed.
 */
export function titleIsMeetingTitle(kind: string): boolean {
	return kind.startsWith("meeting.") || kind.startsWith("minutes.") || kind === "reminder.minutes_review";
}

/** A notification's parameters with a meeting title in the reader's language. */
function notificationParams<P extends Record<string, string | number>>(t: Translate, kind: string, params: P): P {
	const title = params.title;
	if (typeof title !== "string" || !titleIsMeetingTitle(kind)) return params;
	return { ...params, title: meetingTitle(t, title) };
}

/** The whole sentence of a notification in the reader's language: the menu, the inbox and the email. */
export function notificationSentence(t: Translate, kind: string, params: Record<string, string | number>): string {
	return t(kindSentence(kind), notificationParams(t, kind, params));
}
