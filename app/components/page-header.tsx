/** A page's title and one line on what the page is for. */
export function PageHeader({ title, intro }: { title: string; intro?: string }) {
	return (
		<div>
			<h1 className="text-xl font-semibold">{title}</h1>
			{intro ? <p className="mt-1 max-w-3xl text-sm text-slate-600">{intro}</p> : null}
		</div>
	);
}
