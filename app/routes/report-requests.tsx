import type { ReactNode } from "react";
import { Link, useLoaderData, useSearchParams } from "react-router";
import { buttonClass } from "#app/components/button.tsx";
import { Notice } from "#app/components/notice.tsx";
import { PageHeader } from "#app/components/page-header.tsx";
import { TrackerStatusTag } from "#app/components/report-requests/tracker-status.tsx";
import { ScrollBox, Th } from "#app/components/table.tsx";
import { listReportRequests } from "#app/domain/report-requests/read-report-requests.server.ts";
import { parsePeriodKey, periodLabel } from "#app/domain/report-requests/report-periods.ts";
import { can } from "#app/domain/tenancy/permissions.ts";
import { pageTitle, useT } from "#app/i18n/i18n.ts";
import { servicesContext } from "#app/lib/app-context.server.ts";
import { requirePermission } from "#app/lib/guards.server.ts";
import type { Route } from "./+types/report-requests";

export function meta({ matches }: Route.MetaArgs) {
	return pageTitle(matches, "reportRequests.title");
}

export async function loader({ context }: Route.LoaderArgs) {
	const { user, membership } = requirePermission(context, "reportRequests.read");
	const lists = await listReportRequests(context.get(servicesContext).db.app, {
		userId: user.id,
		tenantId: membership.tenant.id,
	});
	return {
		slug: membership.tenant.slug,
		mayCreate: lists.hasChildren && can(membership.roles, "reportRequests.manage"),
		// A unit with no units below it makes no requests: no "made" list to show empty.
		asks: lists.hasChildren || lists.made.length > 0,
		made: lists.made,
		received: lists.received,
		// A unit with no unit above it is never asked to report: no "received" list to show empty.
		asked: membership.tenant.parentId !== null || lists.received.length > 0,
	};
}

/** The report requests this unit made (with how many have reported) and those it received. */
export default function ReportRequests() {
	const t = useT();
	const { slug, mayCreate, made, received, asked, asks } = useLoaderData<typeof loader>();
	const [params] = useSearchParams();
	const sent = params.get("sent");
	const base = `/t/${slug}/report-requests`;
	const period = (key: string) => {
		const p = parsePeriodKey(key);
		return p ? periodLabel(p, t) : key;
	};
	const link = "text-blue-800 underline-offset-2 hover:underline";
	return (
		<div className="space-y-5">
			<div className="flex flex-wrap items-end justify-between gap-3">
				<PageHeader title={t("reportRequests.title")} intro={t("reportRequests.intro")} />
				{mayCreate ? (
					<Link to={`${base}/new`} className={buttonClass.primary}>
						{t("reportRequests.new")}
					</Link>
				) : null}
			</div>
			{sent ? <Notice tone="success">{t("reportRequests.form.sent", { count: sent })}</Notice> : null}
			{asked ? (
				<RequestsSection
					id="rr-received"
					title={t("reportRequests.received")}
					none={t("reportRequests.noneReceived")}
					headings={[
						t("reportRequests.col.title"),
						t("reportRequests.col.from"),
						t("reportRequests.col.period"),
						t("reportRequests.col.due"),
						t("reportRequests.col.status"),
					]}
				>
					{received.map((r) => (
						<tr key={r.id}>
							<td className="px-4 py-2">
								<Link to={`${base}/${r.id}/fill`} className={link}>
									{r.title}
								</Link>
							</td>
							<td className="px-4 py-2">{r.requesterName}</td>
							<td className="px-4 py-2 whitespace-nowrap">{period(r.periodKey)}</td>
							<td className="px-4 py-2 whitespace-nowrap tabular-nums">{r.dueOn}</td>
							<td className="px-4 py-2">
								<TrackerStatusTag status={r.trackerStatus} />
							</td>
						</tr>
					))}
				</RequestsSection>
			) : null}
			{asks ? (
				<RequestsSection
					id="rr-made"
					title={t("reportRequests.made")}
					none={t("reportRequests.noneMade")}
					headings={[
						t("reportRequests.col.title"),
						t("reportRequests.col.period"),
						t("reportRequests.col.due"),
						t("reportRequests.col.kind"),
						t("reportRequests.col.progress"),
					]}
				>
					{made.map((r) => (
						<tr key={r.id}>
							<td className="px-4 py-2">
								<Link to={`${base}/${r.id}`} className={link}>
									{r.title}
								</Link>
							</td>
							<td className="px-4 py-2 whitespace-nowrap">{period(r.periodKey)}</td>
							<td className="px-4 py-2 whitespace-nowrap tabular-nums">{r.dueOn}</td>
							<td className="px-4 py-2 whitespace-nowrap">{t(`reportRequests.kind.${r.kind}`)}</td>
							<td className="px-4 py-2 whitespace-nowrap tabular-nums">
								{t("reportRequests.progress", { done: r.reported, total: r.total })}
							</td>
						</tr>
					))}
				</RequestsSection>
			) : null}
		</div>
	);
}

/** One list of requests: its heading, and its table in a box that scrolls on a phone, or a line when empty. */
function RequestsSection({
	id,
	title,
	none,
	headings,
	children,
}: {
	id: string;
	title: string;
	none: string;
	headings: string[];
	children: ReactNode[];
}) {
	return (
		<section aria-labelledby={id} className="space-y-2">
			<h2 id={id} className="text-lg font-medium">
				{title}
			</h2>
			<ScrollBox label={title} className="rounded border border-slate-200 bg-white">
				{children.length === 0 ? (
					<p className="p-4 text-sm text-slate-600">{none}</p>
				) : (
					<table className="w-full min-w-[36rem] text-left text-sm">
						<thead className="border-b border-slate-200 bg-slate-50 text-slate-700">
							<tr>
								{headings.map((heading) => (
									<Th key={heading} className="whitespace-nowrap">
										{heading}
									</Th>
								))}
							</tr>
						</thead>
						<tbody className="divide-y divide-slate-100">{children}</tbody>
					</table>
				)}
			</ScrollBox>
		</section>
	);
}
