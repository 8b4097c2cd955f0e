import { LimitedInput } from "#app/components/form-field.tsx";
import { useResetKey } from "#app/components/form-reset.ts";
import { Form } from "#app/components/once-form.tsx";
import { guestTypes, type MissingLeaders, type RosterStanding } from "#app/domain/meetings/roster-rules.ts";
import { personLabel } from "#app/domain/people/member-title.ts";
import { usePunctuation, useT } from "#app/i18n/i18n.ts";
import { Field, inputClass, type Refill, refillError, refillValue, Section, smallButton } from "./ui.tsx";

type Capacity = "attend" | "sit_in" | "invited";
type Attendee = {
	id: string;
	userId: string | null;
	capacity: Capacity;
	leaveReason: string | null;
	leaveBy: string | null;
	name: string;
	/** A member's 职务 (or a liaison's department); null for a department's head or a guest. */
	title: string | null;
	department: string | null;
	organisation: string | null;
	guestType: (typeof guestTypes)[number] | null;
	presence: "present" | "absent" | null;
	absenceReason: string | null;
	substitute: string | null;
};

const capacities: Capacity[] = ["attend", "sit_in", "invited"];
/** O3: the roster shows each person as 出席, 请假, 列席 or 邀请. */
const standings: RosterStanding[] = ["attend", "leave", "sit_in", "invited"];
const standingOf = (a: Attendee): RosterStanding => (a.leaveReason !== null ? "leave" : a.capacity);

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
	missing: MissingLeaders[];
	members: { userId: string; name: string; title: string | null }[];
	leaders: { userId: string; name: string }[];
	departments: { id: string; name: string }[];
	canEdit: boolean;
	canRecordLeave: boolean;
	refill: { intent: string | null; values: Refill };
}) {
	const t = useT();
	const p = usePunctuation();
	const { attendees, missing, members, leaders, departments, canEdit, canRecordLeave, refill } = props;
	// A step done: its form comes back empty (with JavaScript the browser would keep what was typed).
	const resetKeys = {
		leave: useResetKey("record_leave"),
		member: useResetKey("add_member"),
		department: useResetKey("add_department"),
		guest: useResetKey("add_guest"),
	};
	const guest = refill.intent === "add_guest" ? refill.values : null;
	const leave = refill.intent === "record_leave" ? refill.values : null;
	const onLeave = new Set(attendees.filter((a) => a.leaveReason !== null).map((a) => a.userId));
	const leaveChoices = leaders.filter((l) => !onLeave.has(l.userId));
	// "姓名（职务）" in the pickers: the members' list carries every active member's title.
	const titles = new Map(members.map((m) => [m.userId, m.title]));
	// Each office with the people it still waits for: "政府副秘书长（张三）"; an office nobody holds alone.
	const missingText = missing
		.map((m) =>
			m.people.length > 0
				? `${t(`prep.missing.${m.key}`)}${p.open}${m.people.map((person) => person.name).join(p.list)}${p.close}`
				: t(`prep.missing.${m.key}`),
		)
		.join(p.semicolon);
	const head = refill.intent === "add_department" ? refill.values : null;
	return (
		<Section id="roster" title={t("prep.roster")}>
			{missing.length > 0 ? (
				<p role="alert" className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
					{t("prep.missingPeople", { list: missingText })}
				</p>
			) : (
				<p className="text-sm text-green-800">{t("prep.rosterComplete")}</p>
			)}
			{attendees.length === 0 ? <p className="text-sm text-slate-600">{t("prep.noAttendees")}</p> : null}
			{standings.map((standing) => {
				const group = attendees.filter((a) => standingOf(a) === standing);
				if (group.length === 0) return null;
				return (
					<div key={standing}>
						<h3 className="text-sm font-medium">{t(`prep.capacity.${standing}`)}</h3>
						<ul className="divide-y divide-slate-100 text-sm">
							{group.map((a) => (
								<li key={a.id} className="flex flex-wrap items-center justify-between gap-2 py-1">
									<span>
										{a.name}
										{a.title ? (
											<span className="text-slate-600">
												{p.open}
												{a.title}
												{p.close}
											</span>
										) : null}
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
										{a.leaveReason ? (
											<span className="ml-2 text-xs text-slate-700">
												{t("prep.leave.detail", { reason: a.leaveReason, by: a.leaveBy ?? "" })}
											</span>
										) : null}
										{a.presence ? (
											<span className="ml-2 text-xs">
												{t(`prep.presence.${a.presence}`)}
												{a.absenceReason ? `${p.colon}${a.absenceReason}` : ""}
												{a.substitute ? ` → ${a.substitute}` : ""}
											</span>
										) : null}
									</span>
									{canRecordLeave && a.leaveReason !== null && a.userId ? (
										<Form method="post">
											<input type="hidden" name="intent" value="withdraw_leave" />
											<input type="hidden" name="userId" value={a.userId} />
											<button type="submit" className="text-xs text-blue-800 underline">
												{t("prep.leave.withdraw")}
												<span className="sr-only"> {a.name}</span>
											</button>
										</Form>
									) : null}
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
			{canRecordLeave && leaveChoices.length > 0 ? (
				<Form
					method="post"
					key={resetKeys.leave}
					className="space-y-2 border-t border-slate-100 pt-3"
					aria-labelledby="leave-title"
					aria-describedby="leave-intro"
				>
					<p id="leave-title" className="text-sm font-medium">
						{t("prep.leave.title")}
					</p>
					<p id="leave-intro" className="text-xs text-slate-600">
						{t("prep.leave.intro")}
					</p>
					<input type="hidden" name="intent" value="record_leave" />
					<div className="grid gap-2 sm:grid-cols-[minmax(0,14rem)_minmax(0,1fr)_auto] sm:items-end">
						<Field label={t("prep.leave.person")} error={refillError(leave, "userId")}>
							<select name="userId" defaultValue={refillValue(leave, "userId")} className={inputClass}>
								{leaveChoices.map((l) => (
									<option key={l.userId} value={l.userId}>
										{personLabel(l.name, titles.get(l.userId), p)}
									</option>
								))}
							</select>
						</Field>
						<Field label={t("prep.leave.reason")} error={refillError(leave, "reason")}>
							<LimitedInput
								name="reason"
								required
								limit={200}
								defaultValue={refillValue(leave, "reason")}
								className={inputClass}
							/>
						</Field>
						<button type="submit" className={smallButton}>
							{t("prep.leave.record")}
						</button>
					</div>
				</Form>
			) : null}
			{canEdit ? (
				<div className="grid gap-3 border-t border-slate-100 pt-3 lg:grid-cols-3">
					<Form method="post" key={resetKeys.member} className="space-y-2" aria-label={t("prep.addMember")}>
						<p className="text-sm font-medium">{t("prep.addMember")}</p>
						<input type="hidden" name="intent" value="add_member" />
						<Field label={t("prep.member")}>
							<select name="userId" className={inputClass}>
								{members.map((m) => (
									<option key={m.userId} value={m.userId}>
										{personLabel(m.name, m.title, p)}
									</option>
								))}
							</select>
						</Field>
						<CapacitySelect defaultValue="attend" />
						<button type="submit" className={smallButton}>
							{t("prep.add")}
						</button>
					</Form>
					<Form method="post" key={resetKeys.department} className="space-y-2" aria-label={t("prep.addDepartment")}>
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
							<LimitedInput
								name="name"
								required
								limit={100}
								defaultValue={refillValue(head, "name")}
								className={inputClass}
							/>
						</Field>
						<CapacitySelect defaultValue="sit_in" />
						<button type="submit" className={smallButton}>
							{t("prep.add")}
						</button>
					</Form>
					<Form method="post" key={resetKeys.guest} className="space-y-2" aria-label={t("prep.addGuest")}>
						<p className="text-sm font-medium">{t("prep.addGuest")}</p>
						<input type="hidden" name="intent" value="add_guest" />
						<input type="hidden" name="capacity" value="invited" />
						<Field label={t("prep.personName")} error={refillError(guest, "name")}>
							<LimitedInput
								name="name"
								required
								limit={100}
								defaultValue={refillValue(guest, "name")}
								className={inputClass}
							/>
						</Field>
						<Field label={t("prep.organisation")} error={refillError(guest, "organisation")}>
							<LimitedInput
								name="organisation"
								limit={200}
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
