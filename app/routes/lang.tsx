import { data, redirect } from "react-router";
import { isLang } from "#app/i18n/i18n.ts";
import { serializeLang } from "#app/i18n/lang-cookie.server.ts";
import { safeRedirectPath } from "#app/lib/guards.server.ts";
import type { Route } from "./+types/lang";

export async function action({ request }: Route.ActionArgs) {
	const form = await request.formData();
	const lang = form.get("lang");
	if (!isLang(lang)) throw data(null, { status: 400 });
	return redirect(safeRedirectPath(form.get("redirectTo")), { headers: { "Set-Cookie": await serializeLang(lang) } });
}

export function loader() {
	return redirect("/");
}
