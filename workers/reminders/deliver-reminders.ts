import type { Kysely } from "kysely";
import { recordAudit } from "#app/domain/audit/record-audit.server.ts";
import { membersWithRoles, type Notice, notifyMany } from "#app/domain/notifications/notify.server.ts";
import { runAs, type Tx } from "#db/run-as.ts";
import type { Database, Role } from "#db/schema.ts";
import type { Candidate } from "./find-due.ts";

/** Government office and union staff: they supervise matters (O6) and run the meeting cycle (O1). */
const SUPERVISORS: Role[] = ["gov_office", "union_staff"];
const MINUTES_REVIEWERS: Record<string, Role[]> = {
	union_review: ["union_chair", "union_vice_chair"],
	gov_review: ["gov_head", "gov_liaison"],
};

interface Planned {
	candidate: Candidate;
	items: { notice: Notice; userIds: string[] }[];
}

/**
 * One unit's reminders of the day, in one transaction inside that unit (its policies apply): claims
 * each reminder's key (ON CONFLICT DO NOTHING: a key already there was sent by an earlier or a
 * concurrent run), then writes the notifications of the claimed ones, their outbox rows (email) and
 * one audit event. Returns what it wrote.
 */
export async function deliverUnitReminders(
	app: Kysely<Database>,
	tenantId: string,
	day: string,
	candidates: readonly Candidate[],
): Promise<{ reminders: number; notifications: number }> {
	return runAs(app, { userId: null, tenantId }, async (tx) => {
		const tenant = await tx.selectFrom("tenants").select("slug").where("id", "=", tenantId).executeTakeFirst();
		if (!tenant) return { reminders: 0, notifications: 0 };
		const planned = await plan(tx, tenantId, tenant.slug, candidates);
		if (planned.length === 0) return { reminders: 0, notifications: 0 };
		const claimed = await tx
			.insertInto("reminder_keys")
			.values(
				planned.map((p) => ({
					tenant_id: tenantId,
					key: p.candidate.key,
					day,
					recipients: new Set(p.items.flatMap((i) => i.userIds)).size,
				})),
			)
			.onConflict((oc) => oc.doNothing())
			.returning("key")
			.execute();
		const keys = new Set(claimed.map((c) => c.key));
		const notifications = await notifyMany(
			tx,
			planned.filter((p) => keys.has(p.candidate.key)).flatMap((p) => p.items),
		);
		if (keys.size > 0) {
			await recordAudit(tx, {
				tenantId,
				actorUserId: null,
				action: "reminders.sent",
				entityType: "tenant",
				entityId: tenantId,
				after: { day, reminders: keys.size, notifications, keys: [...keys].slice(0, 50) },
				meta: { ip: null, userAgent: "reminder sweep", requestId: `sweep-${day}` },
			});
		}
		return { reminders: keys.size, notifications };
	});
}

async function plan(tx: Tx, tenantId: string, slug: string, candidates: readonly Candidate[]): Promise<Planned[]> {
	const byRule = (...rules: Candidate["rule"][]) => candidates.filter((c) => rules.includes(c.rule));
	const supervisors = await membersWithRoles(tx, tenantId, SUPERVISORS);
	const base = (c: Candidate, entityType: string, link: string) => ({
		tenantId,
		entityType,
		entityId: c.subjectId,
		link: `/t/${slug}${link}`,
	});
	const out: Planned[] = [];

	const matterCandidates = byRule("matter_due", "matter_overdue");
	if (matterCandidates.length > 0) {
		const matters = await tx
			.selectFrom("decided_matters")
			.select(["id", "content", "deadline", "lead_department_id", "co_department_ids"])
			.where("tenant_id", "=", tenantId)
			.where(
				"id",
				"in",
				matterCandidates.map((c) => c.subjectId),
			)
			.execute();
		const liaisons = await liaisonsByDepartment(tx, tenantId);
		const byId = new Map(matters.map((m) => [m.id, m]));
		for (const c of matterCandidates) {
			const m = byId.get(c.subjectId);
			if (!m) continue;
			const when = c.rule === "matter_due" ? "due" : "overdue";
			const notice = (kind: string) => ({
				...base(c, "decided_matter", `/matters/${m.id}`),
				kind,
				params: { title: m.content.slice(0, 40), deadline: m.deadline, days: c.days },
			});
			const lead = [...(liaisons.get(m.lead_department_id) ?? []), ...supervisors];
			const co = m.co_department_ids.flatMap((d) => liaisons.get(d) ?? []).filter((u) => !lead.includes(u));
			out.push({
				candidate: c,
				items: [
					{ notice: notice(`reminder.matter_${when}`), userIds: lead },
					{ notice: notice(`reminder.matter_co_${when}`), userIds: co },
				],
			});
		}
	}

	const opinionCandidates = byRule("opinion_due", "opinion_overdue");
	if (opinionCandidates.length > 0) {
		const requests = await tx
			.selectFrom("opinion_requests as o")
			.innerJoin("topics as t", (j) => j.onRef("t.tenant_id", "=", "o.tenant_id").onRef("t.id", "=", "o.topic_id"))
			.select(["o.id", "o.department_id", "o.due_on", "t.title"])
			.where("o.tenant_id", "=", tenantId)
			.where(
				"o.id",
				"in",
				opinionCandidates.map((c) => c.subjectId),
			)
			.execute();
		const liaisons = await liaisonsByDepartment(tx, tenantId);
		const byId = new Map(requests.map((r) => [r.id, r]));
		for (const c of opinionCandidates) {
			const r = byId.get(c.subjectId);
			if (!r) continue;
			const notice = {
				...base(c, "opinion_request", "/opinions"),
				kind: `reminder.${c.rule}`,
				params: { title: r.title.slice(0, 40), due: r.due_on, days: c.days },
			};
			out.push({ candidate: c, items: [{ notice, userIds: liaisons.get(r.department_id) ?? [] }] });
		}
	}

	const minutesCandidates = byRule("minutes_review");
	if (minutesCandidates.length > 0) {
		const rows = await tx
			.selectFrom("minutes as n")
			.innerJoin("meetings as m", (j) => j.onRef("m.tenant_id", "=", "n.tenant_id").onRef("m.id", "=", "n.meeting_id"))
			.select(["n.id", "n.status", "m.id as meetingId", "m.title"])
			.where("n.tenant_id", "=", tenantId)
			.where(
				"n.id",
				"in",
				minutesCandidates.map((c) => c.subjectId),
			)
			.execute();
		const byId = new Map(rows.map((r) => [r.id, r]));
		for (const c of minutesCandidates) {
			const r = byId.get(c.subjectId);
			const reviewers = r && MINUTES_REVIEWERS[r.status];
			if (!r || !reviewers) continue;
			const notice = {
				...base(c, "meeting", `/meetings/${r.meetingId}/minutes`),
				entityId: r.meetingId,
				kind: "reminder.minutes_review",
				params: { title: r.title.slice(0, 40), days: c.days },
			};
			out.push({ candidate: c, items: [{ notice, userIds: await membersWithRoles(tx, tenantId, reviewers) }] });
		}
	}

	for (const c of byRule("annual_unproposed", "annual_unheld")) {
		const year = Number(c.key.split(":")[1]);
		const notice = { ...base(c, "tenant", "/meetings"), kind: `reminder.${c.rule}`, params: { year } };
		out.push({ candidate: c, items: [{ notice, userIds: supervisors }] });
	}

	for (const c of byRule("digest")) {
		const lagging = c.lagging ?? [];
		const notice = {
			...base(c, "tenant", "/reports"),
			kind: "digest.lagging",
			params: {
				count: lagging.length,
				units: lagging
					.slice(0, 12)
					.map((u) => u.name)
					.join("、"),
				// The email lists each unit with its reasons, in the reader's language (email-content.ts).
				lines: JSON.stringify(lagging.map((u) => [u.name, u.reasons.join(",")])),
			},
		};
		out.push({ candidate: c, items: [{ notice, userIds: supervisors }] });
	}
	return out;
}

/** Active liaisons of each department of the unit. */
async function liaisonsByDepartment(tx: Tx, tenantId: string): Promise<Map<string, string[]>> {
	const rows = await tx
		.selectFrom("department_liaisons as l")
		.innerJoin("memberships as m", (j) =>
			j.onRef("m.tenant_id", "=", "l.tenant_id").onRef("m.user_id", "=", "l.user_id"),
		)
		.select(["l.department_id", "l.user_id"])
		.where("l.tenant_id", "=", tenantId)
		.where("m.disabled_at", "is", null)
		.execute();
	const map = new Map<string, string[]>();
	for (const r of rows) map.set(r.department_id, [...(map.get(r.department_id) ?? []), r.user_id]);
	return map;
}
