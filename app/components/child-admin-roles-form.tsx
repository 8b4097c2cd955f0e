import type { SubmissionResult } from "@conform-to/react";
import { Form } from "react-router";
import type { TenantKind } from "#app/domain/tenancy/roles.ts";
import { useT } from "#app/i18n/i18n.ts";
import { Button } from "./button.tsx";
import { useErrorText } from "./form-field.tsx";
import { RoleCheckboxes } from "./role-checkboxes.tsx";

/**
 * A child unit's only administrator cannot change their own roles: the administrator of the unit
 * above does it here (ADR 0008, amended), naming the child and the email it invited.
 */
export function ChildAdminRolesForm({
	units,
	result,
	done,
}: {
	units: { id: string; name: string; kind: TenantKind }[];
	result: SubmissionResult<string[]> | null;
	done: boolean;
}) {
	const t = useT();
	const errorText = useErrorText();
	const error = (key: string) => result?.error?.[key]?.[0];
	const typed = (key: string) => {
		const value = result?.initialValue?.[key];
		return typeof value === "string" ? value : undefined;
	};
	const typedRoles = ([] as string[]).concat((result?.initialValue?.roles as string[] | string | undefined) ?? []);
	return (
		<details open={Boolean(result?.error) || done} className="max-w-2xl rounded border border-slate-200 bg-white p-4">
			<summary className="cursor-pointer font-medium">{t("children.adminRoles")}</summary>
			<p className="mt-2 text-sm text-slate-600">{t("children.adminRolesIntro")}</p>
			{done ? (
				<p role="status" className="mt-2 text-sm text-green-800">
					{t("people.rolesSaved")}
				</p>
			) : null}
			<Form method="post" className="mt-3 space-y-4">
				<input type="hidden" name="intent" value="admin_roles" />
				<label className="block text-sm">
					<span className="font-medium text-slate-800">{t("children.adminRolesUnit")}</span>
					<select
						name="childId"
						defaultValue={typed("childId")}
						className="mt-1 block w-full rounded border border-slate-400 bg-white px-3 py-2"
					>
						{units.map((c) => (
							<option key={c.id} value={c.id}>
								{c.name}
							</option>
						))}
					</select>
				</label>
				<label className="block text-sm">
					<span className="font-medium text-slate-800">{t("children.adminRolesEmail")}</span>
					<input
						type="email"
						name="email"
						required
						defaultValue={typed("email")}
						aria-invalid={error("email") ? true : undefined}
						aria-describedby={error("email") ? "child-admin-email-error" : undefined}
						className="mt-1 block w-full rounded border border-slate-400 bg-white px-3 py-2"
					/>
					{error("email") ? (
						<span id="child-admin-email-error" className="mt-1 block text-red-800">
							{errorText(error("email") ?? "")}
						</span>
					) : null}
				</label>
				<RoleCheckboxes
					name="roles"
					selected={typedRoles.length > 0 ? typedRoles : ["admin"]}
					tenant={{ kind: units[0]?.kind ?? "county", name: units[0]?.name ?? "" }}
					errors={error("roles") ? [error("roles") as string] : undefined}
					errorId="child-admin-roles-error"
					legend={t("people.roles")}
				/>
				<Button type="submit" variant="secondary">
					{t("people.saveRoles")}
				</Button>
			</Form>
		</details>
	);
}
