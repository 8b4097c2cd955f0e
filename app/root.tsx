import { Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteLoaderData } from "react-router";
import type { Route } from "./+types/root";
import "./app.css";
import { ErrorPage } from "./components/error-page.tsx";
import { defaultLang, isLang, translator } from "./i18n/i18n.ts";
import { langFromRequest } from "./i18n/lang-cookie.server.ts";
import { servicesContext } from "./lib/app-context.server.ts";
import { DataHandoffScript } from "./lib/data-handoff.tsx";
import { refuseUnreadableForms } from "./lib/form-body.server.ts";
import { useNonce } from "./lib/nonce.tsx";
import { pageViewUnit } from "./lib/page-view-unit.server.ts";

export const middleware: Route.MiddlewareFunction[] = [refuseUnreadableForms, pageViewUnit];

export const links: Route.LinksFunction = () => [{ rel: "icon", href: "/favicon.svg", type: "image/svg+xml" }];

export async function loader({ request, context }: Route.LoaderArgs) {
	// `once`: the seed of this page's one-time form keys (app/components/once-form.tsx), new with each
	// page and after each submission (made per request in server/app.ts, which substitutes a fresh one
	// into the kept sign-in form: server/anonymous-page-cache.ts).
	return { lang: await langFromRequest(request), once: context.get(servicesContext).once };
}

export function Layout({ children }: { children: React.ReactNode }) {
	const data = useRouteLoaderData("root") as { lang?: unknown } | undefined;
	const lang = isLang(data?.lang) ? data.lang : defaultLang;
	const nonce = useNonce();
	return (
		<html lang={lang}>
			<head>
				<meta charSet="utf-8" />
				<meta name="viewport" content="width=device-width, initial-scale=1" />
				<Meta />
				<Links />
			</head>
			<body className="min-h-screen bg-slate-50 text-slate-900 antialiased">
				<a
					href="#main"
					className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2"
				>
					{translator(lang)("app.skipToContent")}
				</a>
				{children}
				<ScrollRestoration nonce={nonce} />
				<Scripts nonce={nonce} />
				<DataHandoffScript nonce={nonce} />
			</body>
		</html>
	);
}

export default function App() {
	return <Outlet />;
}

export function ErrorBoundary({ error }: Route.ErrorBoundaryProps) {
	return <ErrorPage error={error} />;
}
