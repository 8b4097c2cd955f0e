import { Form, Link, useLoaderData, useLocation } from "react-router";
import { FileLink } from "#app/components/file-link.tsx";
import { PageHeader } from "#app/components/page-header.tsx";
import { StatusTag } from "#app/components/status-tag.tsx";
import { ScrollBox, Th } from "#app/components/table.tsx";
import {
	listAdoptionRegister,
	type RegisterFilter,
	registerFilterSchema,
	yearsAndMonthsSince,
} from "#app/domain/registry/adoption-register.server.ts";
import { tenantKindKey } from "#app/domain/tenancy/roles.ts";
import { type MessageKey, pageTitle, useT } from "#app/i18n/i18n.ts";
import { servicesContext } from "#app/lib/app-context.server.ts";
import { chinaToday } from "#app/lib/china-time.ts";
import { requirePermission } from "#app/lib/guards.server.ts";
import type { Route } from "./+types/adoption-register";

export function meta({ matches }: Route.MetaArgs) {
	return pageTitle(matches, "register.title");
}

export async function loader({ request, context }: Route.LoaderArgs) {
	const { user, membership } = requirePermission(context, "register.read");
	const filter = registerFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
	const { rows, counts } = await listAdoptionRegister(
		context.get(servicesContext).db.app,
		{ userId: user.id, tenantId: membership.tenant.id },
		filter,
		chinaToday(),
	);
	const today = new Date();
	return {
		slug: membership.tenant.slug,
		filter,
		counts,
		rows: rows.map((r) => ({ ...r, age: r.effectiveOn ? yearsAndMonthsSince(r.effectiveOn, today) : null })),
	};
}

const countLines: [keyof Awaited<ReturnType<typeof loader>>["counts"], MessageKey][] = [
	["all", "register.countAll"],
	["countyLevel", "register.countCountyLevel"],
	["zone", "register.countZone"],
	["industry", "register.countIndustry"],
];

function SortHeader({
	column,
	label,
	filter,
}: {
	column: RegisterFilter["sort"];
	label: string;
	filter: RegisterFilter;
}) {
	const t = useT();
	const location = useLocation();
	const active = filter.sort === column;
	const params = new URLSearchParams(location.search);
	params.set("sort", column);
	params.set("dir", active && filter.dir === "asc" ? "desc" : "asc");
	return (
		<th
			scope="col"
			className="px-4 py-2 font-medium whitespace-nowrap"
			aria-sort={active ? (filter.dir === "asc" ? "ascending" : "descending") : "none"}
		>
			<Link to={`?${params}`} className="hover:underline" aria-label={t("register.sortBy", { column: label })}>
				{label}
				{active ? <span aria-hidden="true">{filter.dir === "asc" ? " ▲" : " ▼"}</span> : null}
			</Link>
		</th>
	);
}

/** A table cell; on a phone the row becomes a card and each cell shows its column's name. */
const cardCell =
	"px-4 py-2 max-sm:flex max-sm:gap-3 max-sm:py-0.5 max-sm:before:w-28 max-sm:before:shrink-0 max-sm:before:text-slate-500 max-sm:before:content-[attr(data-label)]";

export default function AdoptionRegister() {
	const t = useT();
	const { slug, filter, counts, rows } = useLoaderData<typeof loader>();
	return (
		<div className="space-y-4">
			<PageHeader title={t("register.title")} intro={t("register.intro")} />
			<ul className="grid gap-2 sm:grid-cols-4" aria-label={t("register.title")}>
				{countLines
					.filter(([key]) => key === "all" || counts[key].total > 0)
					.map(([key, label]) => (
						<li key={key} className="rounded border border-slate-200 bg-white px-3 py-2 text-sm">
							{t(label, counts[key])}
						</li>
					))}
			</ul>
			<Form method="get" className="flex flex-wrap items-end gap-3 rounded border border-slate-200 bg-white p-3">
				<input type="hidden" name="sort" value={filter.sort} />
				<input type="hidden" name="dir" value={filter.dir} />
				<label className="text-sm">
					<span className="block text-slate-700">{t("register.filter.kind")}</span>
					<select
						name="kind"
						defaultValue={filter.kind ?? ""}
						className="mt-1 rounded border border-slate-400 bg-white px-2 py-1.5"
					>
						<option value="">{t("register.filter.all")}</option>
						{(["county", "zone", "industry"] as const).map((kind) => (
							<option key={kind} value={kind}>
								{t(tenantKindKey(kind))}
							</option>
						))}
					</select>
				</label>
				<label className="text-sm">
					<span className="block text-slate-700">{t("register.filter.status")}</span>
					<select
						name="status"
						defaultValue={filter.status ?? ""}
						className="mt-1 rounded border border-slate-400 bg-white px-2 py-1.5"
					>
						<option value="">{t("register.filter.all")}</option>
						<option value="established">{t("systems.status.established")}</option>
						<option value="not_established">{t("systems.status.notEstablished")}</option>
					</select>
				</label>
				<button
					type="submit"
					className="rounded border border-slate-400 bg-white px-3 py-1.5 text-sm hover:bg-slate-50"
				>
					{t("register.filter.apply")}
				</button>
			</Form>
			<ScrollBox label={t("register.title")} className="rounded border border-slate-200 bg-white">
				{rows.length === 0 ? (
					<p className="p-4 text-sm text-slate-600">{t("register.none")}</p>
				) : (
					<table className="w-full text-left text-sm max-sm:block">
						<thead className="border-b border-slate-200 bg-slate-50 text-slate-700 max-sm:hidden">
							<tr>
								<SortHeader column="name" label={t("register.col.unit")} filter={filter} />
								<Th className="whitespace-nowrap">{t("register.col.kind")}</Th>
								<Th className="whitespace-nowrap">{t("register.col.sides")}</Th>
								<SortHeader column="status" label={t("register.col.status")} filter={filter} />
								<Th className="whitespace-nowrap">{t("register.col.docNumber")}</Th>
								<SortHeader column="issued" label={t("register.col.issuedOn")} filter={filter} />
								<Th className="px-4 py-2 text-right font-medium">{t("register.col.versions")}</Th>
								<Th className="whitespace-nowrap">{t("register.col.age")}</Th>
								<Th className="whitespace-nowrap">{t("register.col.file")}</Th>
								<Th className="whitespace-nowrap">{t("register.col.lastMeeting")}</Th>
								<Th className="whitespace-nowrap">{t("register.col.matters")}</Th>
							</tr>
						</thead>
						<tbody className="divide-y divide-slate-100 max-sm:block">
							{rows.map((r) => (
								<tr key={r.tenantId} className="max-sm:block max-sm:py-2">
									<th scope="row" className="px-4 py-2 text-left font-medium whitespace-nowrap max-sm:block">
										{r.name}
									</th>
									<td data-label={t("register.col.kind")} className={`${cardCell} whitespace-nowrap`}>
										{t(tenantKindKey(r.kind))}
									</td>
									<td data-label={t("register.col.sides")} className={`${cardCell} text-slate-700`}>
										{/* Long names are shortened; the full names stay available. */}
										<span className="block max-w-[18rem] truncate" title={`${r.govName} / ${r.unionName}`}>
											{r.govName} / {r.unionName}
										</span>
									</td>
									<td data-label={t("register.col.status")} className={`${cardCell} whitespace-nowrap`}>
										{r.established ? (
											<StatusTag tone="good">{t("systems.status.established")}</StatusTag>
										) : (
											<StatusTag tone="warn">{t("systems.status.notEstablished")}</StatusTag>
										)}
									</td>
									<td data-label={t("register.col.docNumber")} className={`${cardCell} whitespace-nowrap`}>
										{r.docNumber ?? "—"}
									</td>
									<td data-label={t("register.col.issuedOn")} className={`${cardCell} whitespace-nowrap tabular-nums`}>
										{r.issuedOn ?? "—"}
									</td>
									<td
										data-label={t("register.col.versions")}
										className={`${cardCell} text-right tabular-nums whitespace-nowrap`}
									>
										{r.versions}
									</td>
									<td data-label={t("register.col.age")} className={`${cardCell} whitespace-nowrap`}>
										{r.age ? t("register.age", r.age) : "—"}
									</td>
									<td data-label={t("register.col.file")} className={`${cardCell} whitespace-nowrap`}>
										{r.fileId && r.fileName ? <FileLink slug={slug} fileId={r.fileId} name={r.fileName} /> : "—"}
									</td>
									<td
										data-label={t("register.col.lastMeeting")}
										className={`${cardCell} whitespace-nowrap tabular-nums`}
									>
										{r.lastHeldOn ?? "—"}
									</td>
									<td data-label={t("register.col.matters")} className={`${cardCell} whitespace-nowrap`}>
										{r.mattersTotal > 0
											? t("register.mattersLine", { total: r.mattersTotal, closed: r.mattersClosed })
											: "—"}
										{r.mattersOverdue > 0 ? (
											<StatusTag tone="bad">{t("register.mattersOverdue", { n: r.mattersOverdue })}</StatusTag>
										) : null}
									</td>
								</tr>
							))}
						</tbody>
					</table>
				)}
			</ScrollBox>
		</div>
	);
}
