import { Form, Link, redirect, useLoaderData, useLocation } from "react-router";
import { z } from "zod";
import { Button } from "#app/components/button.tsx";
import { PageHeader } from "#app/components/page-header.tsx";
import { StatusTag } from "#app/components/status-tag.tsx";
import { meetingTitle } from "#app/domain/meetings/meeting-title.ts";
import { isNotificationKind, kindLabel, notificationKinds } from "#app/domain/notifications/notification-kinds.ts";
import { titleIsMeetingTitle } from "#app/domain/notifications/notification-sentence.ts";
import {
	type InboxState,
	inboxPageSize,
	listInbox,
	markAllRead,
} from "#app/domain/notifications/read-notifications.server.ts";
import { type MessageKey, pageTitle, useT } from "#app/i18n/i18n.ts";
import { servicesContext } from "#app/lib/app-context.server.ts";
import { chinaDateTime } from "#app/lib/china-time.ts";
import { requirePermission, safeRedirectPath } from "#app/lib/guards.server.ts";
import type { Route } from "./+types/notifications";

export function meta({ matches }: Route.MetaArgs) {
	return pageTitle(matches, "inbox.title");
}

/** The query string: a value that is not one of ours falls back to the default, never an error page. */
const filterSchema = z.object({
	show: z.enum(["open", "all"]).catch("open"),
	kind: z
		.string()
		.nullable()
		.catch(null)
		.transform((k) => (k && isNotificationKind(k) ? k : null)),
	page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

/** `/t/<slug>/notifications?show=open|all&kind=…&page=…`: the person's own notifications in this unit. */
export async function loader({ request, context }: Route.LoaderArgs) {
	const { user, membership } = requirePermission(context, "tenant.read");
	const query = new URL(request.url).searchParams;
	const filter = filterSchema.parse({
		show: query.get("show") ?? undefined,
		kind: query.get("kind") || null,
		page: query.get("page") ?? undefined,
	});
	const inbox = await listInbox(
		context.get(servicesContext).db.app,
		{ userId: user.id, tenantId: membership.tenant.id },
		filter,
	);
	return {
		slug: membership.tenant.slug,
		filter,
		total: inbox.total,
		pages: Math.max(1, Math.ceil(inbox.total / inboxPageSize)),
		// The kind filter offers what the person has received, in the order of the year's work.
		kinds: notificationKinds.filter((k) => inbox.kinds.includes(k)),
		items: inbox.items.map((n) => ({
			id: n.id,
			label: kindLabel(n.kind),
			subject: n.params.title ?? n.params.department ?? n.params.units ?? n.params.email ?? n.params.year ?? null,
			// A meeting's generated title is shown in the reader's language (what people typed stays).
			subjectIsMeetingTitle: n.params.title !== undefined && titleIsMeetingTitle(n.kind),
			comment: n.params.comment ?? null,
			at: chinaDateTime(n.createdAt),
			state: n.state,
		})),
	};
}

/** POST: marks the person's notifications in this tenant as read, then returns to the page they were on. */
export async function action({ request, context }: Route.ActionArgs) {
	const { user, membership } = requirePermission(context, "tenant.read");
	await markAllRead(context.get(servicesContext).db.app, { userId: user.id, tenantId: membership.tenant.id });
	const form = await request.formData();
	return redirect(safeRedirectPath(form.get("redirectTo"), `/t/${membership.tenant.slug}`));
}

const stateTag: Record<InboxState, { key: MessageKey; tone: "warn" | "good" | "info" | "neutral" }> = {
	pending: { key: "inbox.state.pending", tone: "warn" },
	done: { key: "inbox.state.done", tone: "good" },
	unread: { key: "inbox.state.unread", tone: "info" },
	read: { key: "inbox.state.read", tone: "neutral" },
};

export default function Notifications() {
	const t = useT();
	const location = useLocation();
	const { slug, filter, total, pages, kinds, items } = useLoaderData<typeof loader>();
	const pageLink = (page: number) => {
		const q = new URLSearchParams({ show: filter.show, ...(filter.kind ? { kind: filter.kind } : {}) });
		if (page > 1) q.set("page", String(page));
		return `?${q}`;
	};
	return (
		<div className="space-y-4">
			<PageHeader title={t("inbox.title")} intro={t("inbox.intro")} />
			<div className="flex flex-wrap items-end justify-between gap-3">
				<Form
					method="get"
					className="flex flex-wrap items-end gap-3 rounded border border-slate-200 bg-white p-3 text-sm"
				>
					<fieldset>
						<legend className="text-slate-700">{t("inbox.filter.show")}</legend>
						<div className="mt-1 flex gap-3">
							{(["open", "all"] as const).map((show) => (
								<label key={show} className="flex items-center gap-1">
									<input type="radio" name="show" value={show} defaultChecked={filter.show === show} />
									{t(show === "open" ? "inbox.filter.open" : "inbox.filter.all")}
								</label>
							))}
						</div>
					</fieldset>
					<label>
						<span className="block text-slate-700">{t("inbox.filter.kind")}</span>
						<select
							name="kind"
							defaultValue={filter.kind ?? ""}
							className="mt-1 max-w-64 rounded border border-slate-400 bg-white px-2 py-1.5"
						>
							<option value="">{t("inbox.filter.anyKind")}</option>
							{kinds.map((k) => (
								<option key={k} value={k}>
									{t(kindLabel(k))}
								</option>
							))}
						</select>
					</label>
					<Button type="submit">{t("inbox.filter.submit")}</Button>
				</Form>
				{total > 0 ? (
					<Form method="post">
						<input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
						<button type="submit" className="text-sm text-blue-800 underline">
							{t("notifications.markRead")}
						</button>
					</Form>
				) : null}
			</div>

			<p className="text-sm text-slate-700" role="status">
				{t("inbox.summary", { count: total })}
			</p>
			{items.length === 0 ? (
				<p className="rounded border border-slate-200 bg-white p-4 text-sm text-slate-600">
					{t(filter.show === "open" ? "inbox.emptyOpen" : "inbox.emptyAll")}
				</p>
			) : (
				<ul className="divide-y divide-slate-100 rounded border border-slate-200 bg-white">
					{items.map((n) => (
						<li
							key={n.id}
							data-state={n.state}
							className="flex flex-wrap items-start gap-x-4 gap-y-1 px-4 py-3 text-sm"
						>
							<span className="w-full text-slate-600 sm:w-48 sm:shrink-0">{t(n.label)}</span>
							<span className="min-w-0 flex-1 basis-48">
								<Link
									to={`/t/${slug}/notifications/${n.id}`}
									className={`break-words text-blue-800 underline-offset-2 hover:underline ${n.state === "unread" || n.state === "pending" ? "font-medium" : ""}`}
								>
									{n.subject === null ? t(n.label) : n.subjectIsMeetingTitle ? meetingTitle(t, n.subject) : n.subject}
								</Link>
								{n.comment ? (
									<span className="mt-0.5 block break-words text-xs text-slate-600">
										{t("decision.commentLine", { comment: n.comment })}
									</span>
								) : null}
							</span>
							<time className="text-slate-600 tabular-nums" dateTime={`${n.at.replace(" ", "T")}+08:00`}>
								{n.at}
							</time>
							<StatusTag tone={stateTag[n.state].tone}>{t(stateTag[n.state].key)}</StatusTag>
						</li>
					))}
				</ul>
			)}
			{pages > 1 ? (
				<nav aria-label={t("inbox.paging")} className="flex flex-wrap items-center gap-3 text-sm">
					{filter.page > 1 ? (
						<Link to={pageLink(filter.page - 1)} className="text-blue-800 underline">
							{t("inbox.prev")}
						</Link>
					) : null}
					<span>{t("inbox.page", { page: filter.page, pages })}</span>
					{filter.page < pages ? (
						<Link to={pageLink(filter.page + 1)} className="text-blue-800 underline">
							{t("inbox.next")}
						</Link>
					) : null}
				</nav>
			) : null}
		</div>
	);
}
