import { data, Form, Link, useActionData, useLoaderData } from "react-router";
import { z } from "zod";
import { FileLink } from "#app/components/file-link.tsx";
import { Field, inputClass, Section, smallButton } from "#app/components/meeting/ui.tsx";
import { Notice } from "#app/components/notice.tsx";
import { StatusTag } from "#app/components/status-tag.tsx";
import { AppError, httpStatusOf } from "#app/domain/app-error.ts";
import { storeUploads } from "#app/domain/files/stored-upload.ts";
import { actOnMatter } from "#app/domain/matters/matter-actions.server.ts";
import { checkMatterAction, type MatterAction, matterActionRoles } from "#app/domain/matters/matter-rules.ts";
import { readMatter } from "#app/domain/matters/read-matters.server.ts";
import { MeetingRefusal } from "#app/domain/meetings/meeting-errors.ts";
import { can } from "#app/domain/tenancy/permissions.ts";
import { optionalParagraphs } from "#app/domain/text-fields.ts";
import { type MessageKey, pageTitle, usePunctuation, useT } from "#app/i18n/i18n.ts";
import { servicesContext } from "#app/lib/app-context.server.ts";
import { chinaDateTime, chinaToday } from "#app/lib/china-time.ts";
import { requestMeta, requireAnyRole, requirePermission } from "#app/lib/guards.server.ts";
import type { Route } from "./+types/matter";

export function meta({ matches }: Route.MetaArgs) {
	return pageTitle(matches, "matters.title");
}

const actions = [
	"progress",
	"done",
	"reminder",
	"supervision",
	"verify",
	"extend",
	"reopen",
] as const satisfies MatterAction[];

export async function loader({ params, context }: Route.LoaderArgs) {
	const { user, membership } = requirePermission(context, "matters.read");
	const page = await readMatter(
		context.get(servicesContext).db.app,
		{ userId: user.id, tenantId: membership.tenant.id },
		params.matterId,
		chinaToday(),
	);
	if (!page) throw data(null, { status: 404 });
	const allowed = actions.filter(
		(a) =>
			checkMatterAction(a, membership.roles, page.matter.status).ok &&
			((a !== "progress" && a !== "done") || page.isLead),
	);
	return {
		slug: membership.tenant.slug,
		matter: page.matter,
		updates: page.updates.map((u) => ({ ...u, at: chinaDateTime(u.at) })),
		allowed,
		canAudit: can(membership.roles, "audit.read"),
	};
}

const stepSchema = z.object({
	intent: z.enum(actions),
	text: optionalParagraphs(4000),
	percent: z
		.preprocess((v) => (v === "" || v === undefined ? null : v), z.coerce.number().int().min(0).max(100).nullable())
		.default(null),
	newDeadline: z.preprocess((v) => (v === "" ? null : v), z.iso.date().nullable()).default(null),
});

export async function action({ request, params, context }: Route.ActionArgs) {
	const formData = await request.formData();
	const form = Object.fromEntries([...formData.entries()].filter(([, v]) => typeof v === "string"));
	const intent = z.enum(actions).safeParse(form.intent);
	if (!intent.success) throw data(null, { status: 400 });
	const { user, membership } = requireAnyRole(context, matterActionRoles[intent.data]);
	const parsed = stepSchema.safeParse(form);
	if (!parsed.success) return { error: "matters.error.reasonRequired" as MessageKey, done: false };
	const evidence = await storeUploads(
		formData.getAll("attachment").filter((f): f is File => f instanceof File),
		context.get(servicesContext).files,
	);
	if (!evidence.ok) return { error: evidence.error as MessageKey, done: false };
	try {
		await actOnMatter(
			{ db: context.get(servicesContext).db.app, actor: { userId: user.id, membership }, meta: requestMeta(context) },
			params.matterId,
			parsed.data.intent,
			{ text: parsed.data.text, percent: parsed.data.percent, newDeadline: parsed.data.newDeadline },
			evidence.uploads,
		);
	} catch (error) {
		if (error instanceof MeetingRefusal && error.code === "invalid_state")
			return { error: error.reason as MessageKey, done: false };
		if (error instanceof MeetingRefusal) throw data(null, { status: 403 });
		if (error instanceof AppError) throw data(null, { status: httpStatusOf[error.code] });
		throw error;
	}
	return { error: null, done: true };
}

export default function Matter() {
	const t = useT();
	const p = usePunctuation();
	const { slug, matter, updates, allowed, canAudit } = useLoaderData<typeof loader>();
	const result = useActionData<typeof action>();
	return (
		<div className="max-w-3xl space-y-5">
			<p>
				<Link to={`/t/${slug}/matters`} className="text-sm text-blue-800 underline underline-offset-2">
					{t("matters.back")}
				</Link>
			</p>
			<div className="flex flex-wrap items-center gap-2">
				<h1 className="text-xl font-semibold">{matter.content}</h1>
				<StatusTag tone={matter.status === "done" || matter.status === "verified" ? "good" : "info"}>
					{t(`matters.status.${matter.status}`)}
				</StatusTag>
				{matter.overdue ? <StatusTag tone="bad">{t("matters.overdue")}</StatusTag> : null}
			</div>
			<dl className="grid gap-x-6 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
				<dt className="text-slate-600">{t("matters.col.lead")}</dt>
				<dd>{matter.department}</dd>
				{matter.co.length ? (
					<>
						<dt className="text-slate-600">{t("matters.co")}</dt>
						<dd>{matter.co.join(p.list)}</dd>
					</>
				) : null}
				<dt className="text-slate-600">{t("matters.col.deadline")}</dt>
				<dd className="tabular-nums">{matter.deadline}</dd>
				<dt className="text-slate-600">{t("matters.col.source")}</dt>
				<dd>
					<Link to={`/t/${slug}/meetings/${matter.meetingId}`} className="text-blue-800 underline">
						{matter.meeting}
					</Link>
				</dd>
			</dl>
			{result?.done ? <Notice tone="success">{t("matters.done")}</Notice> : null}
			{result?.error ? <Notice tone="error">{t(result.error)}</Notice> : null}
			{allowed.map((a) => (
				<Form
					method="post"
					key={a}
					className="flex flex-wrap items-end gap-2 rounded border border-slate-200 bg-white p-3"
				>
					<input type="hidden" name="intent" value={a} />
					<Field label={t("matters.text")}>
						<input name="text" maxLength={4000} required={a !== "reminder" && a !== "verify"} className={inputClass} />
					</Field>
					{a === "progress" ? (
						<Field label={t("matters.percent")}>
							<input type="number" name="percent" min={0} max={100} className={inputClass} />
						</Field>
					) : null}
					{a === "progress" || a === "done" ? (
						<Field label={t("prep.attachments")}>
							<input
								type="file"
								name="attachment"
								multiple
								accept=".pdf,.docx,.ofd,.png,.jpg,.jpeg"
								className="mt-1 block text-sm"
							/>
						</Field>
					) : null}
					{a === "extend" ? (
						<Field label={t("matters.newDeadline")}>
							<input type="date" name="newDeadline" required className={inputClass} />
						</Field>
					) : null}
					<button type="submit" className={smallButton}>
						{t(`matters.action.${a}`)}
					</button>
				</Form>
			))}
			{canAudit ? (
				<Link to={`/t/${slug}/audit?entity=${matter.id}`} className="text-sm text-blue-800 underline">
					{t("audit.link")}
				</Link>
			) : null}
			<Section id="record" title={t("matters.record")}>
				{updates.length === 0 ? <p className="text-sm text-slate-600">{t("matters.noRecord")}</p> : null}
				<ol className="space-y-2 text-sm">
					{updates.map((u) => (
						<li key={u.id} className="border-l-2 border-slate-300 pl-3">
							<span className="font-medium">{t(`matters.kind.${u.kind}`)}</span>
							<span className="ml-2 text-slate-600">
								{u.name} · {u.at}
							</span>
							{u.percent !== null ? <span className="ml-2">{u.percent}%</span> : null}
							{u.newDeadline ? <span className="ml-2">→ {u.newDeadline}</span> : null}
							{u.text ? <p className="whitespace-pre-wrap">{u.text}</p> : null}
							{u.files.map((f) => (
								<p key={f.id} className="text-xs">
									{f.name} <FileLink slug={slug} fileId={f.id} name={f.name} />
								</p>
							))}
						</li>
					))}
				</ol>
			</Section>
		</div>
	);
}
