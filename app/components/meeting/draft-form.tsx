import { Form } from "react-router";
import { useT } from "#app/i18n/i18n.ts";
import { Field, inputClass, type Refill, refillError, refillValue, Section, smallButton } from "./ui.tsx";

/** The union's draft request, editable until it is sent (input kept after an error). */
export function DraftForm(props: {
	meeting: { reason: string; windowFrom: string; windowTo: string; proposedPlace: string | null };
	refill: Refill;
}) {
	const t = useT();
	const { meeting, refill } = props;
	const value = (key: string, fallback: string) => refillValue(refill, key) ?? fallback;
	return (
		<Section id="draft" title={t("meetings.form.edit")}>
			<Form method="post" className="space-y-3">
				<input type="hidden" name="intent" value="edit_request" />
				<Field label={t("meetings.form.reason")} error={refillError(refill, "reason")}>
					<textarea
						name="reason"
						rows={4}
						required
						maxLength={4000}
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
						<input
							name="proposedPlace"
							maxLength={200}
							defaultValue={value("proposedPlace", meeting.proposedPlace ?? "")}
							className={inputClass}
						/>
					</Field>
				</div>
				<button type="submit" className={smallButton}>
					{t("meetings.form.save")}
				</button>
			</Form>
		</Section>
	);
}
