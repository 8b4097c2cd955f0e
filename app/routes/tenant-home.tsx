import { redirect, useLoaderData } from "react-router";
import { ChildTenantsTable } from "#app/components/child-tenants-table.tsx";
import { WorkbenchPanel } from "#app/components/workbench.tsx";
import { listChildTenants } from "#app/domain/tenancy/list-child-tenants.server.ts";
import { can } from "#app/domain/tenancy/permissions.ts";
import { roleLabelKey, tenantKindKey } from "#app/domain/tenancy/roles.ts";
import { readWorkbench } from "#app/domain/workbench/read-workbench.server.ts";
import { type MessageKey, pageTitle, useT } from "#app/i18n/i18n.ts";
import { servicesContext } from "#app/lib/app-context.server.ts";
import { chinaToday } from "#app/lib/china-time.ts";
import { requirePermission } from "#app/lib/guards.server.ts";
import type { Route } from "./+types/tenant-home";

export function meta({ matches }: Route.MetaArgs) {
	const tenant = (
		matches.find((m) => m?.id === "routes/tenant-layout")?.loaderData as { tenant?: { name: string } } | undefined
	)?.tenant;
	return pageTitle(matches, "home.title", { tenant: tenant?.name ?? "" });
}

/** What each role does next (W1–W3, O1–O7), in the words of the notice; the menu leads there. */
const nextSteps = {
	admin: "home.next.admin",
	gov_head: "home.next.leader",
	gov_liaison: "home.next.leader",
	gov_deputy_secretary: "home.next.leader",
	union_chair: "home.next.leader",
	union_vice_chair: "home.next.leader",
	gov_office: "home.next.govOffice",
	union_staff: "home.next.unionStaff",
	department_liaison: "home.next.liaison",
	viewer: "home.next.viewer",
} as const satisfies Record<string, MessageKey>;

export async function loader({ context }: Route.LoaderArgs) {
	const { user, membership } = requirePermission(context, "tenant.read");
	// A report viewer's home is the statistics page (W1–W3): nothing else is theirs to do.
	if (membership.roles.every((role) => role === "viewer")) throw redirect(`/t/${membership.tenant.slug}/reports`);
	const db = context.get(servicesContext).db.app;
	const actor = { userId: user.id, tenantId: membership.tenant.id };
	// The person's own open work first (issue #14), from the rules that allow each step.
	// Side by side: their statements share round trips (ADR 0009).
	const [bench, children] = await Promise.all([
		readWorkbench(db, actor, membership.roles, chinaToday()),
		can(membership.roles, "tenant.readChildren") ? listChildTenants(db, actor) : null,
	]);
	const steps = [...new Set(membership.roles.map((role) => nextSteps[role]))];
	return {
		user: { displayName: user.displayName },
		tenant: membership.tenant,
		roles: membership.roles,
		children,
		steps,
		bench,
	};
}

export default function TenantHome() {
	const t = useT();
	const { user, tenant, roles, children, steps, bench } = useLoaderData<typeof loader>();
	return (
		<div className="space-y-6">
			<div>
				<h1 className="text-xl font-semibold">{t("home.title", { tenant: tenant.name })}</h1>
				<p className="mt-1 text-slate-600">{t("home.welcome", { name: user.displayName })}</p>
			</div>
			<WorkbenchPanel slug={tenant.slug} bench={bench} />
			<section aria-labelledby="sides" className="rounded border border-slate-200 bg-white p-4">
				<h2 id="sides" className="font-medium">
					{t("home.sides")}
				</h2>
				<dl className="mt-3 grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[auto_1fr]">
					<dt className="text-slate-600">{t("home.govSide")}</dt>
					<dd>{tenant.govName}</dd>
					<dt className="text-slate-600">{t("home.unionSide")}</dt>
					<dd>{tenant.unionName}</dd>
					<dt className="text-slate-600">{t("home.kind")}</dt>
					<dd>{t(tenantKindKey(tenant.kind))}</dd>
					{tenant.divisionCode ? (
						<>
							<dt className="text-slate-600">{t("home.divisionCode")}</dt>
							<dd className="tabular-nums">{tenant.divisionCode}</dd>
						</>
					) : null}
					<dt className="text-slate-600">{t("home.yourRoles")}</dt>
					<dd className="flex flex-wrap gap-1">
						{roles.map((role) => (
							<span key={role} className="rounded bg-blue-50 px-2 py-0.5 text-xs text-blue-900 ring-1 ring-blue-200">
								{t(roleLabelKey(role, tenant))}
							</span>
						))}
					</dd>
				</dl>
			</section>
			<section aria-labelledby="next" className="rounded border border-amber-200 bg-amber-50 p-4">
				<h2 id="next" className="font-medium text-amber-900">
					{t("home.nextStep")}
				</h2>
				<ul className="mt-1 list-disc space-y-1 pl-5 text-sm text-amber-900">
					{steps.map((key) => (
						<li key={key}>{t(key)}</li>
					))}
				</ul>
			</section>
			{children ? (
				<section aria-labelledby="children" className="rounded border border-slate-200 bg-white">
					<div className="flex items-baseline justify-between p-4">
						<h2 id="children" className="font-medium">
							{t("home.children")}
						</h2>
						<span className="text-sm text-slate-600">{t("home.childrenCount", { count: children.length })}</span>
					</div>
					{children.length === 0 ? (
						<p className="px-4 pb-4 text-sm text-slate-600">{t("home.noChildren")}</p>
					) : (
						<ChildTenantsTable tenants={children} />
					)}
				</section>
			) : null}
		</div>
	);
}
