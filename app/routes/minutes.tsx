import { data, Link, useActionData, useLoaderData, useSearchParams } from "react-router";
import { Decision, type DecisionProps } from "#app/components/decision.tsx";
import { formError, useErrorText } from "#app/components/form-field.tsx";
import { Section } from "#app/components/meeting/ui.tsx";
import { MinutesEditor } from "#app/components/minutes-editor.tsx";
import { NextStepText } from "#app/components/next-step-line.tsx";
import { Notice } from "#app/components/notice.tsx";
import { StatusTag } from "#app/components/status-tag.tsx";
import { meetingTitle } from "#app/domain/meetings/meeting-title.ts";
import { issueFirstPage } from "#app/domain/minutes/issue-page-preview.server.ts";
import { readIssuePreview } from "#app/domain/minutes/issue-preview.server.ts";
import { diffLines, minutesAbilities, minutesNumber, type ReviewStep } from "#app/domain/minutes/minutes-rules.ts";
import { readMinutes } from "#app/domain/minutes/read-minutes.server.ts";
import { readMeetingNextStep } from "#app/domain/workbench/read-next-step.server.ts";
import { pageTitle, translator, usePunctuation, useT } from "#app/i18n/i18n.ts";
import { langFromRequest } from "#app/i18n/lang-cookie.server.ts";
import { servicesContext } from "#app/lib/app-context.server.ts";
import { chinaDateTime, chinaToday } from "#app/lib/china-time.ts";
import { performPostedStep } from "#app/lib/form-step.server.ts";
import { requirePermission } from "#app/lib/guards.server.ts";
import type { Route } from "./+types/minutes";
import { minutesSteps } from "./minutes/steps.server.ts";

export function meta({ matches }: Route.MetaArgs) {
	return pageTitle(matches, "minutes.title");
}

export async function loader({ params, request, context }: Route.LoaderArgs) {
	const { user, membership } = requirePermission(context, "minutes.read");
	const db = context.get(servicesContext).db.app;
	const actor = { userId: user.id, tenantId: membership.tenant.id };
	// Side by side (ADR 0009): the minutes, and the next step naming who takes it (issue #21).
	const [page, nextStep] = await Promise.all([
		readMinutes(db, actor, params.meetingId),
		readMeetingNextStep(db, actor, membership.roles, params.meetingId),
	]);
	if (!page) throw data(null, { status: 404 });
	const status = page.minutes?.status ?? null;
	const roles = membership.roles;
	const { save: canSave, steps } = minutesAbilities(roles, status, page.meeting.status);
	const compare = Number(new URL(request.url).searchParams.get("compare") ?? 0);
	const current = page.versions[0] ?? null;
	const other = page.versions.find((v) => v.version === compare) ?? null;
	const names = new Map(page.departments.map((d) => [d.id, d.name]));
	const issuePreviewOf = async (minutesId: string) => {
		const today = chinaToday();
		const preview = await readIssuePreview(db, actor, minutesId, today);
		const t = translator(await langFromRequest(request));
		const firstPage = await issueFirstPage(page, {
			number: preview.printed,
			issuedOn: today,
			label: t("minutes.preview.label"),
		});
		return { ...preview, firstPage };
	};
	return {
		slug: membership.tenant.slug,
		tenant: { kind: membership.tenant.kind, name: membership.tenant.name },
		// Once held, the minutes are the meeting's next step; before, the meeting page says what comes first.
		nextStep: page.meeting.status === "held" || page.meeting.status === "minutes_review" ? nextStep : null,
		meeting: page.meeting,
		status,
		number:
			page.minutes?.number_seq && page.minutes.number_year
				? minutesNumber(page.minutes.number_year, page.minutes.number_seq)
				: null,
		issuedOn: page.minutes?.issued_on ?? null,
		current,
		versions: page.versions.map((v) => ({ version: v.version, savedBy: v.savedBy, savedAt: chinaDateTime(v.savedAt) })),
		reviews: page.reviews.map((r) => ({ ...r, at: chinaDateTime(r.at) })),
		departments: page.departments
			.filter((d) => !d.archivedAt)
			.map((d) => ({ id: d.id, name: d.name, reachable: d.reachable })),
		departmentNames: Object.fromEntries(names),
		canSave,
		steps,
		// 印发 is irreversible: it shows the number it takes, the first page and who is told before it is confirmed.
		issuePreview: steps.includes("issue") && page.minutes ? await issuePreviewOf(page.minutes.id) : null,
		diff:
			current && other
				? {
						version: other.version,
						body: diffLines(other.body, current.body),
						matters: diffLines(
							other.matters
								.map((m) => `${m.content}｜${names.get(m.leadDepartmentId) ?? ""}｜${m.deadline}`)
								.join("\n"),
							current.matters
								.map((m) => `${m.content}｜${names.get(m.leadDepartmentId) ?? ""}｜${m.deadline}`)
								.join("\n"),
						),
					}
				: null,
	};
}

/** The words each review step asks for (O5): 意见 with an approval, a reason to return, a confirmation to issue. */
const wordsOf: Record<ReviewStep, DecisionProps["words"]> = {
	submit: "confirm",
	union_approve: "comment",
	gov_approve: "comment",
	return: "reason",
	issue: "confirm",
};

export async function action({ request, params, context }: Route.ActionArgs) {
	return performPostedStep(context, await request.formData(), minutesSteps, (options) => ({
		options,
		meetingId: params.meetingId,
	}));
}

/** 印发's consequence: the number, the first page as it will read, and who is told. */
function IssueConsequence({
	preview,
}: {
	preview: {
		number: string;
		departments: string[];
		mattersCount: number;
		firstPage: { svg: string; pages: number } | null;
	};
}) {
	const t = useT();
	return (
		<div className="space-y-2">
			<p>{t("minutes.issue.willTake", { number: preview.number })}</p>
			{preview.firstPage ? (
				<figure className="space-y-1">
					{/* The first page drawn from the OFD's own page model (server-made SVG, escaped text). */}
					<div
						className="mx-auto max-h-96 w-full max-w-xs overflow-y-auto border border-slate-300 bg-white"
						// biome-ignore lint/security/noDangerouslySetInnerHtml: our own SVG, every text escaped (page-svg.ts)
						dangerouslySetInnerHTML={{ __html: preview.firstPage.svg }}
					/>
					<figcaption className="text-center text-xs text-slate-600">
						{t("minutes.preview.pages", { pages: preview.firstPage.pages })}
					</figcaption>
				</figure>
			) : null}
			<p>
				{preview.mattersCount > 0
					? t("minutes.issue.recipients", { count: preview.mattersCount, departments: preview.departments.join("、") })
					: t("minutes.issue.noMatters")}
			</p>
			<p className="text-red-800">{t("minutes.issue.final")}</p>
		</div>
	);
}

export default function Minutes() {
	const t = useT();
	const p = usePunctuation();
	const page = useLoaderData<typeof loader>();
	const result = useActionData<typeof action>();
	const errorText = useErrorText();
	const refused = formError(result?.result);
	const [search] = useSearchParams();
	const { current, slug, meeting } = page;
	const docxName = `${page.number ?? "draft"}.docx`;
	return (
		<div className="space-y-5">
			<p>
				<Link to={`/t/${slug}/meetings/${meeting.id}`} className="text-sm text-blue-800 underline underline-offset-2">
					{meetingTitle(t, meeting.title)}
				</Link>
			</p>
			<div className="flex flex-wrap items-center gap-3">
				<h1 className="text-xl font-semibold">{t("minutes.title")}</h1>
				{page.status ? (
					<StatusTag tone={page.status === "issued" ? "good" : "info"}>{t(`minutes.status.${page.status}`)}</StatusTag>
				) : null}
				{page.number ? <span className="text-sm">{page.number}</span> : null}
				{page.issuedOn ? (
					<span className="text-sm text-slate-600">
						{t("minutes.issuedOn")} {page.issuedOn}
					</span>
				) : null}
			</div>
			<p className="max-w-3xl text-sm text-slate-600">{t("minutes.intro")}</p>
			{result?.done ? <Notice tone="success">{t(result.done.key, result.done.params)}</Notice> : null}
			{refused ? <Notice tone="error">{errorText(refused)}</Notice> : null}
			{!page.status && !page.canSave ? <p className="text-sm text-slate-600">{t("minutes.notYet")}</p> : null}
			{current ? (
				<p className="flex flex-wrap gap-x-5 gap-y-2 text-sm">
					<a
						href={`/t/${slug}/meetings/${meeting.id}/minutes/${encodeURIComponent(docxName)}`}
						className="text-blue-800 underline underline-offset-2"
					>
						{page.status === "issued" ? t("minutes.download") : t("minutes.downloadDraft")}
					</a>
					{page.status === "issued" ? (
						<a
							href={`/t/${slug}/meetings/${meeting.id}/minutes/${encodeURIComponent(`${page.number ?? "minutes"}.ofd`)}`}
							className="text-blue-800 underline underline-offset-2"
						>
							{t("minutes.downloadOfd")}
						</a>
					) : null}
				</p>
			) : null}
			{page.steps.length > 0 || page.nextStep ? (
				<Section id="review" title={t("meetings.page.next")}>
					{page.nextStep ? (
						<p className="mb-3 text-sm">
							<NextStepText line={page.nextStep} tenant={page.tenant} />
						</p>
					) : null}
					<div className="flex flex-wrap items-end gap-3">
						{page.steps.map((s) => (
							<Decision
								key={s}
								intent={s}
								label={t(`minutes.action.${s}`)}
								words={wordsOf[s]}
								variant={s === "return" ? "secondary" : "primary"}
								consequence={
									s === "issue" && page.issuePreview ? <IssueConsequence preview={page.issuePreview} /> : undefined
								}
								open={result?.asking === s}
								refill={result?.intent === s ? result.result : null}
							/>
						))}
					</div>
				</Section>
			) : null}
			{page.canSave ? (
				<Section id="edit" title={current ? t("minutes.version", { version: current.version }) : t("minutes.title")}>
					<MinutesEditor
						current={current}
						departments={page.departments}
						lastResult={result?.intent === "save" ? (result.result ?? undefined) : undefined}
					/>
				</Section>
			) : current ? (
				<Section id="text" title={t("minutes.version", { version: current.version })}>
					{current.presidedBy ? (
						<p className="text-sm">
							{t("minutes.presidedBy")}
							{p.colon}
							{current.presidedBy}
						</p>
					) : null}
					<div className="text-sm whitespace-pre-wrap">{current.body}</div>
					<ol className="list-decimal space-y-1 pl-6 text-sm">
						{current.matters.map((m) => (
							<li key={m.content}>
								{m.content}
								{p.open}
								{t("minutes.lead")}
								{p.colon}
								{page.departmentNames[m.leadDepartmentId]}
								{p.semicolon}
								{t("minutes.deadline")}
								{p.colon}
								{m.deadline}
								{p.close}
							</li>
						))}
					</ol>
				</Section>
			) : null}
			{page.reviews.length > 0 ? (
				<Section id="reviews" title={t("minutes.reviews")}>
					<ul className="space-y-1 text-sm">
						{page.reviews.map((r) => (
							<li key={r.id}>
								{t("minutes.review.line", {
									stage: t(`minutes.stage.${r.stage}`),
									name: r.name,
									at: r.at,
									version: r.version,
									decision: t(`minutes.review.${r.decision}`),
									comment: r.comment ? `${p.colon}${r.comment}` : "",
								})}
							</li>
						))}
					</ul>
				</Section>
			) : null}
			{page.versions.length > 1 ? (
				<Section id="versions" title={t("minutes.versions")}>
					<ul className="space-y-1 text-sm">
						{page.versions.map((v) => (
							<li key={v.version}>
								{t("minutes.version", { version: v.version })} ·{" "}
								{t("minutes.savedBy", { name: v.savedBy ?? "", at: v.savedAt })}
								{current && v.version !== current.version ? (
									<Link to={`?compare=${v.version}#versions`} className="ml-2 text-blue-800 underline">
										{t("minutes.compareWith", { version: v.version })}
									</Link>
								) : null}
							</li>
						))}
					</ul>
					{page.diff && search.get("compare") ? (
						<div className="space-y-2">
							{[page.diff.body, page.diff.matters].map((lines, k) => (
								<pre
									key={k === 0 ? "body" : "matters"}
									className="relative overflow-x-auto rounded bg-slate-50 p-2 text-xs whitespace-pre-wrap"
								>
									{lines
										.map((line, position) => ({ ...line, position }))
										.map(({ position, ...line }) => (
											<div
												key={`line-${position}`}
												className={
													line.kind === "added"
														? "bg-green-100"
														: line.kind === "removed"
															? "bg-red-100 line-through"
															: undefined
												}
											>
												{line.kind === "added" ? "+ " : line.kind === "removed" ? "− " : "  "}
												{line.text}
											</div>
										))}
								</pre>
							))}
						</div>
					) : null}
				</Section>
			) : null}
		</div>
	);
}
