import type { MatterStatus, MeetingKind, MeetingStatus, MinutesStatus, Role, Side } from "#db/schema.ts";
import { checkMatterAction, supervisionRepliers } from "../matters/matter-rules.ts";
import { checkAction, consentSide, type MeetingAction, mayTake } from "../meetings/meeting-rules.ts";
import { agreeingSides } from "../meetings/topic-rules.ts";
import { checkMinutesAction, type MinutesAction } from "../minutes/minutes-rules.ts";
import { can } from "../tenancy/permissions.ts";

/**
 * What a person's workbench may hold, derived only by asking the rules that allow each action
 * (agreeingSides, checkAction, checkMinutesAction, checkMatterAction; mayDownloadCalendar per meeting): the
 * home lists exactly what the steps would accept, and a rule changed there changes the home too.
 */

// Every value of each status type; `satisfies Record<…>` makes the compiler insist on all of them.
const every = <T extends string>(values: Record<T, true>) => Object.keys(values) as T[];
const meetingStatuses = every<MeetingStatus>({
	draft: true,
	requested: true,
	accepted: true,
	preparing: true,
	scheduled: true,
	held: true,
	minutes_review: true,
	minutes_issued: true,
	declined: true,
	cancelled: true,
});
const meetingKinds = every<MeetingKind>({ regular: true, extraordinary: true });
const minutesStatuses = every<MinutesStatus>({
	draft: true,
	union_review: true,
	gov_review: true,
	approved: true,
	issued: true,
});
const matterStatuses = every<MatterStatus>({ assigned: true, in_progress: true, done: true, verified: true });

export { opinionAnswerableStatuses } from "../meetings/opinion-rules.ts";

const reviewActions = ["union_approve", "gov_approve"] as const satisfies MinutesAction[];

/** O1: the steps on a meeting request that wait for one person (declining is the other answer to the same question). */
const requestActs = ["submit", "accept", "consent"] as const satisfies MeetingAction[];
export type RequestAct = (typeof requestActs)[number];

interface WorkbenchScope {
	/** O1: the meeting states (per kind) in which this person submits, accepts or consents, and with which act. */
	requests: { status: MeetingStatus; kind: MeetingKind; act: RequestAct }[];
	/** The side this person's consent is recorded for (an extraordinary meeting waits for each side once). */
	consentSide: Side | null;
	/** The sides this person agrees topics for, and the meeting states (per kind) in which they may. */
	topics: { sides: Side[]; meetings: { status: MeetingStatus; kind: MeetingKind }[] } | null;
	/** O2: opinion requests to the departments this person is the liaison of. */
	opinions: boolean;
	/** O5: the minutes states in which this person may approve. */
	minutes: MinutesStatus[];
	/** O6: matter states in which a lead department's liaison reports progress. */
	progress: MatterStatus[];
	/** O6: matter states awaiting this person's verification (办结). */
	verify: MatterStatus[];
	/** O6: 督办 notices this person answers in writing for the lead departments they are the liaison of. */
	replies: boolean;
	/** O6: matter states in which this person grants or refuses an open extension request. */
	extensions: MatterStatus[];
	/** O3/O4: whether this person prepares meetings (and so sees every scheduled one, roster or not). */
	prepares: boolean;
	/** O2/O6: the departments no liaison answers for, for whoever binds liaisons (the administrator). */
	liaisons: boolean;
}

export function workbenchScope(roles: readonly Role[]): WorkbenchScope {
	const sides = agreeingSides(roles);
	const agreeable = meetingStatuses.flatMap((status) =>
		meetingKinds
			.filter((kind) => checkAction("agree_topic", roles, { status, kind }).ok)
			.map((kind) => ({ status, kind })),
	);
	return {
		requests: requestActs.flatMap((act) =>
			meetingStatuses.flatMap((status) =>
				meetingKinds
					.filter((kind) => checkAction(act, roles, { status, kind }).ok)
					.map((kind) => ({ status, kind, act })),
			),
		),
		consentSide: consentSide(roles),
		topics: sides.length > 0 && agreeable.length > 0 ? { sides, meetings: agreeable } : null,
		opinions: can(roles, "opinions.answer"),
		minutes: minutesStatuses.filter((status) =>
			reviewActions.some((action) => checkMinutesAction(action, roles, status).ok),
		),
		progress: matterStatuses.filter((status) => checkMatterAction("progress", roles, status).ok),
		verify: matterStatuses.filter((status) => checkMatterAction("verify", roles, status).ok),
		replies: roles.some((role) => supervisionRepliers.includes(role)),
		extensions: matterStatuses.filter((status) => checkMatterAction("approve_extension", roles, status).ok),
		prepares: mayTake("hold", roles),
		liaisons: can(roles, "departments.manage"),
	};
}

/** Whether a topic still waits for one of this person's sides (O2: each side agrees once). */
export function awaitsMySide(mySides: readonly Side[], agreedSides: readonly Side[]): boolean {
	return mySides.some((side) => !agreedSides.includes(side));
}

export const workbenchGroups = [
	"requests",
	"reportFill",
	"reportApprove",
	"reportReview",
	"topics",
	"opinions",
	"minutes",
	"progress",
	"verify",
	"replies",
	"extensions",
	"meetings",
	"liaisons",
] as const;
export type WorkbenchGroup = (typeof workbenchGroups)[number];
