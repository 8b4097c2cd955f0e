import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, Form, Link, redirect, useActionData, useLoaderData } from "react-router";
import { Button } from "#app/components/button.tsx";
import { TextField } from "#app/components/form-field.tsx";
import { LangSwitch } from "#app/components/lang-switch.tsx";
import { Notice } from "#app/components/notice.tsx";
import { newPasswordSchema } from "#app/domain/people/member-schema.ts";
import { checkPasswordLink, redeemPasswordLink } from "#app/domain/people/password-links.server.ts";
import { pageTitle, useT } from "#app/i18n/i18n.ts";
import { servicesContext } from "#app/lib/app-context.server.ts";
import { requestMeta } from "#app/lib/guards.server.ts";
import type { Route } from "./+types/set-password";

export function meta({ matches }: Route.MetaArgs) {
	return pageTitle(matches, "password.title");
}

const statusOf = { invalid: 404, expired: 410, used: 410 } as const;

export async function loader({ params, context }: Route.LoaderArgs) {
	const check = await checkPasswordLink(context.get(servicesContext).db.app, params.token);
	if (!check.ok) return data({ email: null, problem: check.reason }, { status: statusOf[check.reason] });
	return { email: check.email, problem: null };
}

export async function action({ request, params, context }: Route.ActionArgs) {
	const submission = parseWithZod(await request.formData(), { schema: newPasswordSchema });
	if (submission.status !== "success")
		return { result: submission.reply({ hideFields: ["password", "confirm"] }), problem: null };
	const outcome = await redeemPasswordLink(
		context.get(servicesContext).db.app,
		params.token,
		submission.value.password,
		new Date(),
		requestMeta(context),
	);
	if (!outcome.ok) return data({ result: null, problem: outcome.reason }, { status: statusOf[outcome.reason] });
	return redirect(`/login?${new URLSearchParams({ passwordSet: "1" })}`);
}

export default function PasswordSetup() {
	const t = useT();
	const { email, problem } = useLoaderData<typeof loader>();
	const actionData = useActionData<typeof action>();
	const [form, fields] = useForm({
		lastResult: actionData?.result ?? undefined,
		onValidate: ({ formData }) => parseWithZod(formData, { schema: newPasswordSchema }),
		shouldValidate: "onBlur",
		shouldRevalidate: "onInput",
	});
	const shownProblem = actionData?.problem ?? problem;
	return (
		<div className="flex min-h-screen flex-col">
			<header className="flex items-center justify-between border-b border-slate-200 bg-white px-4 py-3">
				<span className="font-semibold text-brand-800">{t("app.name")}</span>
				<LangSwitch />
			</header>
			<main id="main" className="mx-auto w-full max-w-sm flex-1 px-4 py-12">
				<h1 className="text-2xl font-semibold">{t("password.title")}</h1>
				{shownProblem ? (
					<Notice tone="error" className="mt-6">
						<p>{t(`password.${shownProblem}`)}</p>
						<Link to="/login" className="mt-2 inline-block underline">
							{t("password.toLogin")}
						</Link>
					</Notice>
				) : (
					<>
						<p className="mt-2 text-sm text-slate-600">{t("password.intro", { email: email ?? "" })}</p>
						<Form method="post" {...getFormProps(form)} className="mt-6 space-y-5">
							<input type="email" name="username" autoComplete="username" value={email ?? ""} readOnly hidden />
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
							<Button type="submit" className="w-full">
								{t("password.submit")}
							</Button>
						</Form>
					</>
				)}
			</main>
		</div>
	);
}
