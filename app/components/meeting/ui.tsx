/** Small building blocks of the meeting page's forms (plain forms: they work without JavaScript). */
export const inputClass =
	"mt-1 block w-full rounded border border-slate-400 bg-white px-2 py-1.5 text-sm focus:outline-2 focus:outline-blue-700";
export const smallButton =
	"rounded border border-slate-400 bg-white px-3 py-1.5 text-sm hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700";
export const primaryButton =
	"rounded bg-brand-700 px-4 py-2 text-sm font-medium text-white hover:bg-brand-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700";

export function Field({ label, children }: { label: string; children: React.ReactNode }) {
	return (
		// biome-ignore lint/a11y/noLabelWithoutControl: the control is passed in as children
		<label className="block text-sm">
			<span className="text-slate-700">{label}</span>
			{children}
		</label>
	);
}

export function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
	return (
		<section id={id} aria-labelledby={`${id}-title`} className="rounded border border-slate-200 bg-white p-4">
			<h2 id={`${id}-title`} className="font-medium">
				{title}
			</h2>
			<div className="mt-3 space-y-3">{children}</div>
		</section>
	);
}

/** Last submitted values of one intent, to refill its form after an error. */
export type Refill = Record<string, unknown> | null;
export const refillValue = (refill: Refill, key: string) =>
	typeof refill?.[key] === "string" ? (refill[key] as string) : undefined;
