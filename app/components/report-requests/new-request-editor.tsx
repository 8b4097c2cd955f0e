import {
	type FieldMetadata,
	getFormProps,
	getInputProps,
	getSelectProps,
	getTextareaProps,
	type SubmissionResult,
	useForm,
} from "@conform-to/react";
import type { z } from "zod";
import { LimitedInput, LimitedTextarea, useErrorText } from "#app/components/form-field.tsx";
import { inputClass, primaryButton, smallButton } from "#app/components/meeting/ui.tsx";
import { Form } from "#app/components/once-form.tsx";
import {
	fieldRowTypes,
	type newRequestSchema,
	periodKindsOfForm,
	recurrences,
	requestKinds,
	scopeKinds,
	unitKinds,
} from "#app/domain/report-requests/new-request-form.ts";
import { useT } from "#app/i18n/i18n.ts";

type NewRequestInput = z.input<typeof newRequestSchema>;
type DefaultValue<T extends Record<string, unknown>> = NonNullable<Parameters<typeof useForm<T>>[0]["defaultValue"]>;

const blankField = { label: "", type: "integer", unit: "", min: "", max: "", choices: "" };

/** A labelled control with its message (conform's ids tie them together). */
function Labelled({
	field,
	label,
	children,
}: {
	field: FieldMetadata<unknown>;
	label: string;
	children: React.ReactNode;
}) {
	const errorText = useErrorText();
	return (
		<div className="text-sm">
			<label htmlFor={field.id} className="block text-slate-700">
				{label}
			</label>
			{children}
			{field.errors ? (
				<p id={field.errorId} className="mt-1 text-red-800">
					{field.errors.map((e) => errorText(e)).join(" ")}
				</p>
			) : null}
		</div>
	);
}

interface PickableUnit {
	id: string;
	name: string;
	/** 1 for a direct child, 2 below it … */
	depth: number;
}

/**
 * The new report request (issue #22) as one conform form. The field builder's rows are added and
 * removed by conform's list intents: without JavaScript each is a submit button the server answers
 * with the form as typed plus or minus a row; with JavaScript it happens in place.
 */
export function NewRequestEditor({
	units,
	matters,
	defaults,
	lastResult,
}: {
	units: PickableUnit[];
	matters: { id: string; content: string }[];
	defaults: {
		periodYear: number;
		dueOn: string;
		/** A received request passed on (转发): its texts, period and form as the starting point. */
		forward?: {
			id: string;
			tenantId: string;
			title: string;
			instructions: string;
			periodKind: string;
			periodYear: string;
			periodIndex: string;
			dueOn: string;
			kind: string;
			fields: Record<string, string>[];
		} | null;
	};
	lastResult: SubmissionResult<string[]> | undefined;
}) {
	const t = useT();
	const errorText = useErrorText();
	const [form, fields] = useForm<NewRequestInput>({
		lastResult,
		defaultValue: (defaults.forward
			? {
					title: defaults.forward.title,
					instructions: defaults.forward.instructions,
					periodKind: defaults.forward.periodKind,
					periodYear: defaults.forward.periodYear,
					periodIndex: defaults.forward.periodIndex,
					dueOn: defaults.forward.dueOn,
					scope: "children",
					kind: defaults.forward.kind,
					recurrence: "none",
					fields: defaults.forward.fields,
					forwardedFromId: defaults.forward.id,
					forwardedFromTenantId: defaults.forward.tenantId,
				}
			: {
					periodKind: "year",
					periodYear: String(defaults.periodYear),
					dueOn: defaults.dueOn,
					scope: "children",
					kind: "form",
					recurrence: "none",
					fields: [blankField, blankField],
				}) as DefaultValue<NewRequestInput>,
		shouldRevalidate: "onInput",
	});
	const rows = fields.fields.getFieldList();
	const listOf = (value: unknown) =>
		([] as string[]).concat((value as string[] | string | undefined) ?? []).filter(Boolean);
	const chosenKinds = new Set(listOf(fields.scopeKinds.value));
	const chosenUnits = new Set(listOf(fields.unitIds.value));
	return (
		<Form
			method="post"
			encType="multipart/form-data"
			{...getFormProps(form)}
			className="space-y-4 rounded border border-slate-200 bg-white p-4"
		>
			<input {...getInputProps(fields.forwardedFromId, { type: "hidden" })} />
			<input {...getInputProps(fields.forwardedFromTenantId, { type: "hidden" })} />
			{form.errors ? (
				<p role="alert" className="text-sm text-red-800">
					{form.errors.map((e) => errorText(e)).join(" ")}
				</p>
			) : null}
			<Labelled field={fields.title} label={t("reportRequests.form.title")}>
				<LimitedInput {...getInputProps(fields.title, { type: "text" })} limit={100} className={inputClass} />
			</Labelled>
			<Labelled field={fields.instructions} label={t("reportRequests.form.instructions")}>
				<LimitedTextarea {...getTextareaProps(fields.instructions)} rows={4} limit={4000} className={inputClass} />
			</Labelled>
			<div className="text-sm">
				<label htmlFor="rr-attachment" className="block text-slate-700">
					{t("reportRequests.form.attachments")}
				</label>
				<input id="rr-attachment" type="file" name="attachment" multiple className="mt-1 block w-full text-sm" />
			</div>
			<div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
				<Labelled field={fields.periodKind} label={t("reportRequests.form.periodKind")}>
					<select {...getSelectProps(fields.periodKind)} className={inputClass}>
						{periodKindsOfForm.map((k) => (
							<option key={k} value={k}>
								{t(`reportRequests.periodKind.${k}`)}
							</option>
						))}
					</select>
				</Labelled>
				<Labelled field={fields.periodYear} label={t("reportRequests.form.periodYear")}>
					<input {...getInputProps(fields.periodYear, { type: "number" })} className={inputClass} />
				</Labelled>
				<Labelled field={fields.periodIndex} label={t("reportRequests.form.periodIndex")}>
					<input {...getInputProps(fields.periodIndex, { type: "number" })} min={1} max={12} className={inputClass} />
				</Labelled>
				<Labelled field={fields.dueOn} label={t("reportRequests.form.dueOn")}>
					<input {...getInputProps(fields.dueOn, { type: "date" })} className={inputClass} />
				</Labelled>
			</div>
			<div className="grid gap-3 sm:grid-cols-2">
				<Labelled field={fields.recurrence} label={t("reportRequests.form.recurrence")}>
					<select {...getSelectProps(fields.recurrence)} className={inputClass}>
						{recurrences.map((r) => (
							<option key={r} value={r}>
								{t(`reportRequests.recurrence.${r}`)}
							</option>
						))}
					</select>
				</Labelled>
				<Labelled field={fields.matterId} label={t("reportRequests.form.matter")}>
					<select {...getSelectProps(fields.matterId)} className={inputClass}>
						<option value="">{t("reportRequests.form.noMatter")}</option>
						{matters.map((m) => (
							<option key={m.id} value={m.id}>
								{m.content.length > 40 ? `${m.content.slice(0, 40)}…` : m.content}
							</option>
						))}
					</select>
				</Labelled>
			</div>
			<fieldset className="space-y-3 rounded border border-slate-200 p-3">
				<legend className="px-1 text-sm font-medium">{t("reportRequests.form.scope")}</legend>
				<div className="grid gap-3 sm:grid-cols-2">
					<Labelled field={fields.scope} label={t("reportRequests.form.scope")}>
						<select {...getSelectProps(fields.scope)} className={inputClass}>
							{scopeKinds.map((s) => (
								<option key={s} value={s}>
									{t(`reportRequests.scope.${s}`)}
								</option>
							))}
						</select>
					</Labelled>
					<fieldset className="text-sm">
						<legend className="text-slate-700">{t("reportRequests.form.scopeKinds")}</legend>
						<div className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
							{unitKinds.map((k) => (
								<label key={k} className="flex items-center gap-2">
									<input type="checkbox" name={fields.scopeKinds.name} value={k} defaultChecked={chosenKinds.has(k)} />
									{t(`tenantKind.${k}`)}
								</label>
							))}
						</div>
						{fields.scopeKinds.errors ? (
							<p id={fields.scopeKinds.errorId} className="mt-1 text-red-800">
								{fields.scopeKinds.errors.map((e) => errorText(e)).join(" ")}
							</p>
						) : null}
					</fieldset>
				</div>
				<details open={chosenUnits.size > 0 || Boolean(fields.unitIds.errors)}>
					<summary className="cursor-pointer text-sm text-blue-800">{t("reportRequests.form.units")}</summary>
					<div className="mt-2 grid max-h-64 gap-1 overflow-y-auto sm:grid-cols-2 lg:grid-cols-3">
						{units.map((u) => (
							<label key={u.id} className="flex items-center gap-2 text-sm">
								<input type="checkbox" name={fields.unitIds.name} value={u.id} defaultChecked={chosenUnits.has(u.id)} />
								<span className={u.depth > 1 ? "text-slate-600" : undefined}>
									{u.depth > 1 ? "└ " : ""}
									{u.name}
								</span>
							</label>
						))}
					</div>
					{fields.unitIds.errors ? (
						<p id={fields.unitIds.errorId} className="mt-1 text-sm text-red-800">
							{fields.unitIds.errors.map((e) => errorText(e)).join(" ")}
						</p>
					) : null}
				</details>
			</fieldset>
			<Labelled field={fields.kind} label={t("reportRequests.form.kind")}>
				<select {...getSelectProps(fields.kind)} className={inputClass}>
					{requestKinds.map((k) => (
						<option key={k} value={k}>
							{t(`reportRequests.kind.${k}`)}
						</option>
					))}
				</select>
			</Labelled>
			<fieldset className="space-y-3" aria-describedby={fields.fields.errors ? fields.fields.errorId : undefined}>
				<legend className="text-sm font-medium">{t("reportRequests.form.fields")}</legend>
				<p className="text-xs text-slate-600">{t("reportRequests.form.fieldsIntro")}</p>
				{fields.fields.errors ? (
					<p id={fields.fields.errorId} className="text-sm text-red-800">
						{fields.fields.errors.map((e) => errorText(e)).join(" ")}
					</p>
				) : null}
				{rows.map((row, index) => {
					const f = row.getFieldset();
					return (
						<fieldset
							key={row.key}
							data-field-row
							className="grid gap-2 rounded border border-slate-200 p-2 sm:grid-cols-2 lg:grid-cols-4"
						>
							<legend className="px-1 text-xs text-slate-600">
								{t("reportRequests.form.fieldNumber", { n: index + 1 })}
							</legend>
							<div className="sm:col-span-2">
								<Labelled field={f.label} label={t("reportRequests.form.fieldLabel")}>
									<LimitedInput {...getInputProps(f.label, { type: "text" })} limit={60} className={inputClass} />
								</Labelled>
							</div>
							<Labelled field={f.type} label={t("reportRequests.form.fieldType")}>
								<select {...getSelectProps(f.type)} className={inputClass}>
									{fieldRowTypes.map((type) => (
										<option key={type} value={type}>
											{t(`reportRequests.fieldType.${type}`)}
										</option>
									))}
								</select>
							</Labelled>
							<Labelled field={f.unit} label={t("reportRequests.form.fieldUnit")}>
								<input {...getInputProps(f.unit, { type: "text" })} className={inputClass} />
							</Labelled>
							<Labelled field={f.min} label={t("reportRequests.form.fieldMin")}>
								<input {...getInputProps(f.min, { type: "number" })} step="any" className={inputClass} />
							</Labelled>
							<Labelled field={f.max} label={t("reportRequests.form.fieldMax")}>
								<input {...getInputProps(f.max, { type: "number" })} step="any" className={inputClass} />
							</Labelled>
							<div className="sm:col-span-2">
								<Labelled field={f.choices} label={t("reportRequests.form.fieldChoices")}>
									<input {...getInputProps(f.choices, { type: "text" })} className={inputClass} />
								</Labelled>
							</div>
							<label className="flex items-center gap-2 text-sm">
								<input {...getInputProps(f.required, { type: "checkbox" })} />
								{t("reportRequests.form.fieldRequired")}
							</label>
							<div className="sm:col-span-2 lg:col-span-3 sm:text-right">
								<button {...form.remove.getButtonProps({ name: fields.fields.name, index })} className={smallButton}>
									{t("reportRequests.form.removeField")}
								</button>
							</div>
						</fieldset>
					);
				})}
				<button
					{...form.insert.getButtonProps({ name: fields.fields.name, defaultValue: blankField })}
					className={smallButton}
				>
					{t("reportRequests.form.addField")}
				</button>
			</fieldset>
			<button type="submit" className={primaryButton}>
				{t("reportRequests.form.submit")}
			</button>
		</Form>
	);
}
