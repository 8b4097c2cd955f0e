import { data } from "react-router";
import { attachmentDisposition, findReadableFile } from "#app/domain/files/read-file.server.ts";
import { servicesContext } from "#app/lib/app-context.server.ts";
import { requirePermission } from "#app/lib/guards.server.ts";
import type { Route } from "./+types/file";

/** Streams a stored file after the same tenant checks as the record that owns it (RLS on files). */
export async function loader({ params, context }: Route.LoaderArgs) {
	const { user, membership } = requirePermission(context, "files.read");
	const { db, files } = context.get(servicesContext);
	const file = await findReadableFile(db.app, { userId: user.id, tenantId: membership.tenant.id }, params.fileId);
	if (!file || !(await files.has(file.sha256))) throw data(null, { status: 404 });
	return new Response(await files.get(file.sha256), {
		headers: {
			"Content-Type": file.contentType,
			"Content-Length": String(file.size),
			"Content-Disposition": attachmentDisposition(file.name),
		},
	});
}
