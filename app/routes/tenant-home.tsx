import { redirect, useLoaderData } from "react-router";
import { ChildrenAttention, WorkbenchPanel } from "#app/components/workbench.tsx";
import { can } from "#app/domain/tenancy/permissions.ts";
import { roleLabelKey, tenantKindKey } from "#app/domain/tenancy/roles.ts";
import { readChildrenAttention } from "#app/domain/workbench/children-attention.server.ts";
import { dutiesOf } from "#app/domain/workbench/duties.ts";
import { readWorkbench } from "#app/domain/workbench/read-workbench.server.ts";
import { shownWorkbench } from "#app/domain/workbench/shown-workbench.ts";
import { workbenchGroups } from "#app/domain/workbench/workbench-rules.ts";
import { pageTitle, useT } from "#app/i18n/i18n.ts";
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

export async function loader({ context }: Route.LoaderArgs) {
	const { user, membership } = requirePermission(context, "tenant.read");
	// A report viewer's home is the statistics page (W1–W3): nothing else is theirs to do.
	if (membership.roles.every((role) => role === "viewer")) throw redirect(`/t/${membership.tenant.slug}/reports`);
	const db = context.get(servicesContext).db.app;
	const actor = { userId: user.id, tenantId: membership.tenant.id };
	// The person's own open work first (issue #14), from the rules that allow each step.
	// Side by side: their statements share round trips (ADR 0009).
	const today = chinaToday();
	const [bench, children] = await Promise.all([
		readWorkbench(db, actor, membership.roles, today),
		// W1–W3: the subordinate units the statistics flag now; null in a unit without any.
		can(membership.roles, "reports.read") ? readChildrenAttention(db, actor, today) : null,
	]);
	const open = workbenchGroups.some((group) => (bench[group]?.length ?? 0) > 0);
	return {
		user: { displayName: user.displayName },
		tenant: membership.tenant,
		roles: membership.roles,
		children,
		duties: dutiesOf(membership.roles, { hasChildren: children !== null }),
		open,
		bench: shownWorkbench(bench, bench.totals),
	};
}

export default function TenantHome() {
	const t = useT();
	const { user, tenant, roles, children, duties, open, bench } = useLoaderData<typeof loader>();
	return (
		<div className="space-y-6">
			<div>
				<h1 className="text-xl font-semibold">{t("home.title", { tenant: tenant.name })}</h1>
				<p className="mt-1 text-slate-600">{t("home.welcome", { name: user.displayName })}</p>
			</div>
			<WorkbenchPanel slug={tenant.slug} bench={bench} />
			{children ? (
				<ChildrenAttention slug={tenant.slug} year={children.year} flagged={children.flagged} units={children.units} />
			) : null}
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
				{open ? <p className="mt-1 text-sm font-medium text-amber-900">{t("workbench.duties.first")}</p> : null}
				<ul className="mt-1 list-disc space-y-1 pl-5 text-sm text-amber-900">
					{duties.map((duty) => (
						<li key={duty}>{t(`workbench.duty.${duty}`)}</li>
					))}
				</ul>
			</section>
		</div>
	);
}
