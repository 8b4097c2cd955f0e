import { type FieldMetadata, getInputProps, getSelectProps } from "@conform-to/react";
import { departmentCategories, departmentSides } from "#app/domain/directory/department-schema.ts";
import { useT } from "#app/i18n/i18n.ts";
import { TextField, useErrorText } from "./form-field.tsx";

const selectClass =
	"mt-1 block w-full rounded border border-slate-400 bg-white px-3 py-2 focus:outline-2 focus:outline-blue-700";

/** The department fields, shared by the add form and the edit form. */
export function DepartmentFields({
	fields,
	readOnly = false,
}: {
	// The add and the edit form infer slightly different field types from the same schema.
	fields: Record<"name" | "side" | "category" | "sortOrder", FieldMetadata<any, any, string[]>>;
	readOnly?: boolean;
}) {
	const t = useT();
	const errorText = useErrorText();
	return (
		<div className="grid gap-4 sm:grid-cols-2">
			<div className="sm:col-span-2">
				<TextField
					field={fields.name as FieldMetadata<string | undefined>}
					label={t("dept.name")}
					readOnly={readOnly}
				/>
			</div>
			<div>
				<label htmlFor={fields.side.id} className="block text-sm font-medium text-slate-800">
					{t("dept.side")}
				</label>
				<select {...getSelectProps(fields.side)} disabled={readOnly} className={selectClass}>
					{departmentSides.map((side) => (
						<option key={side} value={side}>
							{t(`dept.side.${side}`)}
						</option>
					))}
				</select>
			</div>
			<div>
				<label htmlFor={fields.category.id} className="block text-sm font-medium text-slate-800">
					{t("dept.category")}
				</label>
				<select {...getSelectProps(fields.category)} disabled={readOnly} className={selectClass}>
					{departmentCategories.map((category) => (
						<option key={category} value={category}>
							{t(`dept.category.${category}`)}
						</option>
					))}
				</select>
			</div>
			<div>
				<label htmlFor={fields.sortOrder.id} className="block text-sm font-medium text-slate-800">
					{t("dept.sortOrder")}
				</label>
				<input
					{...getInputProps(fields.sortOrder, { type: "number" })}
					readOnly={readOnly}
					min={0}
					max={9999}
					className={selectClass}
				/>
				{fields.sortOrder.errors ? (
					<p id={fields.sortOrder.errorId} role="alert" className="mt-1 text-sm text-red-800">
						{fields.sortOrder.errors.map((e) => errorText(e)).join(" ")}
					</p>
				) : null}
			</div>
		</div>
	);
}
