import { data, Link, useLoaderData } from "react-router";
import { MeetingStatusTag } from "#app/components/meeting-status.tsx";
import { PageHeader } from "#app/components/page-header.tsx";
import { StatusTag } from "#app/components/status-tag.tsx";
import { isOverdue } from "#app/domain/matters/matter-rules.ts";
import { meetingTitle } from "#app/domain/meetings/meeting-title.ts";
import { publicityOverdue } from "#app/domain/rollup/publicity-rule.ts";
import { readUnitRecords } from "#app/domain/rollup/unit-records.server.ts";
import { tenantKindKey } from "#app/domain/tenancy/roles.ts";
import { pageTitle, useT } from "#app/i18n/i18n.ts";
import { servicesContext } from "#app/lib/app-context.server.ts";
import { chinaToday } from "#app/lib/china-time.ts";
import { requirePermission } from "#app/lib/guards.server.ts";
import type { Route } from "./+types/report-unit";

export function meta({ matches, loaderData }: Route.MetaArgs) {
	return pageTitle(matches, "records.title", { unit: loaderData?.unit.name ?? "" });
}

/** `/t/<slug>/reports/units/<unitId>`: what a unit of the subtree publishes upward, read-only. */
export async function loader({ params, context }: Route.LoaderArgs) {
	const { user, membership } = requirePermission(context, "reports.read");
	const records = await readUnitRecords(
		context.get(servicesContext).db.app,
		{ userId: user.id, tenantId: membership.tenant.id },
		params.unitId,
	);
	// Outside the subtree (or no such unit): not there, as row-level security says.
	if (!records) throw data(null, { status: 404 });
	const today = chinaToday();
	const issued = new Map(records.minutes.map((n) => [n.meetingId, n]));
	const publicised = new Set(records.publicity.map((p) => p.meetingId));
	return {
		slug: membership.tenant.slug,
		unit: records.unit,
		meetings: records.meetings.map((m) => ({
			...m,
			minutes: issued.get(m.id) ?? null,
			// 会议结果未宣传 (O7): held, and no publicity record on the 31st day.
			notPublicised: publicityOverdue(m.heldOn, publicised.has(m.id), today),
		})),
		matters: records.matters.map((m) => ({ ...m, overdue: isOverdue(m, today) })),
		publicity: records.publicity,
	};
}

const matterTone = { assigned: "info", in_progress: "info", done: "good", verified: "good" } as const;

export default function UnitRecords() {
	const t = useT();
	const { slug, unit, meetings, matters, publicity } = useLoaderData<typeof loader>();
	// Narrow cells that wrap: the tables fit a phone's width without scrolling sideways.
	const cell = "px-2 py-2 sm:px-4";
	const head = `${cell} font-medium`;
	return (
		<div className="space-y-6">
			<p className="text-sm">
				<Link to={`/t/${slug}/reports?under=${unit.parentId ?? ""}`} className="text-blue-800 underline">
					{t("records.back")}
				</Link>
			</p>
			<PageHeader
				title={t("records.title", { unit: unit.name })}
				intro={t("records.intro", { kind: t(tenantKindKey(unit.kind)) })}
			/>

			<section aria-labelledby="records-meetings">
				<h2 id="records-meetings" className="text-lg font-semibold">
					{t("records.meetings")}
				</h2>
				{meetings.length === 0 ? (
					<p className="mt-2 text-sm text-slate-600">{t("records.noMeetings")}</p>
				) : (
					<div className="mt-2 rounded border border-slate-200 bg-white">
						<table className="w-full text-left text-sm">
							<thead className="border-b border-slate-200 bg-slate-50 text-slate-700">
								<tr>
									<th scope="col" className={head}>
										{t("records.col.meeting")}
									</th>
									<th scope="col" className={head}>
										{t("records.col.status")}
									</th>
									<th scope="col" className={head}>
										{t("records.col.heldOn")}
									</th>
									<th scope="col" className={head}>
										{t("records.col.minutes")}
									</th>
								</tr>
							</thead>
							<tbody className="divide-y divide-slate-100">
								{meetings.map((m) => (
									<tr key={m.id}>
										<td className={cell}>{meetingTitle(t, m.title)}</td>
										<td className={cell}>
											<span className="flex flex-wrap gap-1">
												<MeetingStatusTag status={m.status} />
												{m.notPublicised ? <StatusTag tone="warn">{t("reports.flag.notPublicised")}</StatusTag> : null}
											</span>
										</td>
										<td className={`${cell} whitespace-nowrap tabular-nums`}>{m.heldOn ?? "—"}</td>
										<td className={cell}>{m.minutes ? `${m.minutes.number} · ${m.minutes.issuedOn}` : "—"}</td>
									</tr>
								))}
							</tbody>
						</table>
					</div>
				)}
			</section>

			<section aria-labelledby="records-matters">
				<h2 id="records-matters" className="text-lg font-semibold">
					{t("records.matters")}
				</h2>
				{matters.length === 0 ? (
					<p className="mt-2 text-sm text-slate-600">{t("records.noMatters")}</p>
				) : (
					<div className="mt-2 rounded border border-slate-200 bg-white">
						<table className="w-full text-left text-sm">
							<thead className="border-b border-slate-200 bg-slate-50 text-slate-700">
								<tr>
									<th scope="col" className={head}>
										{t("records.col.matter")}
									</th>
									<th scope="col" className={head}>
										{t("records.col.department")}
									</th>
									<th scope="col" className={head}>
										{t("records.col.deadline")}
									</th>
									<th scope="col" className={head}>
										{t("records.col.status")}
									</th>
									<th scope="col" className={head}>
										{t("records.col.meeting")}
									</th>
								</tr>
							</thead>
							<tbody className="divide-y divide-slate-100">
								{matters.map((m) => (
									<tr key={m.id} className={m.overdue ? "bg-red-50/50" : undefined}>
										<td className={cell}>{m.content}</td>
										<td className={cell}>{m.department ?? "—"}</td>
										<td className={`${cell} whitespace-nowrap tabular-nums`}>{m.deadline}</td>
										<td className={cell}>
											<span className="flex flex-wrap gap-1">
												<StatusTag tone={matterTone[m.status]}>{t(`matters.status.${m.status}`)}</StatusTag>
												{m.overdue ? <StatusTag tone="bad">{t("matters.overdue")}</StatusTag> : null}
											</span>
										</td>
										<td className={`${cell} text-slate-700`}>{meetingTitle(t, m.meetingTitle)}</td>
									</tr>
								))}
							</tbody>
						</table>
					</div>
				)}
			</section>

			<section aria-labelledby="records-publicity">
				<h2 id="records-publicity" className="text-lg font-semibold">
					{t("records.publicity")}
				</h2>
				{publicity.length === 0 ? (
					<p className="mt-2 text-sm text-slate-600">{t("records.noPublicity")}</p>
				) : (
					<ul className="mt-2 divide-y divide-slate-100 rounded border border-slate-200 bg-white text-sm">
						{publicity.map((p) => (
							<li key={`${p.meetingId}-${p.publishedOn}-${p.title}`} className="px-3 py-2">
								<span className="tabular-nums text-slate-600">{p.publishedOn}</span> {p.channel} ·{" "}
								{p.link ? (
									<a href={p.link} className="text-blue-800 underline" rel="noreferrer">
										{p.title}
									</a>
								) : (
									p.title
								)}
							</li>
						))}
					</ul>
				)}
			</section>
		</div>
	);
}
