import { useLocation } from "react-router";
import { useLang, useT } from "#app/i18n/i18n.ts";

/**
 * A plain form, so switching language works before JavaScript loads; with it too the browser posts
 * it and loads the page again in the other language (every string of the page changes). Not React
 * Router's <Form reloadDocument>, which renders the same element at the cost of its hooks.
 */
export function LangSwitch({ className = "" }: { className?: string }) {
	const lang = useLang();
	const t = useT();
	const location = useLocation();
	const other = lang === "zh-CN" ? "en" : "zh-CN";
	return (
		<form method="post" action="/lang" className={className}>
			<input type="hidden" name="lang" value={other} />
			<input type="hidden" name="redirectTo" value={`${location.pathname}${location.search}`} />
			<button
				type="submit"
				lang={other}
				className="rounded px-2 py-1 text-sm whitespace-nowrap text-slate-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700"
				aria-label={`${t("lang.label")}: ${t("lang.switchTo")}`}
			>
				{t("lang.switchTo")}
			</button>
		</form>
	);
}
