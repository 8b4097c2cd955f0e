import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod/v4";
import { data, Form, Link, useActionData, useLoaderData } from "react-router";
import { z } from "zod";
import { Button } from "#app/components/button.tsx";
import { TextField } from "#app/components/form-field.tsx";
import { Notice } from "#app/components/notice.tsx";
import { RoleCheckboxes } from "#app/components/role-checkboxes.tsx";
import { StatusTag } from "#app/components/status-tag.tsx";
import { AppError, httpStatusOf } from "#app/domain/app-error.ts";
import { sendMemberPasswordLink, setMemberDisabled, setMemberRoles } from "#app/domain/people/manage-members.server.ts";
import { memberRolesSchema } from "#app/domain/people/member-schema.ts";
import { setMemberTitle } from "#app/domain/people/member-title.server.ts";
import { memberTitleSchema } from "#app/domain/people/member-title.ts";
import { readMember } from "#app/domain/people/read-members.server.ts";
import type { Role } from "#app/domain/tenancy/roles.ts";
import { type MessageKey, pageTitle, useT } from "#app/i18n/i18n.ts";
import { servicesContext } from "#app/lib/app-context.server.ts";
import { caseOptions, requirePermission } from "#app/lib/guards.server.ts";
import type { Route } from "./+types/member";

export function meta({ matches }: Route.MetaArgs) {
	return pageTitle(matches, "people.title");
}

export async function loader({ params, context }: Route.LoaderArgs) {
	const { user, membership } = requirePermission(context, "members.manage");
	const member = await readMember(
		context.get(servicesContext).db.app,
		{ userId: user.id, tenantId: membership.tenant.id },
		params.userId,
	);
	if (!member) throw data(null, { status: 404 });
	return {
		tenant: { slug: membership.tenant.slug, kind: membership.tenant.kind, name: membership.tenant.name },
		member,
		// Nobody changes their own roles (another administrator of the unit does).
		self: member.id === user.id,
	};
}

const intentSchema = z.object({ intent: z.enum(["roles", "title", "disable", "enable", "link"]) });

export async function action({ request, params, context }: Route.ActionArgs) {
	requirePermission(context, "members.manage");
	const formData = await request.formData();
	const parsed = intentSchema.safeParse({ intent: formData.get("intent") });
	if (!parsed.success) throw data(null, { status: 400 });
	const { intent } = parsed.data;
	const options = caseOptions(context);
	// What the page says: typed keys, so a missing label fails the typecheck.
	const say = (message: MessageKey, error = false) => ({ message, error, title: undefined });
	try {
		if (intent === "title") {
			// The 职务 is typed text: a refusal comes back at its field with what was typed.
			const submission = parseWithZod(formData, { schema: memberTitleSchema });
			if (submission.status !== "success") return { message: null, error: true, title: submission.reply() };
			await setMemberTitle(options, params.userId, submission.value.title ?? null);
			return { message: "people.titleSaved" as const, error: false, title: submission.reply() };
		}
		if (intent === "roles") {
			const submission = parseWithZod(formData, { schema: memberRolesSchema });
			if (submission.status !== "success") return say("people.error.roles", true);
			const outcome = await setMemberRoles(options, params.userId, submission.value.roles as Role[]);
			return outcome.ok ? say("people.rolesSaved") : say(outcome.error, true);
		}
		if (intent === "link") {
			const sent = await sendMemberPasswordLink(options, params.userId);
			return sent.ok ? say("mailLink.passwordSent") : say(sent.error, true);
		}
		const outcome = await setMemberDisabled(options, params.userId, intent === "disable");
		if (!outcome.ok) return say(outcome.error, true);
		return say(
			intent === "enable" ? "people.enabledDone" : outcome.accountWide ? "people.disabledDone" : "people.disabledHere",
		);
	} catch (error) {
		if (error instanceof AppError) throw data(null, { status: httpStatusOf[error.code] });
		throw error;
	}
}

export default function Person() {
	const t = useT();
	const { tenant, member, self } = useLoaderData<typeof loader>();
	const result = useActionData<typeof action>();
	const [titleForm, titleFields] = useForm({
		id: "member-title",
		lastResult: result?.title,
		defaultValue: { title: member.title ?? "" },
		constraint: getZodConstraint(memberTitleSchema),
		onValidate: ({ formData }) => parseWithZod(formData, { schema: memberTitleSchema }),
		shouldValidate: "onBlur",
		shouldRevalidate: "onInput",
	});
	return (
		<div className="max-w-2xl space-y-5">
			<p>
				<Link to={`/t/${tenant.slug}/members`} className="text-sm text-blue-800 underline underline-offset-2">
					{t("people.back")}
				</Link>
			</p>
			<div className="flex flex-wrap items-center gap-3">
				<h1 className="text-xl font-semibold">{member.name}</h1>
				{member.disabledAt ? (
					<StatusTag tone="neutral">{t("people.disabled")}</StatusTag>
				) : (
					<StatusTag tone="good">{t("people.active")}</StatusTag>
				)}
				{member.title ? <span className="text-slate-700">{member.title}</span> : null}
				<span className="text-sm text-slate-600">{member.email}</span>
			</div>
			{result?.message ? (
				<Notice tone={result.error ? "error" : "success"}>
					<p>{t(result.message)}</p>
				</Notice>
			) : null}
			<Form
				method="post"
				{...getFormProps(titleForm)}
				className="space-y-3 rounded border border-slate-200 bg-white p-4"
			>
				<input type="hidden" name="intent" value="title" />
				<TextField field={titleFields.title} label={t("people.jobTitle")} hint={t("people.jobTitleHint")} />
				<Button type="submit">{t("people.saveTitle")}</Button>
			</Form>
			{self ? (
				<p className="rounded border border-slate-200 bg-white p-4 text-sm text-slate-700">
					{t("people.error.ownRoles")}
				</p>
			) : null}
			<Form method="post" hidden={self} className="space-y-3 rounded border border-slate-200 bg-white p-4">
				<input type="hidden" name="intent" value="roles" />
				<RoleCheckboxes
					name="roles"
					selected={member.roles}
					tenant={tenant}
					errorId="roles-error"
					legend={t("people.roles")}
				/>
				<Button type="submit">{t("people.saveRoles")}</Button>
			</Form>
			{member.managedHere ? null : <p className="text-sm text-slate-600">{t("people.notManagedHint")}</p>}
			<div className="flex flex-wrap gap-3">
				{member.managedHere ? (
					<Form method="post">
						<input type="hidden" name="intent" value="link" />
						<button
							type="submit"
							className="rounded border border-slate-400 bg-white px-4 py-2 text-sm hover:bg-slate-50"
						>
							{t("people.sendPasswordLink")}
						</button>
					</Form>
				) : null}
				<Form method="post">
					<input type="hidden" name="intent" value={member.disabledAt ? "enable" : "disable"} />
					<button
						type="submit"
						className="rounded border border-red-400 bg-white px-4 py-2 text-sm text-red-800 hover:bg-red-50"
					>
						{member.disabledAt ? t("people.enable") : t("people.disable")}
					</button>
				</Form>
			</div>
		</div>
	);
}
