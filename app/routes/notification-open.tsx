import { data, redirect } from "react-router";
import { openNotification } from "#app/domain/notifications/read-notifications.server.ts";
import { servicesContext } from "#app/lib/app-context.server.ts";
import { requirePermission, safeRedirectPath } from "#app/lib/guards.server.ts";
import type { Route } from "./+types/notification-open";

/**
 * `/t/<slug>/notifications/<id>`: opening an item of the menu or the inbox. It is read from now on
 * (an item that asks for an act stays pending until the act is done), and the person goes on to
 * its subject. A plain link, so it works without JavaScript; another person's item is not found.
 */
export async function loader({ params, context }: Route.LoaderArgs) {
	const { user, membership } = requirePermission(context, "tenant.read");
	const link = await openNotification(
		context.get(servicesContext).db.app,
		{ userId: user.id, tenantId: membership.tenant.id },
		params.notificationId,
	);
	if (link === null) throw data(null, { status: 404 });
	return redirect(safeRedirectPath(link, `/t/${membership.tenant.slug}`));
}
