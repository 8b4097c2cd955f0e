import type { MeetingKind, MeetingStatus, MinutesStatus, Role, Side } from "#db/schema.ts";
import { meetingActionRoles } from "../meetings/meeting-rules.ts";
import { minutesActionRoles } from "../minutes/minutes-rules.ts";
import { sideOfRole } from "../tenancy/sides.ts";

/**
 * Issue #21: the meeting's next step names who must act, from the same rule tables that allow
 * the act (meetingActionRoles, minutesActionRoles), and speaks to the reader when it is theirs.
 */
type NextStepKey =
	| "submit"
	| "accept"
	| "consent"
	| "prepare"
	| "hold"
	| "draftMinutes"
	| "unionReview"
	| "govReview"
	| "issue"
	| "followUp"
	| "closed";

/** Who acts on each step, and whether one of them suffices ("any") or one of each side is needed. */
const stepActors: Record<Exclude<NextStepKey, "followUp" | "closed">, { roles: readonly Role[]; each: boolean }> = {
	submit: { roles: meetingActionRoles.submit, each: false },
	accept: { roles: meetingActionRoles.accept, each: false },
	consent: { roles: meetingActionRoles.consent, each: true },
	prepare: { roles: meetingActionRoles.prepare, each: true },
	hold: { roles: meetingActionRoles.hold, each: false },
	draftMinutes: { roles: minutesActionRoles.save, each: false },
	unionReview: { roles: minutesActionRoles.union_approve, each: false },
	govReview: { roles: minutesActionRoles.gov_approve, each: false },
	issue: { roles: minutesActionRoles.issue, each: false },
};

const minutesStep: Record<MinutesStatus, NextStepKey> = {
	draft: "draftMinutes",
	union_review: "unionReview",
	gov_review: "govReview",
	approved: "issue",
	issued: "followUp",
};

/** Which step a meeting waits for, by its state (and its minutes' state once held). */
export function meetingNextStep(meeting: {
	status: MeetingStatus;
	kind: MeetingKind;
	minutesStatus: MinutesStatus | null;
}): NextStepKey {
	switch (meeting.status) {
		case "draft":
			return "submit";
		case "requested":
			return meeting.kind === "regular" ? "accept" : "consent";
		case "accepted":
		case "preparing":
			return "prepare";
		case "scheduled":
			return "hold";
		case "held":
		case "minutes_review":
			return minutesStep[meeting.minutesStatus ?? "draft"];
		case "minutes_issued":
			return "followUp";
		case "declined":
		case "cancelled":
			return "closed";
	}
}

/** A member who may take the step: their name, their 职务 if recorded, and the role by which they act. */
export interface StepMember {
	userId: string;
	name: string;
	title: string | null;
	roles: readonly Role[];
}

/** One person named in the line; `name` null when no member holds the role yet (the role is named). */
export interface NamedActor {
	name: string | null;
	title: string | null;
	role: Role;
}

export interface NextStepLine {
	step: NextStepKey;
	/** The reader takes this step now. */
	you: boolean;
	/** Who else must act: groups joined by "和" (one per side still needed), each of alternatives ("或"). */
	waitingFor: NamedActor[][];
}

/**
 * The line for one step: the members holding the acting roles, grouped by side when one of each
 * side is needed (and only the sides still `awaited`), without the reader when it is their turn.
 */
export function nextStepLine(
	step: NextStepKey,
	members: readonly StepMember[],
	reader: { userId: string; roles: readonly Role[] },
	awaited: readonly Side[] = ["gov", "union"],
): NextStepLine {
	if (step === "followUp" || step === "closed") return { step, you: false, waitingFor: [] };
	const { roles, each } = stepActors[step];
	const sideOf = (role: Role): Side | null => {
		if (role === "admin") return null;
		const side = sideOfRole[role];
		return side === "gov" || side === "union" ? side : null;
	};
	const groups = each
		? (["gov", "union"] as const)
				.filter((side) => awaited.includes(side))
				.map((side) => roles.filter((role) => sideOf(role) === side))
		: [[...roles]];
	const mine = (group: Role[]) => reader.roles.some((role) => group.includes(role));
	const you = groups.some(mine);
	const waitingFor = groups
		.filter((group) => group.length > 0 && !mine(group))
		.map((group) => namedIn(group, members, reader.userId));
	return { step, you, waitingFor };
}

/** The members holding any of the roles (the first such role named), or the roles alone when nobody holds them. */
function namedIn(group: Role[], members: readonly StepMember[], readerId: string): NamedActor[] {
	const named = members.flatMap((m) => {
		const role = group.find((r) => m.roles.includes(r));
		return role && m.userId !== readerId ? [{ name: m.name, title: m.title, role, at: group.indexOf(role) }] : [];
	});
	if (named.length === 0) return group.map((role) => ({ name: null, title: null, role }));
	return named.sort((a, b) => a.at - b.at).map(({ name, title, role }) => ({ name, title, role }));
}
