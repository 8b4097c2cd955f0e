import { data, Link, useLoaderData } from "react-router";
import { MeetingStatusTag } from "#app/components/meeting-status.tsx";
import { PageHeader } from "#app/components/page-header.tsx";
import { StatusTag } from "#app/components/status-tag.tsx";
import { Th } from "#app/components/table.tsx";
import { isOverdue } from "#app/domain/matters/matter-rules.ts";
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
	return {
		slug: membership.tenant.slug,
		unit: records.unit,
		meetings: records.meetings.map((m) => ({ ...m, minutes: issued.get(m.id) ?? null })),
		matters: records.matters.map((m) => ({ ...m, overdue: isOverdue(m, today) })),
		publicity: records.publicity,
	};
}

const matterTone = { assigned: "info", in_progress: "info", done: "good", verified: "good" } as const;

export default function UnitRecords() {
	const t = useT();
	const { slug, unit, meetings, matters, publicity } = useLoaderData<typeof loader>();
	const cell = "px-4 py-2";
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
					<div className="mt-2 overflow-x-auto rounded border border-slate-200 bg-white">
						<table className="w-full min-w-[40rem] text-left text-sm">
							<thead className="border-b border-slate-200 bg-slate-50 text-slate-700">
								<tr>
									<Th>{t("records.col.meeting")}</Th>
									<Th>{t("records.col.status")}</Th>
									<Th>{t("records.col.heldOn")}</Th>
									<Th>{t("records.col.minutes")}</Th>
								</tr>
							</thead>
							<tbody className="divide-y divide-slate-100">
								{meetings.map((m) => (
									<tr key={m.id}>
										<td className={cell}>{m.title}</td>
										<td className={`${cell} whitespace-nowrap`}>
											<MeetingStatusTag status={m.status} />
										</td>
										<td className={`${cell} whitespace-nowrap tabular-nums`}>{m.heldOn ?? "—"}</td>
										<td className={`${cell} whitespace-nowrap`}>
											{m.minutes ? `${m.minutes.number} · ${m.minutes.issuedOn}` : "—"}
										</td>
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
					<div className="mt-2 overflow-x-auto rounded border border-slate-200 bg-white">
						<table className="w-full min-w-[44rem] text-left text-sm">
							<thead className="border-b border-slate-200 bg-slate-50 text-slate-700">
								<tr>
									<Th>{t("records.col.matter")}</Th>
									<Th>{t("records.col.department")}</Th>
									<Th>{t("records.col.deadline")}</Th>
									<Th>{t("records.col.status")}</Th>
									<Th>{t("records.col.meeting")}</Th>
								</tr>
							</thead>
							<tbody className="divide-y divide-slate-100">
								{matters.map((m) => (
									<tr key={m.id} className={m.overdue ? "bg-red-50/50" : undefined}>
										<td className={cell}>{m.content}</td>
										<td className={cell}>{m.department ?? "—"}</td>
										<td className={`${cell} whitespace-nowrap tabular-nums`}>{m.deadline}</td>
										<td className={`${cell} whitespace-nowrap`}>
											<StatusTag tone={matterTone[m.status]}>{t(`matters.status.${m.status}`)}</StatusTag>{" "}
											{m.overdue ? <StatusTag tone="bad">{t("matters.overdue")}</StatusTag> : null}
										</td>
										<td className={`${cell} text-slate-700`}>{m.meetingTitle}</td>
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
							<li key={`${p.publishedOn}-${p.title}`} className="px-3 py-2">
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
