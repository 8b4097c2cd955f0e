import { type Kysely, sql } from "kysely";

// Frozen in time: imports nothing from the app.

/**
 * Every decision keeps its true date (O4–O6, ADR 0010). A meeting recorded as held on 12-15 on
 * 12-04 let minutes be issued "before" the meeting, and the city's statistics showed −10 days to
 * issue and to close. The dates now follow one another, held by the database as well as the domain:
 *
 * 1. A meeting is held on or after its scheduled day (China time) — a CHECK, both dates are in the
 *    row — and a held day other than the scheduled one carries its reason (`held_note`, a CHECK).
 * 2. A meeting is never recorded as held on a day after today (China time) — a trigger, when the
 *    held day is written.
 * 3. Minutes are issued on or after the day the meeting was held, never on a day after today — a
 *    trigger on minutes (the held day is in the meeting's row), and on meetings when the held day
 *    moves under issued minutes.
 * 4. A decided matter is completed (a `done` report) and verified (`verified`, `closed_on`) on or
 *    after the day its minutes were issued — triggers on decided_matters and matter_updates, and on
 *    minutes when the issued day moves under closed or completed matters.
 *
 * Existing rows that break a rule are listed first (a warning per row); the CHECK constraints are then
 * kept for new writes only (NOT VALID) so that an installation upgrades and its people can correct
 * them, and validated when there are none (the demo). The triggers judge what is written from now on.
 */
const today = "(now() AT TIME ZONE 'Asia/Shanghai')::date";
const dayOf = (instant: string) => `(${instant} AT TIME ZONE 'Asia/Shanghai')::date`;

const heldOnOrAfterDay = `held_on IS NULL OR scheduled_start IS NULL OR held_on >= ${dayOf("scheduled_start")}`;
const otherDayNoted = `held_on IS NULL OR scheduled_start IS NULL OR held_on = ${dayOf("scheduled_start")}
  OR length(btrim(coalesce(held_note, ''))) > 0`;
/** The rules whose two dates are in one row: CHECK constraints on meetings. */
const checks = {
	meetings_held_on_or_after_day: heldOnOrAfterDay,
	meetings_held_other_day_noted: otherDayNoted,
};

/**
 * What breaks a rule today, one query per rule answering (tenant_id, id, detail), with the CHECK
 * constraint that holds the rule where the row holds both dates.
 */
const breaches: [rule: string, query: string, constraint?: keyof typeof checks][] = [
	[
		"held before its scheduled day",
		`SELECT tenant_id, id, held_on::text || ' < ' || ${dayOf("scheduled_start")}::text AS detail FROM meetings
     WHERE NOT (${heldOnOrAfterDay})`,
		"meetings_held_on_or_after_day",
	],
	[
		"held on another day than scheduled, without a reason",
		`SELECT tenant_id, id, held_on::text || ' <> ' || ${dayOf("scheduled_start")}::text AS detail FROM meetings
     WHERE NOT (${otherDayNoted})`,
		"meetings_held_other_day_noted",
	],
	["held on a day after today", `SELECT tenant_id, id, held_on::text AS detail FROM meetings WHERE held_on > ${today}`],
	[
		"minutes issued on a day after today",
		`SELECT tenant_id, id, issued_on::text AS detail FROM minutes WHERE issued_on > ${today}`,
	],
	[
		"minutes issued before the meeting was held",
		`SELECT n.tenant_id, n.id, n.issued_on::text || ' < ' || coalesce(m.held_on::text, 'not held') AS detail
     FROM minutes n JOIN meetings m ON m.tenant_id = n.tenant_id AND m.id = n.meeting_id
     WHERE n.issued_on IS NOT NULL AND (m.held_on IS NULL OR n.issued_on < m.held_on)`,
	],
	[
		"decided matter verified before its minutes were issued",
		`SELECT d.tenant_id, d.id, d.closed_on::text || ' < ' || coalesce(n.issued_on::text, 'not issued') AS detail
     FROM decided_matters d JOIN minutes n ON n.tenant_id = d.tenant_id AND n.id = d.minutes_id
     WHERE d.closed_on IS NOT NULL AND (n.issued_on IS NULL OR d.closed_on < n.issued_on)`,
	],
	[
		"decided matter completed or verified before its minutes were issued",
		`SELECT u.tenant_id, u.id, u.kind || ' ' || ${dayOf("u.at")}::text || ' < ' || coalesce(n.issued_on::text, 'not issued') AS detail
     FROM matter_updates u
     JOIN decided_matters d ON d.tenant_id = u.tenant_id AND d.id = u.matter_id
     JOIN minutes n ON n.tenant_id = d.tenant_id AND n.id = d.minutes_id
     WHERE u.kind IN ('done', 'verified') AND (n.issued_on IS NULL OR ${dayOf("u.at")} < n.issued_on)`,
	],
];

const triggers = [
	// Rule 2, and rule 3 when the held day moves under issued minutes.
	`CREATE FUNCTION meetings_date_rules() RETURNS trigger
   LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
   BEGIN
     IF NEW.held_on IS NOT NULL AND (TG_OP = 'INSERT' OR NEW.held_on IS DISTINCT FROM OLD.held_on) THEN
       IF NEW.held_on > ${today} THEN
         RAISE EXCEPTION 'a meeting cannot be recorded as held on % (after today)', NEW.held_on
           USING ERRCODE = 'check_violation';
       END IF;
       IF TG_OP = 'UPDATE' AND EXISTS (SELECT 1 FROM minutes n WHERE n.tenant_id = NEW.tenant_id
            AND n.meeting_id = NEW.id AND n.issued_on < NEW.held_on) THEN
         RAISE EXCEPTION 'minutes of this meeting were issued before %', NEW.held_on
           USING ERRCODE = 'check_violation';
       END IF;
     END IF;
     RETURN NEW;
   END $$`,
	`CREATE TRIGGER meetings_date_rules BEFORE INSERT OR UPDATE OF held_on ON meetings
   FOR EACH ROW EXECUTE FUNCTION meetings_date_rules()`,

	// Rule 3, and rule 4 when the issued day moves under completed or verified matters.
	`CREATE FUNCTION minutes_date_rules() RETURNS trigger
   LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
   DECLARE held date;
   BEGIN
     IF NEW.issued_on IS NOT NULL AND (TG_OP = 'INSERT' OR NEW.issued_on IS DISTINCT FROM OLD.issued_on) THEN
       IF NEW.issued_on > ${today} THEN
         RAISE EXCEPTION 'minutes cannot be issued on % (after today)', NEW.issued_on
           USING ERRCODE = 'check_violation';
       END IF;
       SELECT m.held_on INTO held FROM meetings m WHERE m.tenant_id = NEW.tenant_id AND m.id = NEW.meeting_id;
       IF held IS NULL OR NEW.issued_on < held THEN
         RAISE EXCEPTION 'minutes cannot be issued on % before the meeting was held (%)', NEW.issued_on, coalesce(held::text, 'not held')
           USING ERRCODE = 'check_violation';
       END IF;
       IF TG_OP = 'UPDATE' AND (
            EXISTS (SELECT 1 FROM decided_matters d WHERE d.tenant_id = NEW.tenant_id AND d.minutes_id = NEW.id
                    AND d.closed_on < NEW.issued_on)
            OR EXISTS (SELECT 1 FROM matter_updates u JOIN decided_matters d ON d.tenant_id = u.tenant_id AND d.id = u.matter_id
                    WHERE d.tenant_id = NEW.tenant_id AND d.minutes_id = NEW.id AND u.kind IN ('done', 'verified')
                      AND ${dayOf("u.at")} < NEW.issued_on)) THEN
         RAISE EXCEPTION 'matters of these minutes were completed or verified before %', NEW.issued_on
           USING ERRCODE = 'check_violation';
       END IF;
     END IF;
     RETURN NEW;
   END $$`,
	`CREATE TRIGGER minutes_date_rules BEFORE INSERT OR UPDATE OF issued_on ON minutes
   FOR EACH ROW EXECUTE FUNCTION minutes_date_rules()`,

	// Rule 4: the day a matter was verified (closed_on, stamped by its own BEFORE trigger, hence AFTER here).
	`CREATE FUNCTION decided_matters_date_rules() RETURNS trigger
   LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
   DECLARE issued date;
   BEGIN
     IF NEW.closed_on IS NOT NULL AND (TG_OP = 'INSERT' OR NEW.closed_on IS DISTINCT FROM OLD.closed_on) THEN
       SELECT n.issued_on INTO issued FROM minutes n WHERE n.tenant_id = NEW.tenant_id AND n.id = NEW.minutes_id;
       IF issued IS NULL OR NEW.closed_on < issued THEN
         RAISE EXCEPTION 'a decided matter cannot be verified on % before its minutes were issued (%)', NEW.closed_on, coalesce(issued::text, 'not issued')
           USING ERRCODE = 'check_violation';
       END IF;
     END IF;
     RETURN NULL;
   END $$`,
	`CREATE TRIGGER decided_matters_date_rules AFTER INSERT OR UPDATE OF closed_on, status ON decided_matters
   FOR EACH ROW EXECUTE FUNCTION decided_matters_date_rules()`,

	// Rule 4: the day a matter was reported completed or verified, on its record.
	`CREATE FUNCTION matter_updates_date_rules() RETURNS trigger
   LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
   DECLARE issued date;
   BEGIN
     IF NEW.kind IN ('done', 'verified') THEN
       SELECT n.issued_on INTO issued FROM decided_matters d
         JOIN minutes n ON n.tenant_id = d.tenant_id AND n.id = d.minutes_id
         WHERE d.tenant_id = NEW.tenant_id AND d.id = NEW.matter_id;
       IF issued IS NULL OR ${dayOf("NEW.at")} < issued THEN
         RAISE EXCEPTION 'a decided matter cannot be reported % on % before its minutes were issued (%)', NEW.kind, ${dayOf("NEW.at")}, coalesce(issued::text, 'not issued')
           USING ERRCODE = 'check_violation';
       END IF;
     END IF;
     RETURN NULL;
   END $$`,
	`CREATE TRIGGER matter_updates_date_rules AFTER INSERT OR UPDATE OF at, kind, matter_id ON matter_updates
   FOR EACH ROW EXECUTE FUNCTION matter_updates_date_rules()`,
];

export async function up(db: Kysely<any>): Promise<void> {
	const run = async (statements: string[]) => {
		for (const statement of statements) await sql.raw(statement).execute(db);
	};
	// Why a meeting was held on another day than the one scheduled (shown on the meeting page).
	await run(["ALTER TABLE meetings ADD COLUMN held_note text CHECK (length(held_note) <= 1000)"]);

	for (const [rule, query, constraint] of breaches) {
		const { rows } = await sql<{ tenant_id: string; id: string; detail: string }>`${sql.raw(query)}`.execute(db);
		for (const row of rows) {
			console.warn(`[migration date-rules] ${rule}: ${row.id} in unit ${row.tenant_id} (${row.detail})`);
		}
		if (!constraint) continue;
		await sql
			.raw(`ALTER TABLE meetings ADD CONSTRAINT ${constraint} CHECK (${checks[constraint]}) NOT VALID`)
			.execute(db);
		if (rows.length === 0) await sql.raw(`ALTER TABLE meetings VALIDATE CONSTRAINT ${constraint}`).execute(db);
	}
	await run(triggers);
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const [table, name] of [
		["matter_updates", "matter_updates_date_rules"],
		["decided_matters", "decided_matters_date_rules"],
		["minutes", "minutes_date_rules"],
		["meetings", "meetings_date_rules"],
	]) {
		await sql.raw(`DROP TRIGGER IF EXISTS ${name} ON ${table}`).execute(db);
		await sql.raw(`DROP FUNCTION IF EXISTS ${name}()`).execute(db);
	}
	for (const statement of [
		"ALTER TABLE meetings DROP CONSTRAINT IF EXISTS meetings_held_other_day_noted",
		"ALTER TABLE meetings DROP CONSTRAINT IF EXISTS meetings_held_on_or_after_day",
		"ALTER TABLE meetings DROP COLUMN IF EXISTS held_note",
	]) {
		await sql.raw(statement).execute(db);
	}
}
