import { Form } from "react-router";
import { guestTypes } from "#app/domain/meetings/roster-rules.ts";
import { usePunctuation, useT } from "#app/i18n/i18n.ts";
import { Field, inputClass, type Refill, refillError, refillValue, Section, smallButton } from "./ui.tsx";

type Capacity = "attend" | "sit_in" | "invited";
type Attendee = {
	id: string;
	capacity: Capacity;
	name: string;
	department: string | null;
	organisation: string | null;
	guestType: (typeof guestTypes)[number] | null;
	presence: "present" | "absent" | null;
	absenceReason: string | null;
	substitute: string | null;
};

const capacities: Capacity[] = ["attend", "sit_in", "invited"];

function CapacitySelect({ defaultValue }: { defaultValue: Capacity }) {
	const t = useT();
	return (
		<Field label={t("prep.capacity")}>
			<select name="capacity" defaultValue={defaultValue} className={inputClass}>
				{capacities.map((c) => (
					<option key={c} value={c}>
						{t(`prep.capacity.${c}`)}
					</option>
				))}
			</select>
		</Field>
	);
}

export function RosterSection(props: {
	attendees: Attendee[];
	missing: ("head_or_liaison" | "deputy_secretary" | "union_chair")[];
	members: { userId: string; name: string }[];
	departments: { id: string; name: string }[];
	canEdit: boolean;
	refill: { intent: string | null; values: Refill };
}) {
	const t = useT();
	const p = usePunctuation();
	const { attendees, missing, members, departments, canEdit, refill } = props;
	const guest = refill.intent === "add_guest" ? refill.values : null;
	const head = refill.intent === "add_department" ? refill.values : null;
	return (
		<Section id="roster" title={t("prep.roster")}>
			{missing.length > 0 ? (
				<p role="alert" className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
					{t("prep.missing", { list: missing.map((m) => t(`prep.missing.${m}`)).join(p.list) })}
				</p>
			) : (
				<p className="text-sm text-green-800">{t("prep.rosterComplete")}</p>
			)}
			{attendees.length === 0 ? <p className="text-sm text-slate-600">{t("prep.noAttendees")}</p> : null}
			{capacities.map((capacity) => {
				const group = attendees.filter((a) => a.capacity === capacity);
				if (group.length === 0) return null;
				return (
					<div key={capacity}>
						<h3 className="text-sm font-medium">{t(`prep.capacity.${capacity}`)}</h3>
						<ul className="divide-y divide-slate-100 text-sm">
							{group.map((a) => (
								<li key={a.id} className="flex flex-wrap items-center justify-between gap-2 py-1">
									<span>
										{a.name}
										{a.department ? (
											<span className="text-slate-600">
												{p.open}
												{a.department}
												{p.close}
											</span>
										) : null}
										{a.organisation ? (
											<span className="text-slate-600">
												{p.open}
												{a.organisation}
												{p.close}
											</span>
										) : null}
										{a.guestType ? (
											<span className="ml-1 text-xs text-slate-500">{t(`prep.guestType.${a.guestType}`)}</span>
										) : null}
										{a.presence ? (
											<span className="ml-2 text-xs">
												{t(`prep.presence.${a.presence}`)}
												{a.absenceReason ? `${p.colon}${a.absenceReason}` : ""}
												{a.substitute ? ` → ${a.substitute}` : ""}
											</span>
										) : null}
									</span>
									{canEdit ? (
										<Form method="post">
											<input type="hidden" name="intent" value="remove_attendee" />
											<input type="hidden" name="attendeeId" value={a.id} />
											<button type="submit" className="text-xs text-red-800 underline">
												{t("prep.remove")}
												<span className="sr-only"> {a.name}</span>
											</button>
										</Form>
									) : null}
								</li>
							))}
						</ul>
					</div>
				);
			})}
			{canEdit ? (
				<div className="grid gap-3 border-t border-slate-100 pt-3 lg:grid-cols-3">
					<Form method="post" className="space-y-2" aria-label={t("prep.addMember")}>
						<p className="text-sm font-medium">{t("prep.addMember")}</p>
						<input type="hidden" name="intent" value="add_member" />
						<Field label={t("prep.member")}>
							<select name="userId" className={inputClass}>
								{members.map((m) => (
									<option key={m.userId} value={m.userId}>
										{m.name}
									</option>
								))}
							</select>
						</Field>
						<CapacitySelect defaultValue="attend" />
						<button type="submit" className={smallButton}>
							{t("prep.add")}
						</button>
					</Form>
					<Form method="post" className="space-y-2" aria-label={t("prep.addDepartment")}>
						<p className="text-sm font-medium">{t("prep.addDepartment")}</p>
						<input type="hidden" name="intent" value="add_department" />
						<Field label={t("prep.department")}>
							<select name="departmentId" className={inputClass}>
								{departments.map((d) => (
									<option key={d.id} value={d.id}>
										{d.name}
									</option>
								))}
							</select>
						</Field>
						<Field label={t("prep.personName")} error={refillError(head, "name")}>
							<input
								name="name"
								required
								maxLength={100}
								defaultValue={refillValue(head, "name")}
								className={inputClass}
							/>
						</Field>
						<CapacitySelect defaultValue="sit_in" />
						<button type="submit" className={smallButton}>
							{t("prep.add")}
						</button>
					</Form>
					<Form method="post" className="space-y-2" aria-label={t("prep.addGuest")}>
						<p className="text-sm font-medium">{t("prep.addGuest")}</p>
						<input type="hidden" name="intent" value="add_guest" />
						<input type="hidden" name="capacity" value="invited" />
						<Field label={t("prep.personName")} error={refillError(guest, "name")}>
							<input
								name="name"
								required
								maxLength={100}
								defaultValue={refillValue(guest, "name")}
								className={inputClass}
							/>
						</Field>
						<Field label={t("prep.organisation")} error={refillError(guest, "organisation")}>
							<input
								name="organisation"
								maxLength={200}
								defaultValue={refillValue(guest, "organisation")}
								className={inputClass}
							/>
						</Field>
						<Field label={t("prep.guestType")} error={refillError(guest, "guestType")}>
							<select name="guestType" className={inputClass}>
								{guestTypes.map((g) => (
									<option key={g} value={g}>
										{t(`prep.guestType.${g}`)}
									</option>
								))}
							</select>
						</Field>
						<button type="submit" className={smallButton}>
							{t("prep.add")}
						</button>
					</Form>
				</div>
			) : null}
		</Section>
	);
}
