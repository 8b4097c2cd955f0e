import type { FieldMetadata, SubmissionResult } from "@conform-to/react";
import { getInputProps } from "@conform-to/react";
import { useId, useState } from "react";
import { characterCount, messageOf } from "#app/domain/text-fields.ts";
import { isMessageKey, usePunctuation, useT } from "#app/i18n/i18n.ts";

/** Error keys from the zod schemas are i18n keys (`key#max` carries a limit); anything else is shown as it is. */
export function useErrorText() {
	const t = useT();
	const p = usePunctuation();
	return (error: string, params?: Record<string, string | number>) => {
		const text = (item: string) => (isMessageKey(item) ? t(item) : item);
		const [key, named] = messageOf(error, (items) => items.map(text).join(p.list));
		return isMessageKey(key) ? t(key, { ...params, ...named }) : key;
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

/**
 * The live count under a text box with a limit (issue 27). The box has no `maxLength`: the browser
 * would cut pasted text silently, and counts UTF-16 units (an emoji or 𠀀 as two). Here characters are
 * counted as the server and PostgreSQL count them (code points); over the limit the count says so,
 * and the server refuses the text with a message rather than keeping part of it.
 */
function useLimit(limit: number, initial: unknown, describedBy: string | undefined) {
	const t = useT();
	const countId = useId();
	const [count, setCount] = useState(() => characterCount(typeof initial === "string" ? initial : ""));
	const over = count - limit;
	return {
		describedBy: [describedBy, countId].filter(Boolean).join(" "),
		onCount: (value: string) => setCount(characterCount(value)),
		counter: (
			<span
				id={countId}
				// Read with the box (aria-describedby), kept out of the label it may sit in.
				aria-hidden="true"
				className={`mt-1 block text-xs ${over > 0 ? "font-medium text-red-800" : "text-slate-600"}`}
				data-count={count}
			>
				{over > 0 ? t("form.countOver", { count, max: limit, over }) : t("form.count", { count, max: limit })}
			</span>
		),
	};
}

type Limited<E> = { limit: number } & E;

/** A one-line text box with a limit and its live count. */
export function LimitedInput({ limit, onChange, ...props }: Limited<React.InputHTMLAttributes<HTMLInputElement>>) {
	const { describedBy, onCount, counter } = useLimit(
		limit,
		props.value ?? props.defaultValue,
		props["aria-describedby"],
	);
	return (
		<>
			<input
				{...props}
				aria-describedby={describedBy}
				onChange={(event) => {
					onCount(event.currentTarget.value);
					onChange?.(event);
				}}
			/>
			{counter}
		</>
	);
}

/** A multi-line text box with a limit and its live count. */
export function LimitedTextarea({
	limit,
	onChange,
	...props
}: Limited<React.TextareaHTMLAttributes<HTMLTextAreaElement>>) {
	const { describedBy, onCount, counter } = useLimit(
		limit,
		props.value ?? props.defaultValue,
		props["aria-describedby"],
	);
	return (
		<>
			<textarea
				{...props}
				aria-describedby={describedBy}
				onChange={(event) => {
					onCount(event.currentTarget.value);
					onChange?.(event);
				}}
			/>
			{counter}
		</>
	);
}
