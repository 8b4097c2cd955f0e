import { data, Form, Link, useLoaderData } from "react-router";
import { Button, buttonClass } from "#app/components/button.tsx";
import { PageHeader } from "#app/components/page-header.tsx";
import { Pager } from "#app/components/pager.tsx";
import { ChartFigure, FigureCards, RollupTable } from "#app/components/rollup-sections.tsx";
import { pageGoesAsHtml, rollupCharts } from "#app/domain/rollup/rollup-chart-data.server.ts";
import { rollupFilterSchema } from "#app/domain/rollup/rollup-figures.server.ts";
import { ROLLUP_PAGE_SIZES, reportYears } from "#app/domain/rollup/rollup-options.ts";
import { readRollupPage } from "#app/domain/rollup/rollup-page.server.ts";
import { readTrends } from "#app/domain/rollup/rollup-trends.server.ts";
import { pageTitle, translator, useLang, useT } from "#app/i18n/i18n.ts";
import { langFromRequest } from "#app/i18n/lang-cookie.server.ts";
import { servicesContext } from "#app/lib/app-context.server.ts";
import { chinaToday } from "#app/lib/china-time.ts";
import { requirePermission } from "#app/lib/guards.server.ts";
import type { Route } from "./+types/reports";

/** The per-unit chart shows the units with most decided matters. */
const CHART_UNITS = 20;

/** The statistics use the page's full width (tenant-layout.tsx). */
export const handle = { wide: true };

export function meta({ matches }: Route.MetaArgs) {
	return pageTitle(matches, "reports.title");
}

/** `/t/<slug>/reports` (统计分析): the subtree's figures for a year, drill-down, trends, charts. */
export async function loader({ request, context }: Route.LoaderArgs) {
	const { user, membership } = requirePermission(context, "reports.read");
	const db = context.get(servicesContext).db.app;
	const today = chinaToday();
	const filter = rollupFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
	const { year, from, options: years } = reportYears(today, filter);
	const actor = { userId: user.id, tenantId: membership.tenant.id };
	const baseId = filter.under ?? membership.tenant.id;
	// A unit's breakdown (drilled into from above) shows the unit itself as 本级 beside its children,
	// so that it adds up to the unit's row on the page above.
	const own = baseId !== membership.tenant.id;
	const size = filter.size ?? ROLLUP_PAGE_SIZES[0];
	const [rollup, trends] = await Promise.all([
		readRollupPage(db, actor, {
			baseId,
			year,
			kind: filter.kind,
			today,
			own,
			page: filter.page ?? 1,
			pageSize: size,
			lead: CHART_UNITS,
		}),
		readTrends(db, actor, { baseId, from, to: year, kind: filter.kind, own }),
	]);
	// Row-level security answers whether the unit is in this subtree: anything else does not exist here.
	if (!rollup) throw data(null, { status: 404 });
	const t = translator(await langFromRequest(request));
	return {
		slug: membership.tenant.slug,
		filter: { year, from, kind: filter.kind ?? "", under: filter.under ?? "", size },
		years,
		base: rollup.base,
		atTop: rollup.base.id === membership.tenant.id,
		leaf: rollup.page.units === 1 && rollup.rows[0]?.id === rollup.base.id && !rollup.rows[0]?.own,
		// A large tree is read a page of units at a time, those that need attention first; the total
		// row, the cards and the charts cover every unit.
		rows: rollup.rows,
		page: rollup.page,
		total: rollup.total,
		trends,
		// The drawings go in the HTML only, not again in the data that hydrates it (chart-drawings.tsx).
		charts: rollupCharts(t, { year, rows: rollup.lead, total: rollup.total, trends, inHtml: pageGoesAsHtml(request) }),
	};
}

export default function Reports() {
	const t = useT();
	const lang = useLang();
	const page = useLoaderData<typeof loader>();
	const query = (extra: Record<string, string>) =>
		`?${new URLSearchParams({ year: String(page.filter.year), from: String(page.filter.from), ...(page.filter.kind ? { kind: page.filter.kind } : {}), ...(page.filter.size !== ROLLUP_PAGE_SIZES[0] ? { size: String(page.filter.size) } : {}), ...extra })}`;
	return (
		<div className="space-y-5">
			<PageHeader
				title={page.atTop ? t("reports.title") : `${t("reports.title")} · ${page.base.name}`}
				intro={
					page.leaf
						? t("reports.introLeaf")
						: page.atTop
							? t("reports.intro")
							: t("reports.introOwn", { unit: page.base.name })
				}
			/>
			<Form
				// Remade for each filter: the selects' default values follow the page (also after Back).
				key={`${page.filter.year}-${page.filter.from}-${page.filter.kind}-${page.filter.size}-${page.filter.under}`}
				method="get"
				className="no-print flex flex-wrap items-end gap-3 rounded border border-slate-200 bg-white p-3 text-sm"
			>
				{page.filter.under ? <input type="hidden" name="under" value={page.filter.under} /> : null}
				<FilterSelect
					name="year"
					label={t("reports.year")}
					value={page.filter.year}
					options={page.years.map((y) => [y, String(y)])}
				/>
				<FilterSelect
					name="from"
					label={t("reports.from")}
					value={page.filter.from}
					options={page.years.map((y) => [y, String(y)])}
				/>
				<FilterSelect
					name="kind"
					label={t("reports.kind")}
					value={page.filter.kind}
					options={[
						["", t("reports.kindAll")],
						["county", t("tenantKind.county")],
						["zone", t("tenantKind.zone")],
						["industry", t("tenantKind.industry")],
					]}
				/>
				<FilterSelect
					name="size"
					label={t("reports.pageSize")}
					value={page.filter.size}
					options={ROLLUP_PAGE_SIZES.map((n) => [n, t("reports.pageSizeOption", { count: n })])}
				/>
				<Button type="submit" variant="secondary">
					{t("reports.apply")}
				</Button>
				<a
					href={`/t/${page.slug}/reports/export.xlsx${query(page.filter.under ? { under: page.filter.under } : {})}`}
					className={buttonClass.primary}
					download
				>
					{t("reports.export")}
				</a>
				{page.atTop ? null : (
					<Link
						to={`/t/${page.slug}/reports${query(page.base.parentId && !page.atTop ? { under: page.base.parentId } : {})}`}
						className="text-blue-800 underline underline-offset-2"
					>
						{t("reports.up")}
					</Link>
				)}
			</Form>
			<FigureCards total={page.total} />
			<RollupTable
				rows={page.rows}
				total={page.total}
				drill={(id) =>
					`/t/${page.slug}/reports?${new URLSearchParams({ year: String(page.filter.year), from: String(page.filter.from), under: id })}`
				}
				records={(id) => `/t/${page.slug}/reports/units/${id}`}
				lang={lang}
			/>
			<Pager
				page={page.page.number}
				pages={page.page.pages}
				count={page.page.units}
				href={(n) =>
					`/t/${page.slug}/reports${query({ page: String(n), ...(page.filter.under ? { under: page.filter.under } : {}) })}`
				}
				label={t("reports.pages")}
				summary={t("reports.pageOf", { page: page.page.number, pages: page.page.pages, units: page.page.units })}
			/>
			<div className="grid gap-4 xl:grid-cols-2">
				{/* Two charts side by side from 1280 px, each drawn 600 px wide (rollup-charts.server.ts). */}
				{page.charts.map((chart) => (
					<ChartFigure key={chart.id} chart={chart} />
				))}
			</div>
		</div>
	);
}

/** One of the filter's selects: `options` as [value, label]. */
function FilterSelect({
	name,
	label,
	value,
	options,
}: {
	name: string;
	label: string;
	value: string | number;
	options: [value: string | number, label: string][];
}) {
	return (
		<label>
			<span className="block text-slate-700">{label}</span>
			<select name={name} defaultValue={value} className="mt-1 rounded border border-slate-400 bg-white px-2 py-1">
				{options.map(([v, text]) => (
					<option key={v} value={v}>
						{text}
					</option>
				))}
			</select>
		</label>
	);
}
