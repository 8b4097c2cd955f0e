import type { MeetingStatus, Role } from "#db/schema.ts";
import { allowed, denied, type Verdict } from "../refusal.ts";
import { permissions } from "../tenancy/permissions.ts";

/**
 * O7 (宣传) on a public page, by the principle P (both sides run the system jointly): a held
 * meeting's results go public only when the union side and the government side have each agreed.
 * Either side, or the unit's administrator, withdraws them again at once.
 */
export type ReleaseSide = "union" | "government";

export const releaseSideRoles: Record<ReleaseSide, readonly Role[]> = {
	union: ["union_chair", "union_vice_chair", "union_staff"],
	government: ["gov_head", "gov_liaison", "gov_deputy_secretary", "gov_office"],
};

/** A meeting has results once it was held: held, minutes in review, minutes issued. */
const releasable: ReadonlySet<MeetingStatus> = new Set(["held", "minutes_review", "minutes_issued"]);

export function isReleasable(status: MeetingStatus): boolean {
	return releasable.has(status);
}

/** The current (not withdrawn) release of a meeting, as the rules need it. */
export interface CurrentRelease {
	unionAgreedBy: string | null;
	governmentAgreedBy: string | null;
	publishedAt: Date | string | null;
}

type ReleaseState = "none" | "awaiting_union" | "awaiting_government" | "published";

export function releaseState(release: CurrentRelease | null): ReleaseState {
	if (!release) return "none";
	if (release.unionAgreedBy && release.governmentAgreedBy) return "published";
	return release.unionAgreedBy ? "awaiting_government" : "awaiting_union";
}

/** The sides a person's roles let them agree for (normally one). */
export function sidesOf(roles: readonly Role[]): ReleaseSide[] {
	return (["union", "government"] as const).filter((side) => releaseSideRoles[side].some((r) => roles.includes(r)));
}

const agreedBy = (release: CurrentRelease | null, side: ReleaseSide) =>
	side === "union" ? (release?.unionAgreedBy ?? null) : (release?.governmentAgreedBy ?? null);

/**
 * Which side this person would agree for now: the first of their sides still open. Refused for a
 * role of neither side, a meeting not held, a side that already agreed, and a person who already
 * agreed for the other side (one person is never both sides).
 */
export function agreementSide(
	roles: readonly Role[],
	userId: string,
	meetingStatus: MeetingStatus,
	release: CurrentRelease | null,
): { ok: true; side: ReleaseSide } | Exclude<Verdict, { ok: true }> {
	const role = checkAgreeRole(roles);
	if (!role.ok) return role;
	const sides = sidesOf(roles);
	if (!isReleasable(meetingStatus)) return denied("invalid_state", "publicResults.error.notHeld");
	if (release?.unionAgreedBy === userId || release?.governmentAgreedBy === userId)
		return denied("invalid_state", "publicResults.error.alreadyAgreed");
	const side = sides.find((s) => agreedBy(release, s) === null);
	if (!side) return denied("invalid_state", "publicResults.error.alreadyAgreed");
	return { ok: true, side };
}

/** Agreeing at all: a role of either side (checked before anything is read). */
export function checkAgreeRole(roles: readonly Role[]): Verdict {
	return sidesOf(roles).length > 0 ? allowed : denied("forbidden", "publicResults.error.forbidden");
}

/** Withdrawing at all: either side or the administrator (checked before anything is read). */
export function checkWithdrawRole(roles: readonly Role[]): Verdict {
	const withdrawers: readonly Role[] = permissions["publicResults.withdraw"];
	return roles.some((r) => withdrawers.includes(r)) ? allowed : denied("forbidden", "publicResults.error.forbidden");
}

/** Withdrawing now: a role that may, while there is a current release (published or waiting). */
export function checkWithdraw(roles: readonly Role[], release: CurrentRelease | null): Verdict {
	const role = checkWithdrawRole(roles);
	if (!role.ok) return role;
	return release ? allowed : denied("invalid_state", "publicResults.error.nothingToWithdraw");
}

/** Opting the unit in or out: its administrator. */
export function checkOptIn(roles: readonly Role[]): Verdict {
	return roles.includes("admin") ? allowed : denied("forbidden", "publicResults.error.forbidden");
}

/** What the page offers this person for one meeting: computed once, read by loader, page and use case. */
export function releaseAbilities(
	roles: readonly Role[],
	userId: string,
	meetingStatus: MeetingStatus,
	release: CurrentRelease | null,
): { agree: ReleaseSide | null; withdraw: boolean } {
	const agree = agreementSide(roles, userId, meetingStatus, release);
	return { agree: agree.ok ? agree.side : null, withdraw: checkWithdraw(roles, release).ok };
}

/** Who should act after an agreement: the other side, while it has not agreed. */
export function awaitedRoles(side: ReleaseSide): readonly Role[] {
	return releaseSideRoles[side === "union" ? "government" : "union"];
}
