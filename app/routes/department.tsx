import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, Form, Link, useActionData, useLoaderData } from "react-router";
import { z } from "zod";
import { Button } from "#app/components/button.tsx";
import { DepartmentFields } from "#app/components/department-fields.tsx";
import { Notice } from "#app/components/notice.tsx";
import { AppError, httpStatusOf } from "#app/domain/app-error.ts";
import { departmentSchema, liaisonSchema } from "#app/domain/directory/department-schema.ts";
import {
	bindLiaison,
	setDepartmentArchived,
	unbindLiaison,
	updateDepartment,
} from "#app/domain/directory/manage-departments.server.ts";
import { listDepartments, listLiaisonCandidates } from "#app/domain/directory/read-departments.server.ts";
import { type MessageKey, pageTitle, usePunctuation, useT } from "#app/i18n/i18n.ts";
import { servicesContext } from "#app/lib/app-context.server.ts";
import { caseOptions, requirePermission } from "#app/lib/guards.server.ts";
import type { Route } from "./+types/department";

export function meta({ matches }: Route.MetaArgs) {
	return pageTitle(matches, "dept.title");
}

export async function loader({ params, context }: Route.LoaderArgs) {
	const { user, membership } = requirePermission(context, "departments.manage");
	const actor = { userId: user.id, tenantId: membership.tenant.id };
	const { db } = context.get(servicesContext);
	const department = (await listDepartments(db.app, actor, { includeArchived: true })).find(
		(d) => d.id === params.departmentId,
	);
	if (!department) throw data(null, { status: 404 });
	return { slug: membership.tenant.slug, department, candidates: await listLiaisonCandidates(db.app, actor) };
}

const intentSchema = z.object({ intent: z.enum(["update", "archive", "restore", "bind", "unbind"]) });
const done: Record<z.infer<typeof intentSchema>["intent"], MessageKey> = {
	update: "dept.saved",
	archive: "dept.archivedDone",
	restore: "dept.restoredDone",
	bind: "dept.bound",
	unbind: "dept.unbound",
};

const liaisonError: MessageKey = "dept.error.liaison";

export async function action({ request, params, context }: Route.ActionArgs) {
	requirePermission(context, "departments.manage");
	const formData = await request.formData();
	const parsed = intentSchema.safeParse({ intent: formData.get("intent") });
	if (!parsed.success) throw data(null, { status: 400 });
	const { intent } = parsed.data;
	const options = caseOptions(context);
	const id = params.departmentId;
	try {
		if (intent === "update") {
			const submission = parseWithZod(formData, { schema: departmentSchema });
			if (submission.status !== "success") return { intent, result: submission.reply(), message: null };
			const outcome = await updateDepartment(options, id, submission.value);
			if (!outcome.ok)
				return {
					intent,
					result: submission.reply({ fieldErrors: { [outcome.field]: [outcome.error] } }),
					message: null,
				};
			return { intent, result: submission.reply(), message: done.update };
		}
		if (intent === "archive" || intent === "restore") {
			await setDepartmentArchived(options, id, intent === "archive");
			return { intent, result: null, message: done[intent] };
		}
		const liaison = liaisonSchema.safeParse({ userId: formData.get("userId") });
		if (!liaison.success) return { intent, result: null, message: liaisonError, error: true };
		const outcome =
			intent === "bind"
				? await bindLiaison(options, id, liaison.data.userId)
				: await unbindLiaison(options, id, liaison.data.userId);
		if (!outcome.ok) return { intent, result: null, message: outcome.error, error: true };
		return { intent, result: null, message: done[intent] };
	} catch (error) {
		if (error instanceof AppError) throw data(null, { status: httpStatusOf[error.code] });
		throw error;
	}
}

export default function DepartmentDetail() {
	const t = useT();
	const p = usePunctuation();
	const { slug, department, candidates } = useLoaderData<typeof loader>();
	const actionData = useActionData<typeof action>();
	const [form, fields] = useForm({
		lastResult: actionData?.intent === "update" ? actionData.result : undefined,
		defaultValue: {
			name: department.name,
			side: department.side,
			category: department.category,
			sortOrder: String(department.sortOrder),
		},
		onValidate: ({ formData }) => parseWithZod(formData, { schema: departmentSchema }),
		shouldValidate: "onBlur",
		shouldRevalidate: "onInput",
	});
	const bound = new Set(department.liaisons.map((l) => l.userId));
	const available = candidates.filter((c) => !bound.has(c.userId));
	const isError = actionData && "error" in actionData && actionData.error;
	return (
		<div className="max-w-2xl space-y-5">
			<p>
				<Link to={`/t/${slug}/departments`} className="text-sm text-blue-800 underline underline-offset-2">
					{t("dept.back")}
				</Link>
			</p>
			<h1 className="text-xl font-semibold">{department.name}</h1>
			{actionData?.message ? <Notice tone={isError ? "error" : "success"}>{t(actionData.message)}</Notice> : null}
			<Form method="post" {...getFormProps(form)} className="space-y-4 rounded border border-slate-200 bg-white p-4">
				<input type="hidden" name="intent" value="update" />
				<DepartmentFields fields={fields} />
				<Button type="submit">{t("dept.save")}</Button>
			</Form>
			<section aria-labelledby="liaisons" className="rounded border border-slate-200 bg-white p-4">
				<h2 id="liaisons" className="font-medium">
					{t("dept.liaisons")}
				</h2>
				<ul className="mt-2 divide-y divide-slate-100 text-sm">
					{department.liaisons.length === 0 ? <li className="py-1 text-slate-600">{t("dept.noLiaison")}</li> : null}
					{department.liaisons.map((l) => (
						<li key={l.userId} className="flex items-center justify-between py-1.5">
							<span>{l.name}</span>
							<Form method="post">
								<input type="hidden" name="intent" value="unbind" />
								<input type="hidden" name="userId" value={l.userId} />
								<button type="submit" className="rounded border border-slate-400 px-2 py-1 text-xs hover:bg-slate-50">
									{t("dept.unbind")}
									<span className="sr-only"> {l.name}</span>
								</button>
							</Form>
						</li>
					))}
				</ul>
				{available.length > 0 ? (
					<Form method="post" className="mt-3 flex flex-wrap items-end gap-2">
						<input type="hidden" name="intent" value="bind" />
						<label className="text-sm">
							<span className="block text-slate-700">{t("dept.chooseLiaison")}</span>
							<select name="userId" className="mt-1 rounded border border-slate-400 bg-white px-2 py-1.5">
								{available.map((c) => (
									<option key={c.userId} value={c.userId}>
										{c.name}
										{p.open}
										{c.email}
										{p.close}
									</option>
								))}
							</select>
						</label>
						<button
							type="submit"
							className="rounded border border-slate-400 bg-white px-3 py-1.5 text-sm hover:bg-slate-50"
						>
							{t("dept.bind")}
						</button>
					</Form>
				) : candidates.length === 0 ? (
					<p className="mt-3 text-sm text-slate-600">{t("dept.noCandidates")}</p>
				) : null}
			</section>
			<Form method="post">
				<input type="hidden" name="intent" value={department.archivedAt ? "restore" : "archive"} />
				<button type="submit" className="rounded border border-slate-400 bg-white px-4 py-2 text-sm hover:bg-slate-50">
					{department.archivedAt ? t("dept.restore") : t("dept.archive")}
				</button>
			</Form>
		</div>
	);
}
