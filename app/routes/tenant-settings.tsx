import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, useActionData, useLoaderData, useNavigation } from "react-router";
import { Button } from "#app/components/button.tsx";
import { TextField } from "#app/components/form-field.tsx";
import { Notice } from "#app/components/notice.tsx";
import { can } from "#app/domain/tenancy/permissions.ts";
import { tenantProfileSchema } from "#app/domain/tenancy/tenant-profile-schema.ts";
import { updateTenantProfile } from "#app/domain/tenancy/update-tenant-profile.server.ts";
import { pageTitle, useT } from "#app/i18n/i18n.ts";
import { caseOptions, requirePermission } from "#app/lib/guards.server.ts";
import type { Route } from "./+types/tenant-settings";

export function meta({ matches }: Route.MetaArgs) {
	return pageTitle(matches, "settings.title");
}

export function loader({ context }: Route.LoaderArgs) {
	const { membership } = requirePermission(context, "tenant.read");
	const { tenant } = membership;
	return {
		profile: {
			name: tenant.name,
			govName: tenant.govName,
			unionName: tenant.unionName,
			divisionCode: tenant.divisionCode ?? "",
		},
		canEdit: can(membership.roles, "tenant.updateProfile"),
	};
}

export async function action({ request, context }: Route.ActionArgs) {
	// The role check comes first: a refused user gets 403 whatever the body holds.
	requirePermission(context, "tenant.updateProfile");
	const submission = parseWithZod(await request.formData(), { schema: tenantProfileSchema });
	if (submission.status !== "success") return { result: submission.reply(), saved: false };
	await updateTenantProfile({
		...caseOptions(context),
		profile: submission.value,
	});
	return { result: submission.reply(), saved: true };
}

export default function TenantSettings() {
	const t = useT();
	const { profile, canEdit } = useLoaderData<typeof loader>();
	const actionData = useActionData<typeof action>();
	const navigation = useNavigation();
	const [form, fields] = useForm({
		lastResult: actionData?.result,
		defaultValue: profile,
		onValidate: ({ formData }) => parseWithZod(formData, { schema: tenantProfileSchema }),
		shouldValidate: "onBlur",
		shouldRevalidate: "onInput",
	});
	return (
		<div className="max-w-2xl">
			<h1 className="text-xl font-semibold">{t("settings.title")}</h1>
			<p className="mt-1 text-sm text-slate-600">{t("settings.intro")}</p>
			{!canEdit ? (
				<p className="mt-4 rounded border border-slate-200 bg-slate-100 px-3 py-2 text-sm text-slate-700">
					{t("settings.readOnly")}
				</p>
			) : null}
			{actionData?.saved ? (
				<Notice tone="success" className="mt-4">
					{t("settings.saved")}
				</Notice>
			) : null}
			<Form
				method="post"
				{...getFormProps(form)}
				className="mt-6 space-y-5 rounded border border-slate-200 bg-white p-4"
			>
				<TextField field={fields.name} label={t("settings.name")} readOnly={!canEdit} />
				<TextField field={fields.govName} label={t("settings.govName")} readOnly={!canEdit} />
				<TextField field={fields.unionName} label={t("settings.unionName")} readOnly={!canEdit} />
				<TextField field={fields.divisionCode} label={t("settings.divisionCode")} readOnly={!canEdit} />
				{canEdit ? (
					<Button type="submit" disabled={navigation.state === "submitting"}>
						{navigation.state === "submitting" ? t("settings.saving") : t("settings.save")}
					</Button>
				) : null}
			</Form>
		</div>
	);
}
