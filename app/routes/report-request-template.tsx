import { data } from "react-router";
import { attachmentDisposition } from "#app/domain/files/read-file.server.ts";
import { readReportRequest } from "#app/domain/report-requests/read-report-requests.server.ts";
import { readMySubmission } from "#app/domain/report-requests/read-report-submissions.server.ts";
import { buildTemplateWorkbook, xlsxType } from "#app/domain/report-requests/report-excel.server.ts";
import { parsePeriodKey, periodLabel } from "#app/domain/report-requests/report-periods.ts";
import { translator } from "#app/i18n/i18n.ts";
import { langFromRequest } from "#app/i18n/lang-cookie.server.ts";
import { servicesContext } from "#app/lib/app-context.server.ts";
import { requirePermission } from "#app/lib/guards.server.ts";
import type { Route } from "./+types/report-request-template";

/**
 * `/t/<slug>/report-requests/<id>/template.xlsx`: the form as an Excel template for the unit that
 * reports on it (issue 22 §2), pre-filled with its latest version so that an import after a 退回
 * starts from what was sent. Only a unit the request was sent to gets one: others 404, as the fill page.
 */
export async function loader({ request, params, context }: Route.LoaderArgs) {
	const { user, membership } = requirePermission(context, "reportRequests.read");
	const db = context.get(servicesContext).db.app;
	const actor = { userId: user.id, tenantId: membership.tenant.id };
	const view = await readReportRequest(db, actor, params.requestId);
	if (!view?.myTarget || view.kind !== "form") throw data(null, { status: 404 });
	const mine = await readMySubmission(db, actor, view.id);
	const t = translator(await langFromRequest(request));
	const period = parsePeriodKey(view.periodKey);
	const label = period ? periodLabel(period, t) : view.periodKey;
	const bytes = await buildTemplateWorkbook({
		t,
		title: view.title,
		periodLabel: label,
		unitName: membership.tenant.name,
		fields: view.fields,
		values: mine?.current?.values ?? null,
		explanations: mine?.current?.explanations ?? null,
	});
	const name = `${view.title}-${label}-${membership.tenant.name}-${t("reportRequests.file.template")}.xlsx`;
	return new Response(new Uint8Array(bytes), {
		headers: {
			"Content-Type": xlsxType,
			"Content-Length": String(bytes.length),
			"Content-Disposition": attachmentDisposition(name),
			"Cache-Control": "private, no-store",
		},
	});
}
