import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, Link, redirect, useActionData, useNavigation, useSearchParams } from "react-router";
import { z } from "zod";
import { Button } from "#app/components/button.tsx";
import { TextField, useErrorText } from "#app/components/form-field.tsx";
import { LangSwitch } from "#app/components/lang-switch.tsx";
import { Notice } from "#app/components/notice.tsx";
import { login } from "#app/domain/auth/login.server.ts";
import { throttleMessage } from "#app/domain/auth/login-throttle.ts";
import { pageTitle, translator, useT } from "#app/i18n/i18n.ts";
import { langFromRequest } from "#app/i18n/lang-cookie.server.ts";
import { servicesContext } from "#app/lib/app-context.server.ts";
import { getSession, requestMeta, safeRedirectPath } from "#app/lib/guards.server.ts";
import { sessionCookie } from "#app/lib/session-cookie.server.ts";
import type { Route } from "./+types/login";

const loginSchema = z.object({
	email: z.email({ error: (issue) => (issue.input === undefined ? "login.emailRequired" : "login.emailInvalid") }),
	password: z.string({ error: "login.passwordRequired" }).min(1, "login.passwordRequired"),
	redirectTo: z.string().optional(),
});

export function meta({ matches }: Route.MetaArgs) {
	return pageTitle(matches, "login.title");
}

export async function loader({ request, context }: Route.LoaderArgs) {
	const session = await getSession({ request, context });
	if (session) throw redirect(safeRedirectPath(new URL(request.url).searchParams.get("redirectTo")));
	return null;
}

export async function action({ request, context }: Route.ActionArgs) {
	const { db, config } = context.get(servicesContext);
	const submission = parseWithZod(await request.formData(), { schema: loginSchema });
	if (submission.status !== "success") return submission.reply({ hideFields: ["password"] });
	const result = await login(db.app, {
		email: submission.value.email,
		password: submission.value.password,
		meta: requestMeta(context),
	});
	if (!result.ok) {
		const t = translator(await langFromRequest(request));
		const wait = result.reason === "throttled" ? throttleMessage(result.retryAfterSeconds) : null;
		const message = wait ? t(wait.key, wait.params) : t("login.invalid");
		return submission.reply({ formErrors: [message], hideFields: ["password"] });
	}
	return redirect(safeRedirectPath(submission.value.redirectTo), {
		headers: { "Set-Cookie": sessionCookie(config, result.token, result.expiresAt) },
	});
}

export default function Login() {
	const t = useT();
	const errorText = useErrorText();
	const lastResult = useActionData<typeof action>();
	const [searchParams] = useSearchParams();
	const navigation = useNavigation();
	const [form, fields] = useForm({
		lastResult,
		constraint: { email: { required: true }, password: { required: true } },
		onValidate: ({ formData }) => parseWithZod(formData, { schema: loginSchema }),
		shouldValidate: "onBlur",
		shouldRevalidate: "onInput",
	});
	const submitting = navigation.state === "submitting";
	return (
		<div className="flex min-h-screen flex-col">
			<header className="flex items-center justify-between border-b border-slate-200 bg-white px-4 py-3">
				<span className="font-semibold text-brand-800">{t("app.name")}</span>
				<LangSwitch />
			</header>
			<main id="main" className="mx-auto w-full max-w-sm flex-1 px-4 py-12">
				<h1 className="text-2xl font-semibold">{t("login.heading")}</h1>
				<p className="mt-2 text-sm text-slate-600">{t("app.tagline")}</p>
				<Form method="post" {...getFormProps(form)} className="mt-8 space-y-5">
					{searchParams.get("passwordSet") === "1" && !form.errors ? (
						<Notice tone="success">{t("password.done")}</Notice>
					) : null}
					{form.errors ? (
						<div
							id={form.errorId}
							role="alert"
							className="rounded border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-900"
						>
							{form.errors.map((e) => errorText(e)).join(" ")}
						</div>
					) : null}
					<input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
					<TextField field={fields.email} label={t("login.email")} type="email" autoComplete="username" />
					<TextField
						field={fields.password}
						label={t("login.password")}
						type="password"
						autoComplete="current-password"
					/>
					<Button type="submit" disabled={submitting} className="w-full">
						{submitting ? t("login.submitting") : t("login.submit")}
					</Button>
				</Form>
				<p className="mt-4 text-sm">
					<Link to="/forgot-password" className="text-blue-800 underline underline-offset-2">
						{t("forgot.link")}
					</Link>
				</p>
				<p className="mt-8 text-xs text-slate-600">{t("login.demoHint")}</p>
			</main>
		</div>
	);
}
