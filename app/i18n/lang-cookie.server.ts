import { createCookie } from "react-router";
import { defaultLang, isLang, type Lang } from "./i18n.ts";

// Not secret, not signed: it only picks a language. A year, so the choice sticks.
const langCookie = createCookie("lang", { path: "/", sameSite: "lax", httpOnly: true, maxAge: 60 * 60 * 24 * 365 });

export async function langFromRequest(request: Request): Promise<Lang> {
	const value = await langCookie.parse(request.headers.get("cookie"));
	return isLang(value) ? value : defaultLang;
}

export function serializeLang(lang: Lang): Promise<string> {
	return langCookie.serialize(lang);
}
