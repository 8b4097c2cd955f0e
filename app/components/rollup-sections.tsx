import { Link } from "react-router";
import type { Chart } from "#app/domain/rollup/rollup-chart-data.server.ts";
import type { totalOf, UnitFigures } from "#app/domain/rollup/rollup-figures.server.ts";
import { type Lang, type MessageKey, useT } from "#app/i18n/i18n.ts";
import { StatusTag } from "./status-tag.tsx";
import { Th } from "./table.tsx";

type Total = ReturnType<typeof totalOf>;

const percent = (value: number | null, lang: Lang) =>
	value === null ? "—" : new Intl.NumberFormat(lang, { style: "percent", maximumFractionDigits: 0 }).format(value);
const days = (value: number | null) => (value === null ? "—" : value.toFixed(1));

/** The four headline figures of the statistics page. */
export function FigureCards({ total }: { total: Total }) {
	const t = useT();
	const closedShare = total.matters > 0 ? total.mattersClosed / total.matters : null;
	const cards = [
		{ label: t("reports.card.system"), value: t("reports.card.of", { part: total.withSystem, whole: total.units }) },
		{ label: t("reports.card.meeting"), value: t("reports.card.of", { part: total.regularHeld, whole: total.units }) },
		{
			label: t("reports.card.completion"),
			value: `${closedShare === null ? "—" : `${Math.round(closedShare * 100)}%`} · ${t("reports.card.ofMatters", { part: total.mattersClosed, whole: total.matters })}`,
		},
		{ label: t("reports.card.overdue"), value: String(total.mattersOverdue), bad: total.mattersOverdue > 0 },
	];
	return (
		<dl className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
			{cards.map((card) => (
				<div key={card.label} className="rounded border border-slate-200 bg-white p-3">
					<dt className="text-sm text-slate-600">{card.label}</dt>
					<dd className={`mt-1 text-lg font-semibold tabular-nums ${card.bad ? "text-red-800" : "text-slate-900"}`}>
						{card.value}
					</dd>
				</div>
			))}
		</dl>
	);
}

const flagKey = (flag: UnitFigures["flags"][number]) => `reports.flag.${flag}` as MessageKey;

/** Each direct child with its subtree rolled up, a total row, and links to drill down. */
export function RollupTable({
	rows,
	total,
	drill,
	records,
	lang,
}: {
	rows: UnitFigures[];
	total: Total;
	drill: (id: string) => string;
	/** The unit's own published meetings and matters (read-only). */
	records: (id: string) => string;
	lang: Lang;
}) {
	const t = useT();
	if (rows.length === 0) return <p className="text-sm text-slate-600">{t("reports.none")}</p>;
	const cell = "px-3 py-2 tabular-nums whitespace-nowrap";
	const line = (r: Total, name: React.ReactNode, extra?: UnitFigures) => (
		<>
			<th scope="row" className="px-3 py-2 text-left font-medium whitespace-nowrap">
				{name}
			</th>
			<td className={cell}>
				{extra && extra.units === 1 ? (
					extra.withSystem ? (
						<span title={extra.docNumber ?? ""}>{extra.docNumber ?? t("reports.yes")}</span>
					) : (
						t("reports.no")
					)
				) : (
					`${r.withSystem}/${r.units}`
				)}
			</td>
			<td className={cell}>
				{extra && extra.units === 1
					? extra.regularHeldOn
						? t("reports.heldOn", { date: extra.regularHeldOn })
						: t("reports.notHeld")
					: `${r.regularHeld}/${r.units}`}
			</td>
			<td className={cell}>{r.extraordinary}</td>
			<td className={cell}>{r.minutesIssued}</td>
			<td className={cell}>{days(r.minutesDaysAvg)}</td>
			<td className={cell}>{r.topics.reduce((a, b) => a + b, 0)}</td>
			<td className={cell}>{r.matters}</td>
			<td className={cell}>{r.mattersClosed}</td>
			<td className={cell}>{r.mattersInProgress + r.mattersDone}</td>
			<td className={`${cell} ${r.mattersOverdue > 0 ? "font-semibold text-red-800" : ""}`}>
				{r.mattersOverdue}
				{r.extendedAfterOverdue > 0 ? (
					<span className="block text-xs font-normal text-amber-900">
						{t("reports.extendedAfterOverdue", { count: r.extendedAfterOverdue })}
					</span>
				) : null}
			</td>
			<td className={cell}>{percent(r.onTimeRate, lang)}</td>
			<td className={cell}>{days(r.closeDaysAvg)}</td>
			<td className={cell}>{r.publicity}</td>
			<td className="px-3 py-2">
				<span className="flex flex-wrap gap-1">
					{r.flags.map((flag) => (
						<StatusTag key={flag} tone={flag === "overdueMatters" || flag === "minutesLate" ? "bad" : "warn"}>
							{t(flagKey(flag))}
						</StatusTag>
					))}
				</span>
			</td>
		</>
	);
	return (
		<section
			// biome-ignore lint/a11y/noNoninteractiveTabindex: a wide table scrolls sideways, so it must take focus (WCAG 2.1.1)
			tabIndex={0}
			aria-label={t("reports.title")}
			className="relative overflow-x-auto rounded border border-slate-200 bg-white focus-visible:outline-2 focus-visible:outline-blue-700"
		>
			<table className="w-full text-left text-sm">
				<caption className="sr-only">{t("reports.title")}</caption>
				<thead className="border-b border-slate-200 bg-slate-50 text-slate-700">
					<tr>
						<Th className="whitespace-nowrap">{t("reports.col.unit")}</Th>
						{(
							[
								"system",
								"regular",
								"extraordinary",
								"minutes",
								"minutesDays",
								"topics",
								"matters",
								"closed",
								"inProgress",
								"overdue",
								"onTime",
								"closeDays",
								"publicity",
								"flags",
							] as const
						).map((c) => (
							<Th key={c} className="whitespace-nowrap">
								{t(`reports.col.${c}`)}
							</Th>
						))}
					</tr>
				</thead>
				<tbody className="divide-y divide-slate-100">
					{rows.map((row) => (
						<tr key={row.id}>
							{line(
								row,
								<>
									{row.hasChildren ? (
										<Link to={drill(row.id)} className="text-blue-800 underline underline-offset-2">
											{row.name}
											<span className="sr-only"> {t("reports.drill")}</span>
										</Link>
									) : (
										row.name
									)}{" "}
									<Link to={records(row.id)} className="text-xs font-normal text-blue-800 underline underline-offset-2">
										{t("reports.records")}
										<span className="sr-only"> {row.name}</span>
									</Link>
								</>,
								row,
							)}
						</tr>
					))}
				</tbody>
				<tfoot className="border-t-2 border-slate-300 bg-slate-50 font-medium">
					<tr>{line(total, t("reports.total"))}</tr>
				</tfoot>
			</table>
		</section>
	);
}

/** A server-rendered chart with its title, a one-sentence summary and the data beside it. */
export function ChartFigure({ chart }: { chart: Chart }) {
	return (
		<figure className="rounded border border-slate-200 bg-white p-3" aria-labelledby={`chart-${chart.id}`}>
			<figcaption id={`chart-${chart.id}`} className="font-medium">
				{chart.title}
			</figcaption>
			<p className="mt-1 text-sm text-slate-700">{chart.summary}</p>
			{/* The SVG comes from ECharts on the server (our own figures), made free of script and inline style. */}
			<div
				className="mt-2 [&_svg]:h-auto [&_svg]:max-w-full"
				// biome-ignore lint/security/noDangerouslySetInnerHtml: server-rendered chart markup, no user HTML
				dangerouslySetInnerHTML={{ __html: chart.svg }}
			/>
			<details className="mt-2 text-sm">
				<summary className="cursor-pointer text-blue-800">{chart.title}</summary>
				<table className="mt-2 text-left">
					<thead>
						<tr>
							{chart.table.head.map((h) => (
								<th key={h} scope="col" className="px-2 py-1 font-medium">
									{h}
								</th>
							))}
						</tr>
					</thead>
					<tbody>
						{chart.table.rows.map((row) => (
							<tr key={String(row[0])}>
								{row.map((value, i) => (
									// biome-ignore lint/suspicious/noArrayIndexKey: the columns of a fixed table
									<td key={i} className="px-2 py-1 tabular-nums">
										{value}
									</td>
								))}
							</tr>
						))}
					</tbody>
				</table>
			</details>
		</figure>
	);
}
