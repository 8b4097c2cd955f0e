import { type Kysely, sql } from "kysely";
import type { Database } from "#db/schema.ts";
import { isoWeek } from "./reminder-calendar.ts";

/**
 * The reminders a day owes, across every unit: one indexed statement per rule, each returning only
 * subjects whose key for this period is not in reminder_keys yet (so a re-run finds nothing).
 * Runs on the owner connection: finding which unit owes what crosses units; everything a reminder
 * says and everyone it goes to is then read and written inside that unit under its policies
 * (deliver-reminders.ts, ADR 0011). It returns ids and dates only.
 */
type Rule =
	| "matter_due"
	| "matter_overdue"
	| "opinion_due"
	| "opinion_overdue"
	| "minutes_review"
	| "annual_unproposed"
	| "annual_unheld"
	| "digest";

export interface Candidate {
	tenantId: string;
	key: string;
	rule: Rule;
	/** The matter, opinion request, minutes or unit the reminder is about. */
	subjectId: string;
	/** Days to the deadline (due), past it (overdue), or waiting (minutes review). */
	days: number;
	/** For a digest: the lagging direct subordinate units and why. */
	lagging?: { id: string; name: string; reasons: LagReason[] }[];
}

type LagReason = "noSystem" | "overdue30" | "noMeeting";

/** Days in advance for matters (O6) and opinion requests (O2); minutes wait (O5). */
const MATTER_DUE_DAYS = [7, 1] as const;
const OPINION_DUE_DAYS = 2;
const MINUTES_WAIT_DAYS = 5;
const ESCALATION_OVERDUE_DAYS = 30;

const unsent = (alias: string, key: string) =>
	sql`not exists (select 1 from reminder_keys k where k.tenant_id = ${sql.ref(`${alias}.tenant_id`)} and k.key = ${sql.raw(key)})`;

export async function findDueReminders(owner: Kysely<Database>, day: string): Promise<Candidate[]> {
	const year = Number(day.slice(0, 4));
	const [soon, late] = MATTER_DUE_DAYS;
	const matters = await sql<Candidate>`
		select d.tenant_id as "tenantId", k0.key, k0.rule, d.id as "subjectId", k0.days
		from decided_matters d
		cross join lateral (select
			case when d.deadline < ${day}::date then 'matter_overdue' else 'matter_due' end as rule,
			abs(d.deadline - ${day}::date) as days,
			case when d.deadline < ${day}::date
				then 'matter.overdue:' || d.id || ':' || d.deadline || ':w' || ((${day}::date - d.deadline - 1) / 7)
				else 'matter.due' || (d.deadline - ${day}::date) || ':' || d.id || ':' || d.deadline end as key) k0
		where d.status in ('assigned', 'in_progress')
			and (d.deadline in (${day}::date + ${soon}::int, ${day}::date + ${late}::int) or d.deadline < ${day}::date)
			and ${unsent("d", "k0.key")}`.execute(owner);

	const opinions = await sql<Candidate>`
		select o.tenant_id as "tenantId", k0.key, k0.rule, o.id as "subjectId", k0.days
		from opinion_requests o
		cross join lateral (select
			case when o.due_on < ${day}::date then 'opinion_overdue' else 'opinion_due' end as rule,
			abs(o.due_on - ${day}::date) as days,
			case when o.due_on < ${day}::date
				then 'opinion.overdue:' || o.id || ':' || o.due_on || ':w' || ((${day}::date - o.due_on - 1) / 7)
				else 'opinion.due:' || o.id || ':' || o.due_on end as key) k0
		where o.answered_at is null
			and (o.due_on = ${day}::date + ${OPINION_DUE_DAYS}::int or o.due_on < ${day}::date)
			and ${unsent("o", "k0.key")}`.execute(owner);

	// Entered the review step (updated_at changes with every status) more than five days ago; weekly after.
	const minutes = await sql<Candidate>`
		select n.tenant_id as "tenantId", k0.key, 'minutes_review' as rule, n.id as "subjectId", k0.days
		from minutes n
		cross join lateral (select (n.updated_at at time zone 'Asia/Shanghai')::date as entered) e
		cross join lateral (select ${day}::date - e.entered as days,
			'minutes.review:' || n.id || ':' || n.status || ':' || n.current_version || ':' || e.entered
				|| ':w' || ((${day}::date - e.entered - ${MINUTES_WAIT_DAYS + 1}::int) / 7) as key) k0
		where n.status in ('union_review', 'gov_review')
			and e.entered <= ${day}::date - ${MINUTES_WAIT_DAYS + 1}::int
			and ${unsent("n", "k0.key")}`.execute(owner);

	// O1: the year's regular meeting not proposed by 1 September, not held by 1 December; once a year each.
	const annual = await sql<Candidate>`
		select t.id as "tenantId", k0.key, k0.rule, t.id as "subjectId", 0 as days
		from tenants t
		cross join lateral (values
			('annual_unproposed', 'annual.unproposed:' || ${year}::int, make_date(${year}::int, 9, 1),
				array['requested', 'accepted', 'preparing', 'scheduled', 'held', 'minutes_review', 'minutes_issued']),
			('annual_unheld', 'annual.unheld:' || ${year}::int, make_date(${year}::int, 12, 1),
				array['held', 'minutes_review', 'minutes_issued'])
		) k0 (rule, key, from_day, done_states)
		where ${day}::date >= k0.from_day
			and not exists (select 1 from meetings m where m.tenant_id = t.id and m.kind = 'regular'
				and m.year = ${year}::int and m.status = any (k0.done_states))
			and not exists (select 1 from reminder_keys k where k.tenant_id = t.id and k.key = k0.key)`.execute(owner);

	const week = isoWeek(day);
	const digest = await sql<Candidate & { tenant_id: string }>`
		with late as (
			select distinct d.tenant_id from decided_matters d
			where d.status in ('assigned', 'in_progress') and d.deadline <= ${day}::date - ${ESCALATION_OVERDUE_DAYS}::int
		),
		established as (select distinct s.tenant_id from systems s where s.superseded_at is null),
		held as (
			select distinct m.tenant_id from meetings m
			where m.kind = 'regular' and m.year = ${year}::int and m.held_on is not null
		),
		lag as (
			select c.id, c.parent_id, c.name,
				c.id not in (select tenant_id from established) as no_system,
				c.id in (select tenant_id from late) as overdue30,
				${day}::date >= make_date(${year}::int, 12, 1) and c.id not in (select tenant_id from held) as no_meeting
			from tenants c where c.parent_id is not null
		)
		select p.id as tenant_id, p.id as "tenantId", 'digest.lagging:' || ${week}::text as key, 'digest' as rule,
			p.id as "subjectId", 0 as days,
			json_agg(json_build_object('id', lag.id, 'name', lag.name, 'reasons', array_remove(array[
				case when lag.no_system then 'noSystem' end,
				case when lag.overdue30 then 'overdue30' end,
				case when lag.no_meeting then 'noMeeting' end], null)) order by lag.name) as lagging
		from lag join tenants p on p.id = lag.parent_id
		where (lag.no_system or lag.overdue30 or lag.no_meeting)
			and not exists (select 1 from reminder_keys k where k.tenant_id = p.id and k.key = 'digest.lagging:' || ${week}::text)
		group by p.id`.execute(owner);

	return [
		...matters.rows,
		...opinions.rows,
		...minutes.rows,
		...annual.rows,
		...digest.rows.map(({ tenant_id: _, ...row }) => row),
	].map((c) => ({ ...c, days: Number(c.days) }));
}
