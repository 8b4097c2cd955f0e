import { Form, Link, useLoaderData } from "react-router";
import { PageHeader } from "#app/components/page-header.tsx";
import { StatusTag } from "#app/components/status-tag.tsx";
import { ScrollBox, Th } from "#app/components/table.tsx";
import { boardFilterSchema, listMatters } from "#app/domain/matters/read-matters.server.ts";
import { meetingTitle } from "#app/domain/meetings/meeting-title.ts";
import { pageTitle, useT } from "#app/i18n/i18n.ts";
import { servicesContext } from "#app/lib/app-context.server.ts";
import { chinaToday } from "#app/lib/china-time.ts";
import { requirePermission } from "#app/lib/guards.server.ts";
import type { Route } from "./+types/matters";

export function meta({ matches }: Route.MetaArgs) {
	return pageTitle(matches, "matters.title");
}

export async function loader({ request, context }: Route.LoaderArgs) {
	const { user, membership } = requirePermission(context, "matters.read");
	const params = Object.fromEntries(new URL(request.url).searchParams);
	const isLiaison = membership.roles.includes("department_liaison") && membership.roles.length === 1;
	// A department liaison starts on their own department's matters.
	const filter = boardFilterSchema.parse(isLiaison && !("mine" in params) ? { ...params, mine: "1" } : params);
	const board = await listMatters(
		context.get(servicesContext).db.app,
		{ userId: user.id, tenantId: membership.tenant.id },
		filter,
		chinaToday(),
	);
	return { slug: membership.tenant.slug, filter, ...board };
}

const statuses = ["assigned", "in_progress", "done", "verified", "overdue"] as const;
const tone = { assigned: "info", in_progress: "info", done: "good", verified: "good" } as const;

export default function Matters() {
	const t = useT();
	const { slug, filter, matters, departments, meetings } = useLoaderData<typeof loader>();
	const select = "mt-1 rounded border border-slate-400 bg-white px-2 py-1.5";
	return (
		<div className="space-y-4">
			<PageHeader title={t("matters.title")} intro={t("matters.intro")} />
			<Form
				method="get"
				className="flex flex-wrap items-end gap-3 rounded border border-slate-200 bg-white p-3 text-sm"
			>
				<label>
					<span className="block text-slate-700">{t("matters.filter.department")}</span>
					<select name="department" defaultValue={filter.department ?? ""} className={select}>
						<option value="">{t("matters.filter.all")}</option>
						{departments.map((d) => (
							<option key={d.id} value={d.id}>
								{d.name}
							</option>
						))}
					</select>
				</label>
				<label>
					<span className="block text-slate-700">{t("matters.filter.status")}</span>
					<select name="status" defaultValue={filter.status ?? ""} className={select}>
						<option value="">{t("matters.filter.all")}</option>
						{statuses.map((s) => (
							<option key={s} value={s}>
								{t(`matters.status.${s}`)}
							</option>
						))}
					</select>
				</label>
				<label>
					<span className="block text-slate-700">{t("matters.filter.meeting")}</span>
					<select name="meeting" defaultValue={filter.meeting ?? ""} className={select}>
						<option value="">{t("matters.filter.all")}</option>
						{meetings.map((m) => (
							<option key={m.id} value={m.id}>
								{meetingTitle(t, m.title)}
							</option>
						))}
					</select>
				</label>
				<label className="flex items-center gap-2">
					<input type="checkbox" name="mine" value="1" defaultChecked={filter.mine === "1"} />
					{t("matters.mine")}
				</label>
				<button type="submit" className="rounded border border-slate-400 bg-white px-3 py-1.5 hover:bg-slate-50">
					{t("matters.filter.apply")}
				</button>
			</Form>
			<ScrollBox label={t("matters.title")} className="rounded border border-slate-200 bg-white">
				{matters.length === 0 ? (
					<p className="p-4 text-sm text-slate-600">{t("matters.none")}</p>
				) : (
					<table className="w-full min-w-[44rem] text-left text-sm">
						<thead className="border-b border-slate-200 bg-slate-50 text-slate-700">
							<tr>
								<Th>{t("matters.col.content")}</Th>
								<Th>{t("matters.col.lead")}</Th>
								<Th className="whitespace-nowrap">{t("matters.col.deadline")}</Th>
								<Th>{t("matters.col.status")}</Th>
								<Th>{t("matters.col.latest")}</Th>
								<Th>{t("matters.col.source")}</Th>
							</tr>
						</thead>
						<tbody className="divide-y divide-slate-100">
							{matters.map((m) => (
								<tr key={m.id} className={m.overdue ? "bg-red-50/50" : undefined}>
									<td className="px-4 py-2">
										<Link
											to={`/t/${slug}/matters/${m.id}`}
											className="text-blue-800 underline-offset-2 hover:underline"
										>
											{m.content}
										</Link>
									</td>
									<td className="px-4 py-2">{m.department}</td>
									<td className="px-4 py-2 whitespace-nowrap tabular-nums">{m.deadline}</td>
									<td className="px-4 py-2 whitespace-nowrap">
										<StatusTag tone={tone[m.status]}>{t(`matters.status.${m.status}`)}</StatusTag>{" "}
										{m.overdue ? <StatusTag tone="bad">{t("matters.overdue")}</StatusTag> : null}
									</td>
									<td className="px-4 py-2 text-slate-700">{m.latest ?? "—"}</td>
									<td className="px-4 py-2 text-xs text-slate-600">{m.number}</td>
								</tr>
							))}
						</tbody>
					</table>
				)}
			</ScrollBox>
		</div>
	);
}
