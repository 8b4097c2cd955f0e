import {
	type FieldMetadata,
	getFormProps,
	getInputProps,
	getSelectProps,
	getTextareaProps,
	type SubmissionResult,
	useForm,
} from "@conform-to/react";
import { LimitedInput, LimitedTextarea } from "#app/components/form-field.tsx";
import { Form } from "#app/components/once-form.tsx";
import { usePunctuation, useT } from "#app/i18n/i18n.ts";
import { useErrorText } from "./form-field.tsx";
import { inputClass, primaryButton, smallButton } from "./meeting/ui.tsx";

type MatterRow = { content: string; leadDepartmentId: string; coDepartmentIds: string[]; deadline: string };

const blankRow: MatterRow = { content: "", leadDepartmentId: "", coDepartmentIds: [], deadline: "" };

/** A labelled control of the editor with its message (conform's ids tie them together). */
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

/**
 * The minutes editor (O5): presided by, the body and the decided-matter rows as one conform form. A
 * refused save comes back with every row as typed and each message at its field, with or without
 * JavaScript; rows are added and removed by conform's list intents, which also work without it.
 */
export function MinutesEditor({
	current,
	departments,
	lastResult,
}: {
	current: { presidedBy: string | null; body: string; matters: MatterRow[] } | null;
	/** `reachable`: an active liaison is bound (O6); a lead department without one is refused on save. */
	departments: { id: string; name: string; reachable: boolean }[];
	lastResult: SubmissionResult<string[]> | undefined;
}) {
	const t = useT();
	const p = usePunctuation();
	const [form, fields] = useForm({
		lastResult,
		defaultValue: {
			presidedBy: current?.presidedBy ?? "",
			body: current?.body ?? "",
			matters: [...(current?.matters ?? []), blankRow, blankRow],
		},
		shouldRevalidate: "onInput",
	});
	const rows = fields.matters.getFieldList();
	const departmentOptions = departments.map((d) => (
		<option key={d.id} value={d.id}>
			{d.name}
			{d.reachable ? "" : `${p.open}${t("directory.noLiaison")}${p.close}`}
		</option>
	));
	return (
		<Form method="post" {...getFormProps(form)} className="space-y-3">
			<input type="hidden" name="intent" value="save" />
			<Labelled field={fields.presidedBy} label={t("minutes.presidedBy")}>
				<LimitedInput {...getInputProps(fields.presidedBy, { type: "text" })} limit={100} className={inputClass} />
			</Labelled>
			<Labelled field={fields.body} label={t("minutes.body")}>
				<textarea {...getTextareaProps(fields.body)} rows={10} className={inputClass} />
			</Labelled>
			<fieldset className="space-y-3">
				<legend className="text-sm font-medium">{t("minutes.matters")}</legend>
				<p className="text-xs text-slate-600">{t("minutes.matterHint")}</p>
				{rows.map((row, index) => {
					const matter = row.getFieldset();
					return (
						<fieldset key={row.key} className="grid gap-2 rounded border border-slate-200 p-2 sm:grid-cols-2">
							<legend className="px-1 text-xs text-slate-600">{t("minutes.matter", { n: index + 1 })}</legend>
							<div className="sm:col-span-2">
								<Labelled field={matter.content} label={t("minutes.matterContent")}>
									<LimitedTextarea {...getTextareaProps(matter.content)} rows={2} limit={4000} className={inputClass} />
								</Labelled>
							</div>
							<Labelled field={matter.leadDepartmentId} label={t("minutes.lead")}>
								<select {...getSelectProps(matter.leadDepartmentId)} className={inputClass}>
									<option value="">—</option>
									{departmentOptions}
								</select>
							</Labelled>
							<Labelled field={matter.deadline} label={t("minutes.deadline")}>
								<input {...getInputProps(matter.deadline, { type: "date" })} className={inputClass} />
							</Labelled>
							<div className="sm:col-span-2">
								<Labelled field={matter.coDepartmentIds} label={t("minutes.co")}>
									<select {...getSelectProps(matter.coDepartmentIds)} multiple size={3} className={inputClass}>
										{departmentOptions}
									</select>
								</Labelled>
							</div>
							<div className="sm:col-span-2">
								<button {...form.remove.getButtonProps({ name: fields.matters.name, index })} className={smallButton}>
									{t("minutes.removeMatter")}
								</button>
							</div>
						</fieldset>
					);
				})}
				<button {...form.insert.getButtonProps({ name: fields.matters.name })} className={smallButton}>
					{t("minutes.addMatter")}
				</button>
			</fieldset>
			<button type="submit" className={primaryButton}>
				{t("minutes.save")}
			</button>
		</Form>
	);
}
