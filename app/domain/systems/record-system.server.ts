import { type Kysely, sql } from "kysely";
import { runAs } from "#db/run-as.ts";
import type { Database, SystemLeaderRole } from "#db/schema.ts";
import { AppError } from "../app-error.ts";
import { recordAudit } from "../audit/record-audit.server.ts";
import { checkDocument } from "../files/detect-file-type.ts";
import { can } from "../tenancy/permissions.ts";
import type { TenantMembership } from "../tenancy/tenant-access.server.ts";
import type { SystemRecordInput } from "./system-schema.ts";

interface RecordSystemOptions {
	db: Kysely<Database>;
	files: { put(bytes: Uint8Array): Promise<string> };
	actor: { userId: string; membership: TenantMembership };
	input: SystemRecordInput;
	document: { bytes: Uint8Array; name: string } | null;
	meta: { ip: string | null; userAgent: string | null; requestId: string | null };
}

type RecordSystemResult =
	| { ok: true; systemId: string; version: number }
	| { ok: false; field: "document" | "leaders" | "form"; error: string };

const documentErrors = {
	empty: "systems.error.fileMissing",
	too_large: "systems.error.fileTooLarge",
	unsupported: "systems.error.fileType",
	name_mismatch: "systems.error.fileNameMismatch",
} as const;

/**
 * W1 / E: records the tenant's joint-meeting system document. A revision supersedes the current
 * version (kept, readable); the liaison leaders are named for the new version. One transaction with
 * its audit event; two recordings at once cannot both win (one current version per tenant).
 */
export async function recordSystem(options: RecordSystemOptions): Promise<RecordSystemResult> {
	const { db, files, actor, input, document, meta } = options;
	if (!can(actor.membership.roles, "system.record")) throw new AppError("forbidden");
	if (!document) return { ok: false, field: "document", error: "systems.error.fileMissing" };
	const check = checkDocument(document.bytes, document.name);
	if (!check.ok) return { ok: false, field: "document", error: documentErrors[check.reason] };
	const tenantId = actor.membership.tenant.id;
	const leaders = input.leaders.map((pair) => {
		const [role, userId] = pair.split(":") as [SystemLeaderRole, string];
		return { role, userId };
	});
	const sha256 = await files.put(document.bytes);
	try {
		return await runAs(db, { userId: actor.userId, tenantId }, async (tx) => {
			for (const leader of leaders) {
				const ok = await tx
					.selectFrom("memberships")
					.select("user_id")
					.where("tenant_id", "=", tenantId)
					.where("user_id", "=", leader.userId)
					.where("disabled_at", "is", null)
					.where(sql<boolean>`${leader.role} = any(roles)`)
					.executeTakeFirst();
				if (!ok) return { ok: false as const, field: "leaders" as const, error: "systems.error.leader" };
			}
			const current = await tx
				.selectFrom("systems")
				.select(["id", "version", "doc_number"])
				.where("tenant_id", "=", tenantId)
				.where("superseded_at", "is", null)
				.executeTakeFirst();
			const last = await tx
				.selectFrom("systems")
				.select(sql<number>`coalesce(max(version), 0)`.as("v"))
				.where("tenant_id", "=", tenantId)
				.executeTakeFirstOrThrow();
			const file = await tx
				.insertInto("files")
				.values({
					tenant_id: tenantId,
					sha256,
					size_bytes: document.bytes.length,
					content_type: check.contentType,
					original_name: document.name.slice(-255),
					uploaded_by: actor.userId,
				})
				.returning("id")
				.executeTakeFirstOrThrow();
			if (current) {
				await tx
					.updateTable("systems")
					.set({ superseded_at: new Date() })
					.where("tenant_id", "=", tenantId)
					.where("id", "=", current.id)
					.execute();
			}
			const version = Number(last.v) + 1;
			const system = await tx
				.insertInto("systems")
				.values({
					tenant_id: tenantId,
					version,
					title: input.title,
					issuing_bodies: input.issuingBodies,
					doc_number: input.docNumber,
					issued_on: input.issuedOn,
					effective_on: input.effectiveOn,
					supersedes_doc_number: input.supersedes || null,
					cadence: input.cadence,
					file_id: file.id,
					recorded_by: actor.userId,
				})
				.returning("id")
				.executeTakeFirstOrThrow();
			if (leaders.length > 0) {
				await tx
					.insertInto("system_leaders")
					.values(leaders.map((l) => ({ tenant_id: tenantId, system_id: system.id, user_id: l.userId, role: l.role })))
					.execute();
			}
			await recordAudit(tx, {
				tenantId,
				actorUserId: actor.userId,
				action: "system.recorded",
				entityType: "system",
				entityId: system.id,
				before: current ? { id: current.id, version: current.version, doc_number: current.doc_number } : undefined,
				after: { version, doc_number: input.docNumber, issued_on: input.issuedOn, file: document.name, leaders },
				meta,
			});
			return { ok: true as const, systemId: system.id, version };
		});
	} catch (error) {
		if ((error as { code?: string }).code === "23505")
			return { ok: false, field: "form", error: "systems.error.concurrent" };
		throw error;
	}
}
