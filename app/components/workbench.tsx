import { Link } from "react-router";
import { meetingTitle } from "#app/domain/meetings/meeting-title.ts";
import type { UnitNeedingAttention } from "#app/domain/workbench/children-attention.server.ts";
import { groupListPath, type ShownWorkbench } from "#app/domain/workbench/shown-workbench.ts";
import type { WorkbenchItem } from "#app/domain/workbench/workbench-item.ts";
import { type WorkbenchGroup, workbenchGroups } from "#app/domain/workbench/workbench-rules.ts";
import { useT } from "#app/i18n/i18n.ts";
import { chinaDateTime } from "#app/lib/china-time.ts";
import { StatusTag } from "./status-tag.tsx";

const day = (value: string | Date) => (typeof value === "string" ? value : chinaDateTime(value).slice(0, 10));

/** The person's own open work (issue #14): one section per group their roles act on, with counts. */
export function WorkbenchPanel({ slug, bench }: { slug: string; bench: ShownWorkbench }) {
	const t = useT();
	const groups = workbenchGroups.flatMap((group) => {
		const shown = bench[group];
		return shown ? [{ group, ...shown }] : [];
	});
	const total = groups.reduce((sum, g) => sum + g.count, 0);
	return (
		<section aria-labelledby="workbench" className="space-y-3">
			<div>
				<h2 id="workbench" className="text-lg font-medium">
					{t("workbench.heading")}
				</h2>
				<p className="mt-1 text-sm text-slate-700">
					{total === 0 ? t("workbench.nothing") : t("workbench.summary", { count: total })}
				</p>
			</div>
			<div className="grid gap-3 md:grid-cols-2">
				{groups.map(({ group, items, count }) => (
					<WorkbenchGroupCard key={group} slug={slug} group={group} items={items} count={count} />
				))}
			</div>
		</section>
	);
}

function WorkbenchGroupCard({
	slug,
	group,
	items,
	count,
}: {
	slug: string;
	group: WorkbenchGroup;
	/** The group's first items; `count` says how many it holds. */
	items: WorkbenchItem[];
	count: number;
}) {
	const t = useT();
	const id = `workbench-${group}`;
	return (
		<section aria-labelledby={id} className="rounded border border-slate-200 bg-white">
			<div className="flex items-baseline justify-between gap-2 border-b border-slate-100 px-4 py-2">
				<h3 id={id} className="font-medium">
					{t(`workbench.group.${group}`)}
				</h3>
				<span className="text-sm text-slate-600 tabular-nums">{t("workbench.groupCount", { count })}</span>
			</div>
			{items.length === 0 ? (
				<p className="px-4 py-3 text-sm text-slate-600">{t("workbench.groupEmpty")}</p>
			) : (
				<ul className="divide-y divide-slate-100">
					{items.map((item) => (
						<WorkbenchRow key={item.id} slug={slug} group={group} item={item} />
					))}
				</ul>
			)}
			{count > items.length ? (
				<p className="border-t border-slate-100 px-4 py-2 text-sm">
					<a
						href={`/t/${slug}/${groupListPath[group]}`}
						data-route=""
						className="text-brand-800 underline underline-offset-2"
					>
						{t("workbench.groupMore", { count: count - items.length })}
						<span className="sr-only"> {t(`workbench.group.${group}`)}</span>
					</a>
				</p>
			) : null}
		</section>
	);
}

function WorkbenchRow({ slug, group, item }: { slug: string; group: WorkbenchGroup; item: WorkbenchItem }) {
	const t = useT();
	const base = `/t/${slug}/`;
	const title = item.meetingTitleIn === "title" ? meetingTitle(t, item.title) : item.title;
	const context = item.meetingTitleIn === "context" ? meetingTitle(t, item.context) : item.context;
	let when: string | null = null;
	if (item.due !== null) {
		when =
			group === "meetings"
				? t("workbench.starts", { date: typeof item.due === "string" ? item.due : chinaDateTime(item.due) })
				: t("workbench.due", { date: day(item.due) });
	} else if (item.since !== null) {
		when = t("workbench.since", { date: day(item.since) });
	}
	return (
		<li className="px-4 py-2 text-sm">
			{/* Route anchors, not <Link>s: one per row costs the page's render (app/components/route-anchor.tsx). */}
			<a
				href={base + item.path}
				data-route=""
				className="font-medium text-brand-800 underline-offset-2 hover:underline"
			>
				{title}
			</a>
			<div className="mt-0.5 flex flex-wrap items-center gap-x-3 gap-y-1 text-slate-600">
				{item.act ? <span>{t(`workbench.request.${item.act}`)}</span> : null}
				{context ? <span>{context}</span> : null}
				{item.newDeadline ? (
					<span className="tabular-nums">{t("workbench.extensionTo", { date: item.newDeadline })}</span>
				) : null}
				{when ? <span className="tabular-nums">{when}</span> : null}
				{item.overdue ? <StatusTag tone="bad">{t("workbench.overdue")}</StatusTag> : null}
				{group === "liaisons" ? (
					<a href={base + item.path} data-route="" className="text-brand-800 underline underline-offset-2">
						{t("workbench.bindLiaison")}
						<span className="sr-only">{t("workbench.bindLiaisonOf", { name: title })}</span>
					</a>
				) : null}
				{item.calendarPath ? (
					<a href={base + item.calendarPath} className="text-brand-800 underline underline-offset-2">
						{t("workbench.calendar")}
						{/* The visible words first (WCAG 2.5.3), then which meeting, for screen readers. */}
						<span className="sr-only">{t("workbench.calendarOf", { title })}</span>
					</a>
				) : null}
			</div>
		</li>
	);
}

/**
 * W1–W3 (issue #21): the direct subordinate units the statistics flag now, each linking to its own
 * breakdown (a unit with units below it) or to its meetings and matters, instead of a list of children.
 */
export function ChildrenAttention({
	slug,
	year,
	flagged,
	units,
}: {
	slug: string;
	year: number;
	/** How many units are flagged; `units` lists the first of them. */
	flagged: number;
	units: UnitNeedingAttention[];
}) {
	const t = useT();
	const reports = `/t/${slug}/reports`;
	return (
		<section aria-labelledby="children-attention" className="rounded border border-slate-200 bg-white">
			<div className="flex flex-wrap items-baseline justify-between gap-2 border-b border-slate-100 px-4 py-2">
				<h2 id="children-attention" className="font-medium">
					{t("workbench.children.heading")}
				</h2>
				<Link to={reports} className="text-sm text-brand-800 underline underline-offset-2">
					{t("workbench.children.stats")}
				</Link>
			</div>
			<p className="px-4 pt-2 text-sm text-slate-700">
				{flagged === 0
					? t("workbench.children.none", { year })
					: t("workbench.children.some", { year, count: flagged })}
			</p>
			{units.length > 0 ? (
				<ul className="divide-y divide-slate-100 pb-1">
					{units.map((unit) => (
						<li key={unit.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-4 py-2 text-sm">
							<a
								href={unit.hasChildren ? `${reports}?under=${unit.id}` : `${reports}/units/${unit.id}`}
								data-route=""
								className="font-medium text-brand-800 underline-offset-2 hover:underline"
							>
								{unit.name}
							</a>
							{unit.flags.map((flag) => (
								<StatusTag key={flag} tone="bad">
									{t(`reports.flag.${flag}`)}
								</StatusTag>
							))}
							{unit.hasChildren ? (
								<a
									href={`${reports}/units/${unit.id}`}
									data-route=""
									className="text-brand-800 underline underline-offset-2"
								>
									{t("workbench.children.records")}
									<span className="sr-only"> {unit.name}</span>
								</a>
							) : null}
						</li>
					))}
				</ul>
			) : (
				<div className="pb-2" />
			)}
			{flagged > units.length ? (
				<p className="px-4 pb-2 text-sm">
					<Link to={reports} className="text-brand-800 underline underline-offset-2">
						{t("workbench.children.more", { count: flagged - units.length })}
					</Link>
				</p>
			) : null}
		</section>
	);
}
