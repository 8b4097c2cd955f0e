import type { Kysely } from "kysely";
import type { Database } from "#db/schema.ts";
import type { TenantMembership } from "./tenancy/tenant-access.server.ts";

/** Who reads: the person and the unit they act in; `runAs` sets both for row-level security. */
export type Actor = { userId: string; tenantId: string };

/**
 * What every use case that writes is given: the app role's database, the person in the membership
 * they act through (roles decide the rules), and the request's metadata for the audit trail.
 * Routes build it with `caseOptions(context)` (app/lib/guards.server.ts).
 */
export interface UseCaseOptions {
	db: Kysely<Database>;
	actor: { userId: string; membership: TenantMembership };
	meta: { ip: string | null; userAgent: string | null; requestId: string | null };
}
