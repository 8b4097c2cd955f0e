import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "react-router";
import { Button } from "#app/components/button.tsx";
import { DepartmentFields } from "#app/components/department-fields.tsx";
import { Notice } from "#app/components/notice.tsx";
import { PageHeader } from "#app/components/page-header.tsx";
import { StatusTag } from "#app/components/status-tag.tsx";
import { ScrollBox, Th } from "#app/components/table.tsx";
import { departmentSchema } from "#app/domain/directory/department-schema.ts";
import { addDepartment } from "#app/domain/directory/manage-departments.server.ts";
import { listDepartments } from "#app/domain/directory/read-departments.server.ts";
import { can } from "#app/domain/tenancy/permissions.ts";
import { pageTitle, usePunctuation, useT } from "#app/i18n/i18n.ts";
import { servicesContext } from "#app/lib/app-context.server.ts";
import { caseOptions, requirePermission } from "#app/lib/guards.server.ts";
import type { Route } from "./+types/departments";

export function meta({ matches }: Route.MetaArgs) {
	return pageTitle(matches, "dept.title");
}

export async function loader({ request, context }: Route.LoaderArgs) {
	const { user, membership } = requirePermission(context, "departments.read");
	const includeArchived = new URL(request.url).searchParams.get("archived") === "1";
	const departments = await listDepartments(
		context.get(servicesContext).db.app,
		{ userId: user.id, tenantId: membership.tenant.id },
		{ includeArchived },
	);
	return {
		slug: membership.tenant.slug,
		includeArchived,
		departments,
		canManage: can(membership.roles, "departments.manage"),
	};
}

export async function action({ request, context }: Route.ActionArgs) {
	requirePermission(context, "departments.manage");
	const submission = parseWithZod(await request.formData(), { schema: departmentSchema });
	if (submission.status !== "success") return { result: submission.reply(), added: false };
	const outcome = await addDepartment(caseOptions(context), submission.value);
	if (!outcome.ok)
		return { result: submission.reply({ fieldErrors: { [outcome.field]: [outcome.error] } }), added: false };
	return { result: submission.reply({ resetForm: true }), added: true };
}

export default function DepartmentList() {
	const t = useT();
	const p = usePunctuation();
	const { slug, includeArchived, departments, canManage } = useLoaderData<typeof loader>();
	const actionData = useActionData<typeof action>();
	const navigation = useNavigation();
	const [form, fields] = useForm({
		lastResult: actionData?.result,
		defaultValue: { side: "gov", category: "functional", sortOrder: "0" },
		onValidate: ({ formData }) => parseWithZod(formData, { schema: departmentSchema }),
		shouldValidate: "onBlur",
		shouldRevalidate: "onInput",
	});
	return (
		<div className="space-y-5">
			<PageHeader title={t("dept.title")} intro={t("dept.intro")} />
			{actionData?.added ? <Notice tone="success">{t("dept.added")}</Notice> : null}
			<Form method="get" className="flex items-center gap-3 text-sm">
				<label className="flex items-center gap-2">
					<input type="checkbox" name="archived" value="1" defaultChecked={includeArchived} />
					{t("dept.filter.archived")}
				</label>
				<button type="submit" className="rounded border border-slate-400 bg-white px-3 py-1 hover:bg-slate-50">
					{t("dept.filter.apply")}
				</button>
			</Form>
			<ScrollBox label={t("dept.title")} className="rounded border border-slate-200 bg-white">
				{departments.length === 0 ? (
					<p className="p-4 text-sm text-slate-600">{t("dept.none")}</p>
				) : (
					<table className="w-full min-w-[44rem] text-left text-sm">
						<thead className="border-b border-slate-200 bg-slate-50 text-slate-700">
							<tr>
								<Th>{t("dept.col.name")}</Th>
								<Th>{t("dept.col.category")}</Th>
								<Th>{t("dept.col.side")}</Th>
								<Th>{t("dept.col.liaisons")}</Th>
								<Th>{t("dept.col.status")}</Th>
								{canManage ? (
									<Th>
										<span className="sr-only">{t("dept.edit")}</span>
									</Th>
								) : null}
							</tr>
						</thead>
						<tbody className="divide-y divide-slate-100">
							{departments.map((d) => (
								<tr key={d.id} className={d.archivedAt ? "text-slate-500" : undefined}>
									<td className="px-4 py-2">{d.name}</td>
									<td className="px-4 py-2">{t(`dept.category.${d.category}`)}</td>
									<td className="px-4 py-2">{t(`dept.side.${d.side}`)}</td>
									<td className="px-4 py-2">
										{d.liaisons.length > 0 ? d.liaisons.map((l) => l.name).join(p.list) : t("dept.noLiaison")}
									</td>
									<td className="px-4 py-2">
										{d.archivedAt ? (
											<StatusTag tone="neutral">{t("dept.archived")}</StatusTag>
										) : (
											<StatusTag tone="good">{t("dept.active")}</StatusTag>
										)}
									</td>
									{canManage ? (
										<td className="px-4 py-2">
											<Link
												to={`/t/${slug}/departments/${d.id}`}
												className="text-blue-800 underline underline-offset-2"
											>
												{t("dept.edit")}
												<span className="sr-only"> {d.name}</span>
											</Link>
										</td>
									) : null}
								</tr>
							))}
						</tbody>
					</table>
				)}
			</ScrollBox>
			{canManage ? (
				<section aria-labelledby="dept-add" className="max-w-2xl rounded border border-slate-200 bg-white p-4">
					<h2 id="dept-add" className="font-medium">
						{t("dept.add")}
					</h2>
					<Form method="post" {...getFormProps(form)} className="mt-4 space-y-4">
						<DepartmentFields fields={fields} />
						<Button type="submit" disabled={navigation.state === "submitting"}>
							{t("dept.add")}
						</Button>
					</Form>
				</section>
			) : (
				<p className="text-sm text-slate-600">{t("dept.readOnly")}</p>
			)}
		</div>
	);
}
