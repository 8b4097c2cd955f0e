import { data, Form, Link, useActionData, useLoaderData, useNavigation } from "react-router";
import { z } from "zod";
import { Button } from "#app/components/button.tsx";
import { Notice } from "#app/components/notice.tsx";
import { PageHeader } from "#app/components/page-header.tsx";
import { StatusTag } from "#app/components/status-tag.tsx";
import { Th } from "#app/components/table.tsx";
import { AppError, httpStatusOf } from "#app/domain/app-error.ts";
import { meetingTitle } from "#app/domain/meetings/meeting-title.ts";
import { readReleaseBoard } from "#app/domain/public-results/read-public-results.server.ts";
import { agreeToRelease, setPublicPage, withdrawRelease } from "#app/domain/public-results/release-actions.server.ts";
import { releaseAbilities, releaseState } from "#app/domain/public-results/release-rules.ts";
import { Refusal } from "#app/domain/refusal.ts";
import { can, type Permission } from "#app/domain/tenancy/permissions.ts";
import { type MessageKey, pageTitle, useT } from "#app/i18n/i18n.ts";
import { servicesContext } from "#app/lib/app-context.server.ts";
import { chinaToday } from "#app/lib/china-time.ts";
import { requestMeta, requirePermission } from "#app/lib/guards.server.ts";
import type { Route } from "./+types/public-results";

export function meta({ matches }: Route.MetaArgs) {
	return pageTitle(matches, "publicResults.title");
}

const day = (d: Date | null) => (d ? chinaToday(new Date(d)) : null);

/** `/t/<slug>/public-results`: the opt-in, and each held meeting's two agreements (O7). */
export async function loader({ context }: Route.LoaderArgs) {
	const { user, membership } = requirePermission(context, "publicResults.read");
	const board = await readReleaseBoard(context.get(servicesContext).db.app, {
		userId: user.id,
		tenantId: membership.tenant.id,
	});
	return {
		slug: membership.tenant.slug,
		enabled: board.enabled,
		canManage: can(membership.roles, "publicResults.manage"),
		meetings: board.meetings.map((m) => ({
			id: m.id,
			title: m.title,
			heldOn: m.heldOn,
			state: releaseState(m.release),
			union: m.release?.unionAgreedBy ? { on: day(m.release.unionAgreedAt), name: m.release.unionAgreedName } : null,
			government: m.release?.governmentAgreedBy
				? { on: day(m.release.governmentAgreedAt), name: m.release.governmentAgreedName }
				: null,
			can: releaseAbilities(membership.roles, user.id, m.status, m.release),
		})),
	};
}

const uuid = z.uuid();
const intents = {
	enable: "publicResults.manage",
	disable: "publicResults.manage",
	agree: "publicResults.agree",
	withdraw: "publicResults.withdraw",
} as const satisfies Record<string, Permission>;
const intentSchema = z.enum(Object.keys(intents) as [keyof typeof intents, ...(keyof typeof intents)[]]);

type ActionResult = { tone: "success" | "error"; message: MessageKey };

export async function action({ request, context }: Route.ActionArgs): Promise<ActionResult> {
	const form = await request.formData();
	const intent = intentSchema.safeParse(form.get("intent"));
	if (!intent.success) throw data(null, { status: 400 });
	// The role check comes first: a refused person gets 403 whatever else the body holds.
	const { user, membership } = requirePermission(context, intents[intent.data]);
	const options = {
		db: context.get(servicesContext).db.app,
		actor: { userId: user.id, membership },
		meta: requestMeta(context),
	};
	try {
		if (intent.data === "enable" || intent.data === "disable") {
			await setPublicPage(options, intent.data === "enable");
			return { tone: "success", message: `publicResults.done.${intent.data}d` };
		}
		const meetingId = uuid.safeParse(form.get("meetingId"));
		if (!meetingId.success) throw data(null, { status: 404 });
		if (intent.data === "agree") {
			const { published } = await agreeToRelease(options, meetingId.data);
			return { tone: "success", message: published ? "publicResults.done.published" : "publicResults.done.agreed" };
		}
		await withdrawRelease(options, meetingId.data);
		return { tone: "success", message: "publicResults.done.withdrawn" };
	} catch (error) {
		if (error instanceof Refusal && error.code === "invalid_state") return { tone: "error", message: error.reason };
		if (error instanceof AppError) throw data(null, { status: httpStatusOf[error.code] });
		throw error;
	}
}

const stateTone = { none: "neutral", awaiting_union: "warn", awaiting_government: "warn", published: "good" } as const;

export default function PublicResultsAdmin() {
	const t = useT();
	const { slug, enabled, canManage, meetings } = useLoaderData<typeof loader>();
	const result = useActionData<typeof action>();
	const busy = useNavigation().state === "submitting";
	const cell = "px-4 py-2 align-top";
	const agreement = (a: { on: string | null; name: string | null } | null) =>
		a ? (
			<>
				{t("publicResults.agreedOn", { date: a.on ?? "" })}
				{a.name ? <span className="block text-xs text-slate-600">{a.name}</span> : null}
			</>
		) : (
			<span className="text-slate-600">{t("publicResults.notYet")}</span>
		);
	return (
		<div className="space-y-6">
			<PageHeader title={t("publicResults.title")} intro={t("publicResults.intro")} />
			{result ? <Notice tone={result.tone}>{t(result.message)}</Notice> : null}

			<section aria-labelledby="public-page" className="rounded border border-slate-200 bg-white p-4">
				<h2 id="public-page" className="text-lg font-semibold">
					{t("publicResults.page.heading")}
				</h2>
				<p className="mt-1 text-sm">{t(enabled ? "publicResults.page.on" : "publicResults.page.off")}</p>
				{enabled ? (
					<dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
						<dt className="text-slate-600">{t("publicResults.page.address")}</dt>
						<dd>
							<Link to={`/p/${slug}`} reloadDocument className="text-blue-800 underline underline-offset-2">
								/p/{slug}
							</Link>
						</dd>
						<dt className="text-slate-600">{t("publicResults.page.feed")}</dt>
						<dd>
							<a href={`/p/${slug}/feed.atom`} className="text-blue-800 underline underline-offset-2">
								/p/{slug}/feed.atom
							</a>
						</dd>
					</dl>
				) : null}
				{canManage ? (
					<Form method="post" className="mt-3">
						<input type="hidden" name="intent" value={enabled ? "disable" : "enable"} />
						<Button type="submit" variant={enabled ? "secondary" : "primary"} disabled={busy}>
							{t(enabled ? "publicResults.page.disable" : "publicResults.page.enable")}
						</Button>
					</Form>
				) : (
					<p className="mt-2 text-sm text-slate-600">{t("publicResults.page.adminOnly")}</p>
				)}
			</section>

			<section aria-labelledby="held-meetings">
				<h2 id="held-meetings" className="text-lg font-semibold">
					{t("publicResults.meetings")}
				</h2>
				{meetings.length === 0 ? (
					<p className="mt-2 text-sm text-slate-600">{t("publicResults.noMeetings")}</p>
				) : (
					<div className="mt-2 overflow-x-auto rounded border border-slate-200 bg-white">
						<table className="w-full min-w-[48rem] text-left text-sm">
							<thead className="border-b border-slate-200 bg-slate-50 text-slate-700">
								<tr>
									<Th>{t("publicResults.col.meeting")}</Th>
									<Th>{t("publicResults.col.heldOn")}</Th>
									<Th>{t("publicResults.col.union")}</Th>
									<Th>{t("publicResults.col.government")}</Th>
									<Th>{t("publicResults.col.state")}</Th>
									<Th>{t("publicResults.col.action")}</Th>
								</tr>
							</thead>
							<tbody className="divide-y divide-slate-100">
								{meetings.map((m) => (
									<tr key={m.id}>
										<td className={cell}>
											<Link to={`/t/${slug}/meetings/${m.id}`} className="text-blue-800 underline underline-offset-2">
												{meetingTitle(t, m.title)}
											</Link>
										</td>
										<td className={`${cell} whitespace-nowrap tabular-nums`}>{m.heldOn ?? "—"}</td>
										<td className={cell}>{agreement(m.union)}</td>
										<td className={cell}>{agreement(m.government)}</td>
										<td className={`${cell} whitespace-nowrap`}>
											<StatusTag tone={stateTone[m.state]}>
												{t(
													m.state === "published" && !enabled
														? "publicResults.state.publishedHidden"
														: `publicResults.state.${m.state}`,
												)}
											</StatusTag>
										</td>
										<td className={cell}>
											<div className="flex flex-wrap gap-2">
												{m.can.agree ? (
													<Form method="post">
														<input type="hidden" name="intent" value="agree" />
														<input type="hidden" name="meetingId" value={m.id} />
														<Button type="submit" disabled={busy}>
															{t(`publicResults.agree.${m.can.agree}`)}
														</Button>
													</Form>
												) : null}
												{m.can.withdraw ? (
													<Form method="post">
														<input type="hidden" name="intent" value="withdraw" />
														<input type="hidden" name="meetingId" value={m.id} />
														<Button type="submit" variant="secondary" disabled={busy}>
															{t(
																m.state === "published" ? "publicResults.withdraw" : "publicResults.withdrawAgreement",
															)}
														</Button>
													</Form>
												) : null}
											</div>
										</td>
									</tr>
								))}
							</tbody>
						</table>
					</div>
				)}
			</section>
		</div>
	);
}
