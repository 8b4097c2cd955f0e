import { useActionData } from "react-router";
import { Decision } from "#app/components/decision.tsx";
import { LimitedInput, LimitedTextarea } from "#app/components/form-field.tsx";
import { Form } from "#app/components/once-form.tsx";
import { useT } from "#app/i18n/i18n.ts";
import { Field, inputClass, type Refill, refillError, refillValue, Section, smallButton } from "./ui.tsx";

/** The meeting page's answer to the last step posted (the delete's second step without JavaScript). */
type StepAnswer = { intent?: string; asking?: string | null; result?: Refill } | undefined;

/**
 * The union's draft request, editable until it is sent (input kept after an error); a draft never
 * sent may be deleted, after a confirmation that says what happens.
 */
export function DraftForm(props: {
	meeting: { reason: string; windowFrom: string; windowTo: string; proposedPlace: string | null };
	refill: Refill;
}) {
	const t = useT();
	const { meeting, refill } = props;
	const value = (key: string, fallback: string) => refillValue(refill, key) ?? fallback;
	const answer = useActionData() as StepAnswer;
	return (
		<Section id="draft" title={t("meetings.form.edit")}>
			<Form method="post" className="space-y-3">
				<input type="hidden" name="intent" value="edit_request" />
				<Field label={t("meetings.form.reason")} error={refillError(refill, "reason")}>
					<LimitedTextarea
						name="reason"
						rows={4}
						required
						limit={4000}
						defaultValue={value("reason", meeting.reason)}
						className={inputClass}
					/>
				</Field>
				<div className="grid gap-3 sm:grid-cols-3">
					<Field label={t("meetings.form.windowFrom")} error={refillError(refill, "windowFrom")}>
						<input
							type="date"
							name="windowFrom"
							required
							defaultValue={value("windowFrom", meeting.windowFrom)}
							className={inputClass}
						/>
					</Field>
					<Field label={t("meetings.form.windowTo")} error={refillError(refill, "windowTo")}>
						<input
							type="date"
							name="windowTo"
							required
							defaultValue={value("windowTo", meeting.windowTo)}
							className={inputClass}
						/>
					</Field>
					<Field label={t("meetings.form.place")} error={refillError(refill, "proposedPlace")}>
						<LimitedInput
							name="proposedPlace"
							limit={200}
							defaultValue={value("proposedPlace", meeting.proposedPlace ?? "")}
							className={inputClass}
						/>
					</Field>
				</div>
				<button type="submit" className={smallButton}>
					{t("meetings.form.save")}
				</button>
			</Form>
			<div className="border-t border-slate-100 pt-3">
				<Decision
					intent="delete_draft"
					label={t("meetings.draft.delete")}
					words="confirm"
					variant="danger"
					consequence={t("meetings.draft.deleteConsequence")}
					open={answer?.asking === "delete_draft"}
					refill={answer?.intent === "delete_draft" ? (answer.result ?? null) : null}
				/>
			</div>
		</Section>
	);
}
