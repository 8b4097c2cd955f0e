import { type Kysely, sql } from "kysely";
import { runAs, type Tx } from "#db/run-as.ts";
import type { Database, Role, TenantKind } from "#db/schema.ts";
import { statementTemplate } from "#db/statement-template.ts";
import type { SessionAccessRow } from "../auth/sessions.server.ts";

export interface TenantSummary {
	id: string;
	slug: string;
	name: string;
	kind: TenantKind;
}

export interface TenantMembership {
	tenant: TenantSummary & { govName: string; unionName: string; divisionCode: string | null; parentId: string | null };
	roles: Role[];
}

/** The tenants a user belongs to, for the switcher and for choosing where to land after login. */
export function listUserTenants(db: Kysely<Database>, userId: string): Promise<TenantSummary[]> {
	return runAs(db, { userId, tenantId: null }, (tx) => userTenants(tx, userId));
}

function userTenants(tx: Tx, userId: string): Promise<TenantSummary[]> {
	return tx
		.selectFrom("memberships")
		.innerJoin("tenants", "tenants.id", "memberships.tenant_id")
		.select(["tenants.id", "tenants.slug", "tenants.name", "tenants.kind"])
		.where("memberships.user_id", "=", userId)
		.where("memberships.disabled_at", "is", null)
		.orderBy("tenants.path")
		.execute();
}

/**
 * Resolves `/t/<slug>` for a user in one call: the tenant and the user's roles there, or null when
 * the tenant does not exist or the user is no (active) member (all answer 404: no probing for slugs).
 */
export function findMembership(db: Kysely<Database>, userId: string, slug: string): Promise<TenantMembership | null> {
	return runAs(db, { userId, tenantId: null }, (tx) => membershipIn(tx, userId, slug));
}

/**
 * The membership, the user's tenants (for the switcher), how many invitations wait for their
 * answer (ADR 0008) and whether this session has entered the unit before, in one unit of work:
 * one per page view.
 */
export function findMembershipWithTenants(
	db: Kysely<Database>,
	userId: string,
	slug: string,
	sessionId: string,
	now = new Date(),
) {
	return runAs(db, { userId, tenantId: null }, async (tx) => {
		return accessIn(await membershipsStatement(tx, { userId, sessionId, now }), slug);
	});
}

/**
 * The same as findMembershipWithTenants from the memberships the database answered with the verified
 * session (app/domain/auth withVerifiedSession): nothing more is read.
 */
export function verifiedSessionAccess(rows: readonly SessionAccessRow[], slug: string) {
	// The same columns under the same names; the unit's id is `tenant_id` there.
	return accessIn(
		rows.map((r) => ({ ...r, id: r.tenant_id as string })),
		slug,
	);
}

function accessIn(rows: Awaited<ReturnType<typeof membershipsStatement>>, slug: string) {
	const here = rows.find((row) => row.slug === slug);
	if (!here) return null;
	return {
		membership: toMembership(here),
		tenants: rows.map(({ id, slug, name, kind }) => ({ id, slug, name, kind })),
		pendingInvitations: Number(here.pending_invitations ?? 0),
		sessionEntered: here.entered,
	};
}

/**
 * One statement (ADR 0009; compiled once, db/statement-template.ts): every active membership with
 * its tenant, the invitation count, the entry. A page view whose session the database verified has
 * all of it already (verifiedSessionAccess); this serves the path that validates the session itself.
 */
export const membershipsStatement = statementTemplate(
	["userId", "sessionId", "now"],
	(tx: Kysely<Database>, v: { userId: string; sessionId: string; now: Date }) => accessQuery(tx, v.userId, v),
);

function accessQuery(tx: Kysely<Database>, userId: string, v: { sessionId: string; now: Date }) {
	return membershipQuery(tx, userId)
		.select((eb) =>
			eb
				.selectFrom("invitations")
				.select(eb.fn.countAll<number>().as("n"))
				.where("email", "=", sql<string>`app_current_user_email()`)
				// Written into the text, not bound: the generic plan the app's connections keep can then use
				// the index of pending invitations by address (a partial index, WHERE status = 'pending'),
				// instead of reading every unit's invitations on every page.
				.where("status", "=", sql.lit("pending"))
				.where("expires_at", ">", v.now)
				.as("pending_invitations"),
		)
		.select((eb) =>
			eb
				.exists(
					eb
						.selectFrom("session_units")
						.select(sql`1`.as("one"))
						.whereRef("session_units.tenant_id", "=", "tenants.id")
						.where("session_units.session_id", "=", v.sessionId),
				)
				.as("entered"),
		)
		.orderBy("tenants.path");
}

function membershipQuery(tx: Kysely<Database> | Tx, userId: string) {
	return tx
		.selectFrom("memberships")
		.innerJoin("tenants", "tenants.id", "memberships.tenant_id")
		.select([
			"tenants.id",
			"tenants.slug",
			"tenants.name",
			"tenants.kind",
			"tenants.gov_name",
			"tenants.union_name",
			"tenants.division_code",
			"tenants.parent_id",
			"memberships.roles",
		])
		.where("memberships.user_id", "=", userId)
		.where("memberships.disabled_at", "is", null);
}

type MembershipRow = Awaited<ReturnType<ReturnType<typeof membershipQuery>["executeTakeFirstOrThrow"]>>;

async function membershipIn(tx: Tx, userId: string, slug: string): Promise<TenantMembership | null> {
	const row = await membershipQuery(tx, userId).where("tenants.slug", "=", slug).executeTakeFirst();
	return row ? toMembership(row) : null;
}

function toMembership(row: MembershipRow): TenantMembership {
	return {
		roles: row.roles,
		tenant: {
			id: row.id,
			slug: row.slug,
			name: row.name,
			kind: row.kind,
			govName: row.gov_name,
			unionName: row.union_name,
			divisionCode: row.division_code,
			parentId: row.parent_id,
		},
	};
}
