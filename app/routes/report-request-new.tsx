import { parseWithZod } from "@conform-to/zod/v4";
import { Link, redirect, useActionData, useLoaderData } from "react-router";
import { PageHeader } from "#app/components/page-header.tsx";
import { NewRequestEditor } from "#app/components/report-requests/new-request-editor.tsx";
import { storeUploads } from "#app/domain/files/stored-upload.ts";
import { boardFilterSchema, listMatters } from "#app/domain/matters/read-matters.server.ts";
import {
	newRequestSchema,
	periodOfForm,
	toFieldDefinitions,
	toFieldRows,
} from "#app/domain/report-requests/new-request-form.ts";
import { listPickableUnits } from "#app/domain/report-requests/pickable-units.server.ts";
import { readForwardedCopy, readReportRequest } from "#app/domain/report-requests/read-report-requests.server.ts";
import { reportFieldListSchema } from "#app/domain/report-requests/report-fields.ts";
import { defaultDueOn, parsePeriodKey, periodContaining } from "#app/domain/report-requests/report-periods.ts";
import { createReportRequest } from "#app/domain/report-requests/report-request-actions.server.ts";
import { pageTitle, useT } from "#app/i18n/i18n.ts";
import { servicesContext } from "#app/lib/app-context.server.ts";
import { chinaToday } from "#app/lib/china-time.ts";
import { caseOptions, requirePermission } from "#app/lib/guards.server.ts";
import { inlineRefusal } from "#app/lib/refusal.server.ts";
import { writeOnce } from "#app/lib/write-once.server.ts";
import type { Route } from "./+types/report-request-new";

export function meta({ matches }: Route.MetaArgs) {
	return pageTitle(matches, "reportRequests.newTitle");
}

export async function loader({ request, context }: Route.LoaderArgs) {
	const { user, membership } = requirePermission(context, "reportRequests.manage");
	const db = context.get(servicesContext).db.app;
	const actor = { userId: user.id, tenantId: membership.tenant.id };
	const today = chinaToday();
	const [units, board] = await Promise.all([
		listPickableUnits(db, actor),
		listMatters(db, actor, boardFilterSchema.parse({}), today),
	]);
	// 转发: a request this unit received, passed on to the units below with its texts and form.
	const fromId = new URL(request.url).searchParams.get("from");
	const received = fromId && isUuid(fromId) ? await readReportRequest(db, actor, fromId) : null;
	// Passed on once: the unit's copy is where it follows the units below (a second would ask them twice).
	const copy = received ? await readForwardedCopy(db, actor, received.id) : null;
	if (copy) throw redirect(`/t/${membership.tenant.slug}/report-requests/${copy}`);
	const forward =
		received?.myTarget && received.tenantId !== membership.tenant.id
			? {
					id: received.id,
					tenantId: received.tenantId,
					title: received.title,
					instructions: received.instructions,
					...periodFields(received.periodKey),
					dueOn: received.dueOn,
					kind: received.kind,
					fields: toFieldRows(received.fields),
				}
			: null;
	const lastYear = periodContaining("year", today);
	const year = (lastYear.year ?? Number(today.slice(0, 4))) - (today.slice(5) < "07-01" ? 1 : 0);
	return {
		slug: membership.tenant.slug,
		units,
		matters: board.matters.map((m) => ({ id: m.id, content: m.content })),
		defaults: { periodYear: year, dueOn: defaultDueOn({ kind: "once", year: null, index: null }, today), forward },
	};
}

export async function action({ request, context }: Route.ActionArgs) {
	const { membership } = requirePermission(context, "reportRequests.manage");
	const form = await request.formData();
	const submission = parseWithZod(form, { schema: newRequestSchema });
	// conform's own intents (a field row added or removed) come back as they are.
	if (submission.status === undefined) return { result: submission.reply() };
	if (submission.status !== "success") return { result: submission.reply({ formErrors: ["form.error.fields"] }) };
	const input = submission.value;
	const fields = input.kind === "form" ? reportFieldListSchema.safeParse(toFieldDefinitions(input.fields)) : null;
	if (fields && !fields.success)
		return { result: submission.reply({ fieldErrors: { fields: ["form.error.invalid"] } }) };
	const chosen = form.getAll("attachment").filter((f): f is File => f instanceof File && f.size > 0);
	const { files } = context.get(servicesContext);
	const stored = await storeUploads(chosen, files);
	if (!stored.ok) return { result: submission.reply({ formErrors: [stored.error] }) };
	const outcome = await writeOnce(
		form,
		async () => {
			try {
				const created = await createReportRequest(caseOptions(context), {
					title: input.title,
					instructions: input.instructions,
					kind: input.kind,
					period: periodOfForm(input),
					dueOn: input.dueOn,
					scope: input.scope,
					scopeKinds: input.scopeKinds,
					unitIds: input.unitIds,
					fields: fields?.success ? fields.data : [],
					recurrence: input.recurrence,
					matterId: input.matterId ?? null,
					forwardedFrom:
						input.forwardedFromId && input.forwardedFromTenantId
							? { tenantId: input.forwardedFromTenantId, requestId: input.forwardedFromId }
							: null,
					attachments: stored.uploads,
				});
				return { created, error: null };
			} catch (error) {
				return { created: null, error: inlineRefusal(error) };
			}
		},
		{ succeeded: (o) => o.created !== null, inWords: (key) => ({ created: null, error: key }) },
	);
	if (!outcome.created) return { result: submission.reply({ formErrors: [outcome.error ?? "form.error.invalid"] }) };
	return redirect(`/t/${membership.tenant.slug}/report-requests/${outcome.created.id}?sent=${outcome.created.targets}`);
}

export default function NewReportRequest() {
	const t = useT();
	const { slug, units, matters, defaults } = useLoaderData<typeof loader>();
	const result = useActionData<typeof action>();
	return (
		<div className="max-w-4xl space-y-4">
			<p>
				<Link to={`/t/${slug}/report-requests`} className="text-sm text-blue-800 underline underline-offset-2">
					{t("reportRequests.back")}
				</Link>
			</p>
			<PageHeader title={t("reportRequests.newTitle")} intro={t("reportRequests.newIntro")} />
			{units.length === 0 ? (
				<p className="rounded border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900">
					{t("reportRequests.form.noChildren")}
				</p>
			) : (
				<NewRequestEditor units={units} matters={matters} defaults={defaults} lastResult={result?.result} />
			)}
		</div>
	);
}

const isUuid = (value: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

/** A period key as the form's three period fields. */
function periodFields(key: string) {
	const period = parsePeriodKey(key);
	return {
		periodKind: period?.kind ?? "once",
		periodYear: period?.year ? String(period.year) : "",
		periodIndex: period?.index ? String(period.index) : "",
	};
}
