import { redirect } from "react-router";
import { listMyInvitations } from "#app/domain/people/invitations.server.ts";
import { listUserTenants } from "#app/domain/tenancy/tenant-access.server.ts";
import { useT } from "#app/i18n/i18n.ts";
import { servicesContext } from "#app/lib/app-context.server.ts";
import { requireUser } from "#app/lib/guards.server.ts";
import type { Route } from "./+types/home-redirect";

/** `/`: signed-in people land in their first tenant; others sign in first. */
export async function loader({ request, context }: Route.LoaderArgs) {
	const user = await requireUser({ request, context });
	const db = context.get(servicesContext).db.app;
	const tenants = await listUserTenants(db, user.id);
	const first = tenants[0];
	if (first) throw redirect(`/t/${first.slug}`);
	// A person invited before belonging anywhere answers the invitation first.
	if ((await listMyInvitations(db, user.id)).length > 0) throw redirect("/invitations");
	return null;
}

export default function NoTenant() {
	const t = useT();
	return (
		<main id="main" className="mx-auto max-w-xl px-4 py-16">
			<h1 className="text-xl font-semibold">{t("app.name")}</h1>
			<p className="mt-3 text-slate-700">{t("login.noTenant")}</p>
		</main>
	);
}
