import { Form, useLoaderData } from "react-router";
import { PageHeader } from "#app/components/page-header.tsx";
import { Th } from "#app/components/table.tsx";
import { auditFilterSchema, listAuditEvents } from "#app/domain/audit/read-audit.server.ts";
import { pageTitle, useT } from "#app/i18n/i18n.ts";
import { servicesContext } from "#app/lib/app-context.server.ts";
import { chinaDateTime } from "#app/lib/china-time.ts";
import { requirePermission } from "#app/lib/guards.server.ts";
import type { Route } from "./+types/audit";

export function meta({ matches }: Route.MetaArgs) {
	return pageTitle(matches, "audit.title");
}

export async function loader({ request, context }: Route.LoaderArgs) {
	const { user, membership } = requirePermission(context, "audit.read");
	const filter = auditFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
	const events = await listAuditEvents(
		context.get(servicesContext).db.app,
		{ userId: user.id, tenantId: membership.tenant.id },
		filter,
	);
	return { filter, events: events.map((e) => ({ ...e, at: chinaDateTime(e.at) })) };
}

export default function Audit() {
	const t = useT();
	const { filter, events } = useLoaderData<typeof loader>();
	return (
		<div className="space-y-4">
			<PageHeader title={t("audit.title")} intro={t("audit.intro")} />
			<Form
				method="get"
				className="flex flex-wrap items-end gap-3 rounded border border-slate-200 bg-white p-3 text-sm"
			>
				<label>
					<span className="block text-slate-700">{t("audit.filter.action")}</span>
					<input
						name="action"
						defaultValue={filter.action ?? ""}
						placeholder="meeting."
						className="mt-1 rounded border border-slate-400 px-2 py-1.5"
					/>
				</label>
				<label>
					<span className="block text-slate-700">{t("audit.filter.entity")}</span>
					<input
						name="entity"
						defaultValue={filter.entity ?? ""}
						className="mt-1 w-80 rounded border border-slate-400 px-2 py-1.5 font-mono text-xs"
					/>
				</label>
				<button type="submit" className="rounded border border-slate-400 bg-white px-3 py-1.5 hover:bg-slate-50">
					{t("matters.filter.apply")}
				</button>
			</Form>
			<div className="relative overflow-x-auto rounded border border-slate-200 bg-white">
				{events.length === 0 ? (
					<p className="p-4 text-sm text-slate-600">{t("audit.none")}</p>
				) : (
					<table className="w-full min-w-[44rem] text-left text-sm">
						<thead className="border-b border-slate-200 bg-slate-50 text-slate-700">
							<tr>
								<Th className="whitespace-nowrap">{t("audit.col.at")}</Th>
								<Th>{t("audit.col.who")}</Th>
								<Th>{t("audit.col.action")}</Th>
								<Th>{t("audit.col.entity")}</Th>
								<Th>{t("audit.col.words")}</Th>
								<Th>{t("audit.col.from")}</Th>
							</tr>
						</thead>
						<tbody className="divide-y divide-slate-100">
							{events.map((e) => (
								<tr key={e.id}>
									<td className="px-4 py-2 whitespace-nowrap tabular-nums">{e.at}</td>
									<td className="px-4 py-2">{e.who ?? "—"}</td>
									<td className="px-4 py-2 font-mono text-xs">{e.action}</td>
									<td className="px-4 py-2 font-mono text-xs">
										<a href={`?entity=${e.entityId}`} className="text-blue-800 underline">
											{e.entityType}:{e.entityId.slice(0, 8)}
										</a>
									</td>
									<td className="max-w-xs px-4 py-2 whitespace-pre-wrap">{e.words ?? ""}</td>
									<td className="px-4 py-2 text-xs text-slate-600">{e.ip ?? "—"}</td>
								</tr>
							))}
						</tbody>
					</table>
				)}
			</div>
		</div>
	);
}
