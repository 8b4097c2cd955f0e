import { createContext, data, type MiddlewareFunction, type RouterContextProvider, redirect } from "react-router";
import type { UseCaseOptions } from "#app/domain/actor.ts";
import { recordSessionEntry } from "#app/domain/auth/session-units.server.ts";
import { type SessionUser, validateSessionToken, withVerifiedSession } from "#app/domain/auth/sessions.server.ts";
import { can, type Permission } from "#app/domain/tenancy/permissions.ts";
import type { Role } from "#app/domain/tenancy/roles.ts";
import {
	findMembershipWithTenants,
	type TenantMembership,
	type TenantSummary,
	verifiedSessionAccess,
} from "#app/domain/tenancy/tenant-access.server.ts";
import { servicesContext } from "./app-context.server.ts";
import { readSessionToken } from "./session-cookie.server.ts";

type Args = { request: Request; context: Readonly<RouterContextProvider> };

/** The signed-in user, or null. Validates the cookie token (and slides the session). */
export async function getSession(args: Args): Promise<{ user: SessionUser; sessionId: string } | null> {
	const { db, config } = args.context.get(servicesContext);
	const token = readSessionToken(args.request, config);
	return token ? validateSessionToken(db.app, token) : null;
}

/**
 * Only a same-origin path may be returned to after login: it starts with one "/", and holds no
 * backslash and no control character anywhere (browsers drop tab and newline from a URL, so
 * "/\t/evil.example" would become "//evil.example", another site).
 */
export function safeRedirectPath(value: unknown, fallback = "/"): string {
	if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//")) return fallback;
	// biome-ignore lint/suspicious/noControlCharactersInRegex: refusing them is the point
	if (/[\\\u0000-\u001f\u007f]/.test(value)) return fallback;
	return value;
}

const uuidShape = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Runs first under /t/:slug: a route id (any `…Id` parameter) that is not a uuid is a page that
 * does not exist, answered 404 before any query.
 */
export const requireWellFormedIds: MiddlewareFunction<Response> = ({ params }) => {
	for (const [name, value] of Object.entries(params)) {
		if (name.endsWith("Id") && (typeof value !== "string" || !uuidShape.test(value))) {
			throw data(null, { status: 404 });
		}
	}
};

export function loginRedirect(request: Request): Response {
	const url = new URL(request.url);
	const back = `${url.pathname}${url.search}`;
	return redirect(`/login?${new URLSearchParams({ redirectTo: back })}`);
}

export async function requireUser(args: Args): Promise<SessionUser> {
	const session = await getSession(args);
	if (!session) throw loginRedirect(args.request);
	return session.user;
}

interface TenantAccess {
	user: SessionUser;
	membership: TenantMembership;
	/** Every tenant the user belongs to (the switcher). */
	tenants: TenantSummary[];
	/** Invitations to other units waiting for this person's answer. */
	pendingInvitations: number;
}

export const tenantAccessContext = createContext<TenantAccess>();

/**
 * Runs before every loader and action under /t/:slug: anonymous users go to /login and come back,
 * non-members get 404 (never the page, never a hint that the tenant exists).
 */
export const requireTenantMember: MiddlewareFunction<Response> = async ({ request, params, context }) => {
	const { db, config } = context.get(servicesContext);
	const slug = params.slug;
	// A page view: the session verified by the database and the memberships in the settings of its
	// first statement (ADR 0009, 2026-12-05 and 2026-12-09); anything that path does not settle takes
	// the path below, as before.
	const token = readSessionToken(request, config);
	const verified = token && slug ? await withVerifiedSession(db.app, token, slug) : null;
	const session = verified ?? (await getSession({ request, context }));
	if (!session) throw loginRedirect(request);
	const { user, sessionId } = session;
	const found =
		verified && slug
			? verifiedSessionAccess(verified.memberships, slug)
			: slug
				? await findMembershipWithTenants(db.app, user.id, slug, sessionId)
				: null;
	if (!found) throw data(null, { status: 404 });
	const { sessionEntered, ...access } = found;
	// The unit's security events show the sessions that acted in it: recorded once per session and unit.
	if (!sessionEntered) {
		await recordSessionEntry(db.app, {
			userId: user.id,
			tenantId: access.membership.tenant.id,
			sessionId,
			meta: requestMeta(context),
		});
	}
	context.set(tenantAccessContext, { user, ...access });
};

/** The tenant access of this request; refuses with 403 unless the member's roles grant the permission. */
export function requirePermission(context: Readonly<RouterContextProvider>, permission: Permission): TenantAccess {
	const access = context.get(tenantAccessContext);
	if (!can(access.membership.roles, permission)) throw data(null, { status: 403 });
	return access;
}

export function requestMeta(context: Readonly<RouterContextProvider>) {
	const { ip, userAgent, requestId } = context.get(servicesContext);
	return { ip, userAgent, requestId };
}

/**
 * A use case's options for this request: the app role's database, the signed-in member in this
 * tenant, and the request's metadata for the audit trail. Call it after the guard that checks the role.
 */
export function caseOptions(context: Readonly<RouterContextProvider>): UseCaseOptions {
	const { user, membership } = context.get(tenantAccessContext);
	return {
		db: context.get(servicesContext).db.app,
		actor: { userId: user.id, membership },
		meta: requestMeta(context),
	};
}

/** The tenant access of this request; 403 unless the member holds one of the roles (workflow steps). */
export function requireAnyRole(context: Readonly<RouterContextProvider>, roles: readonly Role[]): TenantAccess {
	const access = context.get(tenantAccessContext);
	if (!access.membership.roles.some((role) => roles.includes(role))) throw data(null, { status: 403 });
	return access;
}
