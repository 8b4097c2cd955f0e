import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "react-router";
import { TextField } from "#app/components/form-field.tsx";
import { Notice } from "#app/components/notice.tsx";
import { PageHeader } from "#app/components/page-header.tsx";
import { RoleCheckboxes } from "#app/components/role-checkboxes.tsx";
import { StatusTag } from "#app/components/status-tag.tsx";
import { Th } from "#app/components/table.tsx";
import { addMember } from "#app/domain/people/manage-members.server.ts";
import { addMemberSchema } from "#app/domain/people/member-schema.ts";
import { listMembers } from "#app/domain/people/read-members.server.ts";
import { can } from "#app/domain/tenancy/permissions.ts";
import { roleLabelKey } from "#app/domain/tenancy/roles.ts";
import { pageTitle, useT } from "#app/i18n/i18n.ts";
import { servicesContext } from "#app/lib/app-context.server.ts";
import { requestMeta, requirePermission } from "#app/lib/guards.server.ts";
import type { Route } from "./+types/people";

export function meta({ matches }: Route.MetaArgs) {
	return pageTitle(matches, "people.title");
}

export async function loader({ context }: Route.LoaderArgs) {
	const { user, membership } = requirePermission(context, "members.read");
	const members = await listMembers(context.get(servicesContext).db.app, {
		userId: user.id,
		tenantId: membership.tenant.id,
	});
	return {
		tenant: { slug: membership.tenant.slug, kind: membership.tenant.kind, name: membership.tenant.name },
		canManage: can(membership.roles, "members.manage"),
		members,
	};
}

export async function action({ request, context }: Route.ActionArgs) {
	const { user, membership } = requirePermission(context, "members.manage");
	const submission = parseWithZod(await request.formData(), { schema: addMemberSchema });
	if (submission.status !== "success") return { result: submission.reply({ hideFields: ["password"] }), added: null };
	const outcome = await addMember(
		{ db: context.get(servicesContext).db.app, actor: { userId: user.id, membership }, meta: requestMeta(context) },
		submission.value,
	);
	if (!outcome.ok) {
		return {
			result: submission.reply({ fieldErrors: { [outcome.field]: [outcome.error] }, hideFields: ["password"] }),
			added: null,
		};
	}
	const origin = new URL(request.url).origin;
	return {
		result: submission.reply({ resetForm: true }),
		added: {
			name: submission.value.displayName,
			existing: outcome.existingAccount,
			link: outcome.passwordLinkToken ? `${origin}/set-password/${outcome.passwordLinkToken}` : null,
		},
	};
}

export default function People() {
	const t = useT();
	const { tenant, canManage, members } = useLoaderData<typeof loader>();
	const actionData = useActionData<typeof action>();
	const navigation = useNavigation();
	const [form, fields] = useForm({
		lastResult: actionData?.result,
		defaultValue: { credential: "link", roles: [] },
		onValidate: ({ formData }) => parseWithZod(formData, { schema: addMemberSchema }),
		shouldValidate: "onBlur",
		shouldRevalidate: "onInput",
	});
	const selectedRoles = ([] as string[]).concat((fields.roles.value as string[] | string | undefined) ?? []);
	const credential = (fields.credential.value as string | undefined) ?? "link";
	return (
		<div className="space-y-5">
			<PageHeader title={t("people.title")} intro={t("people.intro")} />
			{actionData?.added ? (
				<Notice tone="success">
					<p>{t("people.added", { name: actionData.added.name })}</p>
					{actionData.added.existing ? <p>{t("people.addedExisting")}</p> : null}
					{actionData.added.link ? (
						<div className="mt-2">
							<p className="font-medium">{t("people.linkHeading")}</p>
							<p>{t("people.linkText")}</p>
							<input
								readOnly
								value={actionData.added.link}
								aria-label={t("people.linkHeading")}
								className="mt-1 w-full rounded border border-green-400 bg-white px-2 py-1 font-mono text-xs"
							/>
						</div>
					) : null}
				</Notice>
			) : null}
			<div className="overflow-x-auto rounded border border-slate-200 bg-white">
				<table className="w-full min-w-[44rem] text-left text-sm">
					<thead className="border-b border-slate-200 bg-slate-50 text-slate-700">
						<tr>
							<Th>{t("people.col.name")}</Th>
							<Th>{t("people.col.email")}</Th>
							<Th>{t("people.col.phone")}</Th>
							<Th>{t("people.col.roles")}</Th>
							<Th>{t("people.col.status")}</Th>
							{canManage ? (
								<Th>
									<span className="sr-only">{t("people.manage")}</span>
								</Th>
							) : null}
						</tr>
					</thead>
					<tbody className="divide-y divide-slate-100">
						{members.map((m) => (
							<tr key={m.id} className={m.disabledAt ? "text-slate-500" : undefined}>
								<td className="px-4 py-2">{m.name}</td>
								<td className="px-4 py-2">{m.email}</td>
								<td className="px-4 py-2 tabular-nums">{m.phone ?? "—"}</td>
								<td className="px-4 py-2">
									<span className="flex flex-wrap gap-1">
										{m.roles.map((role) => (
											<StatusTag key={role} tone="info">
												{t(roleLabelKey(role, tenant))}
											</StatusTag>
										))}
									</span>
								</td>
								<td className="px-4 py-2">
									{m.disabledAt ? (
										<StatusTag tone="neutral">{t("people.disabled")}</StatusTag>
									) : (
										<StatusTag tone="good">{t("people.active")}</StatusTag>
									)}
								</td>
								{canManage ? (
									<td className="px-4 py-2">
										<Link
											to={`/t/${tenant.slug}/members/${m.id}`}
											className="text-blue-800 underline underline-offset-2"
										>
											{t("people.manage")}
											<span className="sr-only"> {m.name}</span>
										</Link>
									</td>
								) : null}
							</tr>
						))}
					</tbody>
				</table>
			</div>
			{canManage ? (
				<section aria-labelledby="people-add" className="max-w-2xl rounded border border-slate-200 bg-white p-4">
					<h2 id="people-add" className="font-medium">
						{t("people.add")}
					</h2>
					<Form method="post" {...getFormProps(form)} className="mt-4 space-y-4">
						<TextField field={fields.displayName} label={t("people.displayName")} autoComplete="off" />
						<TextField field={fields.email} label={t("people.email")} type="email" autoComplete="off" />
						<TextField field={fields.phone} label={t("people.phone")} autoComplete="off" />
						<RoleCheckboxes
							name={fields.roles.name}
							selected={selectedRoles}
							tenant={tenant}
							errors={fields.roles.errors}
							errorId={fields.roles.errorId}
							legend={t("people.roles")}
						/>
						<fieldset className="rounded border border-slate-200 p-3">
							<legend className="px-1 text-sm font-medium">{t("people.credential")}</legend>
							{(["link", "password"] as const).map((value) => (
								<label key={value} className="flex items-center gap-2 text-sm">
									<input
										type="radio"
										name={fields.credential.name}
										value={value}
										defaultChecked={credential === value}
									/>
									{t(`people.credential.${value}`)}
								</label>
							))}
							<div className="mt-2">
								<TextField
									field={fields.password}
									label={t("people.password")}
									type="password"
									autoComplete="new-password"
								/>
							</div>
						</fieldset>
						<button
							type="submit"
							disabled={navigation.state === "submitting"}
							className="rounded bg-brand-700 px-4 py-2 font-medium text-white hover:bg-brand-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700 disabled:opacity-70"
						>
							{t("people.add")}
						</button>
					</Form>
				</section>
			) : (
				<p className="text-sm text-slate-600">{t("people.readOnly")}</p>
			)}
		</div>
	);
}
