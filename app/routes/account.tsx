import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form, useActionData, useLoaderData } from "react-router";
import { Button } from "#app/components/button.tsx";
import { TextField } from "#app/components/form-field.tsx";
import { Notice } from "#app/components/notice.tsx";
import { PublicPage } from "#app/components/public-page.tsx";
import { changeOwnPassword } from "#app/domain/auth/change-password.server.ts";
import { changePasswordSchema } from "#app/domain/people/member-schema.ts";
import { pageTitle, useT } from "#app/i18n/i18n.ts";
import { servicesContext } from "#app/lib/app-context.server.ts";
import { getSession, loginRedirect, requestMeta } from "#app/lib/guards.server.ts";
import type { Route } from "./+types/account";

export function meta({ matches }: Route.MetaArgs) {
	return pageTitle(matches, "account.title");
}

async function requireSession(args: { request: Request; context: Route.LoaderArgs["context"] }) {
	const session = await getSession(args);
	if (!session) throw loginRedirect(args.request);
	return session;
}

/** `/account`: the signed-in person's own account; the one place their password changes (ADR 0008). */
export async function loader({ request, context }: Route.LoaderArgs) {
	const { user } = await requireSession({ request, context });
	return { email: user.email };
}

export async function action({ request, context }: Route.ActionArgs) {
	const session = await requireSession({ request, context });
	const submission = parseWithZod(await request.formData(), { schema: changePasswordSchema });
	const hidden = { hideFields: ["current", "password", "confirm"] };
	if (submission.status !== "success") return { result: submission.reply(hidden), changed: false };
	const outcome = await changeOwnPassword(context.get(servicesContext).db.app, {
		userId: session.user.id,
		sessionId: session.sessionId,
		current: submission.value.current,
		next: submission.value.password,
		meta: requestMeta(context),
	});
	if (!outcome.ok)
		return {
			result: submission.reply({ ...hidden, fieldErrors: { [outcome.field]: [outcome.error] } }),
			changed: false,
		};
	return { result: submission.reply({ resetForm: true }), changed: true };
}

export default function Account() {
	const t = useT();
	const { email } = useLoaderData<typeof loader>();
	const actionData = useActionData<typeof action>();
	const [form, fields] = useForm({
		lastResult: actionData?.result,
		onValidate: ({ formData }) => parseWithZod(formData, { schema: changePasswordSchema }),
		shouldValidate: "onBlur",
		shouldRevalidate: "onInput",
	});
	return (
		<PublicPage title={t("app.name")}>
			<h1 className="text-2xl font-semibold">{t("account.title")}</h1>
			<p className="mt-2 text-sm text-slate-700">{t("account.intro", { email })}</p>
			{actionData?.changed ? (
				<Notice tone="success" className="mt-4">
					{t("account.changed")}
				</Notice>
			) : null}
			<Form method="post" {...getFormProps(form)} className="mt-6 max-w-sm space-y-4">
				<input type="email" name="username" autoComplete="username" value={email} readOnly hidden />
				<TextField
					field={fields.current}
					label={t("account.current")}
					type="password"
					autoComplete="current-password"
				/>
				<TextField field={fields.password} label={t("password.new")} type="password" autoComplete="new-password" />
				<TextField field={fields.confirm} label={t("password.confirm")} type="password" autoComplete="new-password" />
				<Button type="submit">{t("account.submit")}</Button>
			</Form>
		</PublicPage>
	);
}
