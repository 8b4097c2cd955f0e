import { roleLabelKey, roles, type TenantKind } from "#app/domain/tenancy/roles.ts";
import { useT } from "#app/i18n/i18n.ts";
import { useErrorText } from "./form-field.tsx";

/** The role choices of a member, labelled for the tenant (市长 / 县长 / 局长 …). */
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
	return (
		<fieldset className="rounded border border-slate-200 p-3" aria-describedby={errors ? errorId : undefined}>
			<legend className="px-1 text-sm font-medium">{legend}</legend>
			<div className="grid gap-1 sm:grid-cols-2">
				{roles.map((role) => (
					<label key={role} className="flex items-center gap-2 text-sm">
						<input type="checkbox" name={name} value={role} defaultChecked={selected.includes(role)} />
						{t(roleLabelKey(role, tenant))}
					</label>
				))}
			</div>
			{errors ? (
				<p id={errorId} role="alert" className="mt-1 text-sm text-red-800">
					{errors.map((e) => errorText(e)).join(" ")}
				</p>
			) : null}
		</fieldset>
	);
}
