import { Form, Link, useLocation } from "react-router";
import { type MessageKey, useT } from "#app/i18n/i18n.ts";

interface NotificationItem {
	id: string;
	kind: string;
	link: string;
	params: Record<string, string>;
}

/** The header's list of what the person must act on; plain links and a plain form. */
export function NotificationMenu({ slug, items, total }: { slug: string; items: NotificationItem[]; total: number }) {
	const t = useT();
	const location = useLocation();
	return (
		<details className="relative">
			<summary className="cursor-pointer list-none rounded px-2 py-1 text-sm text-slate-700 hover:bg-slate-100 [&::-webkit-details-marker]:hidden">
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
			<div className="absolute right-0 z-10 mt-1 w-80 rounded border border-slate-200 bg-white p-2 shadow-lg">
				{items.length === 0 ? (
					<p className="p-2 text-sm text-slate-600">{t("notifications.none")}</p>
				) : (
					<ul className="max-h-80 divide-y divide-slate-100 overflow-y-auto text-sm">
						{items.map((n) => (
							<li key={n.id}>
								<Link to={n.link} className="block px-2 py-2 hover:bg-slate-50">
									{t(`notifications.kind.${n.kind}` as MessageKey, n.params)}
									{n.params.comment ? (
										<span className="mt-0.5 block text-xs text-slate-600">
											{t("decision.commentLine", { comment: n.params.comment })}
										</span>
									) : null}
								</Link>
							</li>
						))}
					</ul>
				)}
				{total > 0 ? (
					<Form method="post" action={`/t/${slug}/notifications`} className="border-t border-slate-100 pt-2">
						<input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
						<button type="submit" className="text-xs text-blue-800 underline">
							{t("notifications.markRead")}
						</button>
					</Form>
				) : null}
			</div>
		</details>
	);
}
