import { type Kysely, sql } from "kysely";

// Frozen in time: imports nothing from the app.
const APP_ROLE = "lianxi_app";

// The joint meeting from proposal to the meeting day (O1–O4, C1–C7), and in-app notifications.
export async function up(db: Kysely<any>): Promise<void> {
	const run = async (statements: string[]) => {
		for (const statement of statements) await sql.raw(statement).execute(db);
	};

	await run([
		`CREATE TABLE meetings (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      year integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
      seq integer NOT NULL CHECK (seq >= 1),
      kind text NOT NULL CHECK (kind IN ('regular', 'extraordinary')),
      status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'requested', 'accepted', 'preparing',
        'scheduled', 'held', 'minutes_review', 'minutes_issued', 'declined', 'cancelled')),
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 4000),
      window_from date NOT NULL,
      window_to date NOT NULL,
      proposed_place text CHECK (length(proposed_place) <= 200),
      scheduled_start timestamptz,
      scheduled_end timestamptz,
      place text CHECK (length(place) <= 200),
      held_on date,
      decline_reason text,
      cancel_reason text,
      created_by uuid REFERENCES users (id),
      requested_at timestamptz,
      accepted_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      UNIQUE (tenant_id, year, seq),
      CHECK (window_to >= window_from),
      CHECK (scheduled_end IS NULL OR scheduled_end > scheduled_start)
    )`,

		`CREATE TABLE meeting_consents (
      tenant_id uuid NOT NULL,
      meeting_id uuid NOT NULL,
      side text NOT NULL CHECK (side IN ('gov', 'union')),
      decision text NOT NULL CHECK (decision IN ('consent', 'decline')),
      user_id uuid NOT NULL REFERENCES users (id),
      reason text,
      at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, meeting_id, side),
      FOREIGN KEY (tenant_id, meeting_id) REFERENCES meetings (tenant_id, id)
    )`,

		`CREATE TABLE topics (
      tenant_id uuid NOT NULL,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      meeting_id uuid NOT NULL,
      category smallint NOT NULL CHECK (category BETWEEN 1 AND 7),
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      background text NOT NULL DEFAULT '',
      research text NOT NULL DEFAULT '',
      suggestions text NOT NULL DEFAULT '',
      status text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'agreed', 'returned', 'withdrawn')),
      return_comment text,
      proposed_by uuid REFERENCES users (id),
      auto_generated boolean NOT NULL DEFAULT false,
      sort_order integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      FOREIGN KEY (tenant_id, meeting_id) REFERENCES meetings (tenant_id, id)
    )`,
		"CREATE INDEX topics_meeting ON topics (tenant_id, meeting_id)",

		`CREATE TABLE topic_agreements (
      tenant_id uuid NOT NULL,
      topic_id uuid NOT NULL,
      side text NOT NULL CHECK (side IN ('gov', 'union')),
      user_id uuid NOT NULL REFERENCES users (id),
      at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, topic_id, side),
      FOREIGN KEY (tenant_id, topic_id) REFERENCES topics (tenant_id, id)
    )`,

		`CREATE TABLE topic_files (
      tenant_id uuid NOT NULL,
      topic_id uuid NOT NULL,
      file_id uuid NOT NULL,
      PRIMARY KEY (tenant_id, topic_id, file_id),
      FOREIGN KEY (tenant_id, topic_id) REFERENCES topics (tenant_id, id),
      FOREIGN KEY (tenant_id, file_id) REFERENCES files (tenant_id, id)
    )`,

		`CREATE TABLE opinion_requests (
      tenant_id uuid NOT NULL,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      topic_id uuid NOT NULL,
      department_id uuid NOT NULL,
      due_on date NOT NULL,
      note text NOT NULL DEFAULT '',
      requested_by uuid REFERENCES users (id),
      requested_at timestamptz NOT NULL DEFAULT now(),
      answer text,
      answered_by uuid REFERENCES users (id),
      answered_at timestamptz,
      PRIMARY KEY (tenant_id, id),
      UNIQUE (tenant_id, topic_id, department_id),
      FOREIGN KEY (tenant_id, topic_id) REFERENCES topics (tenant_id, id),
      FOREIGN KEY (tenant_id, department_id) REFERENCES departments (tenant_id, id)
    )`,

		`CREATE TABLE opinion_files (
      tenant_id uuid NOT NULL,
      opinion_request_id uuid NOT NULL,
      file_id uuid NOT NULL,
      PRIMARY KEY (tenant_id, opinion_request_id, file_id),
      FOREIGN KEY (tenant_id, opinion_request_id) REFERENCES opinion_requests (tenant_id, id),
      FOREIGN KEY (tenant_id, file_id) REFERENCES files (tenant_id, id)
    )`,

		`CREATE TABLE attendees (
      tenant_id uuid NOT NULL,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      meeting_id uuid NOT NULL,
      capacity text NOT NULL CHECK (capacity IN ('attend', 'sit_in', 'invited')),
      user_id uuid,
      department_id uuid,
      guest_name text CHECK (length(guest_name) <= 100),
      guest_org text CHECK (length(guest_org) <= 200),
      guest_type text CHECK (guest_type IN ('grassroots_cadre', 'worker_representative', 'model_worker', 'grassroots_union_cadre')),
      presence text CHECK (presence IN ('present', 'absent')),
      absence_reason text,
      substitute text CHECK (length(substitute) <= 100),
      sort_order integer NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id),
      FOREIGN KEY (tenant_id, meeting_id) REFERENCES meetings (tenant_id, id),
      FOREIGN KEY (tenant_id, user_id) REFERENCES memberships (tenant_id, user_id),
      FOREIGN KEY (tenant_id, department_id) REFERENCES departments (tenant_id, id),
      CHECK (num_nonnulls(user_id, guest_name) = 1),
      CHECK (guest_type IS NULL OR capacity = 'invited')
    )`,
		"CREATE UNIQUE INDEX attendees_member_once ON attendees (tenant_id, meeting_id, user_id) WHERE user_id IS NOT NULL",

		`CREATE TABLE agenda_items (
      tenant_id uuid NOT NULL,
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      meeting_id uuid NOT NULL,
      position integer NOT NULL CHECK (position >= 1),
      standard_item smallint CHECK (standard_item BETWEEN 1 AND 4),
      title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
      snapshot jsonb,
      PRIMARY KEY (tenant_id, id),
      UNIQUE (tenant_id, meeting_id, position) DEFERRABLE INITIALLY DEFERRED,
      FOREIGN KEY (tenant_id, meeting_id) REFERENCES meetings (tenant_id, id)
    )`,

		`CREATE TABLE notifications (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users (id),
      kind text NOT NULL,
      entity_type text NOT NULL,
      entity_id text NOT NULL,
      link text NOT NULL,
      params jsonb NOT NULL DEFAULT '{}'::jsonb,
      read_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id)
    )`,
		"CREATE INDEX notifications_unread ON notifications (tenant_id, user_id, created_at) WHERE read_at IS NULL",
	]);

	const tables = [
		"meetings",
		"meeting_consents",
		"topics",
		"topic_agreements",
		"topic_files",
		"opinion_requests",
		"opinion_files",
		"attendees",
		"agenda_items",
		"notifications",
	];
	for (const table of tables) {
		await run([`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`, `ALTER TABLE ${table} FORCE ROW LEVEL SECURITY`]);
	}

	const cur = "(SELECT app_current_tenant())";
	const me = "(SELECT app_current_user())";
	const inSubtree = (alias: string) =>
		`EXISTS (SELECT 1 FROM tenants t WHERE t.id = ${alias}.tenant_id AND t.path ~ ('*.' || app_ltree_label(${cur}) || '.*')::lquery)`;

	const own = (table: string) =>
		`CREATE POLICY ${table}_own ON ${table} FOR ALL TO ${APP_ROLE} USING (tenant_id = ${cur}) WITH CHECK (tenant_id = ${cur})`;
	await run([
		// Meetings' status and dates are published upward (DESIGN §4); everything else stays inside.
		`CREATE POLICY meetings_read ON meetings FOR SELECT TO ${APP_ROLE} USING (tenant_id = ${cur} OR ${inSubtree("meetings")})`,
		`CREATE POLICY meetings_write ON meetings FOR INSERT TO ${APP_ROLE} WITH CHECK (tenant_id = ${cur})`,
		`CREATE POLICY meetings_update ON meetings FOR UPDATE TO ${APP_ROLE} USING (tenant_id = ${cur}) WITH CHECK (tenant_id = ${cur})`,
		...tables.filter((t) => t !== "meetings" && t !== "notifications").map(own),
		// A person's notifications: their own, in the current tenant; anyone acting in the tenant may notify.
		`CREATE POLICY notifications_read ON notifications FOR SELECT TO ${APP_ROLE} USING (tenant_id = ${cur} AND user_id = ${me})`,
		`CREATE POLICY notifications_add ON notifications FOR INSERT TO ${APP_ROLE} WITH CHECK (tenant_id = ${cur})`,
		`CREATE POLICY notifications_mark ON notifications FOR UPDATE TO ${APP_ROLE} USING (tenant_id = ${cur} AND user_id = ${me}) WITH CHECK (tenant_id = ${cur} AND user_id = ${me})`,
	]);

	await run([
		`GRANT SELECT, INSERT, UPDATE ON meetings, topics, opinion_requests, attendees, agenda_items TO ${APP_ROLE}`,
		`GRANT SELECT, INSERT ON meeting_consents TO ${APP_ROLE}`,
		// Returning a topic clears its agreements.
		`GRANT SELECT, INSERT, DELETE ON topic_agreements TO ${APP_ROLE}`,
		`GRANT SELECT, INSERT, DELETE ON topic_files, opinion_files TO ${APP_ROLE}`,
		`GRANT DELETE ON attendees, agenda_items TO ${APP_ROLE}`,
		`GRANT SELECT, INSERT ON notifications TO ${APP_ROLE}`,
		`GRANT UPDATE (read_at) ON notifications TO ${APP_ROLE}`,
	]);
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const table of [
		"notifications",
		"agenda_items",
		"attendees",
		"opinion_files",
		"opinion_requests",
		"topic_files",
		"topic_agreements",
		"topics",
		"meeting_consents",
		"meetings",
	]) {
		await sql.raw(`DROP TABLE IF EXISTS ${table} CASCADE`).execute(db);
	}
}
