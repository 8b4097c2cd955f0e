import { PassThrough } from "node:stream";
import { createReadableStreamFromReadable } from "@react-router/node";
import { data } from "react-router";
import { attachmentDisposition } from "#app/domain/files/read-file.server.ts";
import { readReportRequest } from "#app/domain/report-requests/read-report-requests.server.ts";
import { readSubmittedDocuments } from "#app/domain/report-requests/read-report-submissions.server.ts";
import { parsePeriodKey, periodLabel } from "#app/domain/report-requests/report-periods.ts";
import { readFileAddresses, writeDocumentsZip } from "#app/domain/report-requests/report-zip.server.ts";
import { translator } from "#app/i18n/i18n.ts";
import { langFromRequest } from "#app/i18n/lang-cookie.server.ts";
import { servicesContext } from "#app/lib/app-context.server.ts";
import { requirePermission } from "#app/lib/guards.server.ts";
import type { Route } from "./+types/report-request-documents";

/**
 * `/t/<slug>/report-requests/<id>/documents.zip`: every reported unit's documents, a folder per unit
 * (issue 22 §4), for the same readers as the tracker. Streamed: one file's chunk at a time.
 */
export async function loader({ request, params, context }: Route.LoaderArgs) {
	const { user, membership } = requirePermission(context, "reportRequests.read");
	const { db, files, log } = context.get(servicesContext);
	const actor = { userId: user.id, tenantId: membership.tenant.id };
	const view = await readReportRequest(db.app, actor, params.requestId);
	if (!view || view.role === "target") throw data(null, { status: 404 });
	const units = await readSubmittedDocuments(db.app, actor, view.id);
	if (!units) throw data(null, { status: 404 });
	const addresses = await readFileAddresses(
		db.app,
		actor,
		units.flatMap((u) => u.files.map((f) => f.fileId)),
	);
	const t = translator(await langFromRequest(request));
	const period = parsePeriodKey(view.periodKey);
	const label = period ? periodLabel(period, t) : view.periodKey;
	const body = new PassThrough();
	writeDocumentsZip(
		body,
		units.map((u) => ({
			unitName: u.unitName,
			files: u.files.flatMap((f) => {
				const sha256 = addresses.get(f.fileId);
				return sha256 ? [{ name: f.name, open: () => files.get(sha256) }] : [];
			}),
		})),
	).catch((error) => {
		log.error({ err: error }, "report documents zip failed");
		body.destroy(error);
	});
	return new Response(createReadableStreamFromReadable(body), {
		headers: {
			"Content-Type": "application/zip",
			"Content-Disposition": attachmentDisposition(`${view.title}-${label}-${t("reportRequests.file.documents")}.zip`),
			"Cache-Control": "private, no-store",
		},
	});
}
