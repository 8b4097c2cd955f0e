import { roleLabelKey, roles, type TenantKind } from "#app/domain/tenancy/roles.ts";
import { pickerSides, sideOfRole } from "#app/domain/tenancy/sides.ts";
import { useT } from "#app/i18n/i18n.ts";
import { useErrorText } from "./form-field.tsx";

/**
 * The role choices of a member, labelled for the tenant (市长 / 县长 / 局长 …) and grouped by side:
 * a person holds roles of one side only, and administration combines with any of them (NOTICE P).
 */
export function RoleCheckboxes({
	name,
	selected,
	tenant,
	errors,
	errorId,
	legend,
}: {
	name: string;
	selected: readonly string[];
	tenant: { kind: TenantKind; name: string };
	errors?: string[];
	errorId: string;
	legend: string;
}) {
	const t = useT();
	const errorText = useErrorText();
	const hintId = `${errorId}-hint`;
	const box = (role: (typeof roles)[number]) => (
		<label key={role} className="flex items-center gap-2 py-0.5 text-sm">
			<input type="checkbox" name={name} value={role} defaultChecked={selected.includes(role)} />
			{t(roleLabelKey(role, tenant))}
		</label>
	);
	return (
		<fieldset
			className="rounded border border-slate-200 p-3"
			aria-describedby={errors ? `${hintId} ${errorId}` : hintId}
		>
			<legend className="px-1 text-sm font-medium">{legend}</legend>
			<p id={hintId} className="text-sm text-slate-600">
				{t("sides.hint")}
			</p>
			<div className="mt-2 grid gap-3 sm:grid-cols-2">
				{pickerSides.map((side) => (
					<div key={side}>
						<p className="text-xs font-medium text-slate-700">{t(`sides.${side}`)}</p>
						{roles.filter((role) => role !== "admin" && sideOfRole[role] === side).map(box)}
					</div>
				))}
				<div>
					<p className="text-xs font-medium text-slate-700">{t("sides.duty")}</p>
					{box("admin")}
				</div>
			</div>
			{errors ? (
				<p id={errorId} role="alert" className="mt-1 text-sm text-red-800">
					{errors.map((e) => errorText(e)).join(" ")}
				</p>
			) : null}
		</fieldset>
	);
}
