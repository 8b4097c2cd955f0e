import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, useActionData, useLoaderData } from "react-router";
import { ImChannelCard, ImDeliveries, NewImChannelForm } from "#app/components/im-channel-forms.tsx";
import { Notice } from "#app/components/notice.tsx";
import { PageHeader } from "#app/components/page-header.tsx";
import { AppError, httpStatusOf } from "#app/domain/app-error.ts";
import {
	channelStepSchema,
	createChannelSchema,
	updateChannelSchema,
} from "#app/domain/im-robots/im-channel-schema.ts";
import {
	createChannel,
	deleteChannel,
	type ManageOutcome,
	setChannelEnabled,
	updateChannel,
} from "#app/domain/im-robots/manage-channels.server.ts";
import { listImChannels } from "#app/domain/im-robots/read-channels.server.ts";
import { hasSecretKey } from "#app/domain/im-robots/secret-box.server.ts";
import { type TestSendAnswer, testSendChannel } from "#app/domain/im-robots/test-send-channel.server.ts";
import { type MessageKey, pageTitle, useT } from "#app/i18n/i18n.ts";
import { langFromRequest } from "#app/i18n/lang-cookie.server.ts";
import { servicesContext } from "#app/lib/app-context.server.ts";
import { chinaDateTime } from "#app/lib/china-time.ts";
import { caseOptions, requirePermission } from "#app/lib/guards.server.ts";
import { writeOnce } from "#app/lib/write-once.server.ts";
import type { Route } from "./+types/im-channels";

export function meta({ matches }: Route.MetaArgs) {
	return pageTitle(matches, "im.title");
}

/**
 * `/t/<slug>/im-channels`: the unit's IM group robots (issue 23), for its administrator only. What
 * the page carries of a robot is its mask, never the URL's token or the secret.
 */
export async function loader({ context }: Route.LoaderArgs) {
	const { user, membership } = requirePermission(context, "imChannels.manage");
	const { channels, deliveries } = await listImChannels(context.get(servicesContext).db.app, {
		userId: user.id,
		tenantId: membership.tenant.id,
	});
	return {
		hasKey: hasSecretKey(),
		channels: channels.map((c) => ({ ...c, lastErrorAt: c.lastErrorAt ? chinaDateTime(c.lastErrorAt) : null })),
		deliveries: deliveries.map((d) => ({ ...d, at: chinaDateTime(d.at) })),
	};
}

/** Typed secrets never come back in a reply, not even to the person who typed them. */
const hideFields = ["webhookUrl", "secret", "newWebhookUrl", "newSecret"];

type Answer = {
	intent: string;
	channelId: string | null;
	result?: SubmissionResult<string[]>;
	notice?: MessageKey;
	error?: MessageKey;
	test?: TestSendAnswer;
};

/** Maps a use case's refusal in place of a field to an answer: 403/404 for who and what, words for the rest. */
async function guarded<T>(work: () => Promise<T>): Promise<T> {
	try {
		return await work();
	} catch (error) {
		if (error instanceof AppError) throw data(null, { status: httpStatusOf[error.code] });
		throw error;
	}
}

const fieldErrors = (outcome: Extract<ManageOutcome, { ok: false }>) =>
	outcome.field ? { fieldErrors: { [outcome.field]: [outcome.error] } } : { formErrors: [outcome.error] };

export async function action({ request, context }: Route.ActionArgs): Promise<Answer> {
	// The role check comes first: a refused user gets 403 whatever the body holds.
	requirePermission(context, "imChannels.manage");
	const formData = await request.formData();
	const options = caseOptions(context);
	const intent = formData.get("intent");
	if (intent === "create") {
		const submission = parseWithZod(formData, { schema: createChannelSchema });
		if (submission.status !== "success") return { intent, channelId: null, result: submission.reply({ hideFields }) };
		// Once per one-time key: a double click adds one robot.
		return writeOnce<Answer>(
			formData,
			async () => {
				const outcome = await createChannel(options, submission.value);
				if (!outcome.ok)
					return { intent, channelId: null, result: submission.reply({ ...fieldErrors(outcome), hideFields }) };
				return { intent, channelId: outcome.id, result: submission.reply({ resetForm: true }), notice: "im.added" };
			},
			{
				succeeded: (answer) => answer.notice !== undefined,
				inWords: (key) => ({
					intent,
					channelId: null,
					result: submission.reply({ formErrors: [key], hideFields }),
				}),
			},
		);
	}
	if (intent === "update") {
		const submission = parseWithZod(formData, { schema: updateChannelSchema });
		const channelId = String(formData.get("channelId") ?? "");
		if (submission.status !== "success") return { intent, channelId, result: submission.reply({ hideFields }) };
		const outcome = await guarded(() => updateChannel(options, submission.value));
		if (!outcome.ok) return { intent, channelId, result: submission.reply({ ...fieldErrors(outcome), hideFields }) };
		return { intent, channelId, result: submission.reply({ resetForm: true }), notice: "im.saved" };
	}
	const step = channelStepSchema.safeParse({ intent, channelId: formData.get("channelId") });
	if (!step.success) throw data(null, { status: 400 });
	const { channelId } = step.data;
	if (step.data.intent === "test") {
		const lang = await langFromRequest(request);
		const answer = await guarded(() =>
			testSendChannel({
				...options,
				channelId,
				lang,
				publicUrl: context.get(servicesContext).config.publicUrl,
			}),
		);
		return "error" in answer
			? { intent: "test", channelId, error: answer.error }
			: { intent: "test", channelId, test: answer };
	}
	const outcome = await guarded(() =>
		step.data.intent === "delete"
			? deleteChannel(options, { channelId })
			: setChannelEnabled(options, { channelId, enabled: step.data.intent === "enable" }),
	);
	if (!outcome.ok) return { intent: step.data.intent, channelId, error: outcome.error };
	const notice = { delete: "im.deleted", enable: "im.enabledNotice", disable: "im.disabledNotice" } as const;
	return { intent: step.data.intent, channelId, notice: notice[step.data.intent] };
}

export default function ImChannels() {
	const t = useT();
	const { hasKey, channels, deliveries } = useLoaderData<typeof loader>();
	const answer = useActionData<typeof action>();
	return (
		<div className="space-y-6">
			<PageHeader title={t("im.title")} intro={t("im.intro")} />
			{hasKey ? null : <Notice tone="error">{t("im.noKey")}</Notice>}
			{answer?.notice && (answer.intent === "delete" || answer.intent === "create") ? (
				<Notice tone="success">{t(answer.notice)}</Notice>
			) : null}
			<section aria-labelledby="im-channels" className="space-y-3">
				<h2 id="im-channels" className="sr-only">
					{t("im.title")}
				</h2>
				{channels.length === 0 ? <p className="text-sm text-slate-600">{t("im.none")}</p> : null}
				<ul className="grid gap-3 lg:grid-cols-2">
					{channels.map((c) => (
						<li key={c.id}>
							<ImChannelCard channel={c} hasKey={hasKey} answer={answer?.channelId === c.id ? answer : undefined} />
						</li>
					))}
				</ul>
			</section>
			{hasKey ? (
				<NewImChannelForm
					lastResult={answer?.intent === "create" ? answer.result : undefined}
					open={channels.length === 0 || (answer?.intent === "create" && !answer.notice)}
				/>
			) : null}
			<ImDeliveries deliveries={deliveries} />
		</div>
	);
}
