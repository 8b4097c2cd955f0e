import { Link, useLoaderData } from "react-router";
import { buttonClass } from "#app/components/button.tsx";
import { MeetingStatusTag } from "#app/components/meeting-status.tsx";
import { PageHeader } from "#app/components/page-header.tsx";
import { StatusTag } from "#app/components/status-tag.tsx";
import { Th } from "#app/components/table.tsx";
import { mayTake } from "#app/domain/meetings/meeting-rules.ts";
import { listMeetings } from "#app/domain/meetings/read-meetings.server.ts";
import { pageTitle, useT } from "#app/i18n/i18n.ts";
import { servicesContext } from "#app/lib/app-context.server.ts";
import { requirePermission } from "#app/lib/guards.server.ts";
import type { Route } from "./+types/meetings";

export function meta({ matches }: Route.MetaArgs) {
	return pageTitle(matches, "meetings.title");
}

export async function loader({ context }: Route.LoaderArgs) {
	const { user, membership } = requirePermission(context, "meetings.read");
	const meetings = await listMeetings(context.get(servicesContext).db.app, {
		userId: user.id,
		tenantId: membership.tenant.id,
	});
	return {
		slug: membership.tenant.slug,
		canPropose: mayTake("edit_request", membership.roles),
		meetings: meetings.map((m) => ({
			...m,
			date: m.heldOn ?? (m.scheduledStart ? m.scheduledStart.toISOString().slice(0, 10) : null),
		})),
	};
}

export default function Meetings() {
	const t = useT();
	const { slug, canPropose, meetings } = useLoaderData<typeof loader>();
	return (
		<div className="space-y-4">
			<div className="flex flex-wrap items-start justify-between gap-3">
				<PageHeader title={t("meetings.title")} intro={t("meetings.intro")} />
				{canPropose ? (
					<Link to={`/t/${slug}/meetings/new`} className={buttonClass.primary}>
						{t("meetings.new")}
					</Link>
				) : null}
			</div>
			<div className="relative overflow-x-auto rounded border border-slate-200 bg-white">
				{meetings.length === 0 ? (
					<p className="p-4 text-sm text-slate-600">{t("meetings.none")}</p>
				) : (
					<table className="w-full min-w-[44rem] text-left text-sm">
						<thead className="border-b border-slate-200 bg-slate-50 text-slate-700">
							<tr>
								<Th>{t("meetings.table.year")}</Th>
								<Th>{t("meetings.table.title")}</Th>
								<Th>{t("meetings.table.kind")}</Th>
								<Th>{t("meetings.table.status")}</Th>
								<Th>{t("meetings.table.date")}</Th>
								<Th className="px-4 py-2 text-right font-medium">{t("meetings.table.topics")}</Th>
							</tr>
						</thead>
						<tbody className="divide-y divide-slate-100">
							{meetings.map((m) => (
								<tr key={m.id}>
									<td className="px-4 py-2 tabular-nums">{m.year}</td>
									<td className="px-4 py-2">
										<Link
											to={`/t/${slug}/meetings/${m.id}`}
											className="text-blue-800 underline-offset-2 hover:underline"
										>
											{m.title}
										</Link>
									</td>
									<td className="px-4 py-2">{t(`meetings.kind.${m.kind}`)}</td>
									<td className="px-4 py-2">
										<MeetingStatusTag status={m.status} />
									</td>
									<td className="px-4 py-2 tabular-nums">{m.date ?? "—"}</td>
									<td className="px-4 py-2 text-right tabular-nums">{m.topicCount}</td>
									<td className="px-4 py-2 whitespace-nowrap">
										{m.heldOn ? (
											(m.publicityCount ?? 0) > 0 ? (
												<StatusTag tone="good">{t("publicity.publicised")}</StatusTag>
											) : (
												<StatusTag tone="warn">{t("publicity.notPublicised")}</StatusTag>
											)
										) : (
											"—"
										)}
									</td>
								</tr>
							))}
						</tbody>
					</table>
				)}
			</div>
		</div>
	);
}
