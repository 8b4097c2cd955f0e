import { runAs, type Tx } from "#db/run-as.ts";
import type { UseCaseOptions } from "../actor.ts";
import { AppError } from "../app-error.ts";
import { recordAudit } from "../audit/record-audit.server.ts";
import { membersWithRoles, notify } from "../notifications/notify.server.ts";
import { settleAsks } from "../notifications/resolve-notifications.server.ts";
import { enforce } from "../refusal.ts";
import {
	agreementSide,
	awaitedRoles,
	type CurrentRelease,
	checkAgreeRole,
	checkOptIn,
	checkWithdraw,
	checkWithdrawRole,
} from "./release-rules.ts";

/** The admin turns the unit's public page on or off; off hides every item at once. */
export async function setPublicPage({ db, actor, meta }: UseCaseOptions, enabled: boolean): Promise<void> {
	enforce(checkOptIn(actor.membership.roles));
	const tenantId = actor.membership.tenant.id;
	await runAs(db, { userId: actor.userId, tenantId }, async (tx) => {
		const before = await tx
			.selectFrom("public_pages")
			.select("enabled")
			.where("tenant_id", "=", tenantId)
			.forUpdate()
			.executeTakeFirst();
		const changed = { enabled, changed_by: actor.userId, changed_at: new Date() };
		await tx
			.insertInto("public_pages")
			.values({ tenant_id: tenantId, ...changed })
			.onConflict((oc) => oc.column("tenant_id").doUpdateSet(changed))
			.execute();
		await recordAudit(tx, {
			tenantId,
			actorUserId: actor.userId,
			action: enabled ? "public_page.enabled" : "public_page.disabled",
			entityType: "public_page",
			entityId: tenantId,
			before: { enabled: before?.enabled ?? false },
			after: { enabled },
			meta,
		});
	});
}

/** The meeting and its current release, both locked: two people agreeing at once are serialised. */
async function lockMeetingRelease(tx: Tx, tenantId: string, meetingId: string) {
	const meeting = await tx
		.selectFrom("meetings")
		.select(["id", "title", "status"])
		.where("tenant_id", "=", tenantId)
		.where("id", "=", meetingId)
		.forUpdate()
		.executeTakeFirst();
	if (!meeting) throw new AppError("not_found");
	const release = await tx
		.selectFrom("public_releases")
		.selectAll()
		.where("tenant_id", "=", tenantId)
		.where("meeting_id", "=", meetingId)
		.where("withdrawn_at", "is", null)
		.forUpdate()
		.executeTakeFirst();
	const current: CurrentRelease | null = release
		? {
				unionAgreedBy: release.union_agreed_by,
				governmentAgreedBy: release.government_agreed_by,
				publishedAt: release.published_at,
			}
		: null;
	return { meeting, release, current };
}

const link = (slug: string) => `/t/${slug}/public-results`;

/**
 * One side agrees to publish a held meeting's results. The first agreement opens a release and
 * tells the other side; the second publishes it. One transaction with its audit event.
 */
export async function agreeToRelease(
	{ db, actor, meta }: UseCaseOptions,
	meetingId: string,
): Promise<{ side: "union" | "government"; published: boolean }> {
	const { roles, tenant } = actor.membership;
	// A role of neither side is refused before the meeting is read.
	enforce(checkAgreeRole(roles));
	return runAs(db, { userId: actor.userId, tenantId: tenant.id }, async (tx) => {
		const { meeting, release, current } = await lockMeetingRelease(tx, tenant.id, meetingId);
		const verdict = agreementSide(roles, actor.userId, meeting.status, current);
		enforce(verdict);
		const { side } = verdict;
		const now = new Date();
		const agreement =
			side === "union"
				? { union_agreed_by: actor.userId, union_agreed_at: now }
				: { government_agreed_by: actor.userId, government_agreed_at: now };
		const published = Boolean(current && (side === "union" ? current.governmentAgreedBy : current.unionAgreedBy));
		let releaseId: string;
		if (release) {
			await tx
				.updateTable("public_releases")
				.set({ ...agreement, ...(published ? { published_at: now } : {}) })
				.where("tenant_id", "=", tenant.id)
				.where("id", "=", release.id)
				.execute();
			releaseId = release.id;
		} else {
			releaseId = crypto.randomUUID();
			await tx
				.insertInto("public_releases")
				.values({ tenant_id: tenant.id, id: releaseId, meeting_id: meeting.id, ...agreement })
				.execute();
		}
		await recordAudit(tx, {
			tenantId: tenant.id,
			actorUserId: actor.userId,
			action: published ? "public_release.published" : "public_release.agreed",
			entityType: "meeting",
			entityId: meeting.id,
			before: { state: current ? "awaiting" : "none" },
			after: { release: releaseId, side, published },
			meta,
		});
		if (published) await settleAsks(tx, "public_release.published", { type: "meeting", id: meeting.id });
		if (!published) {
			await notify(
				tx,
				{
					tenantId: tenant.id,
					kind: "meeting.release_awaited",
					entityType: "meeting",
					entityId: meeting.id,
					link: link(tenant.slug),
					params: { title: meeting.title },
				},
				await membersWithRoles(tx, tenant.id, awaitedRoles(side)),
				actor.userId,
			);
		}
		return { side, published };
	});
}

/**
 * Either side or the admin withdraws the meeting's current release (published or still waiting):
 * the public page stops showing it in the same commit. Whoever had agreed is told.
 */
export async function withdrawRelease({ db, actor, meta }: UseCaseOptions, meetingId: string): Promise<void> {
	const { roles, tenant } = actor.membership;
	enforce(checkWithdrawRole(roles));
	await runAs(db, { userId: actor.userId, tenantId: tenant.id }, async (tx) => {
		const { meeting, release, current } = await lockMeetingRelease(tx, tenant.id, meetingId);
		enforce(checkWithdraw(roles, current));
		if (!release) throw new AppError("invalid_state"); // (checkWithdraw refused it already)
		await tx
			.updateTable("public_releases")
			.set({ withdrawn_by: actor.userId, withdrawn_at: new Date() })
			.where("tenant_id", "=", tenant.id)
			.where("id", "=", release.id)
			.execute();
		await recordAudit(tx, {
			tenantId: tenant.id,
			actorUserId: actor.userId,
			action: "public_release.withdrawn",
			entityType: "meeting",
			entityId: meeting.id,
			before: { release: release.id, published: release.published_at !== null },
			after: { release: release.id, withdrawn: true },
			meta,
		});
		await settleAsks(tx, "public_release.withdrawn", { type: "meeting", id: meeting.id });
		const agreedBy = [release.union_agreed_by, release.government_agreed_by].filter((id): id is string => !!id);
		await notify(
			tx,
			{
				tenantId: tenant.id,
				kind: "meeting.release_withdrawn",
				entityType: "meeting",
				entityId: meeting.id,
				link: link(tenant.slug),
				params: { title: meeting.title },
			},
			agreedBy,
			actor.userId,
		);
	});
}
