import { Form, Link, useLoaderData } from "react-router";
import { PageHeader } from "#app/components/page-header.tsx";
import { Th } from "#app/components/table.tsx";
import { auditAreas, auditKindLabel, subjectText, subjectTypeLabel } from "#app/domain/audit/audit-words.ts";
import { auditFilterSchema, listAuditEvents } from "#app/domain/audit/read-audit.server.ts";
import { pageTitle, type Translate, usePunctuation, useT } from "#app/i18n/i18n.ts";
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
		{ userId: user.id, tenantId: membership.tenant.id, slug: membership.tenant.slug },
		filter,
	);
	return { filter, events: events.map((e) => ({ ...e, at: chinaDateTime(e.at) })) };
}

type AuditRow = ReturnType<typeof useLoaderData<typeof loader>>["events"][number];

/** The subject by its title, or by its type when it is no longer visible. */
function subjectName(t: Translate, e: AuditRow): string {
	if (e.subject) return subjectText(t, e.subject.name);
	const type = subjectTypeLabel(e.entityType);
	return t("audit.subject.gone", { type: type ? t(type) : e.entityType });
}

export default function Audit() {
	const t = useT();
	const p = usePunctuation();
	const { filter, events } = useLoaderData<typeof loader>();
	const area = auditAreas.find((a) => a.prefix === filter.action)?.prefix ?? "";
	// Cells stack on a phone, each with its column's name; a table from the tablet width on.
	const cell = "block px-4 py-1 md:table-cell md:py-2";
	const label = (text: string) => (
		<span className="text-slate-500 md:hidden">
			{text}
			{p.colon}
		</span>
	);
	return (
		<div className="space-y-4">
			<PageHeader title={t("audit.title")} intro={t("audit.intro")} />
			<Form
				method="get"
				className="flex flex-wrap items-end gap-3 rounded border border-slate-200 bg-white p-3 text-sm"
			>
				{filter.entity ? <input type="hidden" name="entity" value={filter.entity} /> : null}
				<label>
					<span className="block text-slate-700">{t("audit.filter.action")}</span>
					<select
						name="action"
						defaultValue={area}
						className="mt-1 rounded border border-slate-400 bg-white px-2 py-1.5"
					>
						<option value="">{t("audit.filter.all")}</option>
						{auditAreas.map((a) => (
							<option key={a.prefix} value={a.prefix}>
								{t(a.label)}
							</option>
						))}
					</select>
				</label>
				<button type="submit" className="rounded border border-slate-400 bg-white px-3 py-1.5 hover:bg-slate-50">
					{t("matters.filter.apply")}
				</button>
			</Form>
			{filter.entity ? (
				<p className="text-sm">
					{events[0] ? `${t("audit.filter.only", { subject: subjectName(t, events[0]) })} ` : null}
					<Link to="?" className="text-blue-800 underline">
						{t("audit.filter.clear")}
					</Link>
				</p>
			) : null}
			<div className="rounded border border-slate-200 bg-white">
				{events.length === 0 ? (
					<p className="p-4 text-sm text-slate-600">{t("audit.none")}</p>
				) : (
					<table className="block w-full text-left text-sm md:table">
						<thead className="hidden border-b border-slate-200 bg-slate-50 text-slate-700 md:table-header-group">
							<tr>
								<Th className="whitespace-nowrap">{t("audit.col.at")}</Th>
								<Th>{t("audit.col.who")}</Th>
								<Th>{t("audit.col.action")}</Th>
								<Th>{t("audit.col.entity")}</Th>
								<Th>{t("audit.col.words")}</Th>
								<Th>{t("audit.col.from")}</Th>
							</tr>
						</thead>
						<tbody className="block divide-y divide-slate-100 md:table-row-group">
							{events.map((e) => {
								const kind = auditKindLabel(e.action);
								return (
									<tr key={e.id} className="block py-2 md:table-row md:py-0">
										<td className={`${cell} whitespace-nowrap tabular-nums`}>{e.at}</td>
										<td className={cell}>
											{label(t("audit.col.who"))}
											{e.who ?? t("audit.bySystem")}
										</td>
										<td className={cell}>
											{label(t("audit.col.action"))}
											{kind ? t(kind) : <code className="text-xs">{e.action}</code>}
										</td>
										<td className={`${cell} md:max-w-xs`}>
											{label(t("audit.col.entity"))}
											{e.subject?.href ? (
												<Link to={e.subject.href} className="text-blue-800 underline">
													{subjectName(t, e)}
												</Link>
											) : (
												subjectName(t, e)
											)}
											{e.topic ? (
												<span className="block text-xs text-slate-700">
													{e.topic.href ? (
														<Link to={e.topic.href} className="text-blue-800 underline">
															{t("audit.topicOf", { title: subjectText(t, e.topic.name) })}
														</Link>
													) : (
														t("audit.topicOf", { title: subjectText(t, e.topic.name) })
													)}
												</span>
											) : null}
											{filter.entity ? null : (
												<Link to={`?entity=${e.entityId}`} className="ml-2 text-xs text-slate-600 underline">
													{t("audit.filter.sameSubject")}
												</Link>
											)}
										</td>
										<td className={`${cell} whitespace-pre-wrap md:max-w-xs ${e.words ? "" : "hidden md:table-cell"}`}>
											{e.words ? label(t("audit.col.words")) : null}
											{e.words ?? ""}
										</td>
										<td className={`${cell} text-xs text-slate-600`}>
											{label(t("audit.col.from"))}
											{e.ip ?? "—"}
										</td>
									</tr>
								);
							})}
						</tbody>
					</table>
				)}
			</div>
		</div>
	);
}
