import type { SubmissionResult } from "@conform-to/react";
import { cloneElement, isValidElement, useId } from "react";
import { useErrorText } from "../form-field.tsx";

/** Small building blocks of the meeting page's forms (plain forms: they work without JavaScript). */
export const inputClass =
	"mt-1 block w-full rounded border border-slate-400 bg-white px-2 py-1.5 text-sm focus:outline-2 focus:outline-blue-700";
export const smallButton =
	"rounded border border-slate-400 bg-white px-3 py-1.5 text-sm hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700";
export const primaryButton =
	"rounded bg-brand-700 px-4 py-2 text-sm font-medium text-white hover:bg-brand-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700";

/**
 * A labelled control; with `error` (an i18n key, `key#max` for a limit), the message is shown under
 * it, tied to the control (aria-invalid, aria-describedby).
 */
export function Field({ label, error, children }: { label: string; error?: string; children: React.ReactNode }) {
	const errorId = useId();
	const errorText = useErrorText();
	const control =
		error && isValidElement<Record<string, unknown>>(children)
			? cloneElement(children, { "aria-invalid": true, "aria-describedby": errorId })
			: children;
	return (
		<div className="text-sm">
			{/* biome-ignore lint/a11y/noLabelWithoutControl: the control is passed in as children */}
			<label className="block">
				<span className="text-slate-700">{label}</span>
				{control}
			</label>
			{error ? (
				<p id={errorId} className="mt-1 text-red-800">
					{errorText(error)}
				</p>
			) : null}
		</div>
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

/** A refused step's answer (conform's `submission.reply()`): what was typed and the message at each field. */
export type Refill = SubmissionResult<string[]> | null;
export const refillValue = (refill: Refill, key: string) => {
	const value = refill?.initialValue?.[key];
	return typeof value === "string" ? value : undefined;
};

/** The message at one field of a refused step (an i18n key, `key#max` for a limit). */
export const refillError = (refill: Refill, key: string): string | undefined => refill?.error?.[key]?.[0] ?? undefined;
