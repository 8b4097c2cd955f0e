import { LimitedInput, useErrorText } from "#app/components/form-field.tsx";
import { useResetKey } from "#app/components/form-reset.ts";
import { Notice } from "#app/components/notice.tsx";
import { Form } from "#app/components/once-form.tsx";
import type { MatterStatus } from "#app/domain/matters/matter-rules.ts";
import { agendaItemTitle } from "#app/domain/meetings/agenda-order.ts";
import { personLabel } from "#app/domain/people/member-title.ts";
import { usePunctuation, useT } from "#app/i18n/i18n.ts";
import {
	Field,
	inputClass,
	primaryButton,
	type Refill,
	refillError,
	refillValue,
	Section,
	smallButton,
} from "./ui.tsx";

export function AgendaSection(props: {
	/** In order, numbered: 1, 2, 3, 3.1 … (items added by people), 4 (numberedAgenda). */
	agenda: { id: string; title: string; standardItem: number | null; number: string }[];
	refill: Refill;
	previous: {
		meeting: string | null;
		matters: { content: string; department: string; deadline: string; status: MatterStatus; latest: string | null }[];
	};
	canEdit: boolean;
}) {
	const t = useT();
	const p = usePunctuation();
	const { agenda, previous, canEdit, refill } = props;
	const addKey = useResetKey("add_agenda");
	return (
		<Section id="agenda" title={t("meetings.page.agenda")}>
			<ol className="space-y-1 text-sm">
				{agenda.map((item, index) => (
					<li key={item.id} className={`flex gap-2 ${item.standardItem === null ? "pl-6" : ""}`}>
						<span className="shrink-0 tabular-nums">{item.number}.</span>
						<div className="min-w-0">
							<span>{agendaItemTitle(t, item)}</span>
							{item.standardItem === 1 ? (
								previous.matters.length === 0 ? (
									<p className="text-slate-600">{t("meetings.page.agendaFirst")}</p>
								) : (
									<ul className="mt-1 space-y-0.5 text-slate-700">
										{previous.matters.map((m) => (
											<li key={m.content}>
												{m.content}
												{p.open}
												{m.department}
												{p.list}
												{m.deadline}
												{p.close}
												<span className="ml-1 text-xs">{t(`matters.status.${m.status}`)}</span>
												{m.latest ? <span className="ml-1 text-xs text-slate-500">{m.latest}</span> : null}
											</li>
										))}
									</ul>
								)
							) : null}
							{canEdit && item.standardItem === null ? (
								<span className="ml-2 inline-flex gap-1">
									{(["up", "down"] as const).map((direction) =>
										(direction === "up" && agenda[index - 1]?.standardItem === null) ||
										(direction === "down" && agenda[index + 1]?.standardItem === null) ? (
											<Form method="post" key={direction} className="inline">
												<input type="hidden" name="intent" value="move_agenda" />
												<input type="hidden" name="itemId" value={item.id} />
												<input type="hidden" name="direction" value={direction} />
												<button type="submit" className="text-xs text-blue-800 underline">
													{t(`prep.${direction}`)}
													<span className="sr-only"> {agendaItemTitle(t, item)}</span>
												</button>
											</Form>
										) : null,
									)}
								</span>
							) : null}
						</div>
					</li>
				))}
			</ol>
			{canEdit ? (
				<Form method="post" key={addKey} className="flex flex-wrap items-end gap-2">
					<input type="hidden" name="intent" value="add_agenda" />
					<Field label={t("prep.agendaTitle")} error={refillError(refill, "title")}>
						<LimitedInput
							name="title"
							required
							limit={200}
							defaultValue={refillValue(refill, "title")}
							className={inputClass}
						/>
					</Field>
					<button type="submit" className={smallButton}>
						{t("prep.agendaAdd")}
					</button>
					<p className="w-full text-xs text-slate-600">{t("prep.agendaHint")}</p>
				</Form>
			) : null}
		</Section>
	);
}

export function ScheduleSection(props: {
	scheduled: { start: string; end: string; place: string } | null;
	icsHref: string | null;
	canSchedule: boolean;
	defaultPlace: string;
	refill: Refill;
}) {
	const t = useT();
	const { scheduled, icsHref, canSchedule, defaultPlace, refill } = props;
	if (!scheduled && !canSchedule) return null;
	return (
		<Section id="schedule" title={scheduled ? t("prep.scheduledAt", scheduled) : t("prep.schedule")}>
			{icsHref ? (
				<a href={icsHref} className="text-sm text-blue-800 underline underline-offset-2">
					{t("prep.ics")}
				</a>
			) : null}
			{canSchedule ? (
				<Form method="post" className="flex flex-wrap items-end gap-2">
					<input type="hidden" name="intent" value="schedule" />
					<Field label={t("prep.start")} error={refillError(refill, "start")}>
						<input
							type="datetime-local"
							name="start"
							required
							defaultValue={refillValue(refill, "start") ?? scheduled?.start.replace(" ", "T")}
							className={inputClass}
						/>
					</Field>
					<Field label={t("prep.end")} error={refillError(refill, "end")}>
						<input
							type="datetime-local"
							name="end"
							required
							defaultValue={refillValue(refill, "end") ?? scheduled?.end.replace(" ", "T")}
							className={inputClass}
						/>
					</Field>
					<Field label={t("prep.place")} error={refillError(refill, "place")}>
						<LimitedInput
							name="place"
							required
							limit={200}
							defaultValue={refillValue(refill, "place") ?? scheduled?.place ?? defaultPlace}
							className={inputClass}
						/>
					</Field>
					<button type="submit" className={primaryButton}>
						{scheduled ? t("prep.reschedule") : t("prep.schedule")}
					</button>
				</Form>
			) : null}
		</Section>
	);
}

/** Recorded from the scheduled day on, never for a day after today; another day than scheduled says why. */
export function HoldSection(props: {
	/** O3: a person on leave is marked absent, with the leave as the reason, unless changed. */
	attendees: {
		id: string;
		name: string;
		capacity: string;
		leaveReason?: string | null;
		/** "姓名（职务）", a department's head with the department, a guest with their unit. */
		title?: string | null;
		department?: string | null;
		organisation?: string | null;
	}[];
	scheduledDay: string | null;
	today: string;
	refill: Refill;
	/** The refusal of the last post of this form (an i18n key), shown here rather than at the top. */
	error: string | null;
}) {
	const t = useT();
	const errorText = useErrorText();
	const p = usePunctuation();
	const { scheduledDay, refill } = props;
	return (
		<Section id="hold" title={t("prep.hold")}>
			{props.error ? <Notice tone="error">{errorText(props.error)}</Notice> : null}
			<Form method="post" className="space-y-3">
				<input type="hidden" name="intent" value="hold" />
				<div className="flex flex-wrap items-start gap-3">
					<Field label={t("prep.heldOn")} error={refillError(refill, "heldOn")}>
						<input
							type="date"
							name="heldOn"
							required
							min={scheduledDay ?? undefined}
							max={props.today}
							defaultValue={refillValue(refill, "heldOn") ?? scheduledDay ?? ""}
							className={inputClass}
						/>
					</Field>
					<div className="min-w-0 flex-1 basis-64">
						<Field label={t("prep.heldNote")} error={refillError(refill, "heldNote")}>
							<LimitedInput
								name="heldNote"
								limit={1000}
								defaultValue={refillValue(refill, "heldNote")}
								className={inputClass}
							/>
						</Field>
						{scheduledDay ? (
							<p className="mt-1 text-xs text-slate-600">{t("prep.heldNoteHint", { day: scheduledDay })}</p>
						) : null}
					</div>
				</div>
				<div className="overflow-x-auto">
					<table className="w-full min-w-[44rem] text-left text-sm">
						<tbody className="divide-y divide-slate-100">
							{props.attendees.map((a) => (
								<tr key={a.id}>
									<th scope="row" className="py-1 pr-2 font-normal">
										{personLabel(a.name, a.title ?? a.department ?? a.organisation, p)}
										<input type="hidden" name="attendeeId" value={a.id} />
									</th>
									<td className="py-1 pr-2">
										<select
											name="presence"
											aria-label={`${a.name}`}
											className={inputClass}
											defaultValue={a.leaveReason ? "absent" : "present"}
										>
											<option value="present">{t("prep.presence.present")}</option>
											<option value="absent">{t("prep.presence.absent")}</option>
										</select>
									</td>
									<td className="py-1 pr-2">
										<LimitedInput
											name="absenceReason"
											limit={200}
											defaultValue={a.leaveReason ?? undefined}
											placeholder={t("prep.absenceReason")}
											aria-label={`${a.name} ${t("prep.absenceReason")}`}
											className={inputClass}
										/>
									</td>
									<td className="py-1">
										<LimitedInput
											name="substitute"
											limit={100}
											placeholder={t("prep.substitute")}
											aria-label={`${a.name} ${t("prep.substitute")}`}
											className={inputClass}
										/>
									</td>
								</tr>
							))}
						</tbody>
					</table>
				</div>
				<button type="submit" className={primaryButton}>
					{t("prep.record")}
				</button>
			</Form>
		</Section>
	);
}
