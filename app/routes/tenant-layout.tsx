import { Outlet, useLoaderData, useLocation, useMatches, useRouteLoaderData } from "react-router";
import { ErrorPage } from "#app/components/error-page.tsx";
import { LangSwitch } from "#app/components/lang-switch.tsx";
import { NotificationMenu } from "#app/components/notification-menu.tsx";
import { useRouteAnchors } from "#app/components/route-anchor.tsx";
import { listUnreadNotifications } from "#app/domain/notifications/read-notifications.server.ts";
import { can } from "#app/domain/tenancy/permissions.ts";
import { type MessageKey, usePunctuation, useT } from "#app/i18n/i18n.ts";
import { servicesContext } from "#app/lib/app-context.server.ts";
import { requireTenantMember, requireWellFormedIds, tenantAccessContext } from "#app/lib/guards.server.ts";
import type { Route } from "./+types/tenant-layout";

export const middleware: Route.MiddlewareFunction[] = [requireWellFormedIds, requireTenantMember];

export async function loader({ context }: Route.LoaderArgs) {
	const { user, membership, tenants, pendingInvitations } = context.get(tenantAccessContext);
	const db = context.get(servicesContext).db.app;
	const notifications = await listUnreadNotifications(db, { userId: user.id, tenantId: membership.tenant.id });
	// What the header and menu show, and no more: every page's document carries it (the menu is
	// worked out from the roles where it is drawn).
	return {
		user: { displayName: user.displayName },
		tenant: { slug: membership.tenant.slug, name: membership.tenant.name },
		roles: membership.roles,
		tenants: tenants.map(({ slug, name }) => ({ slug, name })),
		notifications,
		pendingInvitations,
	};
}

/** The menu, in the order people work: the system, the register of children, then administration. */
const navItems = [
	{ path: "meetings", label: "nav.meetings", permission: "meetings.read" },
	{ path: "matters", label: "nav.matters", permission: "matters.read" },
	{ path: "opinions", label: "nav.opinions", permission: "opinions.answer" },
	{ path: "system", label: "nav.system", permission: "system.read" },
	{ path: "register", label: "nav.register", permission: "register.read" },
	{ path: "reports", label: "nav.reports", permission: "reports.read" },
	{ path: "report-requests", label: "nav.reportRequests", permission: "reportRequests.read" },
	{ path: "public-results", label: "nav.publicResults", permission: "publicResults.read" },
	{ path: "departments", label: "nav.departments", permission: "departments.read" },
	{ path: "members", label: "nav.members", permission: "members.read" },
	{ path: "children", label: "nav.children", permission: "children.manage" },
	{ path: "settings", label: "nav.settings", permission: "tenant.read" },
	{ path: "im-channels", label: "nav.imChannels", permission: "imChannels.manage" },
	{ path: "audit", label: "nav.audit", permission: "audit.read" },
	{ path: "security", label: "nav.security", permission: "security.read" },
] as const satisfies { path: string; label: MessageKey; permission: Parameters<typeof can>[1] }[];

/** The menu entry's classes (app/app.css). */
const navLinkClass = (isActive: boolean) => (isActive ? "nav-link nav-link-here" : "nav-link nav-link-other");

/**
 * A menu entry as <NavLink> renders it (active: this path, or below it unless `end`; then
 * aria-current="page"), as a plain route anchor: one location read for the whole menu instead of a
 * <NavLink>'s hooks per entry (app/components/route-anchor.tsx).
 */
function MenuLink({ to, end = false, here, children }: { to: string; end?: boolean; here: string; children: string }) {
	const target = to.toLowerCase();
	const isActive = here === target || (!end && here.startsWith(target) && here.charAt(target.length) === "/");
	return (
		<a href={to} data-route="" aria-current={isActive ? "page" : undefined} className={navLinkClass(isActive)}>
			{children}
		</a>
	);
}

export default function TenantLayout() {
	return (
		<TenantChrome page={useLoaderData<typeof loader>()}>
			<Outlet />
		</TenantChrome>
	);
}

/**
 * An error inside a unit's pages (a 403 for a role, a 404 for a record) keeps the unit's header and
 * menu, so the person can go on from there. When the unit itself is not theirs (the layout's own
 * loader refused), nothing of it is shown: the plain error page.
 */
export function ErrorBoundary({ error }: Route.ErrorBoundaryProps) {
	const page = useRouteLoaderData<typeof loader>("routes/tenant-layout");
	if (!page) return <ErrorPage error={error} />;
	return (
		<TenantChrome page={page}>
			<ErrorPage error={error} embedded />
		</TenantChrome>
	);
}

function TenantChrome({ page, children }: { page: Route.ComponentProps["loaderData"]; children: React.ReactNode }) {
	const t = useT();
	const p = usePunctuation();
	const { user, tenant, tenants, roles, notifications, pendingInvitations } = page;
	const nav = navItems.filter((item) => can(roles, item.permission));
	const others = tenants.filter((x) => x.slug !== tenant.slug);
	const wide = useMatches().some((m) => (m.handle as { wide?: boolean } | undefined)?.wide === true);
	const here = useLocation().pathname.toLowerCase();
	useRouteAnchors();
	return (
		<div className="min-h-screen">
			<header className="border-b border-slate-200 bg-white">
				<div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-2">
					<a href={`/t/${tenant.slug}`} data-route="" className="font-semibold text-brand-800">
						{t("app.name")}
					</a>
					{others.length > 0 ? (
						<details className="relative">
							<summary className="cursor-pointer list-none rounded px-2 py-1 text-sm text-slate-800 hover:bg-slate-100 [&::-webkit-details-marker]:hidden">
								<span className="sr-only">{t("nav.currentTenant")}: </span>
								{tenant.name} <span aria-hidden="true">▾</span>
								<span className="sr-only">
									{p.open}
									{t("nav.switchTenant")}
									{p.close}
								</span>
							</summary>
							<ul
								className="absolute z-10 mt-1 min-w-48 rounded border border-slate-200 bg-white py-1 shadow-lg"
								aria-label={t("nav.switchTenant")}
							>
								{others.map((x) => (
									<li key={x.slug}>
										<a href={`/t/${x.slug}`} data-route="" className="block px-3 py-2 text-sm hover:bg-slate-100">
											{x.name}
										</a>
									</li>
								))}
							</ul>
						</details>
					) : (
						<span className="text-sm text-slate-800">{tenant.name}</span>
					)}
					<div className="ml-auto flex flex-wrap items-center justify-end gap-x-2 gap-y-1">
						{/* biome-ignore lint/a11y/useSemanticElements: the <search> element is too new for some screen readers; role="search" on the form is announced everywhere */}
						<form role="search" method="get" action={`/t/${tenant.slug}/search`} className="flex items-center gap-1">
							<label htmlFor="header-search" className="sr-only">
								{t("search.box")}
							</label>
							<input
								id="header-search"
								type="search"
								name="q"
								placeholder={t("search.placeholder")}
								className="w-28 rounded border border-slate-400 px-2 py-1 text-sm sm:w-48"
							/>
							<button
								type="submit"
								className="rounded px-2 py-1 text-sm whitespace-nowrap text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-blue-700"
							>
								{t("search.submit")}
							</button>
						</form>
						<a
							href="/account"
							data-route=""
							className="hidden rounded px-1 text-sm text-slate-600 hover:bg-slate-100 hover:text-slate-900 sm:inline"
						>
							{t("nav.signedInAs", { name: user.displayName })}
						</a>
						<NotificationMenu slug={tenant.slug} items={notifications.items} total={notifications.total} />
						<LangSwitch />
						{/* A plain form: signing out loads the sign-in page afresh, with nothing of the unit kept in the page. */}
						<form method="post" action="/logout">
							<button
								type="submit"
								className="rounded px-2 py-1 text-sm whitespace-nowrap text-slate-700 hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-blue-700"
							>
								{t("nav.signOut")}
							</button>
						</form>
					</div>
				</div>
				<nav aria-label={t("nav.menu")} className="mx-auto flex max-w-6xl gap-1 overflow-x-auto px-4 pb-2">
					<MenuLink to={`/t/${tenant.slug}`} end here={here}>
						{t("nav.home")}
					</MenuLink>
					{nav.map((item) => (
						<MenuLink key={item.path} to={`/t/${tenant.slug}/${item.path}`} here={here}>
							{t(item.label)}
						</MenuLink>
					))}
				</nav>
			</header>
			{/* A page with a wide table (the statistics: `handle = { wide: true }`) takes the full width. */}
			<main id="main" className={`mx-auto px-4 py-6 ${wide ? "max-w-[96rem]" : "max-w-6xl"}`}>
				{pendingInvitations > 0 ? (
					<p className="mb-4 rounded border border-blue-300 bg-blue-50 px-3 py-2 text-sm text-blue-950">
						{t("invitations.banner", { count: pendingInvitations })}{" "}
						<a href="/invitations" data-route="" className="font-medium underline underline-offset-2">
							{t("invitations.view")}
						</a>
					</p>
				) : null}
				{children}
			</main>
		</div>
	);
}
