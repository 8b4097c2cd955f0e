import { data } from "react-router";
import { attachmentDisposition } from "#app/domain/files/read-file.server.ts";
import { minutesDocxFile, minutesOfdFile } from "#app/domain/minutes/minutes-docx-file.server.ts";
import { servicesContext } from "#app/lib/app-context.server.ts";
import { chinaToday } from "#app/lib/china-time.ts";
import { requirePermission } from "#app/lib/guards.server.ts";
import type { Route } from "./+types/minutes-file";

const TYPES = {
	docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	ofd: "application/ofd",
} as const;

/**
 * The minutes (issued, or the current draft marked as such) as an official document: .docx, or OFD
 * (GB/T 33190, fixed layout; ADR 0016). The extension of the requested name chooses.
 */
export async function loader({ params, context }: Route.LoaderArgs) {
	const { user, membership } = requirePermission(context, "minutes.read");
	const kind = /\.(docx|ofd)$/.exec(params.fileName)?.[1] as keyof typeof TYPES | undefined;
	if (!kind) throw data(null, { status: 404 });
	const { db, config } = context.get(servicesContext);
	const actor = { userId: user.id, tenantId: membership.tenant.id };
	const file =
		kind === "docx"
			? await minutesDocxFile(db.app, actor, params.meetingId)
			: await minutesOfdFile(db.app, actor, params.meetingId, {
					embedFonts: config.OFD_EMBED_FONTS,
					today: chinaToday(),
				});
	if (!file) throw data(null, { status: 404 });
	return new Response(file.bytes as Uint8Array<ArrayBuffer>, {
		headers: { "Content-Type": TYPES[kind], "Content-Disposition": attachmentDisposition(file.fileName) },
	});
}
