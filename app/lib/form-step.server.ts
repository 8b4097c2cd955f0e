import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { data, type RouterContextProvider } from "react-router";
import type { z } from "zod";
import type { UseCaseOptions } from "#app/domain/actor.ts";
import { type StoredUpload, storeUploads } from "#app/domain/files/stored-upload.ts";
import { tooMany } from "#app/domain/list-fields.ts";
import type { Role } from "#app/domain/tenancy/roles.ts";
import type { MessageKey } from "#app/i18n/i18n.ts";
import { servicesContext } from "./app-context.server.ts";
import { caseOptions, requireAnyRole } from "./guards.server.ts";
import { inlineRefusal } from "./refusal.server.ts";
import { writeOnce } from "./write-once.server.ts";

/**
 * One step of a multi-step page (STYLE: steps beside their route): who may post it, its fields, and
 * the domain call, typed end to end. `perform` parses with conform and answers `submission.reply()`,
 * so a refused step puts each message at its field (the form's own message under "") and gives back
 * everything typed, with or without JavaScript.
 */
export interface FormStep<C> {
	roles: readonly Role[];
	perform(form: FormData, context: C, files: FileStore): Promise<StepOutcome>;
}

/** What the page says once a step is done: a message, with the figures it names. */
type DoneMessage = { key: MessageKey; params?: Record<string, string | number> };
type StepOutcome = { result: SubmissionResult<string[]> | null; done: DoneMessage | null };
type FileStore = { put(bytes: Uint8Array): Promise<string> };

interface StepDefinition<S extends z.ZodType, C, R> {
	roles: readonly Role[];
	schema: S;
	/** Files posted as `attachment` are checked and stored once the fields are valid. */
	uploads?: boolean;
	run(context: C, input: z.output<S>, uploads: readonly StoredUpload[]): Promise<R>;
	/** What the page says once it is done (from what the use case answered, where it names a figure). */
	done: MessageKey | ((answer: R) => DoneMessage);
}

/** The files one step may attach (a topic's materials, an opinion, a progress report). */
const MAX_ATTACHMENTS = 20;

/** A message for fields whose schema names none: required when missing, otherwise not valid. */
const fallbackMessage = (issue: { input?: unknown }) =>
	issue.input === undefined ? "form.error.required" : "form.error.invalid";

export function formStep<S extends z.ZodType, C, R = unknown>(definition: StepDefinition<S, C, R>): FormStep<C> {
	return {
		roles: definition.roles,
		async perform(form, context, files) {
			const submission = parseWithZod(form, { schema: definition.schema, error: fallbackMessage });
			// conform's own intents (add or remove a row of a list) come back as they are, without a message.
			if (submission.status === undefined) return { result: submission.reply(), done: null };
			if (submission.status !== "success") {
				return { result: submission.reply({ formErrors: ["form.error.fields"] }), done: null };
			}
			let uploads: StoredUpload[] = [];
			if (definition.uploads) {
				const chosen = form.getAll("attachment").filter((f): f is File => f instanceof File);
				if (chosen.length > MAX_ATTACHMENTS)
					return { result: submission.reply({ fieldErrors: { attachment: [tooMany(MAX_ATTACHMENTS)] } }), done: null };
				const stored = await storeUploads(chosen, files);
				if (!stored.ok)
					return { result: submission.reply({ fieldErrors: { attachment: [stored.error] } }), done: null };
				uploads = stored.uploads;
			}
			const { done } = definition;
			// Once per one-time key (a double click, a parallel copy answers what the first answered);
			// a race with another submission is retried, then answered in words.
			return writeOnce(
				form,
				async (): Promise<StepOutcome> => {
					let answer: R;
					try {
						answer = await definition.run(context, submission.value, uploads);
					} catch (error) {
						return { result: submission.reply({ formErrors: [inlineRefusal(error)] }), done: null };
					}
					return {
						result: submission.reply({ resetForm: true }),
						done: typeof done === "function" ? done(answer) : { key: done },
					};
				},
				{
					succeeded: (outcome) => outcome.done !== null,
					inWords: (key) => ({ result: submission.reply({ formErrors: [key] }), done: null }),
				},
			);
		},
	};
}

/**
 * A step posted to a multi-step page: its `intent` must name one of that page's own steps (400
 * otherwise — an own key, so "toString" is no step), the role check comes before any field is
 * validated or any record is read (403), then the step runs against the page's record.
 */
export async function performPostedStep<K extends string, C>(
	context: Readonly<RouterContextProvider>,
	form: FormData,
	steps: Readonly<Record<K, FormStep<C>>>,
	stepContext: (options: UseCaseOptions) => C,
): Promise<{ intent: K; asking: string | null } & StepOutcome> {
	const intent = form.get("intent");
	if (typeof intent !== "string" || !Object.hasOwn(steps, intent)) throw data(null, { status: 400 });
	const step = steps[intent as K];
	requireAnyRole(context, step.roles);
	// A decision's button without JavaScript: answer with its form (the second step), do nothing yet.
	if (form.get("ask") === "1") {
		const askKey = form.get("askKey");
		return {
			intent: intent as K,
			asking: typeof askKey === "string" ? askKey.slice(0, 100) : intent,
			result: null,
			done: null,
		};
	}
	const outcome = await step.perform(form, stepContext(caseOptions(context)), context.get(servicesContext).files);
	return { intent: intent as K, asking: null, ...outcome };
}
