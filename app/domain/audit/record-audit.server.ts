import type { Tx } from "#db/run-as.ts";
import type { AuditKind, AuditSubject } from "./audit-kinds.ts";

interface AuditInput {
	tenantId: string;
	/** null: the system (a scheduled job), not a person. */
	actorUserId: string | null;
	action: AuditKind;
	entityType: AuditSubject;
	entityId: string;
	before?: unknown;
	after?: unknown;
	meta: { ip: string | null; userAgent: string | null; requestId: string | null };
}

/** Appends an audit event inside the caller's transaction, so it commits with the change or not at all. */
export async function recordAudit(tx: Tx, input: AuditInput): Promise<void> {
	await tx
		.insertInto("audit_events")
		.values({
			tenant_id: input.tenantId,
			actor_user_id: input.actorUserId,
			action: input.action,
			entity_type: input.entityType,
			entity_id: input.entityId,
			before: input.before === undefined ? null : JSON.stringify(input.before),
			after: input.after === undefined ? null : JSON.stringify(input.after),
			ip: input.meta.ip,
			user_agent: input.meta.userAgent?.slice(0, 300) ?? null,
			request_id: input.meta.requestId,
		})
		.execute();
}
