import { redirect } from "react-router";
import { markAllRead } from "#app/domain/notifications/read-notifications.server.ts";
import { servicesContext } from "#app/lib/app-context.server.ts";
import { requirePermission, safeRedirectPath } from "#app/lib/guards.server.ts";
import type { Route } from "./+types/notifications";

/** POST: marks the person's notifications in this tenant as read, then returns to the page they were on. */
export async function action({ request, context }: Route.ActionArgs) {
	const { user, membership } = requirePermission(context, "tenant.read");
	await markAllRead(context.get(servicesContext).db.app, { userId: user.id, tenantId: membership.tenant.id });
	const form = await request.formData();
	return redirect(safeRedirectPath(form.get("redirectTo"), `/t/${membership.tenant.slug}`));
}

export function loader({ params }: Route.LoaderArgs) {
	return redirect(`/t/${params.slug}`);
}
