import { type Kysely, sql } from "kysely";
import { z } from "zod";
import { chinaToday } from "#app/lib/china-time.ts";
import { runAs, type Tx } from "#db/run-as.ts";
import type { Database, Role } from "#db/schema.ts";
import { membersWithRoles, notifyMany } from "../notifications/notify.server.ts";
import { type ReportNotificationKind, reportNotificationKinds } from "./report-acts.ts";
import { reportApprovers, reportFillers, reportManagers } from "./report-roles.ts";

/**
 * Notifications across units. A report request's acts tell another unit (the parent tells its
 * children, a child tells the unit that reviews it); a transaction writes only in its own unit, so
 * the act writes one outbox row (topic `report.notify`) in the same transaction, and the handler
 * then writes each unit's notifications inside that unit (its policies apply), claiming a key per
 * row and unit so that a row handled twice notifies once.
 */
export const REPORT_NOTIFY_TOPIC = "report.notify";

const audiences = { fillers: reportFillers, approvers: reportApprovers, managers: reportManagers } as const;
type ReportAudience = keyof typeof audiences;

const payloadSchema = z.object({
	key: z.uuid(),
	kind: z.enum(reportNotificationKinds),
	requestId: z.uuid(),
	audience: z.enum(["fillers", "approvers", "managers"]),
	/** Each unit told, and the page (under /t/<its slug>/report-requests/<request>) it acts on. */
	units: z.array(z.object({ unitId: z.uuid(), page: z.string().max(100) })).max(5000),
	params: z.record(z.string(), z.union([z.string(), z.number()])),
});
type ReportNotifyPayload = z.infer<typeof payloadSchema>;

/** In the act's transaction: one outbox row telling these units (in the acting unit's tenant). */
export async function tellUnits(
	tx: Tx,
	fromTenantId: string,
	notice: {
		kind: ReportNotificationKind;
		requestId: string;
		audience: ReportAudience;
		units: { unitId: string; page: string }[];
		params: Record<string, string | number>;
	},
): Promise<void> {
	if (notice.units.length === 0) return;
	for (let i = 0; i < notice.units.length; i += 5000) {
		const payload: ReportNotifyPayload = {
			key: crypto.randomUUID(),
			...notice,
			units: notice.units.slice(i, i + 5000),
		};
		await tx
			.insertInto("outbox")
			.values({ tenant_id: fromTenantId, topic: REPORT_NOTIFY_TOPIC, payload: JSON.stringify(payload) })
			.execute();
	}
}

/**
 * The handler (workers/handlers.ts): for each unit, only if it is in the sending unit's subtree or
 * above it (never a sibling), writes the notifications of that unit's members of the audience.
 */
export async function deliverReportNotice(
	db: { owner: Kysely<Database>; app: Kysely<Database> },
	fromTenantId: string,
	raw: unknown,
): Promise<string> {
	const payload = payloadSchema.parse(raw);
	const ids = [...new Set(payload.units.map((u) => u.unitId))];
	const { rows } = await sql<{ id: string; slug: string }>`
		select t.id, t.slug from tenants t join tenants f on f.id = ${fromTenantId}::uuid
		where t.id = any (${sql.val(ids)}::uuid[]) and t.id <> f.id and (t.path <@ f.path or f.path <@ t.path)`.execute(
		db.owner,
	);
	const slugOf = new Map(rows.map((r) => [r.id, r.slug]));
	let written = 0;
	for (const unit of payload.units) {
		const slug = slugOf.get(unit.unitId);
		if (!slug) continue;
		written += await runAs(db.app, { userId: null, tenantId: unit.unitId }, async (tx) => {
			const claimed = await tx
				.insertInto("reminder_keys")
				.values({
					tenant_id: unit.unitId,
					key: `report.notify:${payload.key}`,
					day: chinaToday(),
				})
				.onConflict((oc) => oc.doNothing())
				.returning("key")
				.execute();
			if (claimed.length === 0) return 0;
			const roles: readonly Role[] = audiences[payload.audience];
			return notifyMany(tx, [
				{
					notice: {
						tenantId: unit.unitId,
						kind: payload.kind,
						entityType: "report_request",
						entityId: payload.requestId,
						link: `/t/${slug}/report-requests/${payload.requestId}${unit.page ? `/${unit.page}` : ""}`,
						params: payload.params,
					},
					userIds: await membersWithRoles(tx, unit.unitId, roles),
				},
			]);
		});
	}
	return `${written} notifications in ${slugOf.size} units`;
}
