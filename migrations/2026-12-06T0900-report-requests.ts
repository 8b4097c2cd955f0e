import { type Kysely, sql } from "kysely";

// Frozen in time: imports nothing from the app. The role name is repeated here on purpose.
const APP_ROLE = "lianxi_app";

/**
 * Report requests (报送任务, issue #22, ADR 0017). A unit with children asks its subtree for figures
 * or documents by a deadline. Everything about one request lives in the REQUESTING unit's tenant
 * (`tenant_id`, so every key and foreign key carries it); the unit that reports is `unit_id`.
 *
 * Who reads what (policies below):
 * - the requesting unit: its requests, every target row, and the submitted versions (submitted,
 *   returned, accepted) — never a draft or a version waiting for the unit's own approval;
 * - a receiving unit: the requests addressed to it (`app_report_requests_reaching()`), its own target
 *   row and every version of its own submission, drafts included; it writes only its own;
 * - an intermediate unit of an "all descendants" request (it is a target whose row has `cascade`):
 *   the target rows and submitted versions of its own subtree (`app_report_requests_overseen()`),
 *   to 催报, 退回 and 通过 its children level by level;
 * - siblings and everyone else: nothing.
 * Files a unit attaches stay in the unit's tenant (`report_submission_files`, owned by the unit);
 * the parent reads one only while the version it belongs to is visible to it.
 */
const cur = "(SELECT app_current_tenant())";
const subtree = "unit_id IN (SELECT unnest(app_subtree_ids()))";
const reaching = "request_id IN (SELECT unnest(app_report_requests_reaching()))";
const overseen = "request_id IN (SELECT unnest(app_report_requests_overseen()))";
const visibleStates = "state IN ('submitted', 'returned', 'accepted')";

const tables = [
	"report_requests",
	"report_request_files",
	"report_targets",
	"report_submissions",
	"report_submission_files",
];

export async function up(db: Kysely<any>): Promise<void> {
	for (const statement of [
		`CREATE TABLE report_requests (
      tenant_id uuid NOT NULL REFERENCES tenants (id),
      id uuid NOT NULL DEFAULT gen_random_uuid(),
      title text NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
      instructions text NOT NULL DEFAULT '' CHECK (char_length(instructions) <= 8000),
      kind text NOT NULL CHECK (kind IN ('form', 'documents')),
      period_kind text NOT NULL CHECK (period_kind IN ('once', 'year', 'quarter', 'month')),
      period_key text NOT NULL CHECK (period_key ~ '^(once|[0-9]{4}(-Q[1-4]|-[01][0-9])?)$'),
      due_on date NOT NULL,
      scope text NOT NULL CHECK (scope IN ('children', 'descendants', 'kind', 'picked')),
      scope_kinds text[] NOT NULL DEFAULT '{}' CHECK (scope_kinds <@ ARRAY['county', 'zone', 'industry']::text[]),
      fields jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(fields) = 'array'),
      form_version integer NOT NULL DEFAULT 1 CHECK (form_version >= 1),
      -- The forms of earlier versions, [{ version, fields, until }]: a reported version keeps its form.
      earlier_forms jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(earlier_forms) = 'array'),
      recurrence text NOT NULL DEFAULT 'none' CHECK (recurrence IN ('none', 'month', 'quarter', 'year')),
      series_id uuid NOT NULL,
      matter_id uuid,
      forwarded_from_tenant_id uuid REFERENCES tenants (id),
      forwarded_from_id uuid,
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
      created_by uuid REFERENCES users (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      closed_at timestamptz,
      PRIMARY KEY (tenant_id, id),
      UNIQUE (tenant_id, series_id, period_key),
      FOREIGN KEY (tenant_id, matter_id) REFERENCES decided_matters (tenant_id, id),
      CHECK (recurrence = 'none' OR period_kind = recurrence),
      CHECK ((forwarded_from_tenant_id IS NULL) = (forwarded_from_id IS NULL))
    )`,
		"CREATE INDEX report_requests_matter ON report_requests (tenant_id, matter_id) WHERE matter_id IS NOT NULL",
		"CREATE INDEX report_requests_recurring ON report_requests (tenant_id, series_id) WHERE recurrence <> 'none'",

		`CREATE TABLE report_request_files (
      tenant_id uuid NOT NULL,
      request_id uuid NOT NULL,
      file_id uuid NOT NULL,
      PRIMARY KEY (tenant_id, request_id, file_id),
      FOREIGN KEY (tenant_id, request_id) REFERENCES report_requests (tenant_id, id),
      FOREIGN KEY (tenant_id, file_id) REFERENCES files (tenant_id, id)
    )`,
		"CREATE INDEX report_request_files_file ON report_request_files (tenant_id, file_id)",

		`CREATE TABLE report_targets (
      tenant_id uuid NOT NULL,
      request_id uuid NOT NULL,
      unit_id uuid NOT NULL REFERENCES tenants (id),
      reviewer_id uuid NOT NULL REFERENCES tenants (id),
      depth integer NOT NULL CHECK (depth >= 1),
      cascade boolean NOT NULL DEFAULT false,
      status text NOT NULL DEFAULT 'not_started'
        CHECK (status IN ('not_started', 'draft', 'pending_approval', 'submitted', 'returned', 'accepted')),
      version integer NOT NULL DEFAULT 0 CHECK (version >= 0),
      reported_at timestamptz,
      reported_on date,
      opened_at timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, request_id, unit_id),
      FOREIGN KEY (tenant_id, request_id) REFERENCES report_requests (tenant_id, id)
    )`,
		"CREATE INDEX report_targets_unit ON report_targets (unit_id, request_id)",

		`CREATE TABLE report_submissions (
      tenant_id uuid NOT NULL,
      request_id uuid NOT NULL,
      unit_id uuid NOT NULL,
      version integer NOT NULL CHECK (version >= 1),
      state text NOT NULL DEFAULT 'draft'
        CHECK (state IN ('draft', 'pending_approval', 'submitted', 'returned', 'accepted')),
      form_version integer NOT NULL DEFAULT 1,
      "values" jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof("values") = 'object'),
      explanations jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(explanations) = 'object'),
      saved_by uuid REFERENCES users (id),
      saved_at timestamptz NOT NULL DEFAULT now(),
      approval_asked_by uuid REFERENCES users (id),
      approval_asked_at timestamptz,
      reported_by uuid REFERENCES users (id),
      reported_at timestamptz,
      opened_at timestamptz,
      returned_by uuid REFERENCES users (id),
      returned_at timestamptz,
      return_reason text CHECK (char_length(return_reason) <= 2000),
      field_comments jsonb NOT NULL DEFAULT '{}' CHECK (jsonb_typeof(field_comments) = 'object'),
      reviewed_by_unit uuid REFERENCES tenants (id),
      accepted_by uuid REFERENCES users (id),
      accepted_at timestamptz,
      PRIMARY KEY (tenant_id, request_id, unit_id, version),
      FOREIGN KEY (tenant_id, request_id, unit_id) REFERENCES report_targets (tenant_id, request_id, unit_id),
      CHECK (state NOT IN ('submitted', 'returned', 'accepted') OR reported_at IS NOT NULL),
      CHECK (state <> 'returned' OR (return_reason IS NOT NULL AND char_length(btrim(return_reason)) > 0))
    )`,
		"CREATE INDEX report_submissions_unit ON report_submissions (unit_id, request_id)",

		`CREATE TABLE report_submission_files (
      tenant_id uuid NOT NULL,
      file_id uuid NOT NULL,
      request_tenant_id uuid NOT NULL REFERENCES tenants (id),
      request_id uuid NOT NULL,
      version integer NOT NULL,
      field_key text NOT NULL DEFAULT '' CHECK (field_key ~ '^([a-z][a-z0-9_]{0,31})?$'),
      PRIMARY KEY (tenant_id, file_id, request_id, version, field_key),
      FOREIGN KEY (tenant_id, file_id) REFERENCES files (tenant_id, id)
    )`,
		"CREATE INDEX report_submission_files_version ON report_submission_files (tenant_id, request_id, version)",

		// The requests that reach the current unit (it is a target), and those it oversees level by
		// level (a target of an "all descendants" request): read once per statement, bypassing the
		// policies of report_targets (a policy cannot read its own table), ids only.
		`CREATE FUNCTION app_report_requests_reaching() RETURNS uuid[]
       LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
         SELECT coalesce(array_agg(t.request_id), '{}') FROM report_targets t
         WHERE t.unit_id = nullif(current_setting('app.tenant_id', true), '')::uuid
       $$`,
		`CREATE FUNCTION app_report_requests_overseen() RETURNS uuid[]
       LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
         SELECT coalesce(array_agg(t.request_id), '{}') FROM report_targets t
         WHERE t.unit_id = nullif(current_setting('app.tenant_id', true), '')::uuid AND t.cascade
       $$`,
		// The names of the units above that ask the current unit (the tenants policy shows only its subtree).
		`CREATE FUNCTION app_report_requesters() RETURNS TABLE (id uuid, name text)
       LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
         SELECT DISTINCT u.id, u.name FROM report_targets t JOIN tenants u ON u.id IN (t.tenant_id, t.reviewer_id)
         WHERE t.unit_id = nullif(current_setting('app.tenant_id', true), '')::uuid
       $$`,
		"REVOKE ALL ON FUNCTION app_report_requests_reaching(), app_report_requests_overseen(), app_report_requesters() FROM PUBLIC",
		`GRANT EXECUTE ON FUNCTION app_report_requests_reaching(), app_report_requests_overseen(), app_report_requesters() TO ${APP_ROLE}`,

		...tables.flatMap((t) => [
			`ALTER TABLE ${t} ENABLE ROW LEVEL SECURITY`,
			`ALTER TABLE ${t} FORCE ROW LEVEL SECURITY`,
		]),

		// Requests: the requester writes; a target reads (its subtree's are read through its own row).
		`CREATE POLICY report_requests_own ON report_requests FOR ALL TO ${APP_ROLE}
       USING (tenant_id = ${cur}) WITH CHECK (tenant_id = ${cur})`,
		`CREATE POLICY report_requests_reaching ON report_requests FOR SELECT TO ${APP_ROLE}
       USING (id IN (SELECT unnest(app_report_requests_reaching())))`,
		`CREATE POLICY report_request_files_own ON report_request_files FOR ALL TO ${APP_ROLE}
       USING (tenant_id = ${cur}) WITH CHECK (tenant_id = ${cur})`,
		`CREATE POLICY report_request_files_reaching ON report_request_files FOR SELECT TO ${APP_ROLE} USING (${reaching})`,

		// Targets: the requester makes them; the unit moves its own status; the requester and the
		// units overseeing the subtree move the status of what was reported (退回, 通过, opened).
		`CREATE POLICY report_targets_requester ON report_targets FOR ALL TO ${APP_ROLE}
       USING (tenant_id = ${cur}) WITH CHECK (tenant_id = ${cur})`,
		`CREATE POLICY report_targets_unit ON report_targets FOR SELECT TO ${APP_ROLE} USING (unit_id = ${cur})`,
		`CREATE POLICY report_targets_unit_update ON report_targets FOR UPDATE TO ${APP_ROLE}
       USING (unit_id = ${cur}) WITH CHECK (unit_id = ${cur})`,
		`CREATE POLICY report_targets_overseer ON report_targets FOR SELECT TO ${APP_ROLE} USING (${subtree} AND ${overseen})`,
		`CREATE POLICY report_targets_overseer_update ON report_targets FOR UPDATE TO ${APP_ROLE}
       USING (${subtree} AND ${overseen} AND unit_id <> ${cur}) WITH CHECK (${subtree} AND ${overseen} AND unit_id <> ${cur})`,

		// Submissions: the unit's own, drafts included; others only what it reported.
		`CREATE POLICY report_submissions_unit ON report_submissions FOR ALL TO ${APP_ROLE}
       USING (unit_id = ${cur}) WITH CHECK (unit_id = ${cur})`,
		`CREATE POLICY report_submissions_requester ON report_submissions FOR SELECT TO ${APP_ROLE}
       USING (tenant_id = ${cur} AND ${visibleStates})`,
		`CREATE POLICY report_submissions_requester_update ON report_submissions FOR UPDATE TO ${APP_ROLE}
       USING (tenant_id = ${cur} AND ${visibleStates}) WITH CHECK (tenant_id = ${cur} AND ${visibleStates})`,
		`CREATE POLICY report_submissions_overseer ON report_submissions FOR SELECT TO ${APP_ROLE}
       USING (${visibleStates} AND ${subtree} AND ${overseen})`,
		`CREATE POLICY report_submissions_overseer_update ON report_submissions FOR UPDATE TO ${APP_ROLE}
       USING (${visibleStates} AND ${subtree} AND ${overseen} AND unit_id <> ${cur})
       WITH CHECK (${visibleStates} AND ${subtree} AND ${overseen} AND unit_id <> ${cur})`,

		// A unit's files of a submission: its own; others while the version is visible to them.
		`CREATE POLICY report_submission_files_own ON report_submission_files FOR ALL TO ${APP_ROLE}
       USING (tenant_id = ${cur}) WITH CHECK (tenant_id = ${cur})`,
		`CREATE POLICY report_submission_files_reported ON report_submission_files FOR SELECT TO ${APP_ROLE}
       USING (EXISTS (SELECT 1 FROM report_submissions s WHERE s.tenant_id = report_submission_files.request_tenant_id
         AND s.request_id = report_submission_files.request_id AND s.unit_id = report_submission_files.tenant_id
         AND s.version = report_submission_files.version))`,
		// The files themselves: a request's attachments for its targets, a reported version's files for its readers.
		`CREATE POLICY files_report_requests ON files FOR SELECT TO ${APP_ROLE}
       USING (tenant_id <> ${cur} AND (
         EXISTS (SELECT 1 FROM report_request_files rf WHERE rf.tenant_id = files.tenant_id AND rf.file_id = files.id)
         OR EXISTS (SELECT 1 FROM report_submission_files sf WHERE sf.tenant_id = files.tenant_id AND sf.file_id = files.id)))`,

		// A unit moves its own rows only up to 上报; 退回 and 通过 are the reviewing units' (restrictive).
		`CREATE POLICY report_targets_unit_states ON report_targets AS RESTRICTIVE FOR UPDATE TO ${APP_ROLE}
       USING (true) WITH CHECK (unit_id <> ${cur} OR tenant_id = ${cur} OR status IN ('draft', 'pending_approval', 'submitted'))`,
		`CREATE POLICY report_submissions_unit_states ON report_submissions AS RESTRICTIVE FOR ALL TO ${APP_ROLE}
       USING (true) WITH CHECK (unit_id <> ${cur} OR state IN ('draft', 'pending_approval', 'submitted'))`,
		// What a unit reported is its own: a reviewing unit changes the review columns, never the values.
		`CREATE FUNCTION report_submissions_keep_values() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       IF NEW.unit_id IS DISTINCT FROM app_current_tenant() AND (NEW."values" IS DISTINCT FROM OLD."values"
           OR NEW.explanations IS DISTINCT FROM OLD.explanations OR NEW.version <> OLD.version
           OR NEW.unit_id <> OLD.unit_id OR NEW.request_id <> OLD.request_id OR NEW.tenant_id <> OLD.tenant_id
           OR NEW.reported_at IS DISTINCT FROM OLD.reported_at) THEN
         RAISE EXCEPTION 'only the reporting unit changes what it reported' USING ERRCODE = 'insufficient_privilege';
       END IF;
       RETURN NEW;
     END $$`,
		`CREATE TRIGGER report_submissions_keep_values BEFORE UPDATE ON report_submissions
     FOR EACH ROW EXECUTE FUNCTION report_submissions_keep_values()`,

		`GRANT SELECT, INSERT, UPDATE ON report_requests TO ${APP_ROLE}`,
		`GRANT SELECT, INSERT ON report_request_files TO ${APP_ROLE}`,
		`GRANT SELECT, INSERT, UPDATE ON report_targets TO ${APP_ROLE}`,
		`GRANT SELECT, INSERT, UPDATE ON report_submissions TO ${APP_ROLE}`,
		`GRANT SELECT, INSERT, DELETE ON report_submission_files TO ${APP_ROLE}`,
	]) {
		await sql.raw(statement).execute(db);
	}
}

export async function down(db: Kysely<any>): Promise<void> {
	for (const statement of [
		"DROP POLICY IF EXISTS files_report_requests ON files",
		...[...tables].reverse().map((t) => `DROP TABLE IF EXISTS ${t}`),
		"DROP FUNCTION IF EXISTS app_report_requests_reaching()",
		"DROP FUNCTION IF EXISTS app_report_requests_overseen()",
		"DROP FUNCTION IF EXISTS app_report_requesters()",
		"DROP FUNCTION IF EXISTS report_submissions_keep_values()",
	]) {
		await sql.raw(statement).execute(db);
	}
}
