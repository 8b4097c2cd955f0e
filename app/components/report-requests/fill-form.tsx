import { useId } from "react";
import { useErrorText } from "#app/components/form-field.tsx";
import { inputClass, primaryButton, smallButton } from "#app/components/meeting/ui.tsx";
import { Form } from "#app/components/once-form.tsx";
import type {
	FieldProblem,
	ReportField,
	ReportValue,
	ReportValues,
} from "#app/domain/report-requests/report-fields.ts";
import { useT } from "#app/i18n/i18n.ts";

/** A value as the text its input shows (numbers plain, yes/no as the radio's value). */
function inputText(value: ReportValue | undefined): string {
	if (value === null || value === undefined) return "";
	if (typeof value === "boolean") return value ? "yes" : "no";
	if (typeof value === "object") return "";
	return String(value);
}

/**
 * The unit's fill form (issue #22 §2): one control per frozen field (`value.<key>`), the 核实性
 * explanation where a figure asks for one (`explain.<key>`), the parent's comment after a 退回, and
 * 保存草稿 / 提交单位审核 as the form's two buttons. Plain HTML: it works without JavaScript; a
 * refused save comes back with everything as typed and each message at its field.
 */
export function FillForm({
	slug,
	fields,
	values,
	explanations,
	raw,
	errors,
	warnings,
	comments,
	editable,
}: {
	slug: string;
	fields: readonly ReportField[];
	values: ReportValues;
	explanations: Record<string, string>;
	/** What was typed in a refused save, by input name. */
	raw: Record<string, string> | null;
	errors: Record<string, FieldProblem>;
	warnings: Record<string, FieldProblem>;
	comments: Record<string, string> | null;
	editable: boolean;
}) {
	const t = useT();
	const hasFile = fields.some((f) => f.type === "file");
	return (
		<Form method="post" encType={hasFile ? "multipart/form-data" : undefined} className="space-y-3">
			<div className="divide-y divide-slate-100 rounded border border-slate-200 bg-white">
				{fields.map((field) => (
					<FieldRow
						key={field.key}
						slug={slug}
						field={field}
						text={raw ? (raw[`value.${field.key}`] ?? "") : inputText(values[field.key])}
						value={values[field.key] ?? null}
						explanation={raw ? (raw[`explain.${field.key}`] ?? "") : (explanations[field.key] ?? "")}
						error={errors[field.key] ?? null}
						warning={warnings[field.key] ?? null}
						comment={comments?.[field.key] ?? null}
						editable={editable}
					/>
				))}
			</div>
			{editable ? (
				<div className="flex flex-wrap gap-2">
					{/* A draft may be saved with required fields still empty: only 提交单位审核 asks the browser to check. */}
					<button type="submit" name="intent" value="save" formNoValidate className={smallButton}>
						{t("reportRequests.fill.saveDraft")}
					</button>
					<button type="submit" name="intent" value="ask_approval" className={primaryButton}>
						{t("reportRequests.fill.submitForApproval")}
					</button>
				</div>
			) : null}
		</Form>
	);
}

function FieldRow({
	slug,
	field,
	text,
	value,
	explanation,
	error,
	warning,
	comment,
	editable,
}: {
	slug: string;
	field: ReportField;
	text: string;
	value: ReportValue;
	explanation: string;
	error: FieldProblem | null;
	warning: FieldProblem | null;
	comment: string | null;
	editable: boolean;
}) {
	const t = useT();
	const errorText = useErrorText();
	const id = useId();
	const messageId = `${id}-message`;
	const name = `value.${field.key}`;
	const described = error || warning ? messageId : undefined;
	const common = {
		id,
		name,
		disabled: !editable,
		"aria-invalid": error ? true : undefined,
		"aria-describedby": described,
		required: field.required && editable ? true : undefined,
	} as const;
	let control: React.ReactNode;
	switch (field.type) {
		case "integer":
		case "decimal":
			control = (
				<div className="flex items-center gap-2">
					<input
						{...common}
						type="text"
						inputMode={field.type === "integer" ? "numeric" : "decimal"}
						defaultValue={text}
						className={`${inputClass} max-w-48`}
					/>
					{field.unit ? <span className="mt-1 text-slate-700">{field.unit}</span> : null}
				</div>
			);
			break;
		case "text":
			control = (
				<textarea {...common} rows={3} maxLength={field.maxLength} defaultValue={text} className={inputClass} />
			);
			break;
		case "date":
			control = <input {...common} type="date" defaultValue={text} className={`${inputClass} max-w-48`} />;
			break;
		case "choice":
			control = (
				<select {...common} defaultValue={text} className={`${inputClass} max-w-sm`}>
					<option value="">—</option>
					{field.choices.map((c) => (
						<option key={c} value={c}>
							{c}
						</option>
					))}
				</select>
			);
			break;
		case "yes_no":
			control = (
				<div className="mt-1 flex gap-4" role="radiogroup" aria-labelledby={`${id}-label`} aria-describedby={described}>
					{(["yes", "no"] as const).map((v) => (
						<label key={v} className="flex items-center gap-1">
							<input type="radio" name={name} value={v} defaultChecked={text === v} disabled={!editable} />
							{t(`reportRequests.${v}`)}
						</label>
					))}
				</div>
			);
			break;
		case "file":
			control = (
				<div className="mt-1 space-y-1">
					{typeof value === "object" && value !== null ? (
						<a
							href={`/t/${slug}/files/${value.fileId}/${encodeURIComponent(value.name)}`}
							className="text-blue-800 underline underline-offset-2"
							download
						>
							{value.name}
						</a>
					) : null}
					{editable ? (
						<input
							id={id}
							type="file"
							name={`file.${field.key}`}
							// Required only while no file is kept: the draft's file stays when none is chosen again.
							required={field.required && !(typeof value === "object" && value !== null) ? true : undefined}
							aria-invalid={error ? true : undefined}
							aria-describedby={described}
							className="block w-full text-sm"
						/>
					) : null}
				</div>
			);
			break;
	}
	return (
		<div className="space-y-1 px-3 py-3 text-sm">
			<label
				htmlFor={field.type === "yes_no" ? undefined : id}
				id={`${id}-label`}
				className="block font-medium text-slate-800"
			>
				{field.label}
				{field.required ? (
					<span className="ml-1 text-red-800" aria-hidden="true">
						*
					</span>
				) : null}
			</label>
			{control}
			{error ? (
				<p id={messageId} className="text-red-800">
					{errorText(error.message, error.params)}
				</p>
			) : warning ? (
				<p id={messageId} className="text-amber-900">
					{errorText(warning.message, warning.params)}
				</p>
			) : null}
			{warning || explanation ? (
				<label className="block">
					<span className="text-slate-700">
						{t("reportRequests.fill.explanation", {
							warning: warning
								? errorText(warning.message, warning.params)
								: t("reportRequests.submission.explanation"),
						})}
					</span>
					<textarea
						name={`explain.${field.key}`}
						rows={2}
						maxLength={500}
						defaultValue={explanation}
						disabled={!editable}
						required={Boolean(warning) && editable}
						className={inputClass}
					/>
				</label>
			) : null}
			{comment ? (
				<p className="rounded bg-amber-50 px-2 py-1 text-amber-900">
					{t("reportRequests.fill.fieldComment", { comment })}
				</p>
			) : null}
		</div>
	);
}
