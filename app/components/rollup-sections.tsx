import type { Chart } from "#app/domain/rollup/rollup-chart-data.server.ts";
import type { totalOf, UnitFigures } from "#app/domain/rollup/rollup-figures.server.ts";
import { type Lang, type MessageKey, type Translate, useT } from "#app/i18n/i18n.ts";
import { ChartDrawings } from "./chart-drawings.tsx";
import { StatusTag } from "./status-tag.tsx";

/** The total row as the page reads it (no count of system versions). */
type Total = Omit<ReturnType<typeof totalOf>, "versions">;

/** One formatter per language: making one is most of a call's cost (hundreds of cells a page). */
const percentFormats = new Map<Lang, Intl.NumberFormat>();
const percent = (value: number | null, lang: Lang) => {
	if (value === null) return "—";
	let format = percentFormats.get(lang);
	if (!format) {
		format = new Intl.NumberFormat(lang, { style: "percent", maximumFractionDigits: 0 });
		percentFormats.set(lang, format);
	}
	return format.format(value);
};
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

const flagKey = (flag: UnitFigures["flags"][number]) => `reports.flag.${flag}` satisfies MessageKey;
const badFlags: UnitFigures["flags"] = ["overdueMatters", "minutesLate"];

/** A row of figures: a unit (with its subtree) or the total. */
type Line = Total & { single?: UnitFigures };

/** The figures of a row, in the table's order: the table and the phone's cards show the same columns. */
function columns(t: Translate, lang: Lang) {
	const one = (r: Line) => (r.single && r.single.units === 1 ? r.single : null);
	return [
		{
			key: "system",
			value: (r: Line) => {
				const u = one(r);
				if (!u) return `${r.withSystem}/${r.units}`;
				return u.withSystem ? (
					<span title={u.docNumber ?? ""}>{u.docNumber ?? t("reports.yes")}</span>
				) : (
					t("reports.no")
				);
			},
		},
		{
			key: "regular",
			value: (r: Line) => {
				const u = one(r);
				if (!u) return `${r.regularHeld}/${r.units}`;
				return u.regularHeldOn ? t("reports.heldOn", { date: u.regularHeldOn }) : t("reports.notHeld");
			},
		},
		{ key: "extraordinary", value: (r: Line) => r.extraordinary },
		{ key: "minutes", value: (r: Line) => r.minutesIssued },
		{ key: "minutesDays", value: (r: Line) => days(r.minutesDaysAvg) },
		{ key: "topics", value: (r: Line) => r.topics.reduce((a, b) => a + b, 0) },
		{ key: "matters", value: (r: Line) => r.matters },
		{ key: "closed", value: (r: Line) => r.mattersClosed },
		{ key: "inProgress", value: (r: Line) => r.mattersInProgress + r.mattersDone },
		{
			key: "overdue",
			bad: (r: Line) => r.mattersOverdue > 0,
			value: (r: Line) => (
				<>
					{r.mattersOverdue}
					{r.extendedAfterOverdue > 0 ? (
						<span className="block text-xs font-normal break-keep whitespace-normal text-amber-900">
							{t("reports.extendedAfterOverdue", { count: r.extendedAfterOverdue })}
						</span>
					) : null}
				</>
			),
		},
		{ key: "repliesOverdue", bad: (r: Line) => r.repliesOverdue > 0, value: (r: Line) => r.repliesOverdue },
		{ key: "onTime", value: (r: Line) => percent(r.onTimeRate, lang) },
		{ key: "closeDays", value: (r: Line) => days(r.closeDaysAvg) },
		{
			key: "publicity",
			value: (r: Line) => (
				<>
					{r.publicity}
					{r.notPublicised > 0 ? (
						<span className="block text-xs font-normal break-keep whitespace-normal text-amber-900">
							{t("reports.notPublicised", { count: r.notPublicised })}
						</span>
					) : null}
				</>
			),
		},
	] as const;
}

function Flags({ flags }: { flags: UnitFigures["flags"] }) {
	const t = useT();
	return (
		// At most 15rem wide: the flags wrap rather than squeeze the figures' columns, and a long
		// flag wraps inside its tag (the table fits from 1024 px).
		<span className="flex max-w-60 flex-wrap gap-1 [&>span]:whitespace-normal">
			{flags.map((flag) => (
				<StatusTag key={flag} tone={badFlags.includes(flag) ? "bad" : "warn"}>
					{t(flagKey(flag))}
				</StatusTag>
			))}
		</span>
	);
}

/** Headings drawn short (areas/rollup-headings.ts); the others as reports.col.* says. */
const shortHeadings = {
	regular: "reports.colShort.regular",
	extraordinary: "reports.colShort.extraordinary",
	minutes: "reports.colShort.minutes",
	minutesDays: "reports.colShort.minutesDays",
	matters: "reports.colShort.matters",
	inProgress: "reports.colShort.inProgress",
	repliesOverdue: "reports.colShort.repliesOverdue",
	onTime: "reports.colShort.onTime",
	closeDays: "reports.colShort.closeDays",
} as const satisfies Partial<Record<ReturnType<typeof columns>[number]["key"], MessageKey>>;

/**
 * A column's heading: its short form on screen, wrapping only where "|" marks a break between
 * Chinese words (or at English spaces); screen readers hear the full heading, and the mouse shows it
 * over an abbreviation.
 */
function ColumnHeading({ column }: { column: ReturnType<typeof columns>[number]["key"] }) {
	const t = useT();
	const full = t(`reports.col.${column}`);
	if (!(column in shortHeadings)) return <>{full}</>;
	const parts = t(shortHeadings[column as keyof typeof shortHeadings]).split("|");
	const short = parts.join("");
	return (
		<>
			<span aria-hidden="true" title={short === full ? undefined : full}>
				{parts.map((part, i) => (
					// biome-ignore lint/suspicious/noArrayIndexKey: the fixed parts of one heading
					<span key={i}>
						{i > 0 ? <wbr /> : null}
						{part}
					</span>
				))}
			</span>
			<span className="sr-only">{full}</span>
		</>
	);
}

/**
 * Each direct child with its subtree rolled up (and, in a breakdown, the unit itself as 本级), a total
 * row, links to drill down. From 1024 px a table that fits the page (the unit column stays in view
 * should a long label make it scroll); below that, one card per unit with the same figures.
 */
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
	const cols = columns(t, lang);
	const nameOf = (row: UnitFigures) => (row.own ? t("reports.own", { unit: row.name }) : row.name);
	// Route anchors, not <Link>s (app/components/route-anchor.tsx): four a unit, a page of units.
	const unitName = (row: UnitFigures) => (
		<>
			{row.hasChildren ? (
				<a href={drill(row.id)} data-route="" className="text-blue-800 underline underline-offset-2">
					{nameOf(row)}
					<span className="sr-only"> {t("reports.drill")}</span>
				</a>
			) : (
				nameOf(row)
			)}{" "}
			<a
				href={records(row.id)}
				data-route=""
				className="block text-xs font-normal whitespace-nowrap text-blue-800 underline underline-offset-2"
			>
				{t("reports.records")}
				<span className="sr-only"> {nameOf(row)}</span>
			</a>
		</>
	);
	const sticky = "sticky left-0 z-10 border-r border-slate-200";
	// Below 1280 px the cells are a little closer: with the short headings the table fits from 1024 px.
	const pad = "px-1.5 xl:px-2";
	// The cells are styled from the table (one class list, not one per cell: a page of units is
	// hundreds of cells): figures right-aligned on one line; the system's document number and the
	// meeting's day (2nd and 3rd cells) and the flags (last) wrap between words.
	const cellStyle = [
		"[&_td]:px-1.5 xl:[&_td]:px-2 [&_td]:py-2 [&_td]:tabular-nums [&_td]:text-right [&_td]:whitespace-nowrap",
		"[&_td:nth-child(-n+3)]:text-left [&_td:nth-child(-n+3)]:whitespace-normal [&_td:nth-child(-n+3)]:break-keep",
		"[&_td:last-child]:text-left [&_td:last-child]:whitespace-normal",
		"[&_tbody_th]:sticky [&_tbody_th]:left-0 [&_tbody_th]:z-10 [&_tbody_th]:border-r [&_tbody_th]:border-slate-200",
		"[&_tbody_th]:bg-white [&_tbody_th]:px-1.5 xl:[&_tbody_th]:px-2 [&_tbody_th]:py-2 [&_tbody_th]:text-left",
		"[&_tbody_th]:font-medium [&_tbody_th]:whitespace-nowrap",
	].join(" ");
	const cells = (r: Line) => (
		<>
			{cols.map((c) => (
				<td key={c.key} className={"bad" in c && c.bad(r) ? "font-semibold text-red-800" : undefined}>
					{c.value(r)}
				</td>
			))}
			<td>
				<Flags flags={r.flags} />
			</td>
		</>
	);
	return (
		<>
			<section
				// biome-ignore lint/a11y/noNoninteractiveTabindex: should the table ever scroll sideways, the keyboard must reach it (WCAG 2.1.1)
				tabIndex={0}
				aria-label={t("reports.title")}
				className="relative hidden overflow-x-auto rounded border border-slate-200 bg-white focus-visible:outline-2 focus-visible:outline-blue-700 lg:block print:block"
				data-rollup-table=""
			>
				<table className={`w-full text-left text-sm print:text-xs ${cellStyle}`}>
					<caption className="sr-only">{t("reports.title")}</caption>
					<thead className="border-b border-slate-200 bg-slate-50 align-bottom text-slate-700">
						<tr>
							<th scope="col" className={`${sticky} bg-slate-50 ${pad} py-2 font-medium whitespace-nowrap`}>
								{t("reports.col.unit")}
							</th>
							{cols.map((c) => (
								<th
									key={c.key}
									scope="col"
									className={`${pad} py-2 font-medium break-keep ${c.key === "system" || c.key === "regular" ? "" : "text-right"}`}
								>
									<ColumnHeading column={c.key} />
								</th>
							))}
							<th scope="col" className={`min-w-24 xl:min-w-32 ${pad} py-2 font-medium`}>
								{t("reports.col.flags")}
							</th>
						</tr>
					</thead>
					<tbody className="divide-y divide-slate-100">
						{rows.map((row) => (
							<tr key={row.id} className={row.own ? "bg-slate-50/60" : undefined}>
								<th scope="row">{unitName(row)}</th>
								{cells({ ...row, single: row })}
							</tr>
						))}
					</tbody>
					<tfoot className="border-t-2 border-slate-300 bg-slate-50 font-medium">
						<tr>
							<th scope="row" className={`${sticky} bg-slate-50 ${pad} py-2 text-left font-medium`}>
								{t("reports.total")}
							</th>
							{cells(total)}
						</tr>
					</tfoot>
				</table>
			</section>
			<section aria-labelledby="rollup-cards" className="lg:hidden print:hidden" data-rollup-cards="">
				<h2 id="rollup-cards" className="sr-only">
					{t("reports.title")}
				</h2>
				<ul className="grid gap-3 md:grid-cols-2">
					{[...rows.map((row) => ({ row, line: { ...row, single: row } as Line })), { row: null, line: total }].map(
						({ row, line }) => (
							<li
								key={row?.id ?? "total"}
								className={`rounded border p-3 ${row ? "border-slate-200 bg-white" : "border-slate-300 bg-slate-50"}`}
							>
								<h3 className="font-medium">{row ? unitName(row) : t("reports.total")}</h3>
								{/* Styled from the list, as the table's cells are. */}
								<dl className="mt-2 grid grid-cols-6 gap-x-3 gap-y-2 text-sm text-slate-900 tabular-nums [&_dt]:text-xs [&_dt]:text-slate-600 [&>div]:col-span-2 [&>div:nth-child(-n+2)]:col-span-3">
									{cols.map((c) => (
										<div key={c.key}>
											<dt>{t(`reports.col.${c.key}`)}</dt>
											<dd className={"bad" in c && c.bad(line) ? "font-semibold text-red-800" : undefined}>
												{c.value(line)}
											</dd>
										</div>
									))}
								</dl>
								{line.flags.length > 0 ? (
									<div className="mt-2">
										<span className="sr-only">{t("reports.col.flags")}: </span>
										<Flags flags={line.flags} />
									</div>
								) : null}
							</li>
						),
					)}
				</ul>
			</section>
		</>
	);
}

/**
 * A server-rendered chart with its title, a one-sentence summary and the data beside it. The phone's
 * drawing below 768 px, the wider one above (each shown no smaller than drawn, so its text stays ≥ 12 px;
 * chart-drawings.tsx).
 */
export function ChartFigure({ chart }: { chart: Chart }) {
	return (
		<figure className="rounded border border-slate-200 bg-white p-3" aria-labelledby={`chart-${chart.id}`}>
			<figcaption id={`chart-${chart.id}`} className="font-medium">
				{chart.title}
			</figcaption>
			<p className="mt-1 text-sm text-slate-700">{chart.summary}</p>
			<ChartDrawings chart={chart} />
			<details className="mt-2 text-sm">
				<summary className="cursor-pointer text-blue-800">{chart.title}</summary>
				<table className="mt-2 w-full text-left">
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
