import { can } from "../tenancy/permissions.ts";
import type { Role } from "../tenancy/roles.ts";
import { holdOpensOn } from "./meeting-dates.ts";
import { checkAction, type MeetingAction, type MeetingKind, type MeetingStatus } from "./meeting-rules.ts";
import { topicProposers } from "./topic-rules.ts";

/** The steps offered as buttons in the meeting's "next step" box (decline and cancel take a reason). */
export const meetingStepActions = [
	"submit",
	"accept",
	"consent",
	"decline",
	"cancel",
] as const satisfies MeetingAction[];

/** O7: publicity is recorded once a meeting has been held. */
const publicisable = new Set<MeetingStatus>(["held", "minutes_review", "minutes_issued"]);

/** O7: who may record publicity for a meeting in this state. */
export function mayRecordPublicity(roles: readonly Role[], status: MeetingStatus): "forbidden" | "not_yet" | true {
	if (!can(roles, "publicity.record")) return "forbidden";
	return publicisable.has(status) ? true : "not_yet";
}

/** O3/O4: the calendar entry of a scheduled meeting is for the people on its roster and the two preparing offices. */
export function mayDownloadCalendar(
	roles: readonly Role[],
	meeting: { status: MeetingStatus; scheduledStart: Date | string | null },
	onRoster: boolean,
): boolean {
	if (meeting.status !== "scheduled" || !meeting.scheduledStart) return false;
	return onRoster || roles.includes("union_staff") || roles.includes("gov_office");
}

/**
 * What this person may do with this meeting now, from the same rules the use cases enforce: the
 * loader shows exactly these controls, and the steps refuse everything else. `today` is China time:
 * a meeting is recorded as held from its scheduled day on (`holdOpensOn` names that day until then).
 */
export function meetingAbilities(
	roles: readonly Role[],
	meeting: { status: MeetingStatus; kind: MeetingKind; scheduledStart: Date | string | null },
	{ onRoster, today }: { onRoster: boolean; today: string },
) {
	const may = (action: MeetingAction) => checkAction(action, roles, meeting).ok;
	const opensOn = may("hold") ? holdOpensOn(meeting.scheduledStart, today) : null;
	return {
		steps: meetingStepActions.filter(may),
		editRequest: may("edit_request"),
		propose: may("prepare") && roles.some((r) => topicProposers.includes(r)),
		agree: may("agree_topic"),
		requestOpinion: may("request_opinion"),
		prepare: may("prepare"),
		recordLeave: may("record_leave"),
		schedule: may("schedule"),
		hold: may("hold") && opensOn === null,
		holdOpensOn: opensOn,
		publicise: mayRecordPublicity(roles, meeting.status) === true,
		calendar: mayDownloadCalendar(roles, meeting, onRoster),
		audit: can(roles, "audit.read"),
	};
}
