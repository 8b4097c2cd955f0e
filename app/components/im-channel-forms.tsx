import { getFormProps, getSelectProps, type SubmissionResult, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { useNavigation } from "react-router";
import { imCategories, imChannelKinds } from "#app/domain/im-robots/im-channel-kinds.ts";
import { createChannelSchema, updateChannelSchema } from "#app/domain/im-robots/im-channel-schema.ts";
import type { ImChannelView, ImDeliveryView } from "#app/domain/im-robots/read-channels.server.ts";
import type { TestSendAnswer } from "#app/domain/im-robots/test-send-channel.server.ts";
import { type MessageKey, usePunctuation, useT } from "#app/i18n/i18n.ts";
import { Button } from "./button.tsx";
import { formError, TextField, useErrorText } from "./form-field.tsx";
import { Notice } from "./notice.tsx";
import { Form } from "./once-form.tsx";
import { StatusTag } from "./status-tag.tsx";
import { ScrollBox, Th } from "./table.tsx";

/** The group-robot page's parts (issue 23): one card per robot, the add form, the delivery log. */
type Channel = Omit<ImChannelView, "lastErrorAt"> & { lastErrorAt: string | null };
type Delivery = Omit<ImDeliveryView, "at"> & { at: string };
interface Answer {
	intent: string;
	result?: SubmissionResult<string[]>;
	notice?: MessageKey;
	error?: MessageKey;
	test?: TestSendAnswer;
}

const healthTone = { ok: "good", failing: "bad", disabled: "neutral" } as const;
const outcomeTone = { ok: "good", retryable: "warn", permanent: "bad" } as const;
const summaryClass =
	"cursor-pointer rounded px-1 text-sm text-blue-800 underline underline-offset-2 focus-visible:outline-2 focus-visible:outline-blue-700";

function CategoryBoxes({ name, checked, legend }: { name: string; checked: readonly string[]; legend: string }) {
	const t = useT();
	return (
		<fieldset>
			<legend className="text-sm font-medium text-slate-800">{legend}</legend>
			<div className="mt-1 grid gap-1 sm:grid-cols-2">
				{imCategories.map((c) => (
					<label key={c} className="flex items-start gap-2 py-1 text-sm">
						<input type="checkbox" name={name} value={c} defaultChecked={checked.includes(c)} className="mt-1" />
						{t(`account.email.category.${c}` satisfies MessageKey)}
					</label>
				))}
			</div>
		</fieldset>
	);
}

function TestAnswer({ test }: { test: TestSendAnswer }) {
	const t = useT();
	if (test.outcome === "ok")
		return (
			<Notice tone="success">{t("im.testOk", { name: test.name, code: test.code ?? "0", ms: test.latencyMs })}</Notice>
		);
	return (
		<Notice tone="error">
			{t("im.testFailed", {
				name: test.name,
				explanation: t(test.explanationKey, test.explanationParams),
				code: test.code ?? "—",
			})}
		</Notice>
	);
}

export function ImChannelCard({ channel: c, hasKey, answer }: { channel: Channel; hasKey: boolean; answer?: Answer }) {
	const t = useT();
	const p = usePunctuation();
	const titleId = `im-${c.id}`;
	return (
		<article aria-labelledby={titleId} className="h-full space-y-3 rounded border border-slate-200 bg-white p-4">
			<div className="flex flex-wrap items-center gap-2">
				<h3 id={titleId} className="font-medium break-all">
					{c.name}
				</h3>
				<StatusTag tone="info">{t(`im.kind.${c.kind}` satisfies MessageKey)}</StatusTag>
				<StatusTag tone={healthTone[c.health]}>{t(`im.health.${c.health}` satisfies MessageKey)}</StatusTag>
			</div>
			<dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-1 text-sm">
				<dt className="text-slate-600">{t("im.col.address")}</dt>
				<dd className="font-mono break-all" data-testid="url-mask">
					{c.urlMask}
				</dd>
				<dt className="text-slate-600">{t("im.field.secret")}</dt>
				<dd>{c.hasSecret ? t("im.secretSet") : t("im.noSecret")}</dd>
				<dt className="text-slate-600">{t("im.col.keyword")}</dt>
				<dd className="break-all">{c.keyword ?? "—"}</dd>
				<dt className="text-slate-600">{t("im.col.categories")}</dt>
				<dd>
					{c.categories.length > 0
						? c.categories.map((k) => t(`account.email.category.${k}` satisfies MessageKey)).join(p.semicolon)
						: t("im.noCategories")}
				</dd>
			</dl>
			{c.lastError ? (
				<p className="text-sm break-all text-red-800">
					{t("im.lastError", { error: c.lastError })}
					{c.lastErrorAt ? <span className="ml-1 text-slate-600 tabular-nums">{c.lastErrorAt}</span> : null}
				</p>
			) : null}
			{answer?.test ? <TestAnswer test={answer.test} /> : null}
			{answer?.notice && answer.intent !== "create" ? <Notice tone="success">{t(answer.notice)}</Notice> : null}
			{answer?.error ? <Notice tone="error">{t(answer.error)}</Notice> : null}
			<div className="flex flex-wrap gap-2">
				<Form method="post">
					<input type="hidden" name="intent" value="test" />
					<input type="hidden" name="channelId" value={c.id} />
					<Button type="submit" variant="secondary" disabled={!hasKey}>
						{t("im.testSend")}
						<span className="sr-only"> {c.name}</span>
					</Button>
				</Form>
				<Form method="post">
					<input type="hidden" name="intent" value={c.enabled ? "disable" : "enable"} />
					<input type="hidden" name="channelId" value={c.id} />
					<Button type="submit" variant="secondary">
						{c.enabled ? t("im.disable") : t("im.enable")}
						<span className="sr-only"> {c.name}</span>
					</Button>
				</Form>
			</div>
			{hasKey ? (
				<EditImChannelForm channel={c} lastResult={answer?.intent === "update" ? answer.result : undefined} />
			) : null}
			<details>
				<summary className={summaryClass}>
					{t("im.delete")}
					<span className="sr-only"> {c.name}</span>
				</summary>
				<Form method="post" className="mt-2 space-y-2 rounded border border-red-200 bg-red-50 p-3">
					<input type="hidden" name="intent" value="delete" />
					<input type="hidden" name="channelId" value={c.id} />
					<p className="text-sm text-red-900">{t("im.deleteConfirm")}</p>
					<button
						type="submit"
						className="rounded border border-red-400 bg-white px-4 py-2 text-sm text-red-800 hover:bg-red-50 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-700"
					>
						{t("im.deleteSubmit")}
						<span className="sr-only"> {c.name}</span>
					</button>
				</Form>
			</details>
		</article>
	);
}

function EditImChannelForm({ channel: c, lastResult }: { channel: Channel; lastResult?: SubmissionResult<string[]> }) {
	const t = useT();
	const errorText = useErrorText();
	const navigation = useNavigation();
	const [form, fields] = useForm({
		id: `im-edit-${c.id}`,
		lastResult,
		defaultValue: { channelId: c.id, name: c.name, keyword: c.keyword ?? "", categories: c.categories },
		onValidate: ({ formData }) => parseWithZod(formData, { schema: updateChannelSchema }),
		shouldValidate: "onBlur",
		shouldRevalidate: "onInput",
	});
	const refused = formError(lastResult);
	const signs = c.kind !== "wecom";
	return (
		<details open={lastResult?.status === "error"}>
			<summary className={summaryClass}>
				{t("im.edit")}
				<span className="sr-only"> {c.name}</span>
			</summary>
			<Form method="post" {...getFormProps(form)} className="mt-2 space-y-4 rounded border border-slate-200 p-3">
				<input type="hidden" name="intent" value="update" />
				<input type="hidden" name={fields.channelId.name} value={c.id} />
				{refused ? <Notice tone="error">{errorText(refused)}</Notice> : null}
				<TextField field={fields.name} label={t("im.field.name")} />
				<TextField
					field={fields.newWebhookUrl}
					label={t("im.field.newWebhookUrl")}
					hint={t("im.field.newWebhookUrlHint")}
					autoComplete="off"
				/>
				{signs ? (
					<>
						<TextField
							field={fields.newSecret}
							type="password"
							label={t("im.field.newSecret")}
							hint={t("im.field.newSecretHint")}
							autoComplete="new-password"
						/>
						{c.hasSecret ? (
							<label className="flex items-center gap-2 text-sm">
								<input type="checkbox" name={fields.removeSecret.name} value="on" />
								{t("im.field.removeSecret")}
							</label>
						) : null}
					</>
				) : null}
				<TextField field={fields.keyword} label={t("im.field.keyword")} hint={t("im.field.keywordHint")} />
				<CategoryBoxes name={fields.categories.name} checked={c.categories} legend={t("im.field.categories")} />
				<Button type="submit" disabled={navigation.state === "submitting"}>
					{navigation.state === "submitting" ? t("im.saving") : t("im.save")}
				</Button>
			</Form>
		</details>
	);
}

export function NewImChannelForm({ lastResult, open }: { lastResult?: SubmissionResult<string[]>; open: boolean }) {
	const t = useT();
	const errorText = useErrorText();
	const navigation = useNavigation();
	const [form, fields] = useForm({
		id: "im-new",
		lastResult,
		defaultValue: { kind: "wecom", categories: ["minutes", "matters", "reminders"] },
		onValidate: ({ formData }) => parseWithZod(formData, { schema: createChannelSchema }),
		shouldValidate: "onBlur",
		shouldRevalidate: "onInput",
	});
	const refused = formError(lastResult);
	return (
		<section aria-labelledby="im-add" className="max-w-2xl rounded border border-slate-200 bg-white p-4">
			<details open={open}>
				<summary className="cursor-pointer font-medium focus-visible:outline-2 focus-visible:outline-blue-700">
					<h2 id="im-add" className="inline">
						{t("im.add")}
					</h2>
				</summary>
				<Form method="post" {...getFormProps(form)} className="mt-4 space-y-4">
					<input type="hidden" name="intent" value="create" />
					{refused ? <Notice tone="error">{errorText(refused)}</Notice> : null}
					<div>
						<label htmlFor={fields.kind.id} className="block text-sm font-medium text-slate-800">
							{t("im.field.kind")}
						</label>
						<select
							{...getSelectProps(fields.kind)}
							className="mt-1 block w-full rounded border border-slate-400 bg-white px-3 py-2"
						>
							{imChannelKinds.map((k) => (
								<option key={k} value={k}>
									{t(`im.kind.${k}` satisfies MessageKey)}
								</option>
							))}
						</select>
					</div>
					<TextField field={fields.name} label={t("im.field.name")} hint={t("im.field.nameHint")} />
					<TextField
						field={fields.webhookUrl}
						label={t("im.field.webhookUrl")}
						hint={t("im.field.webhookUrlHint")}
						autoComplete="off"
					/>
					<TextField
						field={fields.secret}
						type="password"
						label={t("im.field.secret")}
						hint={t("im.field.secretHint")}
						autoComplete="new-password"
					/>
					<TextField field={fields.keyword} label={t("im.field.keyword")} hint={t("im.field.keywordHint")} />
					<CategoryBoxes
						name={fields.categories.name}
						checked={(fields.categories.initialValue as string[] | undefined) ?? []}
						legend={t("im.field.categories")}
					/>
					<Button type="submit" disabled={navigation.state === "submitting"}>
						{t("im.add")}
					</Button>
				</Form>
			</details>
		</section>
	);
}

export function ImDeliveries({ deliveries }: { deliveries: Delivery[] }) {
	const t = useT();
	return (
		<section aria-labelledby="im-deliveries" className="space-y-2">
			<h2 id="im-deliveries" className="text-lg font-semibold">
				{t("im.deliveries")}
			</h2>
			{deliveries.length === 0 ? (
				<p className="text-sm text-slate-600">{t("im.deliveriesNone")}</p>
			) : (
				<ScrollBox label={t("im.deliveries")} className="rounded border border-slate-200 bg-white">
					<table className="w-full min-w-[48rem] text-left text-sm">
						<thead className="border-b border-slate-200 bg-slate-50 text-slate-700">
							<tr>
								<Th>{t("im.col.at")}</Th>
								<Th>{t("im.col.channel")}</Th>
								<Th>{t("im.col.status")}</Th>
								<Th>{t("im.col.code")}</Th>
								<Th>{t("im.col.message")}</Th>
								<Th>{t("im.col.attempt")}</Th>
								<Th>{t("im.col.latency")}</Th>
							</tr>
						</thead>
						<tbody className="divide-y divide-slate-100">
							{deliveries.map((d) => (
								<tr key={d.id}>
									<td className="px-4 py-2 whitespace-nowrap tabular-nums">{d.at}</td>
									<td className="px-4 py-2">
										{d.channelName}
										<span className="ml-1 text-slate-600">{t(`im.kind.${d.kind}` satisfies MessageKey)}</span>
									</td>
									<td className="px-4 py-2">
										<StatusTag tone={outcomeTone[d.outcome]}>
											{t(`im.status.${d.outcome}` satisfies MessageKey)}
										</StatusTag>
										{d.test ? <span className="ml-1 text-slate-600">{t("im.delivery.test")}</span> : null}
									</td>
									<td className="px-4 py-2 tabular-nums">{d.code ?? "—"}</td>
									<td className="max-w-[20rem] px-4 py-2 break-all">{d.message ?? "—"}</td>
									<td className="px-4 py-2 tabular-nums">{d.attempt}</td>
									<td className="px-4 py-2 tabular-nums">{d.latencyMs}</td>
								</tr>
							))}
						</tbody>
					</table>
				</ScrollBox>
			)}
		</section>
	);
}
