import type { FieldMetadata, SubmissionResult } from "@conform-to/react";
import { getInputProps } from "@conform-to/react";
import { messageOf } from "#app/domain/text-fields.ts";
import { type MessageKey, usePunctuation, useT } from "#app/i18n/i18n.ts";

/** Error keys from the zod schemas are i18n keys (`key#max` carries a limit); anything else is shown as it is. */
export function useErrorText() {
	const t = useT();
	const p = usePunctuation();
	return (error: string, params?: Record<string, string | number>) => {
		const [key, named] = messageOf(error, (items) => items.map((item) => t(item as MessageKey)).join(p.list));
		return t(key as MessageKey, { ...params, ...named });
	};
}

/** The message above a refused form (conform keeps the form's own errors under the empty name). */
export const formError = (result: SubmissionResult<string[]> | null | undefined): string | null =>
	result?.error?.[""]?.[0] ?? null;

export function TextField({
	field,
	label,
	type = "text",
	autoComplete,
	readOnly,
	hint,
}: {
	field: FieldMetadata<string | undefined>;
	label: string;
	type?: "text" | "email" | "password";
	autoComplete?: string;
	readOnly?: boolean;
	hint?: string;
}) {
	const errorText = useErrorText();
	const hintId = hint ? `${field.id}-hint` : undefined;
	const describedBy = [field.errors ? field.errorId : undefined, hintId].filter(Boolean).join(" ") || undefined;
	return (
		<div>
			<label htmlFor={field.id} className="block text-sm font-medium text-slate-800">
				{label}
			</label>
			<input
				{...getInputProps(field, { type, ariaDescribedBy: describedBy })}
				autoComplete={autoComplete}
				readOnly={readOnly}
				className="mt-1 block w-full rounded border border-slate-400 bg-white px-3 py-2 text-slate-900 shadow-sm focus:border-blue-700 focus:outline-2 focus:outline-blue-700 aria-[invalid=true]:border-red-700 read-only:bg-slate-100"
			/>
			{hint ? (
				<p id={hintId} className="mt-1 text-xs text-slate-600">
					{hint}
				</p>
			) : null}
			{field.errors ? (
				<p id={field.errorId} className="mt-1 text-sm text-red-800" role="alert">
					{field.errors.map((e) => errorText(e)).join(" ")}
				</p>
			) : null}
		</div>
	);
}
