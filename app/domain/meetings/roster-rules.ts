import type { Role } from "../tenancy/roles.ts";

type Capacity = "attend" | "sit_in" | "invited";
type GuestType = "grassroots_cadre" | "worker_representative" | "model_worker" | "grassroots_union_cadre";

export const guestTypes: GuestType[] = [
	"grassroots_cadre",
	"worker_representative",
	"model_worker",
	"grassroots_union_cadre",
];

/** How a person stands on the roster (O3): 出席, 请假 (leave recorded by a leader), 列席, 邀请. */
export type RosterStanding = Capacity | "leave";

type LeaderGroup = "head_or_liaison" | "deputy_secretary" | "union_chair" | "union_vice_chair";

interface LeaderRule {
	key: LeaderGroup;
	clause: "O3";
	roles: readonly Role[];
	/** `one`: one of the unit's holders attending is enough; `each`: every holder attends. */
	needs: "one" | "each";
	/**
	 * When nobody in the unit holds these roles: `missing` for the two sides' principals (without them
	 * there is no joint meeting, O1), `none` for offices a unit may not have (an industry body has no
	 * deputy secretary-general; a small union no vice-chair).
	 */
	vacant: "missing" | "none";
}

/**
 * O3 (三(三) 出席人员): 市长或联系工会工作的副市长、副秘书长和市总工会主席、副主席出席会议. Each
 * required leader is on the roster to attend, or excused by leave a leader recorded.
 */
export const requiredAttendance: readonly LeaderRule[] = [
	{ key: "head_or_liaison", clause: "O3", roles: ["gov_head", "gov_liaison"], needs: "one", vacant: "missing" },
	{ key: "deputy_secretary", clause: "O3", roles: ["gov_deputy_secretary"], needs: "one", vacant: "none" },
	{ key: "union_chair", clause: "O3", roles: ["union_chair"], needs: "each", vacant: "missing" },
	{ key: "union_vice_chair", clause: "O3", roles: ["union_vice_chair"], needs: "each", vacant: "none" },
];

/** Every role O3 requires to attend. */
export const leaderRoles: readonly Role[] = [...new Set(requiredAttendance.flatMap((rule) => rule.roles))];

/** O3: who may record a person's leave — the head, the liaison vice-head, the union chair. */
export const leaveRecorders: readonly Role[] = ["gov_head", "gov_liaison", "union_chair"];

/** An active member of the unit holding one of the leader roles. */
export interface UnitLeader {
	userId: string;
	name: string;
	roles: readonly Role[];
}

/** The current system record's named liaison leaders (W1): where it names one for a role, that one is required. */
export interface NamedLeader {
	userId: string;
	role: Role;
}

export interface RosterPlace {
	userId: string;
	capacity: Capacity;
	onLeave: boolean;
	presence: "present" | "absent" | null;
}

/** Scheduling reads the roster; recording the meeting as held reads the attendance marks too. */
export type AttendanceStage = "schedule" | "hold";

export interface MissingLeaders {
	key: LeaderGroup;
	/** The unit's holders neither attending nor on leave; empty when nobody in the unit holds the office. */
	people: { userId: string; name: string }[];
}

/** The unit's people a rule requires: per role, the system record's named leader if still a holder, else every holder. */
function requiredPeople(rule: LeaderRule, leaders: readonly UnitLeader[], named: readonly NamedLeader[]): UnitLeader[] {
	const people = new Map<string, UnitLeader>();
	for (const role of rule.roles) {
		const holders = leaders.filter((l) => l.roles.includes(role));
		const chosen = holders.filter((l) => named.some((n) => n.role === role && n.userId === l.userId));
		for (const person of chosen.length > 0 ? chosen : holders) people.set(person.userId, person);
	}
	return [...people.values()];
}

/**
 * O3: which required leaders are missing — not on the roster to attend (and, at the hold, marked
 * absent), and not on leave. A rule needing one of several is met by one attending, or excused when
 * every one of them is on leave.
 */
export function missingLeaders(
	leaders: readonly UnitLeader[],
	named: readonly NamedLeader[],
	roster: readonly RosterPlace[],
	stage: AttendanceStage,
): MissingLeaders[] {
	const standing = (userId: string): "attends" | "leave" | "missing" => {
		const place = roster.find((p) => p.userId === userId);
		if (place?.onLeave) return "leave";
		if (place?.capacity === "attend" && (stage === "schedule" || place.presence !== "absent")) return "attends";
		return "missing";
	};
	const missing: MissingLeaders[] = [];
	for (const rule of requiredAttendance) {
		const people = requiredPeople(rule, leaders, named);
		if (people.length === 0) {
			if (rule.vacant === "missing") missing.push({ key: rule.key, people: [] });
			continue;
		}
		const states = people.map((person) => ({ person, state: standing(person.userId) }));
		const absent = states.filter((s) => s.state === "missing").map(({ person }) => person);
		const met =
			rule.needs === "one"
				? states.some((s) => s.state === "attends") || states.every((s) => s.state === "leave")
				: absent.length === 0;
		if (!met) missing.push({ key: rule.key, people: absent.map(({ userId, name }) => ({ userId, name })) });
	}
	return missing;
}

/** The names (or, for an office nobody holds, its message key) a refusal lists. */
export function missingNames(missing: readonly MissingLeaders[]): string[] {
	return missing.flatMap((m) => (m.people.length > 0 ? m.people.map((p) => p.name) : [`prep.missing.${m.key}`]));
}
