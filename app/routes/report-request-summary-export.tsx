import { PassThrough } from "node:stream";
import { createReadableStreamFromReadable } from "@react-router/node";
import { data } from "react-router";
import { attachmentDisposition } from "#app/domain/files/read-file.server.ts";
import { readReportRequest } from "#app/domain/report-requests/read-report-requests.server.ts";
import { readSummaryRows } from "#app/domain/report-requests/read-report-submissions.server.ts";
import { writeSummaryWorkbook, xlsxType } from "#app/domain/report-requests/report-excel.server.ts";
import { parsePeriodKey, periodLabel } from "#app/domain/report-requests/report-periods.ts";
import { translator } from "#app/i18n/i18n.ts";
import { langFromRequest } from "#app/i18n/lang-cookie.server.ts";
import { servicesContext } from "#app/lib/app-context.server.ts";
import { chinaToday } from "#app/lib/china-time.ts";
import { requirePermission } from "#app/lib/guards.server.ts";
import type { Route } from "./+types/report-request-summary-export";

/**
 * `/t/<slug>/report-requests/<id>/summary.xlsx`: the 汇总 as a streamed workbook (issue 22 §4), for
 * the unit that made the request and an intermediate unit of an "all descendants" one (its own
 * subtree only) — the same readers as the tracker; a unit that only reports on it gets 404.
 */
export async function loader({ request, params, context }: Route.LoaderArgs) {
	const { user, membership } = requirePermission(context, "reportRequests.read");
	const { db, log } = context.get(servicesContext);
	const actor = { userId: user.id, tenantId: membership.tenant.id };
	const view = await readReportRequest(db.app, actor, params.requestId);
	if (!view || view.role === "target" || view.kind !== "form") throw data(null, { status: 404 });
	// Read inside the request's unit of work; only the writing (no query) streams after it.
	const summary = await readSummaryRows(db.app, actor, view.id, chinaToday());
	if (!summary) throw data(null, { status: 404 });
	const t = translator(await langFromRequest(request));
	const period = parsePeriodKey(view.periodKey);
	const label = period ? periodLabel(period, t) : view.periodKey;
	const body = new PassThrough();
	writeSummaryWorkbook(body, {
		t,
		title: view.title,
		periodLabel: label,
		fields: summary.fields,
		reported: summary.reported,
		missing: summary.missing,
	}).catch((error) => {
		log.error({ err: error }, "report summary export failed");
		body.destroy(error);
	});
	return new Response(createReadableStreamFromReadable(body), {
		headers: {
			"Content-Type": xlsxType,
			"Content-Disposition": attachmentDisposition(`${view.title}-${label}-${t("reportRequests.file.summary")}.xlsx`),
			"Cache-Control": "private, no-store",
		},
	});
}
