import { Link } from "react-router";
import { useT } from "#app/i18n/i18n.ts";

/** Rows per page of the report requests' tracker and summary unit lists (issue #22 §9). */
const unitsPerPage = 50;

/** The page asked for in `?<name>=` (1 when absent or not a whole number), kept within 1..pages. */
export function pageAsked(raw: string | null, count: number, size = unitsPerPage) {
	const pages = Math.max(1, Math.ceil(count / size));
	const asked = Number(raw);
	const number = Number.isInteger(asked) && asked >= 1 ? Math.min(asked, pages) : 1;
	return { number, pages, offset: (number - 1) * size, limit: size };
}

/** The page numbers shown: the first, the last, and two either side of the current one; null is a gap. */
function shownPages(page: number, pages: number): (number | null)[] {
	const out: (number | null)[] = [];
	for (let n = 1; n <= pages; n++) {
		if (n === 1 || n === pages || Math.abs(n - page) <= 2) out.push(n);
		else if (out[out.length - 1] !== null) out.push(null);
	}
	return out;
}

const linkClass = "rounded border border-slate-300 bg-white px-2 py-1 text-blue-800 hover:bg-slate-50";

/**
 * Plain links to the other pages (they work without JavaScript); `href` keeps the page's filter.
 * Nothing when everything fits on one page.
 */
export function Pager({
	page,
	pages,
	count,
	href,
	label,
	summary,
}: {
	page: number;
	pages: number;
	count: number;
	href: (page: number) => string;
	label?: string;
	/** The line before the links ("第 2 / 9 页，共 430 个单位" unless given). */
	summary?: string;
}) {
	const t = useT();
	if (pages <= 1) return null;
	return (
		<nav
			aria-label={label ?? t("reportRequests.pager.label")}
			className="no-print flex flex-wrap items-center gap-2 text-sm"
		>
			<span className="text-slate-700">{summary ?? t("reportRequests.pager.of", { page, pages, count })}</span>
			{page > 1 ? (
				<Link to={href(page - 1)} className={linkClass} rel="prev">
					{t("reportRequests.pager.previous")}
				</Link>
			) : null}
			{shownPages(page, pages).map((n, i) =>
				n === null ? (
					// biome-ignore lint/suspicious/noArrayIndexKey: a gap has no identity of its own
					<span key={`gap-${i}`} aria-hidden="true">
						…
					</span>
				) : n === page ? (
					<span key={n} aria-current="page" className="rounded bg-brand-700 px-2 py-1 text-white tabular-nums">
						<span className="sr-only">{t("reportRequests.pager.page", { page: n })}</span>
						<span aria-hidden="true">{n}</span>
					</span>
				) : (
					<Link key={n} to={href(n)} className={`${linkClass} tabular-nums`}>
						<span className="sr-only">{t("reportRequests.pager.page", { page: n })}</span>
						<span aria-hidden="true">{n}</span>
					</Link>
				),
			)}
			{page < pages ? (
				<Link to={href(page + 1)} className={linkClass} rel="next">
					{t("reportRequests.pager.next")}
				</Link>
			) : null}
		</nav>
	);
}
