import { PassThrough } from "node:stream";
import { createReadableStreamFromReadable } from "@react-router/node";
import { data } from "react-router";
import { readRollupBase, rollupFilterSchema } from "#app/domain/rollup/rollup-figures.server.ts";
import { reportYears } from "#app/domain/rollup/rollup-options.ts";
import { DownloadAborted, exportRollupWorkbook } from "#app/domain/rollup/rollup-workbook.server.ts";
import { translator } from "#app/i18n/i18n.ts";
import { langFromRequest } from "#app/i18n/lang-cookie.server.ts";
import { servicesContext } from "#app/lib/app-context.server.ts";
import { chinaToday } from "#app/lib/china-time.ts";
import { requirePermission } from "#app/lib/guards.server.ts";
import type { Route } from "./+types/reports-export";

/** `/t/<slug>/reports/export.xlsx`: the statistics page's figures and details as a streamed workbook. */
export async function loader({ request, context }: Route.LoaderArgs) {
	const { user, membership } = requirePermission(context, "reports.read");
	const { db, log } = context.get(servicesContext);
	const today = chinaToday();
	const filter = rollupFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
	const { year } = reportYears(today, filter);
	const actor = { userId: user.id, tenantId: membership.tenant.id };
	const baseId = filter.under ?? membership.tenant.id;
	// The same rows as the page: a breakdown shows the unit itself as 本级.
	const own = baseId !== membership.tenant.id;
	const scope = { baseId, year, kind: filter.kind, today, own };
	// Row-level security answers whether the unit is in this subtree: anything else does not exist here.
	const base = await readRollupBase(db.app, actor, baseId);
	if (!base) throw data(null, { status: 404 });
	const t = translator(await langFromRequest(request));
	// The figures and the detail are read while the workbook is written, after this loader has returned
	// and the page view's unit of work has ended: in one read-only snapshot of their own (both sheets as
	// of one moment), the detail a batch at a time, let go when the writing ends, fails or the client
	// closes the download (destroying `body`).
	const body = new PassThrough();
	exportRollupWorkbook(db.downloads, actor, scope, body, { t }).catch((error) => {
		if (error instanceof DownloadAborted) return;
		log.error({ err: error }, "statistics export failed");
		body.destroy(error);
	});
	const fileName = `${base.name}${t("reports.file")}${year}.xlsx`;
	return new Response(createReadableStreamFromReadable(body), {
		headers: {
			"Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
			// RFC 5987/6266: an ASCII fallback and the Chinese name.
			"Content-Disposition": `attachment; filename="statistics-${year}.xlsx"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
		},
	});
}
