import { useLoaderData } from "react-router";
import { buttonClass } from "#app/components/button.tsx";
import { MeetingStatusTag } from "#app/components/meeting-status.tsx";
import { Notice } from "#app/components/notice.tsx";
import { PageHeader } from "#app/components/page-header.tsx";
import { StatusTag } from "#app/components/status-tag.tsx";
import { Th } from "#app/components/table.tsx";
import { mayTake } from "#app/domain/meetings/meeting-rules.ts";
import { meetingTitle } from "#app/domain/meetings/meeting-title.ts";
import { listMeetings } from "#app/domain/meetings/read-meetings.server.ts";
import { pageTitle, useT } from "#app/i18n/i18n.ts";
import { servicesContext } from "#app/lib/app-context.server.ts";
import { requirePermission } from "#app/lib/guards.server.ts";
import type { Route } from "./+types/meetings";

export function meta({ matches }: Route.MetaArgs) {
	return pageTitle(matches, "meetings.title");
}

export async function loader({ request, context }: Route.LoaderArgs) {
	const { user, membership } = requirePermission(context, "meetings.read");
	const meetings = await listMeetings(context.get(servicesContext).db.app, {
		userId: user.id,
		tenantId: membership.tenant.id,
	});
	return {
		slug: membership.tenant.slug,
		canPropose: mayTake("edit_request", membership.roles),
		// Where deleting a draft meeting lands (its page is gone): the list says it was done.
		deleted: new URL(request.url).searchParams.get("deleted") === "1",
		// Only what the list shows: the page carries its data to the browser too.
		meetings: meetings.map((m) => ({
			id: m.id,
			year: m.year,
			kind: m.kind,
			status: m.status,
			title: m.title,
			heldOn: m.heldOn,
			date: m.heldOn ?? (m.scheduledStart ? m.scheduledStart.toISOString().slice(0, 10) : null),
			topicCount: m.topicCount,
			publicityCount: m.publicityCount,
		})),
	};
}

export default function Meetings() {
	const t = useT();
	const { slug, canPropose, meetings, deleted } = useLoaderData<typeof loader>();
	return (
		<div className="space-y-4">
			<div className="flex flex-wrap items-start justify-between gap-3">
				<PageHeader title={t("meetings.title")} intro={t("meetings.intro")} />
				{canPropose ? (
					<a href={`/t/${slug}/meetings/new`} data-route="" className={buttonClass.primary}>
						{t("meetings.new")}
					</a>
				) : null}
			</div>
			{deleted ? <Notice tone="success">{t("meetings.draft.deleted")}</Notice> : null}
			{/* Route anchors, not <Link>s: one per row costs the page's render (app/components/route-anchor.tsx). */}
			<div className="relative hidden overflow-x-auto rounded border border-slate-200 bg-white sm:block">
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
								<Th>{t("meetings.table.publicity")}</Th>
							</tr>
						</thead>
						<tbody className="divide-y divide-slate-100">
							{meetings.map((m) => (
								<tr key={m.id}>
									<td className="px-4 py-2 tabular-nums">{m.year}</td>
									<td className="px-4 py-2">
										<a
											href={`/t/${slug}/meetings/${m.id}`}
											data-route=""
											className="text-blue-800 underline-offset-2 hover:underline"
										>
											{meetingTitle(t, m.title)}
										</a>
									</td>
									<td className="px-4 py-2">{t(`meetings.kind.${m.kind}`)}</td>
									<td className="px-4 py-2">
										<MeetingStatusTag status={m.status} />
									</td>
									<td className="px-4 py-2 tabular-nums">{m.date ?? "—"}</td>
									<td className="px-4 py-2 text-right tabular-nums">{m.topicCount}</td>
									<td className="px-4 py-2 whitespace-nowrap">
										<Publicity heldOn={m.heldOn} count={m.publicityCount} />
									</td>
								</tr>
							))}
						</tbody>
					</table>
				)}
			</div>
			{/* On a phone each meeting is a card with the same facts (the table needs a tablet's width). */}
			{meetings.length === 0 ? (
				<p className="rounded border border-slate-200 bg-white p-4 text-sm text-slate-600 sm:hidden">
					{t("meetings.none")}
				</p>
			) : (
				<ul className="space-y-2 sm:hidden">
					{meetings.map((m) => (
						<li key={m.id} className="rounded border border-slate-200 bg-white p-3 text-sm">
							<a
								href={`/t/${slug}/meetings/${m.id}`}
								data-route=""
								className="font-medium text-blue-800 underline-offset-2"
							>
								{meetingTitle(t, m.title)}
							</a>
							<div className="mt-2 flex flex-wrap items-center gap-x-3 gap-y-1 text-slate-700">
								<MeetingStatusTag status={m.status} />
								<span>{t(`meetings.kind.${m.kind}`)}</span>
								{m.date ? <span className="tabular-nums">{m.date}</span> : null}
								<span>{t("meetings.card.topics", { count: m.topicCount ?? 0 })}</span>
								{m.heldOn ? <Publicity heldOn={m.heldOn} count={m.publicityCount} /> : null}
							</div>
						</li>
					))}
				</ul>
			)}
		</div>
	);
}

/** O7: a held meeting is publicised or not yet; one not held has nothing to publicise. */
function Publicity({ heldOn, count }: { heldOn: string | null; count: number | null }) {
	const t = useT();
	if (!heldOn) return "—";
	return (count ?? 0) > 0 ? (
		<StatusTag tone="good">{t("publicity.publicised")}</StatusTag>
	) : (
		<StatusTag tone="warn">{t("publicity.notPublicised")}</StatusTag>
	);
}
