import { data, useLoaderData } from "react-router";
import { PublicPage } from "#app/components/public-page.tsx";
import { StatusTag } from "#app/components/status-tag.tsx";
import { isOverdue } from "#app/domain/matters/matter-rules.ts";
import { meetingTitle } from "#app/domain/meetings/meeting-title.ts";
import { etagOf, isNotModified, publicCacheHeaders } from "#app/domain/public-results/public-cache.server.ts";
import { readPublicPage } from "#app/domain/public-results/read-public-results.server.ts";
import { translator, useT } from "#app/i18n/i18n.ts";
import { langFromRequest } from "#app/i18n/lang-cookie.server.ts";
import { servicesContext } from "#app/lib/app-context.server.ts";
import { chinaToday } from "#app/lib/china-time.ts";
import type { Route } from "./+types/public-page";

/**
 * A conditional request whose ETag still matches gets 304 without a body; the page itself is
 * rendered either way (it is small), so there is one place that says what the page shows.
 */
export const middleware: Route.MiddlewareFunction[] = [
	async ({ request }, next) => {
		const response = (await next()) as Response;
		const etag = response.headers.get("ETag");
		if (response.status !== 200 || !etag || !isNotModified(request, etag)) return response;
		const headers = new Headers(response.headers);
		headers.delete("Content-Length");
		headers.delete("Content-Type");
		return new Response(null, { status: 304, headers });
	},
];

export function meta({ loaderData, params }: Route.MetaArgs) {
	if (!loaderData) return [];
	return [
		{ title: loaderData.title },
		{ tagName: "link", rel: "alternate", type: "application/atom+xml", href: `/p/${params.slug}/feed.atom` },
	];
}

/** `/p/<slug>`: what a unit published with both sides' agreement (O7), for anyone, no sign-in. */
export async function loader({ request, params, context }: Route.LoaderArgs) {
	const page = await readPublicPage(context.get(servicesContext).db.app, params.slug);
	// Not opted in, or no such unit: the same 404, so the page tells nothing about either.
	if (!page) throw data(null, { status: 404 });
	const lang = await langFromRequest(request);
	const t = translator(lang);
	const today = chinaToday();
	const view = {
		slug: params.slug,
		title: t("publicPage.title", { unit: page.unit.name }),
		unit: page.unit,
		updatedOn: chinaToday(page.updatedAt),
		items: page.items.map(({ meetingId, title, heldOn, publicity, matters }) => ({
			meetingId,
			// The stored (generated) title in the reader's language, so the ETag follows the language too.
			title: meetingTitle(t, title),
			heldOn,
			publicity,
			// O6, O7: an open matter past its deadline is shown as overdue (today, China time).
			matters: matters.map((m) => ({ ...m, overdue: isOverdue(m, today) })),
		})),
	};
	return data(view, { headers: publicCacheHeaders(etagOf([lang, view]), page.updatedAt) });
}

export function headers({ loaderHeaders }: Route.HeadersArgs) {
	return loaderHeaders;
}

const matterTone = { assigned: "info", in_progress: "info", done: "good", verified: "good" } as const;

export default function PublicResultsPage() {
	const t = useT();
	const { slug, title, unit, updatedOn, items } = useLoaderData<typeof loader>();
	return (
		<PublicPage title={t("app.name")}>
			<article className="space-y-8">
				<header>
					<h1 className="text-2xl font-semibold">{title}</h1>
					<p className="mt-2 text-sm text-slate-700">
						{t("publicPage.intro", { gov: unit.govName, union: unit.unionName })}
					</p>
					<p className="mt-2 text-sm text-slate-600">
						{t("publicPage.updated", { date: updatedOn })} ·{" "}
						<a href={`/p/${slug}/feed.atom`} className="text-blue-800 underline underline-offset-2">
							{t("publicPage.feed")}
						</a>
					</p>
				</header>
				{items.length === 0 ? <p className="text-slate-700">{t("publicPage.none")}</p> : null}
				{items.map((item) => (
					<section
						key={item.meetingId}
						aria-labelledby={`m-${item.meetingId}`}
						className="rounded border border-slate-200 bg-white p-4"
					>
						<h2 id={`m-${item.meetingId}`} className="text-lg font-semibold">
							{item.title}
						</h2>
						<p className="mt-1 text-sm tabular-nums text-slate-600">{t("publicPage.heldOn", { date: item.heldOn })}</p>
						{item.publicity.length > 0 ? (
							<>
								<h3 className="mt-4 font-medium">{t("publicPage.publicity")}</h3>
								<ul className="mt-1 space-y-2 text-sm">
									{item.publicity.map((p) => (
										<li key={`${p.publishedOn}-${p.channel}-${p.title}`}>
											<span className="tabular-nums text-slate-600">{p.publishedOn}</span> {p.channel} ·{" "}
											{p.link ? (
												<a href={p.link} className="text-blue-800 underline" rel="noreferrer">
													{p.title}
												</a>
											) : (
												p.title
											)}
											{p.body ? <p className="mt-1 whitespace-pre-line text-slate-800">{p.body}</p> : null}
										</li>
									))}
								</ul>
							</>
						) : null}
						<h3 className="mt-4 font-medium">{t("publicPage.matters")}</h3>
						{item.matters.length === 0 ? (
							<p className="mt-1 text-sm text-slate-600">{t("publicPage.noMatters")}</p>
						) : (
							<ol className="mt-1 list-decimal space-y-2 pl-6 text-sm">
								{item.matters.map((m) => (
									<li key={m.seq}>
										{m.content} <StatusTag tone={matterTone[m.status]}>{t(`matters.status.${m.status}`)}</StatusTag>{" "}
										<span className="tabular-nums text-slate-600">
											{t("publicPage.deadline", { date: m.deadline })}
										</span>
										{m.overdue ? (
											<>
												{" "}
												<StatusTag tone="bad">{t("matters.overdue")}</StatusTag>
											</>
										) : null}
									</li>
								))}
							</ol>
						)}
					</section>
				))}
			</article>
		</PublicPage>
	);
}
