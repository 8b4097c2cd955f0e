import type { MatterAction, MatterStatus } from "#app/domain/matters/matter-rules.ts";
import type { MeetingAction, MeetingKind, MeetingStatus, Side } from "#app/domain/meetings/meeting-rules.ts";
import type { TopicStatus } from "#app/domain/meetings/topic-rules.ts";
import type { MinutesAction, MinutesStatus } from "#app/domain/minutes/minutes-rules.ts";
import type { ReleaseSide } from "#app/domain/public-results/release-rules.ts";
import type { Role } from "#app/domain/tenancy/roles.ts";

/**
 * The notice's rules written out in the tests' own words, independently of the rule modules: the rule
 * tests compare every verdict with these, and tests/unit/rule-mutations.test.ts proves that changing
 * any cell of a rule table makes them fail.
 */
export const meetingStatuses: MeetingStatus[] = [
	"draft",
	"requested",
	"accepted",
	"preparing",
	"scheduled",
	"held",
	"minutes_review",
	"minutes_issued",
	"declined",
	"cancelled",
];
export const meetingKinds: MeetingKind[] = ["regular", "extraordinary"];

/**
 * The notice's rules written out here, independently of app/domain/meetings/meeting-rules.ts (a test
 * that read its expectations from the rule tables would pass whatever they said). Each line: the
 * action, who may take it, in which states, for which kinds — every triple not listed is refused.
 */
const U = ["union_staff", "union_chair", "union_vice_chair"] as const;
export const writtenMeetingRules: Record<
	MeetingAction,
	{ roles: readonly Role[]; states: readonly MeetingStatus[]; kinds?: MeetingKind }[]
> = {
	// O1: the union proposes and sends the request.
	edit_request: [{ roles: U, states: ["draft"] }],
	submit: [{ roles: U, states: ["draft"] }],
	// O1: a regular meeting is accepted by the government head or the liaison vice-head.
	accept: [{ roles: ["gov_head", "gov_liaison"], states: ["requested"], kinds: "regular" }],
	// O1: an extraordinary meeting takes the liaison vice-head's and the union chair's consent.
	consent: [{ roles: ["gov_liaison", "union_chair"], states: ["requested"], kinds: "extraordinary" }],
	decline: [
		{ roles: ["gov_head", "gov_liaison"], states: ["requested"], kinds: "regular" },
		{ roles: ["gov_liaison", "union_chair"], states: ["requested"], kinds: "extraordinary" },
	],
	prepare: [{ roles: ["union_staff", "gov_office"], states: ["accepted", "preparing"] }],
	// O2: one leader of each side agrees the topics.
	agree_topic: [
		{
			roles: ["gov_liaison", "gov_deputy_secretary", "union_chair", "union_vice_chair"],
			states: ["accepted", "preparing"],
		},
	],
	request_opinion: [{ roles: ["union_staff"], states: ["accepted", "preparing"] }],
	schedule: [{ roles: ["union_staff", "gov_office"], states: ["accepted", "preparing", "scheduled"] }],
	hold: [{ roles: ["union_staff", "gov_office"], states: ["scheduled"] }],
	// O3: a leader records a required leader's leave.
	record_leave: [{ roles: ["gov_head", "gov_liaison", "union_chair"], states: ["accepted", "preparing", "scheduled"] }],
	// P, O1: the proposing union withdraws its request; once accepted, a leader of each side cancels.
	cancel: [
		{ roles: U, states: ["draft", "requested"] },
		{
			roles: ["gov_head", "gov_liaison", "union_chair", "union_vice_chair"],
			states: ["accepted", "preparing", "scheduled"],
		},
	],
};

/** The verdict the written rules give: forbidden for a role the action never takes, else by state and kind. */
export function expectedMeetingVerdict(
	action: MeetingAction,
	role: Role,
	status: MeetingStatus,
	kind: MeetingKind,
): string {
	const rows = writtenMeetingRules[action];
	if (!rows.some((r) => r.roles.includes(role))) return "forbidden";
	if (!rows.some((r) => r.states.includes(status))) return "invalid_state";
	const matching = rows.filter((r) => r.states.includes(status) && (!r.kinds || r.kinds === kind));
	if (matching.length === 0) return "invalid_state";
	return matching.some((r) => r.roles.includes(role)) ? "ok" : "forbidden";
}

export const matterStatuses: MatterStatus[] = ["assigned", "in_progress", "done", "verified"];

/** O6, written out: who takes each step on a decided matter, and in which states. */
export const writtenMatterRules: Record<MatterAction, { roles: readonly Role[]; states: readonly MatterStatus[] }> = {
	// The lead department reports.
	progress: { roles: ["department_liaison"], states: ["assigned", "in_progress"] },
	done: { roles: ["department_liaison"], states: ["assigned", "in_progress"] },
	// The government office and the union supervise.
	reminder: { roles: ["gov_office", "union_staff"], states: ["assigned", "in_progress"] },
	supervision: { roles: ["gov_office", "union_staff"], states: ["assigned", "in_progress"] },
	verify: { roles: ["gov_office", "union_staff"], states: ["done"] },
	reopen: { roles: ["gov_office", "union_staff"], states: ["done", "verified"] },
	// An office asks for a new deadline; a government leader decides.
	extend: { roles: ["gov_office", "union_staff"], states: ["assigned", "in_progress"] },
	approve_extension: { roles: ["gov_liaison", "gov_deputy_secretary"], states: ["assigned", "in_progress"] },
	refuse_extension: { roles: ["gov_liaison", "gov_deputy_secretary"], states: ["assigned", "in_progress"] },
};

export function expectedMatterVerdict(action: MatterAction, role: Role, status: MatterStatus): string {
	const rule = writtenMatterRules[action];
	if (!rule.roles.includes(role)) return "forbidden";
	return rule.states.includes(status) ? "ok" : "invalid_state";
}

export const minutesStatuses: MinutesStatus[] = ["draft", "union_review", "gov_review", "approved", "issued"];

/** O5, written out: the union drafts and submits; a union leader, then a government leader approve or return; the offices issue. */
const unionReviewers: Role[] = ["union_chair", "union_vice_chair"];
const govReviewers: Role[] = ["gov_head", "gov_liaison"];
export const writtenMinutesRules: Record<MinutesAction, { roles: readonly Role[]; states: readonly MinutesStatus[] }> =
	{
		save: { roles: ["union_staff"], states: ["draft"] },
		submit: { roles: ["union_staff"], states: ["draft"] },
		union_approve: { roles: unionReviewers, states: ["union_review"] },
		gov_approve: { roles: govReviewers, states: ["gov_review"] },
		return: { roles: [...unionReviewers, ...govReviewers], states: ["union_review", "gov_review"] },
		issue: { roles: ["gov_office", "union_staff"], states: ["approved"] },
	};

export function expectedMinutesVerdict(action: MinutesAction, role: Role, status: MinutesStatus): string {
	const rule = writtenMinutesRules[action];
	if (!rule.roles.includes(role)) return "forbidden";
	if (!rule.states.includes(status)) return "invalid_state";
	// A return comes from the reviewer of the stage the minutes are in.
	if (action === "return" && !(status === "gov_review" ? govReviewers : unionReviewers).includes(role))
		return "invalid_state";
	return "ok";
}

/** O2, written out: who agrees a topic for each side, and whose office speaks for each side's own topics. */
export const writtenTopicSides: Record<Side, { agree: readonly Role[]; office: readonly Role[] }> = {
	gov: { agree: ["gov_liaison", "gov_deputy_secretary"], office: ["gov_office"] },
	union: { agree: ["union_chair", "union_vice_chair"], office: ["union_staff"] },
};

export const topicStatuses: TopicStatus[] = ["proposed", "agreed", "returned", "withdrawn"];

/** P, O2: withdrawn by the proposing side's office before agreement; by an agreeing leader once agreed. */
export function expectedWithdrawVerdict(role: Role, status: TopicStatus, proposedSide: Side | null): string {
	if (status === "withdrawn") return "invalid_state";
	const leaders = [...writtenTopicSides.gov.agree, ...writtenTopicSides.union.agree];
	if (status === "agreed") return leaders.includes(role) ? "ok" : "forbidden";
	const offices = proposedSide
		? writtenTopicSides[proposedSide].office
		: [...writtenTopicSides.gov.office, ...writtenTopicSides.union.office];
	return offices.includes(role) ? "ok" : "forbidden";
}

/** O7, written out: who agrees a public release for each side. */
export const writtenReleaseSides: Record<ReleaseSide, readonly Role[]> = {
	union: ["union_chair", "union_vice_chair", "union_staff"],
	government: ["gov_head", "gov_liaison", "gov_deputy_secretary", "gov_office"],
};
