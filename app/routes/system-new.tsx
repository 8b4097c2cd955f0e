import { getFormProps, getInputProps, getSelectProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, redirect, useActionData, useLoaderData, useNavigation } from "react-router";
import { Button } from "#app/components/button.tsx";
import { TextField, useErrorText } from "#app/components/form-field.tsx";
import { Notice } from "#app/components/notice.tsx";
import { MAX_DOCUMENT_BYTES } from "#app/domain/files/detect-file-type.ts";
import { listLeaderCandidates } from "#app/domain/systems/read-system.server.ts";
import { recordSystem } from "#app/domain/systems/record-system.server.ts";
import { cadences, systemRecordSchema } from "#app/domain/systems/system-schema.ts";
import { roleLabelKey } from "#app/domain/tenancy/roles.ts";
import { pageTitle, useT } from "#app/i18n/i18n.ts";
import { servicesContext } from "#app/lib/app-context.server.ts";
import { caseOptions, requirePermission } from "#app/lib/guards.server.ts";
import type { Route } from "./+types/system-new";

export function meta({ matches }: Route.MetaArgs) {
	return pageTitle(matches, "systems.record");
}

export async function loader({ context }: Route.LoaderArgs) {
	const { user, membership } = requirePermission(context, "system.record");
	const candidates = await listLeaderCandidates(context.get(servicesContext).db.app, {
		userId: user.id,
		tenantId: membership.tenant.id,
	});
	return { candidates, tenant: { kind: membership.tenant.kind, name: membership.tenant.name } };
}

export async function action({ request, context }: Route.ActionArgs) {
	const { membership } = requirePermission(context, "system.record");
	const declared = Number(request.headers.get("content-length") ?? 0);
	// A body far beyond the limit is refused before it is read.
	if (declared > MAX_DOCUMENT_BYTES + 1024 * 1024) {
		return { result: { status: "error" as const, error: { document: ["systems.error.fileTooLarge"] } } };
	}
	const formData = await request.formData();
	const submission = parseWithZod(formData, { schema: systemRecordSchema });
	if (submission.status !== "success") return { result: submission.reply() };
	const upload = formData.get("document");
	const document =
		upload instanceof File && upload.size > 0
			? { bytes: new Uint8Array(await upload.arrayBuffer()), name: upload.name }
			: null;
	const { files } = context.get(servicesContext);
	const outcome = await recordSystem({
		...caseOptions(context),
		files,
		input: submission.value,
		document,
	});
	if (!outcome.ok) {
		const field = outcome.field === "form" ? "" : outcome.field;
		return { result: submission.reply({ fieldErrors: { [field]: [outcome.error] } }) };
	}
	return redirect(`/t/${membership.tenant.slug}/system?saved=${outcome.version}`);
}

const inputClass =
	"mt-1 block w-full rounded border border-slate-400 bg-white px-3 py-2 focus:outline-2 focus:outline-blue-700 aria-[invalid=true]:border-red-700";

export default function JointSystemRecord() {
	const t = useT();
	const errorText = useErrorText();
	const { candidates, tenant } = useLoaderData<typeof loader>();
	const actionData = useActionData<typeof action>();
	const navigation = useNavigation();
	const [form, fields] = useForm({
		lastResult: actionData?.result,
		defaultValue: { cadence: "yearly" },
		onValidate: ({ formData }) => parseWithZod(formData, { schema: systemRecordSchema }),
		shouldValidate: "onBlur",
		shouldRevalidate: "onInput",
	});
	// The file input is outside the schema (it is checked by content on the server): its errors are read directly.
	const serverErrors = actionData?.result?.error as Record<string, string[] | null> | undefined;
	const fileErrors = serverErrors?.document ?? undefined;
	const formErrors = serverErrors?.[""] ?? undefined;
	const chosenLeaders = new Set((fields.leaders.value as string[] | string | undefined) ?? []);
	const errorLine = (list: string[] | null | undefined, id: string) =>
		list?.length ? (
			<p id={id} role="alert" className="mt-1 text-sm text-red-800">
				{list.map((e) => errorText(e)).join(" ")}
			</p>
		) : null;
	return (
		<div className="max-w-3xl">
			<h1 className="text-xl font-semibold">{t("systems.record")}</h1>
			<p className="mt-1 text-sm text-slate-600">{t("systems.fileAgain")}</p>
			{formErrors?.length ? (
				<Notice tone="error" className="mt-4">
					{formErrors.map((e) => errorText(e)).join(" ")}
				</Notice>
			) : null}
			<Form
				method="post"
				encType="multipart/form-data"
				{...getFormProps(form)}
				className="mt-6 space-y-5 rounded border border-slate-200 bg-white p-4"
			>
				<TextField field={fields.title} label={t("systems.field.title")} />
				<TextField field={fields.issuingBodies} label={t("systems.field.issuingBodies")} />
				<TextField field={fields.docNumber} label={t("systems.field.docNumber")} />
				<div className="grid gap-4 sm:grid-cols-2">
					{(
						[
							[fields.issuedOn, "systems.field.issuedOn"],
							[fields.effectiveOn, "systems.field.effectiveOn"],
						] as const
					).map(([field, label]) => (
						<div key={field.name}>
							<label htmlFor={field.id} className="block text-sm font-medium text-slate-800">
								{t(label)}
							</label>
							<input {...getInputProps(field, { type: "date" })} className={inputClass} />
							{errorLine(field.errors, field.errorId)}
						</div>
					))}
				</div>
				<TextField field={fields.supersedes} label={t("systems.field.supersedes")} />
				<div>
					<label htmlFor={fields.cadence.id} className="block text-sm font-medium text-slate-800">
						{t("systems.field.cadence")}
					</label>
					<select {...getSelectProps(fields.cadence)} className={inputClass}>
						{cadences.map((c) => (
							<option key={c} value={c}>
								{t(`systems.cadence.${c}`)}
							</option>
						))}
					</select>
				</div>
				<fieldset className="rounded border border-slate-200 p-3" aria-describedby={fields.leaders.errorId}>
					<legend className="px-1 text-sm font-medium">{t("systems.field.leaders")}</legend>
					<div className="grid gap-3 sm:grid-cols-2">
						{candidates.map((group) => (
							<div key={group.role}>
								<p className="text-sm text-slate-700">{t(roleLabelKey(group.role, tenant))}</p>
								{group.members.length === 0 ? (
									<p className="text-xs text-slate-500">{t("systems.leaders.none")}</p>
								) : (
									group.members.map((m) => {
										const value = `${group.role}:${m.userId}`;
										return (
											<label key={value} className="mt-1 flex items-center gap-2 text-sm">
												<input
													type="checkbox"
													name={fields.leaders.name}
													value={value}
													defaultChecked={chosenLeaders.has(value)}
												/>
												{m.name}
											</label>
										);
									})
								)}
							</div>
						))}
					</div>
					{errorLine(fields.leaders.errors, fields.leaders.errorId)}
				</fieldset>
				<div>
					<label htmlFor="document" className="block text-sm font-medium text-slate-800">
						{t("systems.field.file")}
					</label>
					<input
						id="document"
						name="document"
						type="file"
						required
						accept=".pdf,.docx,.ofd,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"
						aria-invalid={fileErrors?.length ? true : undefined}
						aria-describedby={fileErrors?.length ? "document-error" : undefined}
						className="mt-1 block w-full text-sm"
					/>
					{errorLine(fileErrors, "document-error")}
				</div>
				<Button type="submit" disabled={navigation.state === "submitting"}>
					{navigation.state === "submitting" ? t("systems.saving") : t("systems.save")}
				</Button>
			</Form>
		</div>
	);
}
