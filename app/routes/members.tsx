import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, Link, useActionData, useLoaderData, useNavigation } from "react-router";
import { Button } from "#app/components/button.tsx";
import { TextField, useErrorText } from "#app/components/form-field.tsx";
import { InvitationsTable } from "#app/components/invitations-table.tsx";
import { Notice } from "#app/components/notice.tsx";
import { Form } from "#app/components/once-form.tsx";
import { PageHeader } from "#app/components/page-header.tsx";
import { RoleCheckboxes } from "#app/components/role-checkboxes.tsx";
import { StatusTag } from "#app/components/status-tag.tsx";
import { ScrollBox, Th } from "#app/components/table.tsx";
import { AppError, httpStatusOf } from "#app/domain/app-error.ts";
import { listInvitations } from "#app/domain/people/invitations.server.ts";
import { addMember, resendInvitation, revokeInvitation } from "#app/domain/people/manage-members.server.ts";
import { addMemberSchema } from "#app/domain/people/member-schema.ts";
import { listMembers } from "#app/domain/people/read-members.server.ts";
import { can } from "#app/domain/tenancy/permissions.ts";
import { roleLabelKey } from "#app/domain/tenancy/roles.ts";
import { pageTitle, useT } from "#app/i18n/i18n.ts";
import { servicesContext } from "#app/lib/app-context.server.ts";
import { chinaDateTime } from "#app/lib/china-time.ts";
import { caseOptions, requirePermission } from "#app/lib/guards.server.ts";
import { writeOnce } from "#app/lib/write-once.server.ts";
import type { Route } from "./+types/members";

export function meta({ matches }: Route.MetaArgs) {
	return pageTitle(matches, "people.title");
}

export async function loader({ context }: Route.LoaderArgs) {
	const { user, membership } = requirePermission(context, "members.read");
	const db = context.get(servicesContext).db.app;
	const actor = { userId: user.id, tenantId: membership.tenant.id };
	const canManage = can(membership.roles, "members.manage");
	const [members, invitations] = await Promise.all([
		listMembers(db, actor),
		canManage ? listInvitations(db, actor) : Promise.resolve([]),
	]);
	const shown = invitations.map((i) => ({
		id: i.id,
		name: i.name,
		email: i.email,
		roles: i.roles,
		state: i.state,
		sendCount: i.sendCount,
		sentAt: i.sentAt ? chinaDateTime(i.sentAt) : null,
		expiresAt: chinaDateTime(i.expiresAt),
		answeredAt: i.answeredAt ? chinaDateTime(i.answeredAt) : null,
	}));
	return {
		tenant: { slug: membership.tenant.slug, kind: membership.tenant.kind, name: membership.tenant.name },
		canManage,
		members,
		invitations: shown,
	};
}

const invitationIntents = { revoke: revokeInvitation, resend: resendInvitation } as const;

export async function action({ request, context }: Route.ActionArgs) {
	requirePermission(context, "members.manage");
	const formData = await request.formData();
	const options = caseOptions(context);
	const intent = formData.get("intent");
	if (intent === "revoke" || intent === "resend") {
		try {
			await invitationIntents[intent](options, String(formData.get("invitationId") ?? ""));
		} catch (error) {
			if (error instanceof AppError) throw data(null, { status: httpStatusOf[error.code] });
			throw error;
		}
		return { result: undefined, added: null, done: intent };
	}
	const submission = parseWithZod(formData, { schema: addMemberSchema });
	if (submission.status !== "success") return { result: submission.reply(), added: null, done: null };
	// Once per one-time key; a race with another invitation of the address answers in words.
	return writeOnce(
		formData,
		async () => {
			const outcome = await addMember(options, submission.value);
			if (!outcome.ok) {
				return {
					result: submission.reply({ fieldErrors: { [outcome.field]: [outcome.error] } }),
					added: null,
					done: null,
				};
			}
			return { result: submission.reply({ resetForm: true }), added: { email: submission.value.email }, done: null };
		},
		{
			succeeded: (answer) => answer.added !== null,
			inWords: (key) => ({ result: submission.reply({ formErrors: [key] }), added: null, done: null }),
		},
	);
}

export default function People() {
	const t = useT();
	const { tenant, canManage, members, invitations } = useLoaderData<typeof loader>();
	const actionData = useActionData<typeof action>();
	const errorText = useErrorText();
	const navigation = useNavigation();
	const [form, fields] = useForm({
		lastResult: actionData?.result,
		defaultValue: { roles: [] },
		onValidate: ({ formData }) => parseWithZod(formData, { schema: addMemberSchema }),
		shouldValidate: "onBlur",
		shouldRevalidate: "onInput",
	});
	const selectedRoles = ([] as string[]).concat((fields.roles.value as string[] | string | undefined) ?? []);
	return (
		<div className="space-y-5">
			<PageHeader title={t("people.title")} intro={t("people.intro")} />
			{actionData?.added ? (
				<Notice tone="success">
					<p>{t("people.added", { email: actionData.added.email })}</p>
					<p>{t("mailLink.sentTo", { email: actionData.added.email })}</p>
				</Notice>
			) : null}
			{actionData?.done ? (
				<Notice tone="success">{t(actionData.done === "revoke" ? "people.revoked" : "people.resent")}</Notice>
			) : null}
			<ScrollBox label={t("people.title")} className="rounded border border-slate-200 bg-white">
				<table className="w-full min-w-[52rem] text-left text-sm">
					<thead className="border-b border-slate-200 bg-slate-50 text-slate-700">
						<tr>
							<Th>{t("people.col.name")}</Th>
							<Th>{t("people.col.title")}</Th>
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
								<td className="px-4 py-2">{m.title ?? "—"}</td>
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
			</ScrollBox>
			{canManage ? <InvitationsTable invitations={invitations} tenant={tenant} /> : null}
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
						{form.errors ? (
							<p id={form.errorId} role="alert" className="text-sm text-red-800">
								{form.errors.map((e) => errorText(e)).join(" ")}
							</p>
						) : null}
						<Button type="submit" disabled={navigation.state === "submitting"}>
							{t("people.add")}
						</Button>
					</Form>
				</section>
			) : (
				<p className="text-sm text-slate-600">{t("people.readOnly")}</p>
			)}
		</div>
	);
}
