import type { ChildTenant } from "#app/domain/tenancy/list-child-tenants.server.ts";
import { tenantKindKey } from "#app/domain/tenancy/roles.ts";
import { useT } from "#app/i18n/i18n.ts";
import { Th } from "./table.tsx";

/** The direct children of a tenant; optionally with their web address code. */
export function ChildTenantsTable({ tenants, showSlug = false }: { tenants: ChildTenant[]; showSlug?: boolean }) {
	const t = useT();
	return (
		<div className="relative overflow-x-auto">
			<table className="w-full min-w-[44rem] text-left text-sm">
				<thead className="border-y border-slate-200 bg-slate-50 text-slate-700">
					<tr>
						<Th>{t("home.table.name")}</Th>
						<Th>{t("home.table.kind")}</Th>
						<Th>{t("home.table.code")}</Th>
						<Th>{t("home.table.sides")}</Th>
						{showSlug ? <Th>{t("children.slug")}</Th> : null}
					</tr>
				</thead>
				<tbody className="divide-y divide-slate-100">
					{tenants.map((c) => (
						<tr key={c.slug}>
							<td className="px-4 py-2">{c.name}</td>
							<td className="px-4 py-2 whitespace-nowrap">{t(tenantKindKey(c.kind))}</td>
							<td className="px-4 py-2 tabular-nums">{c.divisionCode ?? "—"}</td>
							<td className="px-4 py-2 text-slate-700">
								{c.govName} / {c.unionName}
							</td>
							{showSlug ? <td className="px-4 py-2 font-mono text-xs">{c.slug}</td> : null}
						</tr>
					))}
				</tbody>
			</table>
		</div>
	);
}
