import { redirect } from "react-router";
import { invalidateSession } from "#app/domain/auth/sessions.server.ts";
import { servicesContext } from "#app/lib/app-context.server.ts";
import { getSession, requestMeta } from "#app/lib/guards.server.ts";
import { clearSessionCookie } from "#app/lib/session-cookie.server.ts";
import type { Route } from "./+types/logout";

/** POST only: a link or an image cannot sign anyone out. */
export async function action({ request, context }: Route.ActionArgs) {
	const { db, config } = context.get(servicesContext);
	const session = await getSession({ request, context });
	if (session) await invalidateSession(db.app, session.sessionId, session.user.id, requestMeta(context));
	return redirect("/login", { headers: { "Set-Cookie": clearSessionCookie(config) } });
}

export function loader() {
	return redirect("/");
}
