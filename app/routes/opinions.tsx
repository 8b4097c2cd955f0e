import { Form, useActionData, useLoaderData } from "react-router";
import { z } from "zod";
import { FileLink } from "#app/components/file-link.tsx";
import { formError, useErrorText } from "#app/components/form-field.tsx";
import {
	Field,
	inputClass,
	primaryButton,
	type Refill,
	refillError,
	refillValue,
} from "#app/components/meeting/ui.tsx";
import { Notice } from "#app/components/notice.tsx";
import { PageHeader } from "#app/components/page-header.tsx";
import { StatusTag } from "#app/components/status-tag.tsx";
import type { UseCaseOptions } from "#app/domain/actor.ts";
import { answerOpinion, listMyOpinionRequests } from "#app/domain/meetings/opinion-actions.server.ts";
import { isOpinionLate, isOpinionOpen } from "#app/domain/meetings/opinion-rules.ts";
import type { TopicCategory } from "#app/domain/meetings/topic-rules.ts";
import { permissions } from "#app/domain/tenancy/permissions.ts";
import { paragraphs } from "#app/domain/text-fields.ts";
import { pageTitle, useT } from "#app/i18n/i18n.ts";
import { servicesContext } from "#app/lib/app-context.server.ts";
import { chinaToday } from "#app/lib/china-time.ts";
import { formStep } from "#app/lib/form-step.server.ts";
import { caseOptions, requirePermission } from "#app/lib/guards.server.ts";
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
	return {
		slug: membership.tenant.slug,
		requests: requests.map((r) => ({
			...r,
			late: isOpinionLate(r, today),
			open: isOpinionOpen(r.meetingStatus),
		})),
	};
}

/** O2: a department liaison answers an opinion request (with attachments). */
const answerStep = formStep({
	roles: permissions["opinions.answer"],
	schema: z.object({ requestId: z.uuid(), answer: paragraphs(4000) }),
	uploads: true,
	run: (options: UseCaseOptions, v, files) => answerOpinion(options, v.requestId, v.answer, files),
	done: "opinions.done",
});

export async function action({ request, context }: Route.ActionArgs) {
	requirePermission(context, "opinions.answer");
	const form = await request.formData();
	const outcome = await answerStep.perform(form, caseOptions(context), context.get(servicesContext).files);
	return { requestId: String(form.get("requestId") ?? ""), ...outcome };
}

export default function Opinions() {
	const t = useT();
	const { requests, slug } = useLoaderData<typeof loader>();
	const result = useActionData<typeof action>();
	const errorText = useErrorText();
	// The request whose answer was refused gets back what was typed, with each message at its field.
	const refill = (id: string): Refill => (result?.requestId === id && !result.done ? result.result : null);
	return (
		<div className="space-y-4">
			<PageHeader title={t("opinions.title")} intro={t("opinions.intro")} />
			{result?.done ? <Notice tone="success">{t(result.done.key)}</Notice> : null}
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
							<Field label={t("opinions.answer")} error={refillError(refill(r.id), "answer")}>
								<textarea
									name="answer"
									rows={4}
									required
									maxLength={4000}
									defaultValue={refillValue(refill(r.id), "answer") ?? r.answer ?? ""}
									className={inputClass}
								/>
							</Field>
							<Field label={t("prep.attachments")} error={refillError(refill(r.id), "attachment")}>
								<input
									type="file"
									name="attachment"
									multiple
									accept=".pdf,.docx,.ofd,.png,.jpg,.jpeg"
									className="mt-1 block text-sm"
								/>
							</Field>
							{r.files.length > 0 ? (
								<ul className="text-sm">
									{r.files.map((f) => (
										<li key={f.id}>
											{f.name} <FileLink slug={slug} fileId={f.id} name={f.name} />
										</li>
									))}
								</ul>
							) : null}
							{formError(refill(r.id)) ? (
								<p role="alert" className="text-sm text-red-800">
									{errorText(formError(refill(r.id)) ?? "")}
								</p>
							) : null}
							<button type="submit" className={primaryButton}>
								{r.answer ? t("opinions.revise") : t("opinions.submit")}
							</button>
						</Form>
					)}
				</article>
			))}
		</div>
	);
}
