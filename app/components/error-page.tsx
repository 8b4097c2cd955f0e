import { isRouteErrorResponse, Link } from "react-router";
import { type MessageKey, useT } from "#app/i18n/i18n.ts";

const byStatus: Record<number, [MessageKey, MessageKey]> = {
	400: ["error.badRequest.title", "error.badRequest.text"],
	403: ["error.forbidden.title", "error.forbidden.text"],
	404: ["error.notFound.title", "error.notFound.text"],
	413: ["error.tooManyFields.title", "error.tooManyFields.text"],
	503: ["error.unavailable.title", "error.unavailable.text"],
};

/** The localised 400 / 403 / 404 / 413 / 500 / 503 page. Never shows a stack trace outside development. */
export function ErrorPage({ error, embedded = false }: { error: unknown; embedded?: boolean }) {
	const t = useT();
	const status = isRouteErrorResponse(error) ? error.status : 500;
	const [title, text] = byStatus[status] ?? (["error.server.title", "error.server.text"] as const);
	// A refusal may name its limit (413: the most fields a form may carry).
	const data: unknown = isRouteErrorResponse(error) ? error.data : null;
	const max = typeof data === "object" && data !== null && "maxFields" in data ? Number(data.maxFields) : undefined;
	const showStack = import.meta.env.DEV && error instanceof Error;
	// Inside a unit's layout the page already has its <main>.
	const Wrapper = embedded ? "div" : "main";
	return (
		<Wrapper id={embedded ? undefined : "main"} className={embedded ? "max-w-xl py-10" : "mx-auto max-w-xl px-4 py-16"}>
			{/* React hoists it into <head>: error pages have a title too. */}
			<title>{`${t(title)} · ${t("app.name")}`}</title>
			<p className="text-sm font-semibold text-slate-500">{status}</p>
			<h1 className="mt-1 text-2xl font-semibold text-slate-900">{t(title)}</h1>
			<p className="mt-3 text-slate-700">{t(text, max === undefined ? undefined : { max })}</p>
			<p className="mt-6">
				<Link to="/" className="text-blue-800 underline underline-offset-2">
					{t("error.backHome")}
				</Link>
			</p>
			{showStack ? <pre className="mt-6 overflow-auto rounded bg-slate-100 p-3 text-xs">{error.stack}</pre> : null}
		</Wrapper>
	);
}
