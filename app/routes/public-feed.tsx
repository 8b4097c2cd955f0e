import { data } from "react-router";
import { meetingTitle } from "#app/domain/meetings/meeting-title.ts";
import { atomFeed } from "#app/domain/public-results/atom-feed.ts";
import { etagOf, isNotModified, publicCacheHeaders } from "#app/domain/public-results/public-cache.server.ts";
import { readPublicPage } from "#app/domain/public-results/read-public-results.server.ts";
import { punctuation, translator } from "#app/i18n/i18n.ts";
import { langFromRequest } from "#app/i18n/lang-cookie.server.ts";
import { servicesContext } from "#app/lib/app-context.server.ts";
import type { Route } from "./+types/public-feed";

/** `/p/<slug>/feed.atom`: the public page as an Atom feed, one entry per published meeting. */
export async function loader({ request, params, context }: Route.LoaderArgs) {
	const { db, config } = context.get(servicesContext);
	const page = await readPublicPage(db.app, params.slug);
	if (!page) throw data(null, { status: 404 });
	const lang = await langFromRequest(request);
	const t = translator(lang);
	const p = punctuation(lang);
	const pageUrl = `${config.publicUrl}/p/${params.slug}`;
	const body = atomFeed({
		id: pageUrl,
		title: t("publicPage.title", { unit: page.unit.name }),
		subtitle: t("publicPage.intro", { gov: page.unit.govName, union: page.unit.unionName }),
		author: `${page.unit.govName} · ${page.unit.unionName}`,
		lang,
		selfLink: `${pageUrl}/feed.atom`,
		pageLink: pageUrl,
		updated: page.updatedAt,
		entries: page.items.map((item) => ({
			id: `urn:uuid:${item.meetingId}`,
			title: meetingTitle(t, item.title),
			link: `${pageUrl}#m-${item.meetingId}`,
			updated: item.publishedAt,
			sections: [
				{ lines: [t("publicPage.heldOn", { date: item.heldOn })] },
				{
					heading: t("publicPage.publicity"),
					lines: item.publicity.map((r) =>
						[`${r.publishedOn} ${r.channel} · ${r.title}`, r.link, r.body].filter(Boolean).join("\n"),
					),
				},
				{
					heading: t("publicPage.matters"),
					lines:
						item.matters.length > 0
							? item.matters.map(
									(m) =>
										`${m.seq}. ${m.content}${p.open}${t(`matters.status.${m.status}`)}${p.semicolon}${t("publicPage.deadline", { date: m.deadline })}${p.close}`,
								)
							: [t("publicPage.noMatters")],
				},
			],
		})),
	});
	const headers = publicCacheHeaders(etagOf(body), page.updatedAt);
	if (isNotModified(request, headers.get("ETag") ?? "")) return new Response(null, { status: 304, headers });
	headers.set("Content-Type", "application/atom+xml; charset=utf-8");
	return new Response(body, { headers });
}
