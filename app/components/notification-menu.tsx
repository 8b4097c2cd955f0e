import { Form, useLocation } from "react-router";
import { notificationSentence } from "#app/domain/notifications/notification-sentence.ts";
import { useT } from "#app/i18n/i18n.ts";

interface NotificationItem {
	id: string;
	kind: string;
	params: Record<string, string>;
}

/**
 * The header's list of what still needs the person: asks not yet done and notices not yet read.
 * Each item opens through `/notifications/<id>` (read from then on): route anchors
 * (app/components/route-anchor.tsx) and a form.
 */
export function NotificationMenu({ slug, items, total }: { slug: string; items: NotificationItem[]; total: number }) {
	const t = useT();
	const location = useLocation();
	return (
		<details className="relative">
			<summary className="cursor-pointer list-none rounded px-2 py-1 text-sm whitespace-nowrap text-slate-700 hover:bg-slate-100 [&::-webkit-details-marker]:hidden">
				{t("notifications.title")}
				{total > 0 ? (
					<>
						<span className="ml-1 rounded-full bg-brand-700 px-1.5 text-xs text-white" aria-hidden="true">
							{total}
						</span>
						<span className="sr-only">{t("notifications.count", { count: total })}</span>
					</>
				) : null}
			</summary>
			{/* On a phone the panel spans the screen (the button sits mid-header); from sm up it hangs at the button's right. */}
			<div className="fixed inset-x-2 z-10 mt-1 rounded border border-slate-200 bg-white p-2 shadow-lg sm:absolute sm:inset-x-auto sm:right-0 sm:w-80">
				{items.length === 0 ? (
					<p className="p-2 text-sm text-slate-600">{t("notifications.none")}</p>
				) : (
					<ul className="max-h-80 divide-y divide-slate-100 overflow-y-auto text-sm">
						{items.map((n) => (
							<li key={n.id}>
								<a
									href={`/t/${slug}/notifications/${n.id}`}
									data-route=""
									className="block px-2 py-2 hover:bg-slate-50"
								>
									{notificationSentence(t, n.kind, n.params)}
									{n.params.comment ? (
										<span className="mt-0.5 block text-xs text-slate-600">
											{t("decision.commentLine", { comment: n.params.comment })}
										</span>
									) : null}
								</a>
							</li>
						))}
					</ul>
				)}
				<div className="flex flex-wrap items-center justify-between gap-2 border-t border-slate-100 pt-2 text-xs">
					<a href={`/t/${slug}/notifications`} data-route="" className="text-blue-800 underline">
						{t("inbox.viewAll")}
					</a>
					{total > 0 ? (
						<Form method="post" action={`/t/${slug}/notifications`}>
							<input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
							<button type="submit" className="text-blue-800 underline">
								{t("notifications.markRead")}
							</button>
						</Form>
					) : null}
				</div>
			</div>
		</details>
	);
}
