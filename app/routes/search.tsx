import { data, Form, Link, useLoaderData } from "react-router";
import { Button } from "#app/components/button.tsx";
import { MeetingStatusTag } from "#app/components/meeting-status.tsx";
import { PageHeader } from "#app/components/page-header.tsx";
import { StatusTag } from "#app/components/status-tag.tsx";
import { meetingTitle } from "#app/domain/meetings/meeting-title.ts";
import { listSearchUnits, type SearchHit, searchTenant } from "#app/domain/search/search.server.ts";
import { highlightParts, SEARCH_LIMIT, searchSchema } from "#app/domain/search/search-query.ts";
import { messageOf } from "#app/domain/text-fields.ts";
import { isMessageKey, pageTitle, usePunctuation, useT } from "#app/i18n/i18n.ts";
import { servicesContext } from "#app/lib/app-context.server.ts";
import { chinaToday } from "#app/lib/china-time.ts";
import { requirePermission } from "#app/lib/guards.server.ts";
import type { Route } from "./+types/search";

export function meta({ matches }: Route.MetaArgs) {
	return pageTitle(matches, "search.title");
}

/** `/t/<slug>/search?q=…&year=…&unit=…`: the unit's texts and what its subtree publishes upward. */
export async function loader({ request, context }: Route.LoaderArgs) {
	const { user, membership } = requirePermission(context, "meetings.read");
	const db = context.get(servicesContext).db.app;
	const reader = {
		userId: user.id,
		tenantId: membership.tenant.id,
		slug: membership.tenant.slug,
		roles: membership.roles,
	};
	const params = new URL(request.url).searchParams;
	// What was typed comes back into the form as it was, whatever is refused.
	const typed = { q: params.get("q") ?? "", year: params.get("year") ?? "", unit: params.get("unit") ?? "" };
	const units = await listSearchUnits(db, reader);
	const thisYear = Number(chinaToday().slice(0, 4));
	const years = Array.from({ length: 10 }, (_, i) => thisYear + 1 - i);
	const page = { slug: reader.slug, typed, years, units: units.length > 1 ? units : [] };
	if (typed.q.trim() === "") return { ...page, error: null, q: null, groups: null };
	const parsed = searchSchema.safeParse({ q: typed.q, year: typed.year || undefined, unit: typed.unit || undefined });
	if (!parsed.success) {
		return { ...page, error: parsed.error.issues[0]?.message ?? "form.error.invalid", q: null, groups: null };
	}
	// A unit outside the reader's subtree is not there, as on the statistics pages.
	if (parsed.data.unit && !units.some((u) => u.id === parsed.data.unit)) throw data(null, { status: 404 });
	const groups = await searchTenant(db, reader, parsed.data);
	return { ...page, error: null, q: parsed.data.q, groups };
}

const matterTone = { assigned: "info", in_progress: "info", done: "good", verified: "good" } as const;

export default function Search() {
	const t = useT();
	const p = usePunctuation();
	const { typed, years, units, error, q, groups } = useLoaderData<typeof loader>();
	const [errorKey, errorParams] = error ? messageOf(error) : [null, undefined];
	const found = groups?.filter((g) => g.total > 0) ?? [];
	const count = found.reduce((sum, g) => sum + g.total, 0);
	return (
		<div className="space-y-5">
			<PageHeader title={t("search.title")} intro={t("search.intro")} />
			<Form
				method="get"
				className="flex flex-wrap items-end gap-3 rounded border border-slate-200 bg-white p-3 text-sm"
			>
				<div className="min-w-64 flex-1">
					<label htmlFor="search-q" className="block text-slate-700">
						{t("search.q")}
					</label>
					<input
						id="search-q"
						type="search"
						name="q"
						defaultValue={typed.q}
						aria-invalid={error ? true : undefined}
						aria-describedby={error ? "search-q-error search-q-hint" : "search-q-hint"}
						className="mt-1 block w-full rounded border border-slate-400 bg-white px-3 py-1.5 aria-[invalid=true]:border-red-700"
					/>
				</div>
				<label>
					<span className="block text-slate-700">{t("search.year")}</span>
					<select
						name="year"
						defaultValue={typed.year}
						className="mt-1 rounded border border-slate-400 bg-white px-2 py-1.5"
					>
						<option value="">{t("search.yearAll")}</option>
						{years.map((y) => (
							<option key={y} value={y}>
								{y}
							</option>
						))}
					</select>
				</label>
				{units.length > 0 ? (
					<label>
						<span className="block text-slate-700">{t("search.unit")}</span>
						<select
							name="unit"
							defaultValue={typed.unit}
							className="mt-1 max-w-72 rounded border border-slate-400 bg-white px-2 py-1.5"
						>
							<option value="">{t("search.unitAll")}</option>
							{units.map((u) => (
								<option key={u.id} value={u.id}>
									{`${"\u3000".repeat(u.depth)}${u.name}`}
								</option>
							))}
						</select>
					</label>
				) : null}
				<Button type="submit">{t("search.submit")}</Button>
				<p id="search-q-hint" className="w-full text-xs text-slate-600">
					{t("search.hint")}
				</p>
				{errorKey ? (
					<p id="search-q-error" className="w-full text-sm text-red-800" role="alert">
						{isMessageKey(errorKey) ? t(errorKey, errorParams) : errorKey}
					</p>
				) : null}
			</Form>

			{groups && q ? (
				count === 0 ? (
					<p className="text-sm text-slate-700" role="status">
						{t("search.none", { q })}
					</p>
				) : (
					<>
						<p className="text-sm text-slate-700" role="status">
							{t("search.summary", { q, count })}
						</p>
						<nav aria-label={t("search.title")} className="flex flex-wrap gap-2 text-sm">
							{found.map((g) => (
								<a
									key={g.kind}
									href={`#search-${g.kind}`}
									className="rounded border border-slate-300 bg-white px-2 py-1 text-blue-800 hover:bg-slate-50"
								>
									{t(`search.kind.${g.kind}`)} {t("search.count", { count: g.total })}
								</a>
							))}
						</nav>
						{found.map((g) => (
							<section key={g.kind} aria-labelledby={`search-${g.kind}`}>
								<h2 id={`search-${g.kind}`} className="text-lg font-semibold">
									{t(`search.kind.${g.kind}`)}
									<span className="ml-2 text-sm font-normal text-slate-600">
										{p.open}
										{t("search.count", { count: g.total })}
										{p.close}
									</span>
								</h2>
								<ol className="mt-2 divide-y divide-slate-100 rounded border border-slate-200 bg-white text-sm">
									{g.hits.map((hit) => (
										<Hit key={hit.id} hit={hit} words={q} />
									))}
								</ol>
								{g.total > g.hits.length ? (
									<p className="mt-1 text-sm text-slate-600">
										{t("search.more", { shown: Math.min(SEARCH_LIMIT, g.hits.length), count: g.total })}
									</p>
								) : null}
							</section>
						))}
					</>
				)
			) : null}
		</div>
	);
}

function Hit({ hit, words }: { hit: SearchHit; words: string }) {
	const t = useT();
	const p = usePunctuation();
	// A generated meeting title reads in the reader's language; its highlight is where the words still are.
	const title = hit.meetingTitleIn === "title" ? meetingTitle(t, hit.title) : hit.title;
	const detail = hit.meetingTitleIn === "detail" && hit.detail ? meetingTitle(t, hit.detail) : hit.detail;
	return (
		<li className="space-y-1 px-3 py-2">
			<div className="flex flex-wrap items-center gap-2">
				<Link to={hit.href} className="font-medium text-blue-800 underline underline-offset-2">
					<Highlighted text={title} words={words} />
				</Link>
				{hit.meetingStatus ? <MeetingStatusTag status={hit.meetingStatus} /> : null}
				{hit.matterStatus ? (
					<StatusTag tone={matterTone[hit.matterStatus]}>{t(`matters.status.${hit.matterStatus}`)}</StatusTag>
				) : null}
			</div>
			{hit.snippet ? (
				<p className="text-slate-800">
					<Highlighted text={hit.snippet} words={words} />
				</p>
			) : null}
			<p className="text-xs text-slate-600">
				{[
					hit.unit ? t("search.fromUnit", { unit: hit.unit }) : null,
					hit.year ? t("search.yearOf", { year: hit.year }) : null,
					detail,
				]
					.filter(Boolean)
					.join(p.semicolon)}
			</p>
		</li>
	);
}

/** The words marked in a text: parts made in the domain, put together as elements (no HTML strings). */
function Highlighted({ text, words }: { text: string; words: string }) {
	return (
		<>
			{highlightParts(text, words).map((part) =>
				part.mark ? (
					<mark key={part.at} className="rounded-sm bg-yellow-200 px-0.5 text-inherit">
						{part.text}
					</mark>
				) : (
					<span key={part.at}>{part.text}</span>
				),
			)}
		</>
	);
}
