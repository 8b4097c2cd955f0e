import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { redirect, useActionData, useNavigation } from "react-router";
import { Button } from "#app/components/button.tsx";
import { TextField, useErrorText } from "#app/components/form-field.tsx";
import { Form } from "#app/components/once-form.tsx";
import { createMeeting } from "#app/domain/meetings/create-meeting.server.ts";
import { meetingActionRoles } from "#app/domain/meetings/meeting-rules.ts";
import { meetingProposalSchema } from "#app/domain/meetings/meeting-schema.ts";
import { pageTitle, useT } from "#app/i18n/i18n.ts";
import { caseOptions, requireAnyRole } from "#app/lib/guards.server.ts";
import { writeOnce } from "#app/lib/write-once.server.ts";
import type { Route } from "./+types/meeting-new";

export function meta({ matches }: Route.MetaArgs) {
	return pageTitle(matches, "meetings.form.heading");
}

export function loader({ context }: Route.LoaderArgs) {
	requireAnyRole(context, meetingActionRoles.edit_request);
	return null;
}

export async function action({ request, context }: Route.ActionArgs) {
	const { membership } = requireAnyRole(context, meetingActionRoles.edit_request);
	const form = await request.formData();
	const submission = parseWithZod(form, { schema: meetingProposalSchema });
	if (submission.status !== "success") return submission.reply();
	// Once per one-time key: a double click makes one meeting, and its copy is sent to the same one.
	const made = await writeOnce<{ meetingId: string | null; error?: string }>(
		form,
		async () => ({ meetingId: (await createMeeting({ ...caseOptions(context), proposal: submission.value })).id }),
		{ succeeded: () => true, inWords: (key) => ({ meetingId: null, error: key }) },
	);
	if (made.meetingId === null) return submission.reply({ formErrors: [made.error ?? "form.error.race"] });
	return redirect(`/t/${membership.tenant.slug}/meetings/${made.meetingId}`);
}

const inputClass =
	"mt-1 block w-full rounded border border-slate-400 bg-white px-3 py-2 focus:outline-2 focus:outline-blue-700 aria-[invalid=true]:border-red-700";

export default function MeetingNew() {
	const t = useT();
	const errorText = useErrorText();
	const lastResult = useActionData<typeof action>();
	const navigation = useNavigation();
	const [form, fields] = useForm({
		lastResult,
		defaultValue: { kind: "regular" },
		onValidate: ({ formData }) => parseWithZod(formData, { schema: meetingProposalSchema }),
		shouldValidate: "onBlur",
		shouldRevalidate: "onInput",
	});
	const errors = (list: string[] | undefined, id: string) =>
		list ? (
			<p id={id} role="alert" className="mt-1 text-sm text-red-800">
				{list.map((e) => errorText(e)).join(" ")}
			</p>
		) : null;
	return (
		<div className="max-w-2xl">
			<h1 className="text-xl font-semibold">{t("meetings.form.heading")}</h1>
			<Form
				method="post"
				{...getFormProps(form)}
				className="mt-6 space-y-5 rounded border border-slate-200 bg-white p-4"
			>
				<div>
					<label htmlFor={fields.kind.id} className="block text-sm font-medium text-slate-800">
						{t("meetings.form.kind")}
					</label>
					<select {...getSelectProps(fields.kind)} className={inputClass}>
						<option value="regular">{t("meetings.kind.regular")}</option>
						<option value="extraordinary">{t("meetings.kind.extraordinary")}</option>
					</select>
					{errors(fields.kind.errors, fields.kind.errorId)}
				</div>
				<div>
					<label htmlFor={fields.reason.id} className="block text-sm font-medium text-slate-800">
						{t("meetings.form.reason")}
					</label>
					<textarea {...getTextareaProps(fields.reason)} rows={5} className={inputClass} />
					{errors(fields.reason.errors, fields.reason.errorId)}
				</div>
				<div className="grid gap-4 sm:grid-cols-2">
					<div>
						<label htmlFor={fields.windowFrom.id} className="block text-sm font-medium text-slate-800">
							{t("meetings.form.windowFrom")}
						</label>
						<input {...getInputProps(fields.windowFrom, { type: "date" })} className={inputClass} />
						{errors(fields.windowFrom.errors, fields.windowFrom.errorId)}
					</div>
					<div>
						<label htmlFor={fields.windowTo.id} className="block text-sm font-medium text-slate-800">
							{t("meetings.form.windowTo")}
						</label>
						<input {...getInputProps(fields.windowTo, { type: "date" })} className={inputClass} />
						{errors(fields.windowTo.errors, fields.windowTo.errorId)}
					</div>
				</div>
				<TextField field={fields.proposedPlace} label={t("meetings.form.place")} />
				{errors(form.errors, form.errorId)}
				<Button type="submit" disabled={navigation.state === "submitting"}>
					{navigation.state === "submitting" ? t("meetings.form.saving") : t("meetings.form.save")}
				</Button>
			</Form>
		</div>
	);
}
