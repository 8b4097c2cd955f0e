import { useActionData, useLoaderData } from "react-router";
import { z } from "zod";
import { FileLink } from "#app/components/file-link.tsx";
import { formError, LimitedTextarea, useErrorText } from "#app/components/form-field.tsx";
import {
	Field,
	inputClass,
	primaryButton,
	type Refill,
	refillError,
	refillValue,
} from "#app/components/meeting/ui.tsx";
import { Notice } from "#app/components/notice.tsx";
import { Form } from "#app/components/once-form.tsx";
import { PageHeader } from "#app/components/page-header.tsx";
import { StatusTag } from "#app/components/status-tag.tsx";
import type { UseCaseOptions } from "#app/domain/actor.ts";
import { meetingTitle } from "#app/domain/meetings/meeting-title.ts";
import { answerOpinion, listMyOpinionRequests } from "#app/domain/meetings/opinion-actions.server.ts";
import { isOpinionLate, isOpinionOpen } from "#app/domain/meetings/opinion-rules.ts";
import type { TopicCategory } from "#app/domain/meetings/topic-rules.ts";
import { permissions } from "#app/domain/tenancy/permissions.ts";
import { paragraphs } from "#app/domain/text-fields.ts";
import { pageTitle, usePunctuation, useT } from "#app/i18n/i18n.ts";
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

type AttachedFile = { id: string; name: string };

function FileList({ label, files, slug }: { label: string; files: AttachedFile[]; slug: string }) {
	if (files.length === 0) return null;
	return (
		<div className="mt-2 text-sm">
			<p className="text-slate-600">{label}</p>
			<ul>
				{files.map((f) => (
					<li key={f.id} className="break-words">
						{f.name} <FileLink slug={slug} fileId={f.id} name={f.name} />
					</li>
				))}
			</ul>
		</div>
	);
}

/** O2: the department reads the whole topic it is asked about — its three parts and its files. */
function TopicParts({
	request,
	slug,
}: {
	request: { id: string; background: string; research: string; suggestions: string; topicFiles: AttachedFile[] };
	slug: string;
}) {
	const t = useT();
	return (
		<section aria-labelledby={`op-topic-${request.id}`} className="mt-3 rounded border border-slate-100 p-3">
			<h3 id={`op-topic-${request.id}`} className="text-sm font-medium">
				{t("opinions.topicHeading")}
			</h3>
			<dl className="mt-1 grid gap-1 text-sm sm:grid-cols-[auto_1fr] sm:gap-x-4">
				{(["background", "research", "suggestions"] as const).map((key) => (
					<div key={key} className="contents">
						<dt className="text-slate-600">{t(`prep.${key}`)}</dt>
						<dd className="break-words whitespace-pre-wrap">
							{request[key] ? request[key] : <span className="text-slate-500">{t("opinions.notFilled")}</span>}
						</dd>
					</div>
				))}
			</dl>
			<FileList label={t("opinions.topicFiles")} files={request.topicFiles} slug={slug} />
		</section>
	);
}

export default function Opinions() {
	const t = useT();
	const { requests, slug } = useLoaderData<typeof loader>();
	const result = useActionData<typeof action>();
	const errorText = useErrorText();
	const p = usePunctuation();
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
						{r.department} · {t("opinions.meeting", { meeting: meetingTitle(t, r.meeting) })}
					</p>
					<TopicParts request={r} slug={slug} />
					{r.note ? (
						<p className="mt-2 text-sm text-slate-700">
							<span className="font-medium">{t("opinions.requestNote")}</span>
							{p.colon}
							{r.note}
						</p>
					) : null}
					{!r.open ? (
						<>
							{r.answer ? <p className="mt-3 rounded bg-slate-50 p-2 text-sm whitespace-pre-wrap">{r.answer}</p> : null}
							<FileList label={t("opinions.answerFiles")} files={r.files} slug={slug} />
						</>
					) : (
						<Form method="post" encType="multipart/form-data" className="mt-3 space-y-2">
							<input type="hidden" name="requestId" value={r.id} />
							<Field label={t("opinions.answer")} error={refillError(refill(r.id), "answer")}>
								<LimitedTextarea
									name="answer"
									rows={4}
									required
									limit={4000}
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
							<FileList label={t("opinions.answerFiles")} files={r.files} slug={slug} />
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
