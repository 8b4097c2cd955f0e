import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, Form, Link, useActionData, useLoaderData, useNavigation } from "react-router";
import { Button } from "#app/components/button.tsx";
import { TextField } from "#app/components/form-field.tsx";
import { InvitationLinkNotice } from "#app/components/invitation-link-notice.tsx";
import { Notice } from "#app/components/notice.tsx";
import { PageHeader } from "#app/components/page-header.tsx";
import { RoleCheckboxes } from "#app/components/role-checkboxes.tsx";
import { StatusTag } from "#app/components/status-tag.tsx";
import { Th } from "#app/components/table.tsx";
import { AppError, httpStatusOf } from "#app/domain/app-error.ts";
import { listPendingInvitations } from "#app/domain/people/invitations.server.ts";
import { addMember, revokeInvitation } from "#app/domain/people/manage-members.server.ts";
import { addMemberSchema } from "#app/domain/people/member-schema.ts";
import { listMembers } from "#app/domain/people/read-members.server.ts";
import { can } from "#app/domain/tenancy/permissions.ts";
import type { TenantKind } from "#app/domain/tenancy/roles.ts";
import { roleLabelKey } from "#app/domain/tenancy/roles.ts";
import { pageTitle, useT } from "#app/i18n/i18n.ts";
import { servicesContext } from "#app/lib/app-context.server.ts";
import { chinaDateTime } from "#app/lib/china-time.ts";
import { caseOptions, requirePermission } from "#app/lib/guards.server.ts";
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
		canManage ? listPendingInvitations(db, actor) : Promise.resolve([]),
	]);
	const pending = invitations.map((i) => ({ ...i, expiresAt: chinaDateTime(i.expiresAt) }));
	return {
		tenant: { slug: membership.tenant.slug, kind: membership.tenant.kind, name: membership.tenant.name },
		canManage,
		members,
		invitations: pending,
	};
}

export async function action({ request, context }: Route.ActionArgs) {
	requirePermission(context, "members.manage");
	const formData = await request.formData();
	const options = caseOptions(context);
	if (formData.get("intent") === "revoke") {
		try {
			await revokeInvitation(options, String(formData.get("invitationId") ?? ""));
		} catch (error) {
			if (error instanceof AppError) throw data(null, { status: httpStatusOf[error.code] });
			throw error;
		}
		return { result: undefined, added: null, revoked: true };
	}
	const submission = parseWithZod(formData, { schema: addMemberSchema });
	if (submission.status !== "success") return { result: submission.reply(), added: null, revoked: false };
	const outcome = await addMember(options, submission.value);
	if (!outcome.ok) {
		return {
			result: submission.reply({ fieldErrors: { [outcome.field]: [outcome.error] } }),
			added: null,
			revoked: false,
		};
	}
	return {
		result: submission.reply({ resetForm: true }),
		added: {
			email: submission.value.email,
			link: `${new URL(request.url).origin}/invite/${outcome.invitationToken}`,
		},
		revoked: false,
	};
}

export default function People() {
	const t = useT();
	const { tenant, canManage, members, invitations } = useLoaderData<typeof loader>();
	const actionData = useActionData<typeof action>();
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
				<InvitationLinkNotice
					message={t("people.added", { email: actionData.added.email })}
					link={actionData.added.link}
				/>
			) : null}
			{actionData?.revoked ? <Notice tone="success">{t("people.revoked")}</Notice> : null}
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
			{canManage ? <PendingInvitations invitations={invitations} tenant={tenant} /> : null}
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

function PendingInvitations({
	invitations,
	tenant,
}: {
	invitations: ReturnType<typeof useLoaderData<typeof loader>>["invitations"];
	tenant: { kind: TenantKind; name: string };
}) {
	const t = useT();
	return (
		<section aria-labelledby="people-pending" className="rounded border border-slate-200 bg-white">
			<h2 id="people-pending" className="p-4 font-medium">
				{t("people.pending")}
			</h2>
			{invitations.length === 0 ? (
				<p className="px-4 pb-4 text-sm text-slate-600">{t("people.pendingNone")}</p>
			) : (
				<div className="overflow-x-auto">
					<table className="w-full min-w-[40rem] text-left text-sm">
						<thead className="border-y border-slate-200 bg-slate-50 text-slate-700">
							<tr>
								<Th>{t("people.col.name")}</Th>
								<Th>{t("people.col.email")}</Th>
								<Th>{t("people.col.roles")}</Th>
								<Th>{t("people.col.expiresAt")}</Th>
								<Th>
									<span className="sr-only">{t("people.revoke")}</span>
								</Th>
							</tr>
						</thead>
						<tbody className="divide-y divide-slate-100">
							{invitations.map((invitation) => (
								<tr key={invitation.id}>
									<td className="px-4 py-2">{invitation.name}</td>
									<td className="px-4 py-2">{invitation.email}</td>
									<td className="px-4 py-2">
										<span className="flex flex-wrap gap-1">
											{invitation.roles.map((role) => (
												<StatusTag key={role} tone="info">
													{t(roleLabelKey(role, tenant))}
												</StatusTag>
											))}
										</span>
									</td>
									<td className="px-4 py-2 tabular-nums">{invitation.expiresAt}</td>
									<td className="px-4 py-2">
										<Form method="post">
											<input type="hidden" name="intent" value="revoke" />
											<input type="hidden" name="invitationId" value={invitation.id} />
											<button
												type="submit"
												className="rounded border border-slate-400 bg-white px-3 py-1 text-sm hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-blue-700"
											>
												{t("people.revoke")}
												<span className="sr-only"> {invitation.email}</span>
											</button>
										</Form>
									</td>
								</tr>
							))}
						</tbody>
					</table>
				</div>
			)}
		</section>
	);
}
