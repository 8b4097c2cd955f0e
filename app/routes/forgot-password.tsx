import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, Form, Link, useActionData, useNavigation } from "react-router";
import { Button } from "#app/components/button.tsx";
import { TextField } from "#app/components/form-field.tsx";
import { Notice } from "#app/components/notice.tsx";
import { PublicPage } from "#app/components/public-page.tsx";
import { requestPasswordReset } from "#app/domain/auth/forgot-password.server.ts";
import { forgotPasswordSchema } from "#app/domain/auth/forgot-password-schema.ts";
import { pageTitle, useT } from "#app/i18n/i18n.ts";
import { servicesContext } from "#app/lib/app-context.server.ts";
import { requestMeta } from "#app/lib/guards.server.ts";
import type { Route } from "./+types/forgot-password";

export function meta({ matches }: Route.MetaArgs) {
	return pageTitle(matches, "forgot.title");
}

/** `/forgot-password`: one answer for every address; the link goes to the mailbox only. */
export async function action({ request, context }: Route.ActionArgs) {
	const submission = parseWithZod(await request.formData(), { schema: forgotPasswordSchema });
	if (submission.status !== "success") return { result: submission.reply(), outcome: null };
	const outcome = await requestPasswordReset(
		context.get(servicesContext).db.app,
		submission.value.email,
		requestMeta(context),
	);
	if (outcome === "throttled") return data({ result: submission.reply(), outcome }, { status: 429 });
	return { result: submission.reply({ resetForm: true }), outcome };
}

export default function ForgotPassword() {
	const t = useT();
	const actionData = useActionData<typeof action>();
	const navigation = useNavigation();
	const [form, fields] = useForm({
		lastResult: actionData?.result ?? undefined,
		onValidate: ({ formData }) => parseWithZod(formData, { schema: forgotPasswordSchema }),
		shouldValidate: "onBlur",
		shouldRevalidate: "onInput",
	});
	return (
		<PublicPage title={t("app.name")}>
			<div className="mx-auto max-w-sm">
				<h1 className="text-2xl font-semibold">{t("forgot.title")}</h1>
				<p className="mt-2 text-sm text-slate-700">{t("forgot.intro")}</p>
				{actionData?.outcome === "sent" ? (
					<Notice tone="success" className="mt-6">
						<p>{t("forgot.sent")}</p>
					</Notice>
				) : null}
				{actionData?.outcome === "throttled" ? (
					<Notice tone="error" className="mt-6">
						<p>{t("forgot.throttled")}</p>
					</Notice>
				) : null}
				<Form method="post" {...getFormProps(form)} className="mt-6 space-y-5">
					<TextField field={fields.email} label={t("login.email")} type="email" autoComplete="username" />
					<Button type="submit" disabled={navigation.state === "submitting"} className="w-full">
						{t("forgot.submit")}
					</Button>
				</Form>
				<p className="mt-6 text-sm">
					<Link to="/login" className="text-blue-800 underline underline-offset-2">
						{t("forgot.back")}
					</Link>
				</p>
			</div>
		</PublicPage>
	);
}
