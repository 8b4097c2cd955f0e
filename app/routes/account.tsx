import { getFormProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, Form, useActionData, useLoaderData } from "react-router";
import { z } from "zod";
import { Button } from "#app/components/button.tsx";
import { EmailSettingsForm } from "#app/components/email-settings-form.tsx";
import { TextField } from "#app/components/form-field.tsx";
import { Notice } from "#app/components/notice.tsx";
import { PublicPage } from "#app/components/public-page.tsx";
import { StatusTag } from "#app/components/status-tag.tsx";
import { ScrollBox, Th } from "#app/components/table.tsx";
import { changeOwnPassword } from "#app/domain/auth/change-password.server.ts";
import { emailSettingsSchema, readEmailOff, saveEmailSettings } from "#app/domain/auth/email-settings.server.ts";
import { listOwnSecurityEvents } from "#app/domain/auth/own-security-events.server.ts";
import { endOwnSessions, listOwnSessions } from "#app/domain/auth/own-sessions.server.ts";
import { changePasswordSchema } from "#app/domain/people/member-schema.ts";
import { type MessageKey, pageTitle, useT } from "#app/i18n/i18n.ts";
import { servicesContext } from "#app/lib/app-context.server.ts";
import { chinaDateTime } from "#app/lib/china-time.ts";
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
	const { user, sessionId } = await requireSession({ request, context });
	const { db } = context.get(servicesContext);
	const sessions = await listOwnSessions(db.app, user.id, sessionId);
	const events = await listOwnSecurityEvents(db.app, user.id);
	return {
		events: events.map((e) => ({ ...e, at: chinaDateTime(e.at) })),
		email: user.email,
		emailOff: await readEmailOff(db.app, user.id),
		sessions: sessions.map((s) => ({
			...s,
			createdAt: chinaDateTime(s.createdAt),
			lastActiveAt: chinaDateTime(s.lastActiveAt),
		})),
	};
}

const endSchema = z.object({ intent: z.literal("end"), sessionId: z.string().min(20).max(64) });

export async function action({ request, context }: Route.ActionArgs) {
	const session = await requireSession({ request, context });
	const formData = await request.formData();
	const intent = formData.get("intent");
	if (intent === "email") {
		const parsed = emailSettingsSchema.safeParse({ intent, on: formData.getAll("on") });
		if (!parsed.success) throw data(null, { status: 400 });
		await saveEmailSettings(context.get(servicesContext).db.app, {
			userId: session.user.id,
			on: parsed.data.on,
			meta: requestMeta(context),
		});
		return { result: undefined, changed: false, ended: null, emailSaved: true };
	}
	if (intent === "end" || intent === "end-others") {
		const one = endSchema.safeParse(Object.fromEntries(formData));
		if (intent === "end" && !one.success) throw data(null, { status: 400 });
		const ended = await endOwnSessions(context.get(servicesContext).db.app, {
			userId: session.user.id,
			currentSessionId: session.sessionId,
			which: intent === "end" && one.success ? { one: one.data.sessionId } : "others",
		});
		return { result: undefined, changed: false, ended };
	}
	const submission = parseWithZod(formData, { schema: changePasswordSchema });
	const hidden = { hideFields: ["current", "password", "confirm"] };
	if (submission.status !== "success") return { result: submission.reply(hidden), changed: false, ended: null };
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
	const { email, sessions, emailOff, events } = useLoaderData<typeof loader>();
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
			{actionData?.ended != null ? (
				<Notice tone="success" className="mt-4">
					{t("account.ended", { count: actionData.ended })}
				</Notice>
			) : null}
			<Form method="post" {...getFormProps(form)} className="mt-6 max-w-sm space-y-4">
				<input type="hidden" name="intent" value="password" />
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
			<EmailSettingsForm off={emailOff} saved={Boolean(actionData && "emailSaved" in actionData)} />
			<OwnSessions sessions={sessions} />
			<OwnEvents events={events} />
		</PublicPage>
	);
}

function OwnSessions({ sessions }: { sessions: ReturnType<typeof useLoaderData<typeof loader>>["sessions"] }) {
	const t = useT();
	return (
		<section aria-labelledby="account-sessions" className="mt-10">
			<h2 id="account-sessions" className="text-lg font-semibold">
				{t("account.sessions")}
			</h2>
			<p className="mt-1 text-sm text-slate-700">{t("account.sessionsIntro")}</p>
			<ScrollBox label={t("account.sessions")} className="mt-3 rounded border border-slate-200 bg-white">
				<table className="w-full min-w-[36rem] text-left text-sm">
					<thead className="border-b border-slate-200 bg-slate-50 text-slate-700">
						<tr>
							<Th>{t("account.col.device")}</Th>
							<Th>{t("account.col.ip")}</Th>
							<Th>{t("account.col.started")}</Th>
							<Th>{t("account.col.lastActive")}</Th>
							<Th>
								<span className="sr-only">{t("account.endSession")}</span>
							</Th>
						</tr>
					</thead>
					<tbody className="divide-y divide-slate-100">
						{sessions.map((s) => (
							<tr key={s.id}>
								<td className="px-4 py-2">
									{s.device} {s.current ? <StatusTag tone="good">{t("account.thisDevice")}</StatusTag> : null}
								</td>
								<td className="px-4 py-2 tabular-nums">{s.ip ?? "—"}</td>
								<td className="px-4 py-2 tabular-nums whitespace-nowrap">{s.createdAt}</td>
								<td className="px-4 py-2 tabular-nums whitespace-nowrap">{s.lastActiveAt}</td>
								<td className="px-4 py-2">
									{s.current ? null : (
										<Form method="post">
											<input type="hidden" name="intent" value="end" />
											<input type="hidden" name="sessionId" value={s.id} />
											<Button type="submit" variant="secondary">
												{t("account.endSession")}
												<span className="sr-only"> {s.device}</span>
											</Button>
										</Form>
									)}
								</td>
							</tr>
						))}
					</tbody>
				</table>
			</ScrollBox>
			{sessions.length > 1 ? (
				<Form method="post" className="mt-3">
					<input type="hidden" name="intent" value="end-others" />
					<Button type="submit" variant="secondary">
						{t("account.endOthers")}
					</Button>
				</Form>
			) : null}
		</section>
	);
}

const eventTone = { login_failed: "bad", login_throttled: "bad", password_changed: "info" } as const;

/** Everything recorded about the account: the person's own, unlike a unit's page, which sees only its part. */
function OwnEvents({ events }: { events: ReturnType<typeof useLoaderData<typeof loader>>["events"] }) {
	const t = useT();
	return (
		<section aria-labelledby="account-events" className="mt-10">
			<h2 id="account-events" className="text-lg font-semibold">
				{t("account.events")}
			</h2>
			<p className="mt-1 text-sm text-slate-700">{t("account.eventsIntro")}</p>
			{events.length === 0 ? (
				<p className="mt-3 text-sm text-slate-600">{t("account.noEvents")}</p>
			) : (
				<ScrollBox label={t("account.events")} className="mt-3 rounded border border-slate-200 bg-white">
					<table className="w-full min-w-[36rem] text-left text-sm">
						<thead className="border-b border-slate-200 bg-slate-50 text-slate-700">
							<tr>
								<Th>{t("account.col.at")}</Th>
								<Th>{t("account.col.event")}</Th>
								<Th>{t("account.col.ip")}</Th>
								<Th>{t("account.col.device")}</Th>
							</tr>
						</thead>
						<tbody className="divide-y divide-slate-100">
							{events.map((e) => (
								<tr key={e.key}>
									<td className="px-4 py-2 tabular-nums whitespace-nowrap">{e.at}</td>
									<td className="px-4 py-2">
										{e.kind === "unit_entered" ? (
											t("account.enteredUnit", { unit: e.unit })
										) : (
											<StatusTag tone={eventTone[e.kind as keyof typeof eventTone] ?? "neutral"}>
												{t(`security.kind.${e.kind}` satisfies MessageKey)}
											</StatusTag>
										)}
									</td>
									<td className="px-4 py-2 tabular-nums">{e.ip ?? "—"}</td>
									<td className="px-4 py-2">{e.device}</td>
								</tr>
							))}
						</tbody>
					</table>
				</ScrollBox>
			)}
		</section>
	);
}
