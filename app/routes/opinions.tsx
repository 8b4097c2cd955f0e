import { data, Form, useActionData, useLoaderData } from "react-router";
import { z } from "zod";
import { FileLink } from "#app/components/file-link.tsx";
import { Notice } from "#app/components/notice.tsx";
import { PageHeader } from "#app/components/page-header.tsx";
import { StatusTag } from "#app/components/status-tag.tsx";
import { AppError, httpStatusOf } from "#app/domain/app-error.ts";
import { storeUploads } from "#app/domain/files/stored-upload.ts";
import { MeetingRefusal } from "#app/domain/meetings/meeting-errors.ts";
import { answerOpinion, listMyOpinionRequests } from "#app/domain/meetings/opinion-actions.server.ts";
import type { TopicCategory } from "#app/domain/meetings/topic-rules.ts";
import { paragraphs } from "#app/domain/text-fields.ts";
import { type MessageKey, pageTitle, useT } from "#app/i18n/i18n.ts";
import { servicesContext } from "#app/lib/app-context.server.ts";
import { chinaToday } from "#app/lib/china-time.ts";
import { requestMeta, requirePermission } from "#app/lib/guards.server.ts";
import type { Route } from "./+types/opinions";

export function meta({ matches }: Route.MetaArgs) {
	return pageTitle(matches, "opinions.title");
}

export async function loader({ context }: Route.LoaderArgs) {
	const { user, membership } = requirePermission(context, "opinions.answer");
	const requests = await listMyOpinionRequests(context.get(servicesContext).db.app, {
		userId: user.id,
		tenantId: membership.tenant.id,
	});
	const today = chinaToday();
	const open = new Set(["accepted", "preparing", "scheduled"]);
	return {
		slug: membership.tenant.slug,
		requests: requests.map((r) => ({
			...r,
			late: r.answer === null && r.dueOn < today,
			open: open.has(r.meetingStatus),
		})),
	};
}

const answerSchema = z.object({ requestId: z.uuid(), answer: paragraphs(4000) });

export async function action({ request, context }: Route.ActionArgs) {
	const { user, membership } = requirePermission(context, "opinions.answer");
	const form = await request.formData();
	const parsed = answerSchema.safeParse({ requestId: form.get("requestId"), answer: form.get("answer") });
	if (!parsed.success)
		return {
			requestId: String(form.get("requestId") ?? ""),
			error: "meetings.error.required" as MessageKey,
			done: false,
		};
	const attachments = await storeUploads(
		form.getAll("attachment").filter((f): f is File => f instanceof File),
		context.get(servicesContext).files,
	);
	if (!attachments.ok) return { requestId: parsed.data.requestId, error: attachments.error as MessageKey, done: false };
	try {
		await answerOpinion(
			{ db: context.get(servicesContext).db.app, actor: { userId: user.id, membership }, meta: requestMeta(context) },
			parsed.data.requestId,
			parsed.data.answer,
			attachments.uploads,
		);
	} catch (error) {
		if (error instanceof MeetingRefusal)
			return { requestId: parsed.data.requestId, error: error.reason as MessageKey, done: false };
		if (error instanceof AppError) throw data(null, { status: httpStatusOf[error.code] });
		throw error;
	}
	return { requestId: parsed.data.requestId, error: null, done: true };
}

export default function Opinions() {
	const t = useT();
	const { requests, slug } = useLoaderData<typeof loader>();
	const result = useActionData<typeof action>();
	return (
		<div className="space-y-4">
			<PageHeader title={t("opinions.title")} intro={t("opinions.intro")} />
			{result?.done ? <Notice tone="success">{t("opinions.done")}</Notice> : null}
			{requests.length === 0 ? (
				<p className="rounded border border-slate-200 bg-white p-4 text-sm text-slate-600">{t("opinions.none")}</p>
			) : null}
			{requests.map((r) => (
				<article key={r.id} className="rounded border border-slate-200 bg-white p-4" aria-labelledby={`op-${r.id}`}>
					<div className="flex flex-wrap items-center gap-2">
						<h2 id={`op-${r.id}`} className="font-medium">
							{r.topic}
						</h2>
						<span className="text-xs text-slate-600">{t(`topic.category.${r.category as TopicCategory}`)}</span>
						{r.answer ? (
							<StatusTag tone="good">{t("opinions.answered")}</StatusTag>
						) : r.late ? (
							<StatusTag tone="bad">{t("prep.late")}</StatusTag>
						) : (
							<StatusTag tone="warn">{t("opinions.due", { due: r.dueOn })}</StatusTag>
						)}
					</div>
					<p className="text-sm text-slate-600">
						{r.department} · {t("opinions.meeting", { meeting: r.meeting })}
					</p>
					{r.background ? <p className="mt-2 text-sm whitespace-pre-wrap">{r.background}</p> : null}
					{r.note ? <p className="mt-1 text-sm text-slate-700">{r.note}</p> : null}
					{!r.open ? (
						r.answer ? (
							<p className="mt-3 rounded bg-slate-50 p-2 text-sm whitespace-pre-wrap">{r.answer}</p>
						) : null
					) : (
						<Form method="post" encType="multipart/form-data" className="mt-3 space-y-2">
							<input type="hidden" name="requestId" value={r.id} />
							<label className="block text-sm">
								<span className="text-slate-700">{t("opinions.answer")}</span>
								<textarea
									name="answer"
									rows={4}
									required
									maxLength={4000}
									defaultValue={r.answer ?? ""}
									className="mt-1 block w-full rounded border border-slate-400 px-2 py-1.5 text-sm"
								/>
							</label>
							<label className="block text-sm">
								<span className="text-slate-700">{t("prep.attachments")}</span>
								<input
									type="file"
									name="attachment"
									multiple
									accept=".pdf,.docx,.ofd,.png,.jpg,.jpeg"
									className="mt-1 block text-sm"
								/>
							</label>
							{r.files.length > 0 ? (
								<ul className="text-sm">
									{r.files.map((f) => (
										<li key={f.id}>
											{f.name} <FileLink slug={slug} fileId={f.id} name={f.name} />
										</li>
									))}
								</ul>
							) : null}
							{result?.error && result.requestId === r.id ? (
								<p role="alert" className="text-sm text-red-800">
									{t(result.error)}
								</p>
							) : null}
							<button
								type="submit"
								className="rounded bg-brand-700 px-4 py-2 text-sm font-medium text-white hover:bg-brand-800"
							>
								{r.answer ? t("opinions.revise") : t("opinions.submit")}
							</button>
						</Form>
					)}
				</article>
			))}
		</div>
	);
}
