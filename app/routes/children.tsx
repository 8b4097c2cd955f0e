import { getFormProps, getSelectProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, Form, useActionData, useLoaderData, useNavigation } from "react-router";
import { Button } from "#app/components/button.tsx";
import { ChildAdminRolesForm } from "#app/components/child-admin-roles-form.tsx";
import { ChildTenantsTable } from "#app/components/child-tenants-table.tsx";
import { TextField, useErrorText } from "#app/components/form-field.tsx";
import { Notice } from "#app/components/notice.tsx";
import { PageHeader } from "#app/components/page-header.tsx";
import { AppError, httpStatusOf } from "#app/domain/app-error.ts";
import { childAdminRolesSchema, setChildAdminRoles } from "#app/domain/children/child-admin-roles.server.ts";
import { childKinds, childTenantSchema } from "#app/domain/children/child-tenant-schema.ts";
import { createChildTenant } from "#app/domain/children/create-child-tenant.server.ts";
import { listChildTenants } from "#app/domain/tenancy/list-child-tenants.server.ts";
import { tenantKindKey } from "#app/domain/tenancy/roles.ts";
import { pageTitle, useT } from "#app/i18n/i18n.ts";
import { servicesContext } from "#app/lib/app-context.server.ts";
import { caseOptions, requirePermission } from "#app/lib/guards.server.ts";
import type { Route } from "./+types/children";

export function meta({ matches }: Route.MetaArgs) {
	return pageTitle(matches, "children.title");
}

export async function loader({ context }: Route.LoaderArgs) {
	const { user, membership } = requirePermission(context, "children.manage");
	const children = await listChildTenants(context.get(servicesContext).db.app, {
		userId: user.id,
		tenantId: membership.tenant.id,
	});
	return { children };
}

export async function action({ request, context }: Route.ActionArgs) {
	requirePermission(context, "children.manage");
	const formData = await request.formData();
	if (formData.get("intent") === "admin_roles") {
		const roles = parseWithZod(formData, { schema: childAdminRolesSchema });
		if (roles.status !== "success")
			return { result: null, created: null, adminRoles: roles.reply(), rolesSaved: false };
		try {
			const outcome = await setChildAdminRoles(caseOptions(context), roles.value);
			if (!outcome.ok)
				return {
					result: null,
					created: null,
					adminRoles: roles.reply({ fieldErrors: { [outcome.field]: [outcome.error] } }),
					rolesSaved: false,
				};
		} catch (error) {
			if (error instanceof AppError) throw data(null, { status: httpStatusOf[error.code] });
			throw error;
		}
		return { result: null, created: null, adminRoles: null, rolesSaved: true };
	}
	const submission = parseWithZod(formData, { schema: childTenantSchema });
	if (submission.status !== "success") {
		return { result: submission.reply(), created: null, adminRoles: null, rolesSaved: false };
	}
	const outcome = await createChildTenant({
		...caseOptions(context),
		input: submission.value,
	});
	if (!outcome.ok) {
		return {
			result: submission.reply({ fieldErrors: { [outcome.field]: [outcome.error] } }),
			created: null,
			adminRoles: null,
			rolesSaved: false,
		};
	}
	return {
		result: submission.reply({ resetForm: true }),
		created: { name: submission.value.name, email: submission.value.adminEmail },
		adminRoles: null,
		rolesSaved: false,
	};
}

export default function Children() {
	const t = useT();
	const errorText = useErrorText();
	const { children } = useLoaderData<typeof loader>();
	const actionData = useActionData<typeof action>();
	const navigation = useNavigation();
	const [form, fields] = useForm({
		lastResult: actionData?.result ?? undefined,
		defaultValue: { kind: "county" },
		onValidate: ({ formData }) => parseWithZod(formData, { schema: childTenantSchema }),
		shouldValidate: "onBlur",
		shouldRevalidate: "onInput",
	});
	const submitting = navigation.state === "submitting";
	return (
		<div className="space-y-6">
			<PageHeader title={t("children.title")} intro={t("children.intro")} />
			{actionData?.created ? (
				<Notice tone="success">
					<p>{t("children.created", { name: actionData.created.name })}</p>
					<p>{t("mailLink.sentTo", { email: actionData.created.email })}</p>
				</Notice>
			) : null}
			<section aria-labelledby="children-list" className="rounded border border-slate-200 bg-white">
				<h2 id="children-list" className="p-4 font-medium">
					{t("children.list")}
				</h2>
				{children.length === 0 ? (
					<p className="px-4 pb-4 text-sm text-slate-600">{t("children.none")}</p>
				) : (
					<ChildTenantsTable tenants={children} showSlug />
				)}
			</section>
			<section aria-labelledby="children-add" className="max-w-2xl rounded border border-slate-200 bg-white p-4">
				<h2 id="children-add" className="font-medium">
					{t("children.add")}
				</h2>
				<Form method="post" {...getFormProps(form)} className="mt-4 space-y-5">
					<div>
						<label htmlFor={fields.kind.id} className="block text-sm font-medium text-slate-800">
							{t("children.kind")}
						</label>
						<select
							{...getSelectProps(fields.kind)}
							className="mt-1 block w-full rounded border border-slate-400 bg-white px-3 py-2 focus:outline-2 focus:outline-blue-700"
						>
							{childKinds.map((kind) => (
								<option key={kind} value={kind}>
									{t(tenantKindKey(kind))}
								</option>
							))}
						</select>
						{fields.kind.errors ? (
							<p id={fields.kind.errorId} role="alert" className="mt-1 text-sm text-red-800">
								{fields.kind.errors.map((e) => errorText(e)).join(" ")}
							</p>
						) : null}
					</div>
					<TextField field={fields.name} label={t("children.name")} />
					<TextField field={fields.govName} label={t("children.govName")} />
					<TextField field={fields.unionName} label={t("children.unionName")} />
					<TextField field={fields.divisionCode} label={t("children.divisionCode")} />
					<TextField field={fields.slug} label={t("children.slug")} hint={t("children.slugHint")} autoComplete="off" />
					<fieldset className="space-y-4 rounded border border-slate-200 p-3">
						<legend className="px-1 text-sm font-medium">{t("children.adminHeading")}</legend>
						<TextField field={fields.adminName} label={t("children.adminName")} autoComplete="off" />
						<TextField field={fields.adminEmail} label={t("children.adminEmail")} type="email" autoComplete="off" />
					</fieldset>
					<Button type="submit" disabled={submitting}>
						{submitting ? t("children.submitting") : t("children.submit")}
					</Button>
				</Form>
			</section>
			{children.length > 0 ? (
				<ChildAdminRolesForm
					units={children.map((c) => ({ id: c.id, name: c.name, kind: c.kind }))}
					result={actionData?.adminRoles ?? null}
					done={actionData?.rolesSaved === true}
				/>
			) : null}
		</div>
	);
}
