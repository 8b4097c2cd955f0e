import { LangSwitch } from "./lang-switch.tsx";

/** A page outside any unit (set-password, invitations): the app name, the language switch, one column. */
export function PublicPage({ title, children }: { title: string; children: React.ReactNode }) {
	return (
		<div className="flex min-h-screen flex-col">
			<header className="flex items-center justify-between border-b border-slate-200 bg-white px-4 py-3">
				<a href="/" className="font-semibold text-brand-800">
					{title}
				</a>
				<LangSwitch />
			</header>
			<main id="main" className="mx-auto w-full max-w-xl flex-1 px-4 py-12">
				{children}
			</main>
		</div>
	);
}
