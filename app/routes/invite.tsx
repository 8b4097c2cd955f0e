import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, Form, Link, redirect, useActionData, useLoaderData, useLocation } from "react-router";
import { Button, buttonClass } from "#app/components/button.tsx";
import { TextField } from "#app/components/form-field.tsx";
import { Notice } from "#app/components/notice.tsx";
import { PublicPage } from "#app/components/public-page.tsx";
import { answerInvitation, joinWithNewAccount, readInvitation } from "#app/domain/people/invitations.server.ts";
import { joinSchema } from "#app/domain/people/member-schema.ts";
import { roleLabelKey, type TenantKind } from "#app/domain/tenancy/roles.ts";
import { pageTitle, usePunctuation, useT } from "#app/i18n/i18n.ts";
import { servicesContext } from "#app/lib/app-context.server.ts";
import { getSession, requestMeta } from "#app/lib/guards.server.ts";
import type { Route } from "./+types/invite";

export function meta({ matches }: Route.MetaArgs) {
	return pageTitle(matches, "invite.title");
}

const statusOf = { invalid: 404, expired: 410, used: 410 } as const;

/** `/invite/<token>`: what the invitation offers, and how this visitor can answer it (ADR 0008). */
export async function loader({ request, params, context }: Route.LoaderArgs) {
	const db = context.get(servicesContext).db.app;
	const invitation = await readInvitation(db, params.token);
	if (!invitation.ok)
		return data(
			{ invitation: null, problem: invitation.reason, signedInAs: null },
			{ status: statusOf[invitation.reason] },
		);
	const session = await getSession({ request, context });
	return {
		invitation: {
			email: invitation.email,
			displayName: invitation.displayName,
			roles: invitation.roles,
			tenantName: invitation.tenantName,
			tenantKind: invitation.tenantKind as TenantKind,
		},
		problem: null,
		signedInAs: session?.user.email ?? null,
	};
}

export async function action({ request, params, context }: Route.ActionArgs) {
	const db = context.get(servicesContext).db.app;
	const formData = await request.formData();
	const intent = formData.get("intent");
	if (intent === "accept" || intent === "decline") {
		const session = await getSession({ request, context });
		const invitation = await readInvitation(db, params.token);
		if (!session || !invitation.ok) return data({ result: null, problem: "notAvailable" as const }, { status: 410 });
		const answered = await answerInvitation(db, {
			userId: session.user.id,
			invitationId: invitation.id,
			reply: intent === "accept" ? "accepted" : "declined",
			meta: requestMeta(context),
		});
		if (!answered.ok) return data({ result: null, problem: "notAvailable" as const }, { status: 410 });
		throw redirect(intent === "accept" ? `/t/${answered.tenantSlug}` : "/invitations?declined=1");
	}
	const submission = parseWithZod(formData, { schema: joinSchema });
	if (submission.status !== "success")
		return { result: submission.reply({ hideFields: ["password", "confirm"] }), problem: null };
	const joined = await joinWithNewAccount(db, params.token, submission.value, requestMeta(context));
	if (joined.ok) throw redirect(`/login?${new URLSearchParams({ passwordSet: "1" })}`);
	if (joined.reason === "has_account") {
		return { result: submission.reply({ hideFields: ["password", "confirm"] }), problem: "hasAccount" as const };
	}
	return data({ result: null, problem: "notAvailable" as const }, { status: statusOf[joined.reason] });
}

export default function Invite() {
	const t = useT();
	const p = usePunctuation();
	const { invitation, problem, signedInAs } = useLoaderData<typeof loader>();
	const actionData = useActionData<typeof action>();
	const [form, fields] = useForm({
		lastResult: actionData?.result ?? undefined,
		defaultValue: { displayName: invitation?.displayName ?? "" },
		onValidate: ({ formData }) => parseWithZod(formData, { schema: joinSchema }),
		shouldValidate: "onBlur",
		shouldRevalidate: "onInput",
	});
	return (
		<PublicPage title={t("app.name")}>
			<h1 className="text-2xl font-semibold">{t("invite.title")}</h1>
			{!invitation ? (
				<Notice tone="error" className="mt-6">
					<p>{t(`invite.${problem ?? "invalid"}`)}</p>
				</Notice>
			) : (
				<InvitationBody
					invitation={invitation}
					signedInAs={signedInAs}
					problem={actionData?.problem ?? null}
					rolesText={invitation.roles
						.map((role) => t(roleLabelKey(role, { kind: invitation.tenantKind, name: invitation.tenantName })))
						.join(p.list)}
					form={
						<Form method="post" {...getFormProps(form)} className="mt-4 space-y-4">
							<input type="email" name="username" autoComplete="username" value={invitation.email} readOnly hidden />
							<TextField field={fields.displayName} label={t("invite.displayName")} autoComplete="name" />
							<TextField
								field={fields.password}
								label={t("password.new")}
								type="password"
								autoComplete="new-password"
							/>
							<TextField
								field={fields.confirm}
								label={t("password.confirm")}
								type="password"
								autoComplete="new-password"
							/>
							<Button type="submit">{t("invite.join")}</Button>
						</Form>
					}
				/>
			)}
		</PublicPage>
	);
}

function InvitationBody({
	invitation,
	signedInAs,
	problem,
	rolesText,
	form,
}: {
	invitation: { email: string; tenantName: string };
	signedInAs: string | null;
	problem: "hasAccount" | "notAvailable" | null;
	rolesText: string;
	form: React.ReactNode;
}) {
	const t = useT();
	const location = useLocation();
	const signIn = `/login?${new URLSearchParams({ redirectTo: location.pathname })}`;
	return (
		<div className="mt-4 space-y-6">
			<p className="text-slate-700">
				{t("invite.intro", { tenant: invitation.tenantName, email: invitation.email, roles: rolesText })}
			</p>
			{problem ? (
				<Notice tone="error">
					<p>{t(problem === "hasAccount" ? "invite.hasAccount" : "invite.notAvailable")}</p>
				</Notice>
			) : null}
			{signedInAs === invitation.email ? (
				<section className="rounded border border-slate-200 bg-white p-4">
					<p className="text-sm text-slate-700">{t("invite.signedInAs", { email: signedInAs })}</p>
					<div className="mt-3 flex flex-wrap gap-3">
						<Form method="post">
							<input type="hidden" name="intent" value="accept" />
							<Button type="submit">{t("invite.accept")}</Button>
						</Form>
						<Form method="post">
							<input type="hidden" name="intent" value="decline" />
							<Button type="submit" variant="secondary">
								{t("invite.decline")}
							</Button>
						</Form>
					</div>
				</section>
			) : signedInAs ? (
				<Notice tone="error">
					<p>{t("invite.wrongAccount", { email: invitation.email })}</p>
					<Form method="post" action="/logout" className="mt-2">
						<Button type="submit" variant="secondary">
							{t("nav.signOut")}
						</Button>
					</Form>
				</Notice>
			) : (
				<>
					<section aria-labelledby="invite-account" className="rounded border border-slate-200 bg-white p-4">
						<h2 id="invite-account" className="font-medium">
							{t("invite.haveAccount")}
						</h2>
						<p className="mt-1 text-sm text-slate-700">{t("invite.haveAccountText")}</p>
						<Link to={signIn} className={`mt-3 inline-block ${buttonClass.primary}`}>
							{t("invite.signInToAccept")}
						</Link>
					</section>
					<section aria-labelledby="invite-new" className="rounded border border-slate-200 bg-white p-4">
						<h2 id="invite-new" className="font-medium">
							{t("invite.newAccount")}
						</h2>
						<p className="mt-1 text-sm text-slate-700">{t("invite.newAccountText")}</p>
						{form}
					</section>
				</>
			)}
		</div>
	);
}
